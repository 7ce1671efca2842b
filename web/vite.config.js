// Built into dist/, which `dbbridge serve` serves (and installs under share/dbbridge/web).
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/multiplex': 'http://127.0.0.1:8080' },
  },
});
