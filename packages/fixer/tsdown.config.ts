import { defineConfig } from 'tsdown'

export const config = defineConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: 'esm',
  dts: true,
  fixedExtension: false,
  platform: 'node',
})

export default config
