import { defineConfig } from 'tsdown'

export const config = defineConfig({
  entry: {
    index: 'src/index.ts',
    main: 'src/main.ts',
    'demo/index': 'src/demo/index.ts',
    'vite/index': 'src/vite/index.ts',
  },
  format: 'esm',
  // Without the source condition, @suture/* dependencies' types come from their dist/ (pnpm builds them
  // first): tsc reads their short .d.ts instead of type-checking their sources again (same output).
  dts: { compilerOptions: { customConditions: [] } },
  fixedExtension: false,
  platform: 'node',
})

export default config
