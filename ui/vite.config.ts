/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Tests do not need Element Plus CSS; skipping it keeps Vitest fast.
const isTest = process.env.VITEST === 'true'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative base: Tauri serves the built files from its own protocol.
  base: './',
  clearScreen: false,
  plugins: [
    vue(),
    // On-demand Element Plus: only the components a template uses get bundled.
    Components({
      dts: 'src/components.d.ts',
      resolvers: [ElementPlusResolver({ importStyle: isTest ? false : 'css' })],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2021',
    chunkSizeWarningLimit: 1200,
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    // The machine in UTC, the organisation in Asia/Shanghai (the default): a
    // time shown in the machine's zone instead of the organisation's is caught.
    env: { TZ: 'UTC' },
    setupFiles: ['src/test/setup.ts'],
    testTimeout: 15000,
  },
})
