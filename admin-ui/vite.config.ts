import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

const adminUi = fileURLToPath(new URL('.', import.meta.url));
const repository = fileURLToPath(new URL('..', import.meta.url));

/**
 * Three kinds of chunk:
 *   - react, split out so an app change does not re-download it;
 *   - vendor: every other library but the charts', in one file. Left to the bundler, the libraries of a list came
 *     as 60-odd small files, and a browser fetches 6 at a time over HTTP/1.1 (the API serving the UI here), so a
 *     fresh tab waited for about five rounds of requests; one file is one round (bench: a fresh tab's list 10 %
 *     sooner, 80 scripts → 29);
 *   - the screens, each loaded on demand (components/lazyView.tsx) with the app code only it uses; the charts (recharts
 *     and its own libraries) stay with 首页, the one screen that draws them.
 */
const CHARTS_ONLY = /node_modules[\\/](recharts|d3-[^\\/]+|victory-vendor|decimal\.js-light|@reduxjs|redux|react-redux|reselect|immer|es-toolkit)[\\/]/;
const VENDOR_GROUPS = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-is)[\\/]/, priority: 2 },
  { name: 'vendor', test: (id: string) => /node_modules[\\/]/.test(id) && !CHARTS_ONLY.test(id), priority: 1 },
];

export default defineConfig({
  root: adminUi,
  base: '/',
  // Brotli and gzip copies of every text file, written once at build time and served by api/app.ts (serveUi).
  // Every file gets its copies, even a chunk of a few dozen bytes that brotli cannot shrink (the plugin skips those
  // by default): which file that is changes with each build's hashes, and then the browser is sent an uncompressed
  // script beside compressed ones — test/e2e/screens.test.ts holds every script to brotli.
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 0, skipIfLargerOrEqual: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // vendor (every library of the back office but the charts) is ≈1,030 kB before compression, ≈250 kB as brotli.
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: VENDOR_GROUPS },
      },
    },
  },
  server: {
    port: 5173,
    // The UI imports the shared zod schemas and labels from ../domain.
    fs: { allow: [repository] },
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: true },
    },
  },
});
