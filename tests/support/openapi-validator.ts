import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordedRequest } from '@healing-library/discord-emulator';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// Both packages are CommonJS with `exports.default`; under NodeNext the default import is the module object.
const Ajv2020 = ((Ajv2020Module as { default?: typeof Ajv2020Module.default }).default ??
  Ajv2020Module) as typeof Ajv2020Module.default;
const addFormats = ((addFormatsModule as { default?: typeof addFormatsModule.default }).default ??
  addFormatsModule) as typeof addFormatsModule.default;

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DEFAULT_SPEC = resolve(PROJECT_ROOT, '../shared/discord-api-spec/openapi.json');
const SPEC_ID = 'discord-openapi.json';
const MAX_ERRORS = 8;

// biome-ignore lint/suspicious/noExplicitAny: the spec document is open-ended JSON.
type Json = any;

export interface SpecException {
  /** The schemas or operation concerned. */
  where: string;
  reason: string;
  /** Rewrites the loaded description so it agrees with what Discord documents and accepts. */
  patch(spec: Json): void;
}

/** The one list of places where the OpenAPI file and Discord's documentation disagree. */
export const SPEC_EXCEPTIONS: SpecException[] = [
  {
    where: 'Application command requests: default_member_permissions',
    reason:
      'The file types it as an integer; the docs (application-commands) and discord-api-types send a string of ' +
      'digits, since permission bits exceed 2^53. Accept the documented string.',
    patch(spec) {
      for (const schema of Object.values<Json>(spec.components.schemas)) {
        const property = schema.properties?.default_member_permissions;
        if (property && Array.isArray(property.type) && property.type.includes('integer')) {
          schema.properties.default_member_permissions = { type: ['string', 'null'], pattern: '^[0-9]+$' };
        }
      }
    },
  },
  {
    where: 'MessageCreateRequest, MessageEditRequestPartial: content',
    reason:
      'The file allows 4,000 characters (the limit for Nitro users); the docs (resources/message) hold bots to ' +
      '2,000. Enforce the documented limit so an over-long message fails here instead of in production.',
    patch(spec) {
      for (const name of ['MessageCreateRequest', 'MessageEditRequestPartial']) {
        const content = spec.components.schemas[name]?.properties?.content;
        if (content) content.maxLength = 2000;
      }
    },
  },
];

export interface Validator {
  /** Errors for a request the bot sent (empty when it agrees with the spec). */
  validateRequest(req: RecordedRequest): string[];
  /** Errors for a response body, to check the emulator's own answers. */
  validateResponse(method: string, path: string, status: number, body: unknown): string[];
}

interface Operation {
  template: string;
  segments: string[];
  method: string;
  op: Json;
  params: Json[];
}

const literalCount = (segments: string[]) => segments.filter((s) => !s.startsWith('{')).length;

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, MAX_ERRORS).map((e) => {
    const detail = e.keyword === 'additionalProperties' ? ` (${(e.params as Json).additionalProperty})` : '';
    return `${e.instancePath || '/'} ${e.message ?? e.keyword}${detail}`;
  });
}

/** '#/components/…' refs inside a path's schema must point into the document registered with Ajv. */
function anchorRefs(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(anchorRefs);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${SPEC_ID}${value}` : anchorRefs(value);
  }
  return out;
}

function checkParam(schema: Json, value: string, components: Json): boolean {
  const resolved = schema?.$ref ? components.schemas[schema.$ref.split('/').pop()] : schema;
  if (!resolved) return true;
  if (resolved.type === 'boolean') return /^(true|false|True|False|0|1)$/.test(value);
  if (resolved.type === 'integer') return /^-?\d+$/.test(value);
  if (resolved.pattern) return new RegExp(resolved.pattern).test(value);
  return true;
}

/** Where the description is read from: DISCORD_OPENAPI_PATH, else ../shared beside the project. */
export function openApiSpecPath(): string {
  return process.env.DISCORD_OPENAPI_PATH ?? DEFAULT_SPEC;
}

export async function createOpenApiValidator(specPath = openApiSpecPath()): Promise<Validator | null> {
  if (!existsSync(specPath)) return null;
  const spec: Json = JSON.parse(await readFile(specPath, 'utf8'));
  for (const exception of SPEC_EXCEPTIONS) exception.patch(spec);

  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('nonce', true);
  ajv.addSchema({ $id: SPEC_ID, components: { schemas: spec.components.schemas } });

  const operations: Operation[] = [];
  for (const [template, item] of Object.entries<Json>(spec.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete']) {
      if (!item[method]) continue;
      const params = [...(item.parameters ?? []), ...(item[method].parameters ?? [])];
      operations.push({
        template,
        segments: template.split('/').slice(1),
        method: method.toUpperCase(),
        op: item[method],
        params,
      });
    }
  }
  // Literal segments first: `/messages/@original` must not be read as `/messages/{message_id}`.
  operations.sort((a, b) => literalCount(b.segments) - literalCount(a.segments));

  const compiled = new Map<string, ValidateFunction[]>();
  /** A top-level union is split so the error list names the branch the body meant, not all seven. */
  function validatorsFor(key: string, schema: Json): ValidateFunction[] {
    let found = compiled.get(key);
    if (!found) {
      const branches: Json[] = schema.anyOf ?? schema.oneOf ?? [schema];
      found = branches.map((branch) => ajv.compile(anchorRefs(branch)));
      compiled.set(key, found);
    }
    return found;
  }

  function validateAgainst(key: string, schema: Json, body: unknown): string[] {
    const branches = validatorsFor(key, schema);
    let best: string[] | undefined;
    for (const validate of branches) {
      if (validate(body)) return [];
      const errors = formatErrors(validate.errors);
      const typeMismatch = validate.errors?.some(
        (e) => e.instancePath === '/type' && (e.keyword === 'enum' || e.keyword === 'const'),
      );
      if (branches.length > 1 && typeMismatch) continue;
      if (!best || errors.length < best.length) best = errors;
    }
    return best ?? ['/ matches none of the request shapes (its type is not one the operation accepts)'];
  }

  function find(method: string, path: string): { operation: Operation; params: Record<string, string> } | undefined {
    const parts = path.split('/').slice(1);
    for (const operation of operations) {
      if (operation.method !== method || operation.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = operation.segments.every((segment, i) => {
        const part = parts[i] as string;
        if (segment.startsWith('{')) {
          params[segment.slice(1, -1)] = part;
          return part.length > 0;
        }
        return segment === part;
      });
      if (ok) return { operation, params };
    }
    return undefined;
  }

  return {
    validateRequest(req) {
      const found = find(req.method, req.path);
      if (!found) return [`${req.method} ${req.path} is not an operation in the OpenAPI description`];
      const { operation, params } = found;
      const errors: string[] = [];
      for (const def of operation.params) {
        const value = def.in === 'path' ? params[def.name] : def.in === 'query' ? req.query[def.name] : undefined;
        if (value !== undefined && !checkParam(def.schema, value, spec.components)) {
          errors.push(`${def.in} parameter ${def.name}=${JSON.stringify(value)} does not match its schema`);
        }
      }
      for (const name of Object.keys(req.query)) {
        if (!operation.params.some((p) => p.in === 'query' && p.name === name))
          errors.push(`unknown query parameter ${name}`);
      }
      const content = operation.op.requestBody?.content;
      const schema = content?.['application/json']?.schema;
      if (req.body === undefined) {
        if (operation.op.requestBody?.required) errors.push('the operation requires a body');
      } else if (!schema) {
        errors.push('the operation takes no body');
      } else {
        errors.push(...validateAgainst(`req ${operation.method} ${operation.template}`, schema, req.body));
      }
      return errors;
    },

    validateResponse(method, path, status, body) {
      const found = find(method.toUpperCase(), path);
      if (!found) return [`${method} ${path} is not an operation in the OpenAPI description`];
      const responses = found.operation.op.responses ?? {};
      let response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
      if (!response) return [`status ${status} is not documented for ${method} ${found.operation.template}`];
      if (response.$ref) response = spec.components.responses[response.$ref.split('/').pop()];
      const schema = response.content?.['application/json']?.schema;
      if (!schema) return body === undefined || body === null || body === '' ? [] : [`status ${status} has no body`];
      return validateAgainst(`res ${method} ${found.operation.template} ${status}`, schema, body);
    },
  };
}
