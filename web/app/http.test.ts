import { describe, expect, it } from 'vitest';
import { ApiError, isNotFound, NetworkError } from './http.ts';
// The modules' texts (reasons of refusals among them) are registered by the app's module list, as at start.
import './modules.ts';

const issue = (path: (string | number)[]) => ({ path, code: 'invalid_format', message: 'Invalid UUID' });

describe('isNotFound', () => {
  it('is true for a 404 and for an address whose id the server refuses', () => {
    expect(isNotFound(new ApiError(404, 'registry.not_found', 'x', null, 'r1'))).toBe(true);
    const badId = new ApiError(400, 'validation.failed', 'x', { issues: [issue(['params', 'id'])] }, 'r2');
    expect(isNotFound(badId)).toBe(true);
  });

  it('is false for a bad query or body, a refusal, a server or network failure', () => {
    const badQuery = new ApiError(400, 'validation.failed', 'x', { issues: [issue(['querystring', 'page'])] }, null);
    const mixed = new ApiError(
      400,
      'validation.failed',
      'x',
      { issues: [issue(['params', 'id']), issue(['body', 'name'])] },
      null,
    );
    expect(isNotFound(badQuery)).toBe(false);
    expect(isNotFound(mixed)).toBe(false);
    expect(isNotFound(new ApiError(400, 'validation.failed', 'x', null, null))).toBe(false);
    expect(isNotFound(new ApiError(403, 'auth.forbidden', 'x', null, null))).toBe(false);
    expect(isNotFound(new ApiError(500, 'internal.error', 'x', null, null))).toBe(false);
    expect(isNotFound(new NetworkError())).toBe(false);
  });
});

describe('answers that are not the API’s', () => {
  it('a gateway’s 502 page is a connection problem, not an English status text', async () => {
    const { http, errorText } = await import('./http.ts');
    const real = globalThis.fetch;
    globalThis.fetch = (async () =>
      new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' })) as typeof fetch;
    try {
      const err = await http.get('/api/v1/overview').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetworkError);
      expect(errorText(err)).not.toContain('Bad Gateway');
      // The API's own 5xx keeps its code.
      globalThis.fetch = (async () =>
        new Response(JSON.stringify({ error: { code: 'internal.error', message: 'x' } }), {
          status: 500,
        })) as typeof fetch;
      const own = await http.get('/api/v1/overview').catch((e: unknown) => e);
      expect(own).toBeInstanceOf(ApiError);
      expect((own as ApiError).code).toBe('internal.error');
    } finally {
      globalThis.fetch = real;
    }
  });
});

describe('errorText', () => {
  it('uses the text of a refusal’s reason when there is one', async () => {
    const { errorText } = await import('./http.ts');
    const venue = new ApiError(
      400,
      'inspections.inspector_not_eligible',
      'x',
      { field: 'inspectorIds', reason: 'not_staff_of_venue', name: '王五' },
      null,
    );
    expect(errorText(venue)).toMatch(/^不是本场所登记的从业人员/);
    // An unknown reason falls back to the code's text.
    const other = new ApiError(400, 'inspections.inspector_not_eligible', 'x', { reason: 'something_new' }, null);
    expect(errorText(other)).toBe('该人员不能参加此类检查');
    const grant = new ApiError(400, 'users.invalid_grant', 'x', { reason: 'venue_not_found' }, null);
    expect(errorText(grant)).toBe('所选场所未登记或已归档');
  });
});
