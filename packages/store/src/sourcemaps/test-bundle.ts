import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Script } from 'node:vm'
import { build } from 'esbuild'

// Test-only: a tiny app built minified with an external source map by a real bundler (esbuild), and the
// real V8 stack its planted bug throws when served from `origin`.

export const BILLING_PAGE = (padding: string) => `${padding}
export interface Invoice { total?: number; currency: string }

export function formatTotal(invoice: Invoice): string {
  const amount = invoice.total as number
  return \`\${amount.toFixed(2)} \${invoice.currency}\`
}

export function BillingPage(invoices: Invoice[]): string[] {
  return invoices.map((invoice) => formatTotal(invoice))
}
`

export interface BuiltBundle {
  readonly code: string
  readonly map: string
  /** The file name in `dist/assets/`. */
  readonly fileName: string
  /** The error the bundle throws, as a browser would report it from `origin/assets/<fileName>`. */
  readonly stack: string
  readonly message: string
}

export async function buildBundle(version: string, padding = ''): Promise<BuiltBundle> {
  const root = mkdtempSync(path.join(tmpdir(), 'suture-bundle-'))
  try {
    mkdirSync(path.join(root, 'src/pages'), { recursive: true })
    writeFileSync(path.join(root, 'src/pages/BillingPage.tsx'), BILLING_PAGE(padding))
    writeFileSync(
      path.join(root, 'src/main.ts'),
      `import { BillingPage } from './pages/BillingPage'\n;(globalThis as any).run = () => BillingPage([{ total: 3, currency: 'EUR' }, { currency: 'EUR' }])\n`,
    )
    const fileName = `index-${version}.js`
    await build({
      absWorkingDir: root,
      entryPoints: ['src/main.ts'],
      bundle: true,
      minify: true,
      sourcemap: 'external',
      sourcesContent: true,
      format: 'iife',
      outfile: `dist/assets/${fileName}`,
      logLevel: 'silent',
    })
    const code = readFileSync(path.join(root, 'dist/assets', fileName), 'utf8')
    const map = readFileSync(path.join(root, 'dist/assets', `${fileName}.map`), 'utf8')
    const sandbox: { run?: () => void } = {}
    new Script(code, { filename: `https://app.test/assets/${fileName}` }).runInNewContext({
      globalThis: sandbox,
    })
    let stack = ''
    let message = ''
    try {
      sandbox.run?.()
    } catch (error: unknown) {
      // Only the bundle's frames: the rest is this test runner's stack, which no browser would report.
      stack = ((error as Error).stack ?? '')
        .split('\n')
        .filter((line, i) => i === 0 || line.includes('https://app.test/') || line.includes('<anonymous>'))
        .join('\n')
      message = (error as Error).message
    }
    return { code, map, fileName, stack, message }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
