import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bannedCommand } from './banned.js'
import { parseAgentClaims, reproductionTests } from './reproduce.js'
import { checkScope, isTestFile } from './scope.js'

const CWD = '/tmp/suture-fix/run-1/repo'

describe('bannedCommand', () => {
  it.each([
    ['git push --no-verify origin HEAD', 'git push --no-verify'],
    ['git push origin suture/x', 'git push'],
    ['cd src && git reset --hard HEAD~2', 'git reset --hard'],
    ['rm -rf /', 'rm -rf outside the worktree'],
    ['rm -rf ../other-repo', 'rm -rf outside the worktree'],
    ['rm -fr ~/.ssh', 'rm -rf outside the worktree'],
    ['rm -rf .', 'rm -rf outside the worktree'],
    ['cat .env', 'reading .env files'],
    ['source ./config/.env.production', 'reading .env files'],
    ['echo pwned > /etc/hosts', 'writing outside the worktree'],
  ])('%s is banned (%s)', (command, rule) => {
    expect(bannedCommand(command, CWD)?.rule).toBe(rule)
  })

  it.each([
    'git status',
    'git diff HEAD',
    'rm -rf node_modules dist',
    `rm -rf ${CWD}/coverage`,
    'cp .env.example .env.example.bak',
    'node --test > /dev/null',
    `echo ok > ${CWD}/notes.txt`,
    'grep -rn "environment" src',
  ])('%s is allowed', (command) => {
    expect(bannedCommand(command, CWD)).toBeNull()
  })

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string(), (command) => void bannedCommand(command, CWD)))
  })
})

describe('parseAgentClaims', () => {
  it('reads the markers, tolerating Markdown decoration', () => {
    const claims = parseAgentClaims(
      'Root cause…\n- `SUTURE-TEST: ./src/a.test.js`\n> SUTURE-TEST: src/b.test.js\n',
    )
    expect(claims.tests).toEqual(['src/a.test.js', 'src/b.test.js'])
    expect(parseAgentClaims('SUTURE-CANNOT-REPRODUCE: tried three inviters').cannotReproduce).toBe(
      'tried three inviters',
    )
  })

  it('falls back to changed test files, and never lets a named test escape the checkout', () => {
    expect(
      reproductionTests({ tests: [], cannotReproduce: undefined }, ['src/a.js', 'src/a.test.js']),
    ).toEqual(['src/a.test.js'])
    fc.assert(
      fc.property(fc.string(), (text) => {
        const tests = reproductionTests(parseAgentClaims(`SUTURE-TEST: ${text}`), [])
        for (const t of tests) {
          expect(t.startsWith('..')).toBe(false)
          expect(t.startsWith('/')).toBe(false)
        }
      }),
    )
  })
})

describe('scope', () => {
  it('allows the pointed files and any test file, within the line limit', () => {
    const scope = { allowed: ['src/pages/members.js', 'src/members/'], maxChangedLines: 10 }
    const ok = checkScope(
      {
        files: [
          { file: 'src/pages/members.js', added: 2, deleted: 1 },
          { file: 'src/members/list.js', added: 1, deleted: 0 },
          { file: 'test/members.spec.ts', added: 5, deleted: 0 },
        ],
        changedLines: 9,
      },
      scope,
    )
    expect(ok.ok).toBe(true)
    const wide = checkScope(
      { files: [{ file: 'src/pages/billing.js', added: 20, deleted: 0 }], changedLines: 20 },
      scope,
    )
    expect(wide.ok).toBe(false)
    expect(wide.detail).toBe(
      "files outside the ticket's scope: src/pages/billing.js; 20 changed lines (limit 10)",
    )
    expect(isTestFile('src/__tests__/x.ts')).toBe(true)
    expect(isTestFile('src/testing.ts')).toBe(false)
  })
})
