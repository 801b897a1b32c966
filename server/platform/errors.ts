/** An error the client may see: a stable code (API contract), an HTTP status and details. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export type ErrorFactory = ((details?: unknown) => AppError) & { code: string; statusCode: number };

const catalog = new Map<string, { statusCode: number; message: string }>();

/** Declares an error once; the code is part of the API and the web maps it to its Chinese text. */
export function defineError(code: string, statusCode: number, message: string): ErrorFactory {
  if (catalog.has(code)) throw new Error(`Error code defined twice: ${code}`);
  catalog.set(code, { statusCode, message });
  const factory = (details?: unknown) => new AppError(code, statusCode, message, details);
  return Object.assign(factory, { code, statusCode });
}

/** Every error code declared so far (the catalog test reads it). */
export function errorCatalog(): ReadonlyMap<string, { statusCode: number; message: string }> {
  return catalog;
}

// Errors of the HTTP layer itself.
export const validationFailed = defineError('validation.failed', 400, 'The request does not match the schema');
export const malformedJson = defineError('request.malformed_json', 400, 'The request body is not valid JSON');
export const unsupportedMediaType = defineError('request.unsupported_media_type', 415, 'Unsupported content type');
export const jsonTooDeep = defineError('request.json_too_deep', 400, 'The JSON body nests too deeply');
export const malformedMultipart = defineError(
  'request.malformed_multipart',
  400,
  'The multipart body is malformed or ends early',
);
export const crossOriginRefused = defineError(
  'request.cross_origin',
  403,
  'A request from another site may not change anything here',
);
export const bodyTooLarge = defineError('request.body_too_large', 413, 'The request body is too large');
export const routeNotFound = defineError('request.not_found', 404, 'No such route');
export const rateLimited = defineError('request.rate_limited', 429, 'Too many requests; try again later');
export const internalError = defineError('internal.error', 500, 'Internal server error');
export const unauthenticated = defineError('auth.unauthenticated', 401, 'Sign in first');
export const forbidden = defineError('auth.forbidden', 403, 'You do not have permission for this');
