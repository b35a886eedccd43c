/**
 * How the API serves the built UI (issue 16.2): the brotli or gzip copy the build wrote next to each file, as the
 * browser accepts; hashed files under /assets/ cached for a year; index.html revalidated on every load, also as the
 * fallback of client-side routes. A folder shaped like admin-ui/dist stands in for the build (no vite here).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import { startStack, type Stack } from '../support/stack';

const SCRIPT = `export const greeting = ${JSON.stringify('你好，5G工厂'.repeat(200))};\n`;
const INDEX = '<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>';

let dist: string;
let stack: Stack;

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  const script = path.join(dist, 'assets', 'index-Ab12Cd34.js');
  fs.writeFileSync(script, SCRIPT);
  fs.writeFileSync(`${script}.br`, zlib.brotliCompressSync(SCRIPT));
  fs.writeFileSync(`${script}.gz`, zlib.gzipSync(SCRIPT));
  fs.writeFileSync(path.join(dist, 'index.html'), INDEX);
  stack = await startStack({ seed: false, withWorker: false, env: { UI_DIST_DIR: dist } });
});

afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dist, { recursive: true, force: true });
});

/** A raw GET (fetch would decode the body and hide Content-Encoding's effect). */
function get(urlPath: string, acceptEncoding?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(stack.baseUrl + urlPath, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

test('a hashed script goes out as brotli to a browser that takes it, cached for a year', async () => {
  const res = await get('/assets/index-Ab12Cd34.js', 'gzip, deflate, br, zstd');
  expect(res.status).toBe(200);
  expect(res.headers['content-encoding']).toBe('br');
  expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript; charset=utf-8$/i);
  expect(res.headers.vary).toMatch(/Accept-Encoding/i);
  expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(res.body.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 5);
  expect(zlib.brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
});

test('gzip to a client without brotli, and the plain file to one that takes neither', async () => {
  const gzip = await get('/assets/index-Ab12Cd34.js', 'gzip');
  expect(gzip.headers['content-encoding']).toBe('gzip');
  expect(zlib.gunzipSync(gzip.body).toString()).toBe(SCRIPT);
  const plain = await get('/assets/index-Ab12Cd34.js');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body.toString()).toBe(SCRIPT);
  expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
});

test.each(['/', '/index.html', '/projects/123/show'])('%s answers with index.html, revalidated on every load', async (urlPath) => {
  const res = await get(urlPath, 'gzip, br');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.headers['cache-control']).toBe('no-cache');
  expect(res.body.toString()).toBe(INDEX);
});

test('a UI built again while the server runs is served compressed too', async () => {
  const script = path.join(dist, 'assets', 'index-Ef56Gh78.js');
  fs.writeFileSync(script, SCRIPT);
  fs.writeFileSync(`${script}.br`, zlib.brotliCompressSync(SCRIPT));
  const index = path.join(dist, 'index.html');
  fs.writeFileSync(index, INDEX.replace('Ab12Cd34', 'Ef56Gh78'));
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(index, later, later); // a new build, whatever the file system's clock resolution
  expect((await get('/', 'br')).body.toString()).toContain('index-Ef56Gh78.js');
  const res = await get('/assets/index-Ef56Gh78.js', 'gzip, deflate, br');
  expect(res.headers['content-encoding']).toBe('br');
  expect(zlib.brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
});

test('an unknown API route is still the API’s Chinese 404, not the UI', async () => {
  const res = await stack.api('GET', '/api/no-such-thing');
  expect(res.status).toBe(404);
  expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
});
