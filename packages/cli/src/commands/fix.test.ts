import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

const dir = mkdtempSync(path.join(tmpdir(), 'suture-fix-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const suture = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(args, { cwd: dir, env: { PATH: process.env.PATH, ...env } })

describe('suture fix', () => {
  it('says what is missing before touching anything', async () => {
    const none = await suture(['fix', '--repo', dir])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('--ticket ID or --all')
    const agent = await suture(['fix', '--repo', dir, '--all', '--agent', 'codex'])
    expect(agent.code).toBe(2)
    expect(agent.stderr).toContain('claude-code or command')
    const command = await suture(['fix', '--repo', dir, '--all', '--agent', 'command'])
    expect(command.code).toBe(2)
    expect(command.stderr).toContain('--agent-command')
    const repo = await suture(['fix', '--all'])
    expect(repo.code).toBe(2)
    expect(repo.stderr).toContain('SUTURE_FIX_REPO')
    const github = await suture(['fix', '--repo', dir, '--all'], { SUTURE_GITHUB_OWNER: 'acme' })
    expect(github.code).toBe(2)
    expect(github.stderr).toContain('GITHUB_TOKEN')
    const workers = await suture(['fix', '--repo', dir, '--all', '--workers', '0'])
    expect(workers.code).toBe(2)
  })
})

describe('the overnight fixer job', () => {
  it('is scheduled after the nightly scoring only when a repository is configured', async () => {
    const { configSchema } = await import('../config/schema.js')
    const { workerJobs } = await import('./worker-jobs.js')
    const names = (input: object) =>
      workerJobs(configSchema.parse(input), { scorer: 'heuristic' }).map((j) => [j.name, j.cron])
    expect(names({}).map(([name]) => name)).not.toContain('fixer.overnight')
    expect(names({ fix: { repo: dir } })).toContainEqual(['fixer.overnight', '30 3 * * *'])
    expect(names({ fix: { repo: dir, cron: '0 4 * * *' } })).toContainEqual(['fixer.overnight', '0 4 * * *'])
  })
})
