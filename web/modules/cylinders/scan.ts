/** The path of the public page for a code: what the QR labels encode (`<origin>/c/<code>`). */
export const publicCylinderPath = (code: string) => `/c/${encodeURIComponent(code)}`;

/** A cylinder code as the register keeps it: trimmed, inner blanks removed, upper case. */
export function normaliseCode(raw: string): string {
  return raw.trim().replace(/\s+/g, '').toUpperCase();
}

/** What a code may hold (4–64 letters, digits, - . _): anything else is not looked up. */
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{3,63}$/;

/**
 * The code in what a scanner read: a label's QR holds the public page's URL (any host: labels
 * printed by another installation still name the code), a bare code is taken as it is.
 */
export function codeFromScan(text: string): string | null {
  const trimmed = text.trim();
  const fromUrl = /\/c\/([^/?#]+)\/?(?:[?#].*)?$/.exec(trimmed);
  let raw = trimmed;
  if (fromUrl?.[1]) {
    try {
      raw = decodeURIComponent(fromUrl[1]);
    } catch {
      return null;
    }
  }
  const code = normaliseCode(raw);
  return CODE_PATTERN.test(code) ? code : null;
}
