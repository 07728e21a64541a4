import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * The service worker is plain JS (web/sw/sw.js) with the list of built files written into it, so
 * the app shell and the coping library open offline after one visit, without a Workbox dependency.
 */
function serviceWorker(): Plugin {
  return {
    name: 'respite-sw',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map'));
      const precache = ['/', '/manifest.webmanifest', '/icon.svg', ...files.map((f) => `/${f}`)];
      const source = readFileSync(join(__dirname, 'sw', 'sw.js'), 'utf8')
        .replace('self.__PRECACHE__', JSON.stringify(precache))
        .replace('self.__VERSION__', JSON.stringify(String(Date.now())));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  root: __dirname,
  plugins: [preact(), serviceWorker()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
