import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { antdStaticTheme } from './web/app/theme.ts';

// The API server during development; `npm run build` output is served by the server itself.
const api = process.env.RANAN_API ?? 'http://localhost:3000';
const proxy = {
  '/api': { target: api, changeOrigin: true },
  '/healthz': { target: api, changeOrigin: true },
};

/**
 * Writes /precache.js, the list of files the service worker (web/public/sw.js) caches for offline
 * use: index.html, every emitted asset and the public files, with a version that changes with the
 * build. The service worker imports it, so a new build is a new service worker.
 */
function precacheList(): Plugin {
  return {
    name: 'ranan-precache-list',
    apply: 'build',
    // After Vite's own plugins, so index.html is in the bundle.
    enforce: 'post',
    generateBundle(_options, bundle) {
      const publicDir = path.resolve(import.meta.dirname, 'web/public');
      const publicFiles = fs.existsSync(publicDir)
        ? fs
            .readdirSync(publicDir, { recursive: true, withFileTypes: true })
            .filter((d) => d.isFile())
            .map((d) => path.relative(publicDir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
        : [];
      const skip = new Set(['sw.js', 'precache.js']);
      const files = [...Object.keys(bundle), ...publicFiles]
        .filter((f) => !skip.has(f) && !f.endsWith('.map'))
        .map((f) => `/${f}`)
        .sort();
      const hash = createHash('sha256');
      for (const file of Object.values(bundle)) {
        hash.update(file.fileName);
        hash.update(file.type === 'chunk' ? file.code : file.source);
      }
      const version = hash.digest('hex').slice(0, 12);
      this.emitFile({
        type: 'asset',
        fileName: 'precache.js',
        source: `self.RANAN_PRECACHE = ${JSON.stringify({ version, files }, null, 1)};\n`,
      });
    },
  };
}

/**
 * Writes a .br and a .gz copy next to every text file of the build (the server sends the one the browser
 * accepts, @fastify/static `preCompressed`), so nothing is compressed per request. Files that do not
 * shrink by at least a tenth are left alone.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'ranan-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const files = fs
        .readdirSync(outDir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile() && /\.(js|css|html|svg|json|webmanifest|txt)$/.test(d.name))
        .map((d) => path.join(d.parentPath, d.name));
      for (const file of files) {
        const raw = fs.readFileSync(file);
        if (raw.length < 1024) continue;
        const br = zlib.brotliCompressSync(raw, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
        });
        const gz = zlib.gzipSync(raw, { level: 9 });
        if (br.length < raw.length * 0.9) fs.writeFileSync(`${file}.br`, br);
        if (gz.length < raw.length * 0.9) fs.writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

/**
 * `<link rel="modulepreload">` in index.html for the app's chunks (web/root.tsx and what it imports): the entry
 * (web/main.tsx) loads the app with `import()` so that web/boot.ts runs before the app's code has arrived, and these
 * links make the browser download that code while the entry runs instead of after it.
 */
function preloadApp(): Plugin {
  return {
    name: 'ranan-preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const app = chunks.find((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith('/web/root.tsx'));
        if (!app) throw new Error('web/root.tsx is not a chunk of its own');
        const files: string[] = [];
        const visit = (fileName: string) => {
          if (files.includes(fileName)) return;
          files.push(fileName);
          const chunk = bundle[fileName];
          if (chunk?.type === 'chunk') for (const dep of chunk.imports) visit(dep);
        };
        visit(app.fileName);
        return files
          .filter((f) => !html.includes(`/${f}"`))
          .map((f) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}

const ANTD_CSS = 'virtual:antd-static.css';

/**
 * antd's component styles as a static stylesheet, generated when the app is built (or served by `vite`) instead of in
 * the browser: `import 'virtual:antd-static.css'` (web/main.tsx) is every antd component's CSS rendered once with the
 * app's theme (`@ant-design/static-style-extract`, which renders each component to a string with a style cache), and
 * the app's ConfigProvider sets `zeroRuntime` so antd's runtime CSS-in-JS no longer serialises and inserts those
 * styles on the first render. The styles are written against CSS variables (antd v6's cssVar mode); the variables'
 * values (the theme's tokens, the wall display's dark algorithm) are still registered by antd at runtime, so the
 * variable blocks of the extraction (keyed by server-side ids no element carries) are dropped here.
 */
function antdStaticStyles(): Plugin {
  let css: Promise<string> | null = null;
  const resolved = `\0${ANTD_CSS}`;
  return {
    name: 'ranan-antd-static-styles',
    resolveId(id) {
      return id === ANTD_CSS ? resolved : null;
    },
    load(id) {
      if (id !== resolved) return null;
      css ??= (async () => {
        const [{ extractStyle }, { ConfigProvider }, { createElement }] = await Promise.all([
          import('@ant-design/static-style-extract'),
          import('antd'),
          import('react'),
        ]);
        const all = extractStyle((node) => createElement(ConfigProvider, { theme: antdStaticTheme }, node));
        // Rules of the extraction's own CSS-variable scopes (`.css-var-_R_…_`, React's server ids): runtime-only.
        return all.replace(/(^|})[^{}@]*\.css-var-_R[^{}]*\{[^{}]*\}/g, '$1');
      })();
      return css;
    },
  };
}

export default defineConfig({
  root: 'web',
  plugins: [react(), antdStaticStyles(), preloadApp(), precacheList(), precompress()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // web/boot.ts and what it needs, alone: evaluated before react and antd (main.tsx imports it first, the app after).
            { name: 'boot', test: /web[\\/](boot\.ts|app[\\/]early\.ts)$/, priority: 40 },
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/,
              priority: 30,
            },
            // ECharts is not grouped: each page's chunks hold only the chart types and components it imports
            // (echarts/core plus its own `echarts.use` list), so the dashboard does not load the register map's.
            // Nor is antd (it was, with all other libraries, in one 1.24 MB chunk that every first screen loaded):
            // each page's chunks hold the components it uses, so a first visit downloads and compiles only the
            // shell's and its home page's (bench/README.md "dashboard-demo", the first visit).
          ],
        },
      },
    },
  },
});
