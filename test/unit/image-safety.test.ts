/**
 * Uploaded images (issue 14.8): decompression bombs refused by their declared dimensions, EXIF and other metadata
 * removed without touching the pixels, a JPEG's orientation kept.
 */
import zlib from 'node:zlib';
import { imageSize } from 'image-size';
import { PNG_SIGNATURE, pngChunk } from '../support/images';
import { sanitiseImage, stripJpeg, IMAGE_MESSAGES } from '../../api/files/imageSafety';

function png(width: number, height: number, extra: Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  // Only the first rows' worth of data: a bomb needs none of it to claim its size.
  const idat = zlib.deflateSync(Buffer.alloc(Math.min(height, 2) * (1 + 3 * Math.min(width, 2))));
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), ...extra, pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A real 3×2 baseline JPEG (Go's image/jpeg), without any APPn segment. */
const JPEG = Buffer.from(
  '/9j/2wCEABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2MBERISGBUYLxoaL2NCOEJjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY//AABEIAAIAAwMBIgACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEAAhEDEQA/AMeiiiuE+oP/2Q==',
  'base64',
);
const SECRET = 'GPS 23.1291N 113.2644E 张三的手机 SN-0042';

/** An APP1 Exif segment: big-endian TIFF, IFD0 with Orientation and an ImageDescription naming a place. */
function exifSegment(orientation: number): Buffer {
  const text = Buffer.from(`${SECRET}\0`, 'utf8');
  const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(2, 8);
  // ImageDescription (0x010E, ASCII) stored after the IFD.
  tiff.writeUInt16BE(0x010e, 10);
  tiff.writeUInt16BE(2, 12);
  tiff.writeUInt32BE(text.length, 14);
  tiff.writeUInt32BE(tiff.length, 18);
  // Orientation (0x0112, SHORT).
  tiff.writeUInt16BE(0x0112, 22);
  tiff.writeUInt16BE(3, 24);
  tiff.writeUInt32BE(1, 26);
  tiff.writeUInt16BE(orientation, 30);
  tiff.writeUInt32BE(0, 34);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, text]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}
const segment = (marker: number, text: string) => {
  const data = Buffer.from(text, 'latin1');
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
};
/** JPEG with an EXIF block, an XMP block and a comment inserted after SOI. */
const photo = (orientation: number) =>
  Buffer.concat([JPEG.subarray(0, 2), exifSegment(orientation), segment(0xe1, `http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${'作者'}</x:xmpmeta>`), segment(0xfe, 'comment: secret'), JPEG.subarray(2)]);

test('a 20000×20000 PNG (1.6 GB decoded) is refused, and so is one side over 10000 pixels; 8160×6120 passes', () => {
  expect(sanitiseImage(png(20000, 20000), 'image/png')).toEqual({ ok: false, reason: 'tooBig', message: IMAGE_MESSAGES.tooBig, width: 20000, height: 20000 });
  expect(sanitiseImage(png(10001, 1), 'image/png')).toMatchObject({ ok: false, reason: 'tooBig' });
  expect(sanitiseImage(png(8160, 6120), 'image/png')).toMatchObject({ ok: true, width: 8160, height: 6120 });
  expect(IMAGE_MESSAGES.tooBig).toBe('图片尺寸过大：宽和高均不能超过10000像素，总像素不超过5000万');
});

test('an image whose size cannot be read is refused as damaged', () => {
  expect(sanitiseImage(Buffer.concat([JPEG.subarray(0, 2), Buffer.from([0xff, 0xe0, 0x00, 0x10]), Buffer.alloc(20, 7)]), 'image/jpeg')).toMatchObject({ ok: false, reason: 'damaged', message: '图片文件已损坏，无法读取图片尺寸' });
  expect(sanitiseImage(PNG_SIGNATURE, 'image/png')).toMatchObject({ ok: false, reason: 'damaged' });
});

test('PNG text, EXIF and time chunks are removed; the image chunks are kept byte for byte', () => {
  const clean = png(2, 2);
  const tagged = png(2, 2, [pngChunk('tEXt', Buffer.from(`Author\0${SECRET}`, 'latin1')), pngChunk('eXIf', exifSegment(6).subarray(10)), pngChunk('tIME', Buffer.alloc(7, 1)), pngChunk('iTXt', Buffer.from('Comment\0\0\0\0\0x', 'latin1'))]);
  const result = sanitiseImage(tagged, 'image/png');
  expect(result.ok && result.content.equals(clean)).toBe(true);
  const untouched = sanitiseImage(clean, 'image/png');
  expect(untouched.ok && untouched.content.equals(clean)).toBe(true);
});

test('JPEG EXIF, XMP and comments are removed; the pixels are untouched and the orientation is kept', () => {
  const result = sanitiseImage(photo(6), 'image/jpeg');
  if (!result.ok) throw new Error(result.message);
  const text = result.content.toString('latin1');
  expect(text).not.toContain('GPS');
  expect(text).not.toContain('xmpmeta');
  expect(text).not.toContain('comment');
  expect(imageSize(result.content)).toMatchObject({ width: 3, height: 2, orientation: 6 });
  // Everything from the quantisation tables on is the original, bit for bit.
  expect(result.content.subarray(result.content.length - (JPEG.length - 2)).equals(JPEG.subarray(2))).toBe(true);
  // Orientation 1 (upright) needs no EXIF at all: the result is the original JPEG.
  const upright = sanitiseImage(photo(1), 'image/jpeg');
  expect(upright.ok && upright.content.equals(JPEG)).toBe(true);
});

test('a broken segment length is refused, not copied', () => {
  const broken = Buffer.concat([JPEG.subarray(0, 2), Buffer.from([0xff, 0xe1, 0xff, 0xff]), Buffer.alloc(10)]);
  expect(stripJpeg(broken)).toBeNull();
});
