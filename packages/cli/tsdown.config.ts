import { defineConfig } from 'tsdown'

export const config = defineConfig({
  entry: {
    index: 'src/index.ts',
    main: 'src/main.ts',
    'demo/index': 'src/demo/index.ts',
    'vite/index': 'src/vite/index.ts',
  },
  format: 'esm',
  dts: true,
  fixedExtension: false,
  platform: 'node',
})

export default config
