import { build, type Plugin } from 'esbuild';

/**
 * The second step of `npm run build`, after tsc: links each process entry of the compiled bot (`npm start` and the
 * shard processes it forks) with the packages it imports into one file, dist/bot/<entry>.js. Node then reads, resolves
 * and evaluates one file instead of some 1,060 modules (discord.js and its packages are 445 of them): measured, the start falls by
 * about 150 ms a process (README, Performance). The one-shot tools (deploy-commands, content:check, backup) keep
 * tsc's output.
 *
 * - better-sqlite3 stays a package: its native addon is found from its own folder.
 * - chrono-node and ics load on first use through `lazyPackage` (a require with a variable name, which esbuild
 *   leaves alone), from node_modules as before.
 * - The output is ASCII only (non-ASCII escaped, comments left out, licence comments in a `.LEGAL.txt` beside it):
 *   V8 holds a script's whole source as two-byte characters if any one is outside Latin-1, which for a 3 MB bundle is
 *   another 3 MB resident. tests/build.test.ts checks it.
 * - Names are kept (whitespace and syntax minified only), so stack traces stay readable; a source map lies beside it
 *   for `node --enable-source-maps`.
 * - discord.js is imported through one namespace (`oneDiscordNamespace`).
 */
/**
 * esbuild turns each ES module's import of a CommonJS package into its own copy of the package's exports, one getter
 * (a closure with its context) per export name. discord.js exports some 550 names and 49 of our modules import it:
 * 27,000 getters, 3.3 MB of the idle bot's heap (heap snapshots, start-up bench). Routed through one module that
 * re-exports it, the copy is made once; every importer reads that module's namespace.
 */
const oneDiscordNamespace: Plugin = {
  name: 'one-discord-namespace',
  setup(linker) {
    // discord.js's own modules (and any package requiring it) keep the package as it is; paths are POSIX on the
    // machines that build the bot.
    linker.onResolve({ filter: /^discord\.js$/ }, ({ namespace, importer }) =>
      namespace === 'discord-namespace' || importer.includes('/node_modules/')
        ? undefined
        : { path: 'discord.js', namespace: 'discord-namespace' },
    );
    linker.onLoad({ filter: /.*/, namespace: 'discord-namespace' }, () => ({
      contents: "export * from 'discord.js';",
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: ['dist/src/main.js', 'dist/src/shard.js'],
  outdir: 'dist/bot',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3'],
  // The packages bundled in are CommonJS and call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as __linkedRequire } from 'node:module'; const require = __linkedRequire(import.meta.url);",
  },
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  legalComments: 'external',
  sourcemap: true,
  plugins: [oneDiscordNamespace],
  logLevel: 'warning',
});
