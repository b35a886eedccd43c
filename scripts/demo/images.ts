/**
 * The demo's two topology images (现场拓扑图 and 组网拓扑图): a small PNG sketch of a 5G private network — a core
 * box, base stations and devices joined by lines — so that a reviewer opening a demo project sees a picture, not a
 * blank pixel. Drawn here, not shipped as a file: one dependency-free function.
 */
import zlib from 'node:zlib';

const WIDTH = 480;
const HEIGHT = 270;
type Rgb = [number, number, number];

export function topologyPng(kind: 'site' | 'network'): Buffer {
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3, 0xff);
  const set = (x: number, y: number, [r, g, b]: Rgb) => {
    if (x < 0 || y < 0 || x >= WIDTH || y >= HEIGHT) return;
    const i = (y * WIDTH + x) * 3;
    pixels[i] = r;
    pixels[i + 1] = g;
    pixels[i + 2] = b;
  };
  const box = (x0: number, y0: number, w: number, h: number, colour: Rgb) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) set(x, y, colour);
  };
  const line = (x0: number, y0: number, x1: number, y1: number, colour: Rgb) => {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
    for (let i = 0; i <= steps; i++) {
      const x = Math.round(x0 + ((x1 - x0) * i) / steps);
      const y = Math.round(y0 + ((y1 - y0) * i) / steps);
      set(x, y, colour);
      set(x, y + 1, colour);
    }
  };
  const blue: Rgb = [0x1e, 0x5a, 0xa8];
  const teal: Rgb = [0x13, 0x8d, 0x90];
  const grey: Rgb = [0x90, 0x9a, 0xa8];
  box(0, 0, WIDTH, HEIGHT, kind === 'site' ? [0xf3, 0xf7, 0xfc] : [0xf2, 0xfa, 0xf7]);
  // Core (UPF / MEC) at the top, base stations in the middle, devices at the bottom.
  const core = { x: WIDTH / 2 - 50, y: 24 };
  box(core.x, core.y, 100, 36, blue);
  const stations = [80, 200, 320, 420].map((x) => ({ x, y: 120 }));
  for (const s of stations) {
    line(WIDTH / 2, core.y + 36, s.x + 16, s.y, grey);
    box(s.x, s.y, 32, 24, teal);
    for (let d = -1; d <= 1; d++) {
      const dx = s.x + 16 + d * 22;
      line(s.x + 16, s.y + 24, dx, 200, grey);
      box(dx - 7, 200, 14, 14, kind === 'site' ? blue : teal);
    }
  }
  return encodePng(pixels);
}

function encodePng(rgb: Buffer): Buffer {
  const rows = Buffer.alloc((WIDTH * 3 + 1) * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) rgb.copy(rows, y * (WIDTH * 3 + 1) + 1, y * WIDTH * 3, (y + 1) * WIDTH * 3);
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
