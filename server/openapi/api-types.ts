import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildApp } from '../app.ts';
import { testConfig } from '../config.ts';
import type { Database } from '../db/client.ts';

/**
 * TypeScript types for the web from the OpenAPI document the server generates from its zod schemas
 * (@fastify/swagger), so the web's request and response types cannot drift from the server's.
 * `npm run api:types` writes them to web/app/api-types.ts; api-types.test.ts fails when that file is stale.
 *
 * A small generator rather than openapi-typescript: TypeScript 7 has no JavaScript compiler API, which
 * that tool builds its output with. It covers the JSON Schema the zod → OpenAPI transform emits:
 * objects (required / optional, additionalProperties), arrays and tuples, enums and const, type lists
 * (`["string", "null"]`), OpenAPI 3.0 `nullable`, anyOf / oneOf (union), allOf (intersection) and $ref.
 */

export const apiTypesFile = path.resolve(import.meta.dirname, '../../web/app/api-types.ts');

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
};

type Parameter = { name: string; in: string; required?: boolean; schema?: JsonSchema; description?: string };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
};
export type OpenApiDocument = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

/** The server's OpenAPI document, from an app that is built but never listens nor touches a database. */
export async function openApiDocument(): Promise<OpenApiDocument> {
  const unused = () => {
    throw new Error('the OpenAPI document is built without a database');
  };
  // Building the app registers routes and schemas only; no query runs before a request arrives.
  const database = {
    db: new Proxy({}, { get: unused }),
    kind: 'pglite',
    migrate: unused,
    ping: unused,
    close: async () => {},
  } as unknown as Database;
  const app = await buildApp({ config: testConfig({ logLevel: 'silent' }), database });
  try {
    await app.ready();
    return app.swagger() as unknown as OpenApiDocument;
  } finally {
    await app.close();
  }
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);
const key = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));
const literal = (v: unknown) => JSON.stringify(v);

function union(members: string[]): string {
  const unique = [...new Set(members)];
  if (unique.includes('unknown')) return 'unknown';
  return unique.length === 0 ? 'never' : unique.join(' | ');
}

/** True when `t` is a union or an intersection at its top level (outside braces, brackets and strings). */
function compound(t: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{' || c === '[' || c === '(' || c === '<') depth++;
    else if (c === '}' || c === ']' || c === ')' || c === '>') depth--;
    else if (depth === 0 && (c === '|' || c === '&')) return true;
  }
  return false;
}

/** Wraps a union or intersection in parentheses where it is an array's element or a member of an intersection. */
const group = (t: string) => (compound(t) ? `(${t})` : t);

function comment(text: string | undefined, indent: string): string {
  if (!text) return '';
  return `${indent}/** ${text.replaceAll('*/', '*\\/').replace(/\s*\n\s*/g, ' ')} */\n`;
}

/** The TypeScript type of a schema, indented for its place in the file. */
export function schemaType(schema: JsonSchema | boolean | undefined, indent = ''): string {
  if (schema === undefined || schema === true) return 'unknown';
  if (schema === false) return 'never';
  const nullable = schema.nullable === true;
  const base = baseType(schema, indent);
  return nullable && base !== 'unknown' && base !== 'null' ? `${base} | null` : base;
}

function baseType(s: JsonSchema, indent: string): string {
  if (s.$ref) return refName(s.$ref);
  if ('const' in s) return literal(s.const);
  if (s.enum) return union(s.enum.map(literal));
  if (s.anyOf || s.oneOf) return union((s.anyOf ?? s.oneOf)!.map((m) => group(schemaType(m, indent))));
  if (s.allOf) return s.allOf.map((m) => group(schemaType(m, indent))).join(' & ');
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  if (types.length === 0) return 'unknown';
  return union(types.map((t) => typeOf(t, s, indent)));
}

function typeOf(type: string, s: JsonSchema, indent: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      if (s.prefixItems) return `[${s.prefixItems.map((m) => schemaType(m, indent)).join(', ')}]`;
      if (Array.isArray(s.items)) return `[${s.items.map((m) => schemaType(m, indent)).join(', ')}]`;
      return `${group(schemaType(s.items, indent))}[]`;
    case 'object':
      return objectType(s, indent);
    default:
      return 'unknown';
  }
}

function objectType(s: JsonSchema, indent: string): string {
  const entries = Object.entries(s.properties ?? {});
  const extra = s.additionalProperties;
  const rest = extra === false ? null : extra === undefined || extra === true ? 'unknown' : schemaType(extra, indent);
  if (entries.length === 0) return rest === null ? 'Record<string, never>' : `Record<string, ${rest}>`;
  const inner = `${indent}  `;
  const required = new Set(s.required ?? []);
  const lines = entries.map(
    ([name, prop]) =>
      `${comment(prop.description, inner)}${inner}${key(name)}${required.has(name) ? '' : '?'}: ${schemaType(prop, inner)};`,
  );
  // Declared properties stay typed; other keys are allowed (additionalProperties not false).
  if (rest !== null) lines.push(`${inner}[key: string]: unknown;`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function parametersType(params: Parameter[], indent: string): string {
  const inner = `${indent}  `;
  const lines = params.map(
    (p) =>
      `${comment(p.description, inner)}${inner}${key(p.name)}${p.required ? '' : '?'}: ${schemaType(p.schema, inner)};`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function jsonSchemaOf(content: Record<string, { schema?: JsonSchema }> | undefined): JsonSchema | undefined {
  return content?.['application/json']?.schema;
}

/** The success answer: 200, 201 or another 2xx; 204 (no content) is `undefined`. */
function responseType(op: Operation, indent: string): string {
  const codes = Object.keys(op.responses ?? {})
    .filter((c) => /^2\d\d$/.test(c))
    .sort();
  const code = codes[0];
  if (!code || code === '204') return 'undefined';
  const schema = jsonSchemaOf(op.responses?.[code]?.content);
  return schema ? schemaType(schema, indent) : 'undefined';
}

function operationType(op: Operation, indent: string): string {
  const inner = `${indent}  `;
  // @fastify/swagger turns a free-form querystring (a zod record) into a bogus parameter whose schema is a
  // string; the document says nothing about such a route's keys, so it gets no query type.
  const params = (op.parameters ?? []).filter((p) => p.schema === undefined || typeof p.schema === 'object');
  const lines: string[] = [];
  const path = params.filter((p) => p.in === 'path');
  const query = params.filter((p) => p.in === 'query');
  if (path.length > 0) lines.push(`${inner}params: ${parametersType(path, inner)};`);
  if (query.length > 0) lines.push(`${inner}query: ${parametersType(query, inner)};`);
  const body = jsonSchemaOf(op.requestBody?.content);
  if (body) lines.push(`${inner}body${op.requestBody?.required ? '' : '?'}: ${schemaType(body, inner)};`);
  lines.push(`${inner}response: ${responseType(op, inner)};`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** The component schemas a path names, and those they name in turn. */
function reachableSchemas(doc: OpenApiDocument): string[] {
  const schemas = doc.components?.schemas ?? {};
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === '$ref' && typeof v === 'string') {
          const name = refName(v);
          if (!found.has(name) && schemas[name]) {
            found.add(name);
            visit(schemas[name]);
          }
        } else {
          visit(v);
        }
      }
    }
  };
  visit(doc.paths);
  return [...found].sort();
}

/** The text of web/app/api-types.ts for a document (before formatting). */
export function renderApiTypes(doc: OpenApiDocument): string {
  const schemas = doc.components?.schemas ?? {};
  const out: string[] = [
    "// Generated by `npm run api:types` from the server's OpenAPI document (server/openapi/api-types.ts).",
    '// Do not edit: change the zod schemas on the server and regenerate; a test fails when this file is stale.',
    '',
  ];
  for (const name of reachableSchemas(doc)) {
    const schema = schemas[name]!;
    out.push(`${comment(schema.description, '')}export type ${name} = ${schemaType(schema)};`, '');
  }
  out.push('/** Every route: its path and query parameters, its JSON body and its success answer. */');
  out.push('export type Paths = {');
  for (const [route, item] of Object.entries(doc.paths).sort(([a], [b]) => a.localeCompare(b))) {
    const ops = METHODS.filter((m) => item[m]);
    if (ops.length === 0) continue;
    out.push(`  ${literal(route)}: {`);
    for (const m of ops) out.push(`    ${m}: ${operationType(item[m]!, '    ')};`);
    out.push('  };');
  }
  out.push('};', '');
  out.push(
    'type Method<P extends keyof Paths> = keyof Paths[P];',
    'type Part<P extends keyof Paths, M extends Method<P>, K extends string> = Paths[P][M] extends Record<K, infer T>',
    '  ? T',
    '  : never;',
    "/** The JSON answer of `M P` (e.g. `ApiResponse<'/api/v1/hazards', 'get'>`). */",
    "export type ApiResponse<P extends keyof Paths, M extends Method<P>> = Part<P, M, 'response'>;",
    '/** The query parameters of `M P`. */',
    "export type ApiQuery<P extends keyof Paths, M extends Method<P>> = Part<P, M, 'query'>;",
    '/** The JSON body of `M P`. */',
    "export type ApiBody<P extends keyof Paths, M extends Method<P>> = Part<P, M, 'body'>;",
    '',
  );
  return out.join('\n');
}

/** Formats the file as the repository's Biome configuration does, so the committed file passes lint. */
export function formatWithBiome(text: string): string {
  const root = path.resolve(import.meta.dirname, '../..');
  const biome = path.join(root, 'node_modules/.bin/biome');
  const result = spawnSync(biome, ['format', `--stdin-file-path=${path.relative(root, apiTypesFile)}`], {
    cwd: root,
    input: text,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`biome format failed: ${result.stderr}`);
  return result.stdout;
}

/** The generated file as it should be committed. */
export async function generateApiTypes(): Promise<string> {
  return formatWithBiome(renderApiTypes(await openApiDocument()));
}
