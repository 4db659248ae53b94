import { defineConfig } from 'tsdown'

export const config = defineConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: 'esm',
  // Without the source condition, @suture/* dependencies' types come from their dist/ (pnpm builds them
  // first): tsc reads their short .d.ts instead of type-checking their sources again (same output).
  dts: { compilerOptions: { customConditions: [] } },
  fixedExtension: false,
  platform: 'node',
})

export default config
