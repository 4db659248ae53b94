import { importPostHogEvents } from '@suture/scorer'
import { listProjects, openDatabase } from '@suture/store'
import { type Command, UsageError } from '../command.js'
import { loadConfig } from '../config/load.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE, stringOption } from '../storage-options.js'
import { parseSince } from './score-scorer.js'

/** Personal API keys talk to the app host (`eu.posthog.com`), not the ingestion host (`eu.i.posthog.com`). */
export function posthogAppHost(host: string): string {
  return host.replace(/\/\/(us|eu)\.i\.posthog\.com/, '//$1.posthog.com').replace(/\/$/, '')
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import sessions from PostHog (HogQL query API) so they are scored like our own',
  usage: [
    `suture import posthog --since 2026-03-01 --until 2026-03-02 [--project ID] [--posthog-project ID] [--posthog-host URL] ${STORAGE_USAGE}`,
  ],
  options: {
    ...STORAGE_OPTIONS,
    since: { type: 'string', description: 'first day to import, e.g. 2026-03-01 (required)' },
    until: { type: 'string', description: 'day after the last one to import (required)' },
    project: { type: 'string', description: 'the Suture project to import into (default the only one)' },
    'posthog-project': { type: 'string', description: 'the PostHog project id (default POSTHOG_PROJECT_ID)' },
    'posthog-host': {
      type: 'string',
      description: 'the PostHog host (default POSTHOG_HOST, else https://us.i.posthog.com)',
    },
    'page-size': { type: 'string', description: 'sessions per PostHog query page' },
  },
  async run(ctx) {
    const [source] = ctx.positionals
    if (source !== 'posthog') throw new UsageError('name the source: suture import posthog …')
    const since = parseSince(stringOption(ctx, 'since'))
    if (!since) throw new UsageError('--since is required (e.g. 2026-03-01 or 7d)')
    const until = parseSince(stringOption(ctx, 'until')) ?? new Date()
    if (until <= since) throw new UsageError('--until must be after --since')
    const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
    const personalApiKey = config.posthog.personalApiKey
    if (!personalApiKey) {
      throw new UsageError(
        'set POSTHOG_PERSONAL_API_KEY (a personal API key with query:read) to import from PostHog',
      )
    }
    const posthogProjectId = stringOption(ctx, 'posthog-project') ?? config.posthog.projectId
    if (!posthogProjectId)
      throw new UsageError(
        'set POSTHOG_PROJECT_ID or pass --posthog-project (the numeric PostHog project id)',
      )
    const pageSize = stringOption(ctx, 'page-size')
    const database = await openDatabase(resolveStorageTarget(ctx))
    try {
      let projectId = stringOption(ctx, 'project')
      if (!projectId) {
        const projects = await listProjects(database.db)
        if (projects.length !== 1) {
          throw new UsageError(
            projects.length === 0
              ? 'no Suture project yet: create one with `suture project create NAME`'
              : `several projects exist; pass --project (one of ${projects.map((p) => p.id).join(', ')})`,
          )
        }
        projectId = projects[0]?.id as string
      }
      const summary = await importPostHogEvents(database.db, {
        host: posthogAppHost(stringOption(ctx, 'posthog-host') ?? config.posthog.host),
        posthogProjectId,
        personalApiKey,
        projectId,
        since,
        until,
        ...(pageSize !== undefined ? { pageSize: Number(pageSize) } : {}),
        log: (line) => ctx.stderr.write(`${line}\n`),
      })
      ctx.stdout.write(
        `Imported ${summary.events} events (${summary.accepted} new) in ${summary.sessions} sessions from ${summary.pages} pages.\n`,
      )
      return 0
    } finally {
      await database.close()
    }
  },
}
