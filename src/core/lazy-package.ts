import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A package loaded on its first use rather than at start-up, through its CommonJS build so that the call stays
 * synchronous. For packages only some interactions need: chrono-node alone is 266 ES modules and about 200 ms and
 * several MB of a start that would otherwise load them for nothing.
 */
export function lazyPackage<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
