import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  bodyTooLarge,
  crossOriginRefused,
  internalError,
  jsonTooDeep,
  malformedMultipart,
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
 * An error whose details carry `retryAfterSeconds` is answered with a Retry-After header.
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
    // A refusal that says when to try again (a full ingest queue, a locked account) says it in the header too.
    const retry = (appError.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (typeof retry === 'number' && retry > 0) reply.header('retry-after', String(Math.ceil(retry)));
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

/** How deep a JSON body may nest (objects and arrays); the API's own bodies use fewer than ten levels. */
export const JSON_MAX_DEPTH = 64;

/**
 * Whether JSON text nests deeper than `max`, decided by one pass over the characters before parsing
 * (no recursion, no allocation), so a body nested thousands of levels deep costs no more than its length.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * The JSON parser of every route: an empty body (a POST that only names a transition) is no body,
 * not malformed JSON; a body nested deeper than JSON_MAX_DEPTH is refused before it is parsed.
 */
export function registerJsonParser(app: FastifyInstance) {
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '' || body === undefined) return done(null, undefined);
    if (jsonNestsDeeperThan(body as string, JSON_MAX_DEPTH)) return done(jsonTooDeep({ maxDepth: JSON_MAX_DEPTH }));
    jsonParser(req, body as string, done);
  });
}

type TextIssue = { path: (string | number)[]; message: string };

/** A UTF-16 surrogate without its partner: valid in a JS string and in JSON, not in PostgreSQL's UTF-8 text. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The strings under `root` that PostgreSQL cannot store (a NUL, a lone surrogate), with their paths, at most
 * `max`. Walks with an explicit stack, so no input can exhaust the call stack.
 */
function unstorableText(root: unknown, rootPath: string, out: TextIssue[], max = 20) {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [rootPath] }];
  while (stack.length > 0 && out.length < max) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) out.push({ path, message: 'Contains a NUL character' });
      else if (LONE_SURROGATE.test(value)) out.push({ path, message: 'Contains a lone UTF-16 surrogate' });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else if (value !== null && typeof value === 'object') {
      // Parsed JSON and query strings (whose objects have no Object prototype), not buffers or streams.
      if (Buffer.isBuffer(value) || typeof (value as { pipe?: unknown }).pipe === 'function') continue;
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        if (LONE_SURROGATE.test(k) || k.includes('\u0000')) out.push({ path: [...path, k], message: 'Bad key' });
        stack.push({ value: v, path: [...path, k] });
      }
    }
  }
}

/**
 * PostgreSQL cannot store U+0000 or a lone UTF-16 surrogate in text or jsonb, so either anywhere in the
 * query, the path or a JSON body would fail in the database (or in the audit's details) as a 500: refuse
 * it before validation as 400 `validation.failed` with the field's path, like any other malformed field.
 */
export function registerTextGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const found: TextIssue[] = [];
    unstorableText(req.params, 'params', found);
    unstorableText(req.query, 'querystring', found);
    unstorableText(req.body, 'body', found);
    if (found.length > 0) {
      throw validationFailed({
        issues: found.map(({ path, message }) => ({ path, code: 'invalid_string', message })),
      });
    }
  });
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether an Origin names the host the request was sent to (the scheme's default port written or not). */
function sameHost(origin: string, hostHeader: string | undefined): boolean {
  if (!hostHeader || origin === 'null') return false;
  try {
    const o = new URL(origin);
    const h = new URL(`${o.protocol}//${hostHeader}`);
    return o.host === h.host;
  } catch {
    return false;
  }
}

/**
 * What a failed multipart read means for the client: the size limit has the caller's own code; any
 * other failure (a body that ends before its closing boundary, a malformed part header) is the
 * client's malformed request, 400 `request.malformed_multipart`, not a server error.
 */
export function multipartFailure(err: unknown, tooLarge: () => AppError): AppError {
  if (err instanceof AppError) return err;
  if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  return malformedMultipart();
}

/** An uploaded file's name is stored as text: a NUL or a lone surrogate is refused like any other field's. */
export function checkUploadName(name: string) {
  if (name.includes('\u0000') || LONE_SURROGATE.test(name)) {
    throw validationFailed({
      issues: [{ path: ['body', 'file', 'filename'], code: 'invalid_string', message: 'Not storable text' }],
    });
  }
}

/**
 * Refuses a cross-site unsafe request (POST, PUT, PATCH, DELETE) that would ride on the session cookie:
 * a browser names the page's origin in `Origin` (and `Sec-Fetch-Site`), which must be this server's own
 * host or one of `allowedOrigins`. A machine client with a bearer token carries no cookie and is exempt;
 * a request with neither header comes from no browser (curl, a script) and is let through — it cannot
 * carry a victim's cookie. SameSite=Strict stays as the second guard.
 */
export function registerOriginGuard(app: FastifyInstance, allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  app.addHook('onRequest', async (req) => {
    if (!UNSAFE_METHODS.has(req.method)) return;
    if (/^Bearer\s/i.test(req.headers.authorization ?? '')) return;
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    if (origin !== undefined) {
      if (allowed.has(origin)) return;
      if (sameHost(origin, req.headers.host)) return;
      throw crossOriginRefused({ origin });
    }
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw crossOriginRefused({ site });
  });
}
