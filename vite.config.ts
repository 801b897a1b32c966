import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server during development; `npm run build` output is served by the server itself.
const api = process.env.RANAN_API ?? 'http://localhost:3000';
const proxy = {
  '/api': { target: api, changeOrigin: true },
  '/healthz': { target: api, changeOrigin: true },
};

export default defineConfig({
  root: 'web',
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // antd alone is ~260 kB gzip: keep the big libraries in their own long-lived chunks.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/,
              priority: 30,
            },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 20 },
            // antd with its own helpers (@rc-component, @ant-design/*, dayjs, …).
            { name: 'antd', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
