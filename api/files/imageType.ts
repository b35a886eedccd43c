/**
 * Which image a file is, decided by its content (magic bytes), never by its name or the declared Content-Type:
 * both come from the client and a renamed .exe claims whatever it likes. The stored MIME type, and so the
 * Content-Type the file is later served with, comes from here.
 */

export type ImageMime = 'image/png' | 'image/jpeg';

/** PNG signature (8 bytes) followed by the IHDR chunk that must come first in every PNG. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function detectImageType(content: Buffer): ImageMime | null {
  if (content.length >= 16 && content.subarray(0, 8).equals(PNG_SIGNATURE) && content.subarray(12, 16).toString('latin1') === 'IHDR') {
    return 'image/png';
  }
  // JPEG: SOI marker FF D8 then the first segment's marker (FF xx).
  if (content.length >= 4 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  return null;
}

/** The extensions a user's image may carry; what it really is was checked by detectImageType. */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'] as const;

export function hasImageExtension(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export const EXTENSION_OF: Record<ImageMime, string> = { 'image/png': 'png', 'image/jpeg': 'jpg' };
