import { defineConfig } from 'tsdown'

export const config = defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  dts: true,
  fixedExtension: false,
  platform: 'browser',
})

export default config
