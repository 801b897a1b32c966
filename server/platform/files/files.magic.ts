import type { storedFileContentTypes } from './files.table.ts';

export type StoredFileContentType = (typeof storedFileContentTypes)[number];

/** Upload limits: photos from phones and scanned notices. */
export const FILE_LIMITS = { maxBytes: 10 * 1024 * 1024 } as const;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

/**
 * The content type from the file's first bytes (its magic number), never from the client's claim
 * or the file name: JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A), WebP (RIFF….WEBP), PDF (%PDF-).
 * Anything else is refused.
 */
export function sniffContentType(bytes: Uint8Array): StoredFileContentType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    return 'image/webp';
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}
