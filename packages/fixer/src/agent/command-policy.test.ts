import { mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkShellCommand, checkToolCall, isDotEnvPath, type PolicyScope } from './command-policy.js'

let base: string
let scope: PolicyScope

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'suture-policy-')))
  await mkdir(join(base, 'wt/src'), { recursive: true })
  await mkdir(join(base, 'home'))
  // A symlink inside the worktree that points out of it.
  await symlink(base, join(base, 'wt/escape'))
  scope = { root: join(base, 'wt'), writableRoots: [join(base, 'home')], home: join(base, 'home') }
})
afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

const rule = (command: string) => checkShellCommand(command, scope)?.rule

describe('checkShellCommand', () => {
  it.each([
    'pnpm vitest run src/x.test.ts',
    'git status --porcelain && git diff',
    'git commit -m "fix: reset --hard is not run here"',
    'rm -rf node_modules dist ./coverage src/*.tmp',
    'rm -f src/old.ts',
    'cd src && rm -rf generated',
    'echo done > out.log 2>&1',
    'node --test test/ 2>/dev/null | tail -5',
    'cat .env.example',
    'grep -rn TODO src | head',
    'touch src/new.ts && mkdir -p src/lib',
    'echo x >> "$HOME/notes"',
    'cp src/a.ts src/b.ts',
    `git commit -F - <<'EOF'\nfix: do not read .env or rm -rf /\nEOF\ngit log -1`,
  ])('lets `%s` through', (command) => {
    expect(checkShellCommand(command, scope)).toBeUndefined()
  })

  it.each([
    ['git push --no-verify origin HEAD', 'git push --no-verify'],
    ['git -C . push origin main --no-verify', 'git push --no-verify'],
    ['git push origin HEAD', 'git push'],
    ['git reset --hard', 'git reset --hard'],
    ['FOO=1 git reset --hard HEAD~3', 'git reset --hard'],
    ['npm test; git reset --hard origin/main', 'git reset --hard'],
    ['echo ok && bash -c "git reset --hard"', 'git reset --hard'],
    ['echo $(git reset --hard)', 'git reset --hard'],
    ['sudo rm -rf /', 'rm -r outside the worktree'],
    ['rm -rf ..', 'rm -r outside the worktree'],
    ['rm -r -f ../other-worktree', 'rm -r outside the worktree'],
    ['rm --recursive --force /var/lib', 'rm -r outside the worktree'],
    ['rm -rf .', 'rm -r outside the worktree'],
    ['rm -rf ~', 'rm -r outside the worktree'],
    ['rm -rf "$TARGET"', 'rm -r outside the worktree'],
    ['cd / && rm -rf tmp', 'rm -r outside the worktree'],
    ['rm -rf escape/home', 'rm -r outside the worktree'],
    ['cat .env', 'reads a .env file'],
    ['source config/.env.local && pnpm dev', 'reads a .env file'],
    ['node -r dotenv/config x.js < .env', 'reads a .env file'],
    ['echo x > /etc/hosts', 'writes outside the worktree'],
    ['echo x | tee -a ../../outside.txt', 'writes outside the worktree'],
    ['cp src/a.ts /usr/local/bin/a', 'writes outside the worktree'],
    ["sed -i 's/a/b/' ../shared.ts", 'writes outside the worktree'],
    ['echo x > escape/file', 'writes outside the worktree'],
  ])('refuses `%s` (%s)', (command, expected) => {
    expect(rule(command)).toBe(expected)
  })

  it('never throws and never lets an explicit git reset --hard through, whatever surrounds it', () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9_./-]{1,8}$/)
    const separator = fc.constantFrom('; ', ' && ', ' || ', ' | ', '\n')
    fc.assert(
      fc.property(
        fc.array(fc.array(word, { maxLength: 4 }), { maxLength: 4 }),
        separator,
        (commands, sep) => {
          const line = [...commands.map((c) => c.join(' ')), 'git reset --hard'].join(sep)
          expect(rule(line)).toBe('git reset --hard')
        },
      ),
    )
    fc.assert(
      fc.property(fc.string(), (line) => {
        checkShellCommand(line, scope)
      }),
    )
  })
})

describe('checkToolCall', () => {
  it('refuses writes outside the worktree, including through a symlink', () => {
    expect(checkToolCall('Edit', { file_path: join(base, 'wt/src/a.ts') }, scope)).toBeUndefined()
    expect(checkToolCall('Write', { file_path: 'src/new.ts' }, scope)).toBeUndefined()
    expect(checkToolCall('Write', { file_path: '/etc/passwd' }, scope)).toEqual({
      rule: 'writes outside the worktree',
      subject: 'Write /etc/passwd',
    })
    expect(checkToolCall('Edit', { file_path: join(base, 'wt/escape/x.ts') }, scope)?.rule).toBe(
      'writes outside the worktree',
    )
    expect(checkToolCall('NotebookEdit', { notebook_path: '../n.ipynb' }, scope)?.rule).toBe(
      'writes outside the worktree',
    )
    expect(checkToolCall('Edit', {}, scope)?.rule).toBe('writes outside the worktree')
  })

  it('refuses reading .env files with Read, Grep and Glob', () => {
    expect(checkToolCall('Read', { file_path: join(base, 'wt/.env') }, scope)?.rule).toBe('reads a .env file')
    expect(checkToolCall('Read', { file_path: join(base, 'wt/.env.example') }, scope)).toBeUndefined()
    expect(checkToolCall('Grep', { pattern: 'SECRET', path: '.env.production' }, scope)?.rule).toBe(
      'reads a .env file',
    )
    expect(checkToolCall('Grep', { pattern: 'SECRET', glob: '**/.env*' }, scope)?.rule).toBe(
      'reads a .env file',
    )
    expect(checkToolCall('Grep', { pattern: '.env', path: 'src' }, scope)).toBeUndefined()
    expect(checkToolCall('Glob', { pattern: '**/{.env,.env.local}' }, scope)?.rule).toBe('reads a .env file')
    expect(checkToolCall('Glob', { pattern: 'src/**/*.ts' }, scope)).toBeUndefined()
    expect(checkToolCall('Bash', { command: 'cat src/.env' }, scope)?.rule).toBe('reads a .env file')
  })
})

describe('isDotEnvPath', () => {
  it('matches .env files but not their committed templates', () => {
    expect(['.env', '/a/.env.local', 'config/.env.production', '.env/'].map(isDotEnvPath)).toEqual([
      true,
      true,
      true,
      true,
    ])
    expect(['.env.example', '.env.sample', 'env.ts', '.envrc', 'dotenv', 'my.env'].map(isDotEnvPath)).toEqual(
      [false, false, false, false, false, false],
    )
  })
})
