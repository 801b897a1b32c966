import type { FormInstance } from 'antd';
import { takeEarly } from './early.ts';
import { isMessageKey, type MessageKey, t } from './i18n.ts';

/** One entry of `details.issues` in a validation.failed answer. */
export type ValidationIssue = { path: (string | number)[]; code: string; message: string };

/** An error answer of the API: `{ error: { code, message, details }, requestId }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
    readonly details: unknown,
    readonly requestId: string | null,
  ) {
    super(serverMessage);
    this.name = 'ApiError';
  }

  get issues(): ValidationIssue[] {
    const issues = (this.details as { issues?: unknown } | null | undefined)?.issues;
    return Array.isArray(issues) ? (issues as ValidationIssue[]) : [];
  }
}

/**
 * Whether a failed load means the thing asked for is not there: a 404 (missing or outside the
 * user's scope), or an address whose id the server refuses as malformed (a typed or truncated link).
 */
export function isNotFound(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 404) return true;
  return (
    error.status === 400 &&
    error.code === 'validation.failed' &&
    error.issues.length > 0 &&
    error.issues.every((i) => Array.isArray(i.path) && i.path[0] === 'params')
  );
}

/** The network failed or the answer was not the API's JSON. */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

let onUnauthenticated: (() => void) | null = null;

/** The session registers what to do when the server says the session has ended. */
export function setUnauthenticatedHandler(handler: (() => void) | null) {
  onUnauthenticated = handler;
}

// A 401 from these means "not signed in (yet)", not "signed out under your feet".
const AUTH_PROBES = new Set(['/api/v1/auth/login', '/api/v1/auth/me']);

export type Query = Record<string, string | number | boolean | null | undefined>;

/** A path with the query's non-empty values as its query string. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Fetches, turning a failed connection into NetworkError. */
async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { credentials: 'same-origin', ...init });
  } catch (err) {
    throw new NetworkError(err);
  }
}

/** A JSON body, or a multipart form as it is (the browser sets its content type). */
async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const form = body instanceof FormData;
  const url = withQuery(path, query);
  // A GET the page's start already sent (web/app/early.ts): its answer, once, as if sent now.
  const early = method === 'GET' ? takeEarly(url) : undefined;
  const res = early
    ? await early.catch((err: unknown) => Promise.reject(new NetworkError(err)))
    : await send(url, {
        method,
        headers:
          body === undefined || form
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      });
  if (res.status === 204) return undefined as T;
  if (!res.ok) throw await failure(res, path);
  const text = await res.text();
  try {
    return (text ? JSON.parse(text) : undefined) as T;
  } catch (err) {
    throw new NetworkError(err);
  }
}

/** The error of a failed answer: the API's envelope as ApiError, a gateway's page as NetworkError. */
async function failure(res: Response, path: string): Promise<ApiError | NetworkError> {
  let json: unknown;
  try {
    const text = await res.text();
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const envelope = json as
    | { error?: { code?: string; message?: string; details?: unknown }; requestId?: string }
    | undefined;
  // Not the API's answer: a proxy or gateway in between failed (502 Bad Gateway, 504…). Say what the user
  // can act on — the connection — rather than its English status text.
  if (!envelope?.error?.code && res.status >= 500)
    return new NetworkError(new Error(`${res.status} ${res.statusText}`));
  const error = new ApiError(
    res.status,
    envelope?.error?.code ?? `http.${res.status}`,
    envelope?.error?.message ?? '',
    envelope?.error?.details,
    envelope?.requestId ?? null,
  );
  if (res.status === 401 && !AUTH_PROBES.has(path)) onUnauthenticated?.();
  return error;
}

export const http = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** A multipart upload (a photo, an import file); errors as for the JSON calls. */
  upload: <T>(path: string, form: FormData, query?: Query) => request<T>('POST', path, form, query),
};

/** The file name the server proposes in Content-Disposition (RFC 5987 form first). */
function filenameOf(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="([^"]+)"/i.exec(header);
  return plain?.[1] ?? null;
}

/** Fetches a file (an .xlsx export or template, a PDF notice) and saves it; an error answer is thrown, not saved. */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const res = await send(url, {});
  if (!res.ok) throw await failure(res, url);
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = filenameOf(res.headers.get('content-disposition')) ?? fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

function weaknessText(reason: unknown): string | null {
  const key = `password.weakness.${String(reason)}`;
  return isMessageKey(key) ? t(key) : null;
}

/** The Chinese (or English) text for an error, falling back to the server's own message. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const details = (err.details ?? {}) as Record<string, unknown>;
    if (err.code === 'auth.weak_password') {
      const reason = weaknessText(details.reason);
      return reason ? `${t('errors.auth.weak_password')}：${reason}` : t('errors.auth.weak_password');
    }
    // A refusal that names its reason (details.reason) may have a text of its own.
    const reasonKey = typeof details.reason === 'string' ? `errors.${err.code}.${details.reason}` : '';
    if (reasonKey && isMessageKey(reasonKey)) return t(reasonKey);
    const key = `errors.${err.code}`;
    if (isMessageKey(key)) {
      const seconds = Number(details.retryAfterSeconds);
      return t(key, { minutes: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 1 });
    }
    return err.serverMessage || t('errors.unknown');
  }
  if (err instanceof NetworkError || err instanceof TypeError) return t('errors.network');
  return t('errors.unknown');
}

/** The text for one validation issue: ours for the usual codes, else the server's message. */
export function issueText(issue: ValidationIssue): string {
  const key = `issue.${issue.code}`;
  return isMessageKey(key) ? t(key as MessageKey) : issue.message;
}

type FieldPath = (string | number)[];

export type FormErrorOptions = {
  /** Error codes that belong to one field, e.g. `{ 'users.username_taken': ['username'] }`. */
  codeFields?: Record<string, FieldPath>;
  /** Renames a body path to the form's field path (e.g. grants[0].regionId → grants[0].scopeId). */
  mapPath?: (path: FieldPath) => FieldPath | null;
};

/**
 * Puts an error on the matching form fields: schema issues on `body.*` paths and the codes the
 * caller ties to a field. Returns the text of what could not be placed on a field (null if all was).
 */
export function applyFormError(form: FormInstance, err: unknown, options: FormErrorOptions = {}): string | null {
  if (!(err instanceof ApiError)) return errorText(err);
  // Registered fields only (getFieldsValue without arguments lists every Form.Item, even empty ones).
  const known = new Set(Object.keys(form.getFieldsValue() ?? {}));

  const codeField = options.codeFields?.[err.code];
  if (codeField) {
    form.setFields([{ name: codeField, errors: [errorText(err)] }]);
    return null;
  }

  if (err.code !== 'validation.failed') return errorText(err);
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  const leftOver: string[] = [];
  for (const issue of err.issues) {
    // The server sends list indices as strings ('grants', '0', …); the form's names use numbers.
    const [where, ...rest] = issue.path.map((p) => (typeof p === 'string' && /^\d+$/.test(p) ? Number(p) : p));
    const mapped = where === 'body' && rest.length > 0 ? (options.mapPath ? options.mapPath(rest) : rest) : null;
    if (mapped && known.has(String(mapped[0]))) {
      const id = mapped.join('.');
      const entry = byField.get(id) ?? { name: mapped, errors: [] };
      entry.errors.push(issueText(issue));
      byField.set(id, entry);
    } else {
      leftOver.push(rest.length ? `${rest.join('.')}: ${issueText(issue)}` : issueText(issue));
    }
  }
  if (byField.size > 0) form.setFields([...byField.values()]);
  // A path the form has no field for (say, a list's own length) is reported in the text instead.
  for (const entry of byField.values()) {
    if (form.getFieldError(entry.name).length === 0) {
      leftOver.push(`${entry.name.join('.')}: ${entry.errors.join('，')}`);
      byField.delete(entry.name.join('.'));
    }
  }
  if (leftOver.length > 0) return `${t('errors.validation.failed')}（${leftOver.join('；')}）`;
  return byField.size > 0 ? null : errorText(err);
}
