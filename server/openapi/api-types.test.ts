import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTypesFile, generateApiTypes, renderApiTypes, schemaType } from './api-types.ts';

describe('the API types generated from the OpenAPI document', () => {
  it('web/app/api-types.ts is what `npm run api:types` writes today (regenerate it after changing a schema)', async () => {
    const committed = fs.readFileSync(apiTypesFile, 'utf8');
    expect(committed === (await generateApiTypes()), 'web/app/api-types.ts is stale: run `npm run api:types`').toBe(
      true,
    );
  });

  it('carries the server’s enums, e.g. every ledger sort the hazards list accepts', async () => {
    const text = await generateApiTypes();
    const hazards = text.slice(text.indexOf(`'/api/v1/hazards': {`));
    const sort = /sort\?: ([^;]+);/.exec(hazards)?.[1];
    expect(sort).toContain(`'number'`);
    expect(sort).toContain(`'-deadline'`);
  });

  it('translates the JSON Schema forms the zod transform emits', () => {
    expect(schemaType({ type: ['string', 'null'] })).toBe('string | null');
    expect(schemaType({ type: 'string', enum: ['a', 'b'] })).toBe('"a" | "b"');
    expect(schemaType({ const: 'x' })).toBe('"x"');
    expect(schemaType({ type: 'string', nullable: true })).toBe('string | null');
    expect(schemaType({ anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'null' }] })).toBe('("a" | "b") | null');
    expect(schemaType({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } })).toBe(
      '(string | number)[]',
    );
    expect(schemaType({ type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }] })).toBe(
      '[number, number]',
    );
    expect(schemaType({ allOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] })).toBe(
      'A & B',
    );
    expect(schemaType({ type: 'object', additionalProperties: { type: 'number' } })).toBe('Record<string, number>');
    expect(schemaType({ type: 'object', additionalProperties: false })).toBe('Record<string, never>');
    expect(
      schemaType({
        type: 'object',
        properties: { a: { type: 'string' }, 'b-c': { type: 'integer', description: 'B' } },
        required: ['a'],
        additionalProperties: false,
      }),
    ).toBe('{\n  a: string;\n  /** B */\n  "b-c"?: number;\n}');
    expect(schemaType({})).toBe('unknown');
  });

  it('names only the component schemas a route reaches, and types each route’s parts', () => {
    const text = renderApiTypes({
      paths: {
        '/x/{id}': {
          get: {
            parameters: [
              { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
              { name: 'page', in: 'query', schema: { type: 'integer' } },
            ],
            responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/X' } } } } },
          },
          delete: { responses: { '204': {} } },
        },
      },
      components: {
        schemas: {
          X: { type: 'object', properties: { y: { $ref: '#/components/schemas/Y' } }, required: ['y'] },
          Y: { type: 'boolean' },
          Unused: { type: 'string' },
        },
      },
    });
    expect(text).toContain('export type X = {\n  y: Y;\n  [key: string]: unknown;\n};');
    expect(text).toContain('export type Y = boolean;');
    expect(text).not.toContain('Unused');
    expect(text).toContain('    get: {\n      params: {\n        id: string;\n      };');
    expect(text).toContain('      query: {\n        page?: number;\n      };\n      response: X;');
    expect(text).toContain('    delete: {\n      response: undefined;\n    };');
  });
});
