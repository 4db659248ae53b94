import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/**
 * A throwaway git repository with one planted bug (`src/price.js` adds the tax twice) and a test that
 * catches it, for the runner tests. Test helper, not exported from the package.
 */
export interface TestRepo {
  readonly dir: string
  /** A path outside the repository, for the writes that must be refused. */
  readonly outside: string
  git(...args: string[]): string
  remove(): Promise<void>
}

export const PLANTED_BUG = 'return amount + amount * rate + amount * rate'
export const PLANTED_FIX = 'return amount + amount * rate'

export async function createTestRepo(): Promise<TestRepo> {
  const base = await realpath(await mkdtemp(join(tmpdir(), 'suture-fixer-test-')))
  const dir = join(base, 'repo')
  const outside = join(base, 'outside')
  await mkdir(outside, { recursive: true })
  await writeFile(join(outside, 'keep.txt'), 'must survive\n')
  const files: Record<string, string> = {
    'src/price.js': `export function withTax(amount, rate) {\n  ${PLANTED_BUG}\n}\n`,
    'test/price.test.js': [
      "import assert from 'node:assert/strict'",
      "import { test } from 'node:test'",
      "import { withTax } from '../src/price.js'",
      '',
      "test('adds the tax once', () => {",
      '  assert.equal(withTax(100, 0.25), 125)',
      '})',
      '',
    ].join('\n'),
    'package.json': '{ "type": "module" }\n',
    '.env': 'STRIPE_SECRET_KEY=sk_live_planted\n',
    '.gitignore': '.env\n',
  }
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: base,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
      },
    })
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  git('commit', '-q', '-m', 'planted bug')
  return { dir, outside, git, remove: () => rm(base, { recursive: true, force: true }) }
}

/** Polls until `check` is true or the deadline passes (tests never sleep a fixed time). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
