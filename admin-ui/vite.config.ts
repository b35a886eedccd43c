import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

const adminUi = fileURLToPath(new URL('.', import.meta.url));
const repository = fileURLToPath(new URL('..', import.meta.url));

/**
 * React itself, split out so an app change does not re-download it. Everything else is left to the bundler's own
 * splitting: every screen is loaded on demand (components/lazyView.tsx), and a library lands in the chunk of the
 * screens that use it (the charts only with 首页, the form's reference data only with the form), so a first visit
 * to a list downloads what the list needs and no more.
 */
const VENDOR_GROUPS = [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-is)[\\/]/ }];

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
    chunkSizeWarningLimit: 900,
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
