import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  bodyTooLarge,
  internalError,
  malformedJson,
  rateLimited,
  routeNotFound,
  unsupportedMediaType,
  validationFailed,
} from './errors.ts';

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
    requestId: z.string(),
  })
  .meta({ id: 'ErrorResponse' });

type Issue = { path: (string | number)[]; code: string; message: string };

/**
 * The one error handler: an AppError keeps its code; a schema failure is 400 with the field paths;
 * Fastify's own client errors get stable codes; anything else is logged and answered 500 with no internals.
 */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    let appError: AppError;
    if (err instanceof AppError) {
      appError = err;
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      const issues: Issue[] = err.validation.map((v) => {
        const params = v.params as { issue?: { path?: (string | number)[]; code?: string } } | undefined;
        const base = v.instancePath ? v.instancePath.split('/').filter(Boolean) : [];
        const issuePath = params?.issue?.path ?? base;
        const keys = (v.params as { issue?: { keys?: string[] } })?.issue?.keys;
        return {
          path: [err.validationContext ?? 'body', ...issuePath.map((p) => (typeof p === 'number' ? p : String(p)))],
          code: params?.issue?.code ?? v.keyword,
          message: keys?.length ? `${v.message}: ${keys.join(', ')}` : v.message,
        } as Issue;
      });
      appError = validationFailed({ issues });
    } else if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      appError = internalError();
    } else if (
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      (err.statusCode === 400 && err instanceof SyntaxError)
    ) {
      appError = malformedJson();
    } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      appError = bodyTooLarge({ limitBytes: app.initialConfig.bodyLimit });
    } else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      appError = unsupportedMediaType();
    } else if (err.statusCode === 429) {
      appError = rateLimited();
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      appError = new AppError(`request.${(err.code ?? 'bad_request').toLowerCase()}`, err.statusCode, err.message);
    } else {
      req.log.error({ err }, 'unhandled error');
      appError = internalError();
    }
    const body: z.infer<typeof ErrorResponse> = {
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details === undefined ? {} : { details: appError.details }),
      },
      requestId: String(req.id),
    };
    return reply.status(appError.statusCode).type('application/json').send(JSON.stringify(body));
  });

  app.setNotFoundHandler((req, reply) => {
    const e = routeNotFound();
    return reply
      .status(404)
      .type('application/json')
      .send(JSON.stringify({ error: { code: e.code, message: e.message }, requestId: String(req.id) }));
  });
}

/** The paths of the strings under `value` that contain U+0000 (at most `max` of them). */
function nulPaths(value: unknown, path: (string | number)[], out: (string | number)[][], max = 20) {
  if (out.length >= max) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path);
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) nulPaths(v, [...path, i], out, max);
  } else if (value !== null && typeof value === 'object') {
    // Parsed JSON and query strings (whose objects have no Object prototype), not buffers or streams.
    if (Buffer.isBuffer(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return;
    for (const [k, v] of Object.entries(value)) nulPaths(v, [...path, k], out, max);
  }
}

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, so a NUL anywhere in the query, the path or a JSON
 * body would fail in the database as a 500: refuse it before validation as 400 `validation.failed`
 * with the field's path, like any other malformed field.
 */
export function registerTextGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const found: (string | number)[][] = [];
    nulPaths(req.params, ['params'], found);
    nulPaths(req.query, ['querystring'], found);
    nulPaths(req.body, ['body'], found);
    if (found.length > 0) {
      throw validationFailed({
        issues: found.map((path) => ({ path, code: 'invalid_string', message: 'Contains a NUL character' })),
      });
    }
  });
}
