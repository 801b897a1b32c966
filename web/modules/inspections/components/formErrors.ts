import type { FormInstance } from 'antd';
import { ApiError, applyFormError, errorText } from '../../../app/http.ts';

/**
 * Puts a server error on the form field it names (`details.field`, as the ledger's errors carry;
 * with the person's name for 先培训、后排查 refusals), else schema issues on their fields.
 * `fields` are the form's field names; `rename` maps a body field to a form field.
 * Returns the text of what could not be placed (null if all was).
 */
export function placeError(
  form: FormInstance,
  err: unknown,
  fields: readonly string[],
  rename: Record<string, string> = {},
): string | null {
  if (err instanceof ApiError) {
    const details = (err.details ?? {}) as { field?: unknown; name?: unknown };
    const raw = typeof details.field === 'string' ? details.field : null;
    const field = raw ? (rename[raw] ?? raw) : null;
    if (field && fields.includes(field)) {
      const who = typeof details.name === 'string' ? `${details.name}：` : '';
      form.setFields([{ name: field, errors: [`${who}${errorText(err)}`] }]);
      return null;
    }
  }
  return applyFormError(form, err, {
    mapPath: (p) => (typeof p[0] === 'string' && rename[p[0]] ? [rename[p[0]]!, ...p.slice(1)] : p),
  });
}
