import { defineConfig } from 'tsdown'

export const config = defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  dts: true,
  fixedExtension: false,
  platform: 'node',
})

export default config
