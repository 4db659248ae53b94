import react from '@vitejs/plugin-react'
import { defaultClientConditions, defineConfig } from 'vite'

// Built from the workspace packages' sources (the `@suture/source` condition): no package build needed.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@suture/source', ...defaultClientConditions] },
  build: { sourcemap: true },
})
