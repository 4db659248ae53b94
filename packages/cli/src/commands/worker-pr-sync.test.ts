import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PR_SYNC_JOB } from '@suture/fixer'
import { seedProposal, startFakeGitHub } from '@suture/fixer/testing'
import { seedTicketAndDigest } from '@suture/service/testing'
import { createProject } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config/load.js'
import { workerJobs } from './worker-jobs.js'

const backend = TEST_DATABASES.find((b) => b.available)

describe("the worker's PR state sync", () => {
  it('runs only with a GitHub token, and a merge it finds starts post-merge validation', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'suture-cwd-'))
    const none = await loadConfig({ env: {}, cwd })
    expect(workerJobs(none, { scorer: 'heuristic', cwd }).map((j) => j.name)).not.toContain(PR_SYNC_JOB)

    if (!backend) throw new Error('no test database backend')
    const github = await startFakeGitHub({ owner: 'acme', repo: 'web' })
    const database = await backend.open()
    try {
      const config = await loadConfig({
        env: { GITHUB_TOKEN: 'ghp_worker', GITHUB_API_URL: github.url },
        cwd,
      })
      const job = workerJobs(config, { scorer: 'heuristic', cwd }).find((j) => j.name === PR_SYNC_JOB)
      expect(job).toBeDefined()

      const { projectId } = await createProject(database.db, { name: 'worker sync' })
      const key = 'cluster-members'
      await seedTicketAndDigest(database, projectId, {
        clusterKey: key,
        title: 'inviter is null',
        week: '2026-W48',
        html: '',
        markdown: '',
      })
      await database.db.updateTable('ticket_links').set({ fix_release: null, validation: null }).execute()
      github.pulls.push({
        number: 1,
        title: 't',
        head: 'suture/x',
        base: 'main',
        body: '',
        draft: true,
        state: 'open',
      })
      await seedProposal(database.db, projectId, {
        run_id: 'run-w',
        ticket_id: `lt-${key}`,
        cluster_key: key,
        proposal_url: 'https://github.com/acme/web/pull/1',
      })
      github.merge(1, { login: 'octocat', at: '2026-12-02T09:00:00Z', sha: 'a'.repeat(40) })
      const result = await job?.run({ database, data: {}, jobId: 'test', log: () => {} })
      expect(result).toEqual({ checked: 1, changed: 1, failed: 0 })
      const link = await database.db
        .selectFrom('ticket_links')
        .select(['fix_release', 'validation'])
        .where('cluster_key', '=', key)
        .executeTakeFirstOrThrow()
      // No deploy carries the merge commit yet: validation counts from the merge commit itself.
      expect(link).toEqual({ fix_release: 'a'.repeat(40), validation: 'pending' })
      expect(github.requests.at(-1)?.auth).toBe('token ghp_worker')
    } finally {
      await database.close()
      await github.close()
    }
  }, 60_000)
})
