/**
 * What an uploaded image may carry (issue 14.5/14.8), after detectImageType decided it is a PNG or a JPEG:
 *
 * - **Dimensions capped** (decompression bombs): a 5 MB PNG can claim 20000×20000 pixels, 1.6 GB once decoded by
 *   any thumbnailer or browser. The header's width and height (read by `image-size`) must stay within
 *   MAX_IMAGE_SIDE per side and MAX_IMAGE_PIXELS in all; an image whose size cannot be read is refused as damaged.
 * - **Metadata stripped** without re-encoding (the pixels are kept bit for bit): JPEG APP1–APP15 segments except
 *   the ICC colour profile (APP2 "ICC_PROFILE") and Adobe's colour transform (APP14), and comments (COM); PNG text,
 *   EXIF and time chunks (tEXt, zTXt, iTXt, eXIf, tIME). That removes EXIF with GPS position, camera serial numbers,
 *   author names and embedded thumbnails. A JPEG's orientation is kept as a minimal EXIF block holding only that tag,
 *   so a phone photo is still shown upright.
 */
import { imageSize } from 'image-size';
import type { ImageMime } from './imageType';

export const MAX_IMAGE_SIDE = 10_000;
/** 50 megapixels: a 50 MP phone photo (8160×6120) passes, a 20000×20000 bomb does not. */
export const MAX_IMAGE_PIXELS = 50_000_000;

export const IMAGE_MESSAGES = {
  tooBig: `图片尺寸过大：宽和高均不能超过${MAX_IMAGE_SIDE}像素，总像素不超过${MAX_IMAGE_PIXELS / 10_000}万`,
  damaged: '图片文件已损坏，无法读取图片尺寸',
} as const;

export type ImageCheck =
  | { ok: true; width: number; height: number; content: Buffer }
  | { ok: false; reason: 'tooBig' | 'damaged'; message: string; width?: number; height?: number };

/** Check the dimensions and return the content without its metadata. */
export function sanitiseImage(content: Buffer, mime: ImageMime): ImageCheck {
  let size: { width: number; height: number; orientation?: number | undefined };
  try {
    size = imageSize(content);
  } catch {
    return { ok: false, reason: 'damaged', message: IMAGE_MESSAGES.damaged };
  }
  const { width, height } = size;
  if (!(width > 0 && height > 0)) return { ok: false, reason: 'damaged', message: IMAGE_MESSAGES.damaged };
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    return { ok: false, reason: 'tooBig', message: IMAGE_MESSAGES.tooBig, width, height };
  }
  const stripped = mime === 'image/png' ? stripPng(content) : stripJpeg(content, size.orientation);
  if (!stripped) return { ok: false, reason: 'damaged', message: IMAGE_MESSAGES.damaged };
  return { ok: true, width, height, content: stripped };
}

const PNG_METADATA_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** The PNG without its metadata chunks; null when the chunk structure is broken. */
export function stripPng(content: Buffer): Buffer | null {
  const parts: Buffer[] = [content.subarray(0, 8)];
  let offset = 8;
  while (offset + 12 <= content.length) {
    const length = content.readUInt32BE(offset);
    const type = content.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > content.length) return null;
    if (!PNG_METADATA_CHUNKS.has(type)) parts.push(content.subarray(offset, end));
    offset = end;
    if (type === 'IEND') return Buffer.concat(parts);
  }
  return null;
}

/** Markers without a length field: TEM, RST0–7 (SOI and EOI are handled by the walk). */
const STANDALONE = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);

function keepJpegSegment(marker: number, segment: Buffer): boolean {
  if (marker === 0xfe) return false; // COM
  if (marker < 0xe1 || marker > 0xef) return true; // not APP1–APP15: tables, frame, APP0 (JFIF)
  if (marker === 0xe2) return segment.toString('latin1', 4, 16) === 'ICC_PROFILE\0';
  return marker === 0xee; // APP14 Adobe (colour transform of CMYK/YCCK images)
}

/** The JPEG without its metadata segments; null when the segment structure is broken before the scan. */
export function stripJpeg(content: Buffer, orientation?: number): Buffer | null {
  if (content.length < 4 || content[0] !== 0xff || content[1] !== 0xd8) return null;
  const parts: Buffer[] = [content.subarray(0, 2)];
  let offset = 2;
  // Orientation 1 is the default; 2–8 are the rotations and mirrorings worth keeping.
  let orientationWritten = !(orientation && orientation >= 2 && orientation <= 8);
  while (offset < content.length) {
    if (content[offset] !== 0xff) return null;
    let at = offset + 1;
    while (at < content.length && content[at] === 0xff) at++; // fill bytes
    if (at >= content.length) return null;
    const marker = content[at]!;
    if (STANDALONE(marker)) {
      parts.push(content.subarray(offset, at + 1));
      offset = at + 1;
      continue;
    }
    if (marker === 0xd9) return Buffer.concat([...parts, content.subarray(offset)]);
    if (at + 3 > content.length) return null;
    const end = at + 1 + content.readUInt16BE(at + 1);
    if (end > content.length) return null;
    const segment = content.subarray(offset, end);
    // The orientation goes right after SOI, or after APP0 (JFIF) when that comes first.
    if (!orientationWritten && marker !== 0xe0) {
      parts.push(orientationSegment(orientation!));
      orientationWritten = true;
    }
    if (marker === 0xda) return Buffer.concat([...parts, content.subarray(offset)]); // SOS: the scan and the rest as they are
    if (keepJpegSegment(marker, segment)) parts.push(segment);
    offset = end;
  }
  return null;
}

/** APP1 "Exif" with a big-endian TIFF holding one IFD entry: Orientation (0x0112, SHORT). */
function orientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 right after the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14); // count
  tiff.writeUInt16BE(orientation, 18); // value, left-justified in the 4 bytes
  tiff.writeUInt32BE(0, 22); // no next IFD
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xffe1, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}
