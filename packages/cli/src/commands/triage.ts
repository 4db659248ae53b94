import {
  evidenceLines,
  isoWeek,
  isoWeekRange,
  runTriage,
  type TriagedCluster,
  type TriageJudgeStats,
  type TriageResult,
} from '@suture/pm-agent'
import { listProjects, openDatabase } from '@suture/store'
import { type Command, type CommandContext, UsageError } from '../command.js'
import { loadConfig } from '../config/load.js'
import { triageConfigFrom } from '../config/triage-config.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE, stringOption } from '../storage-options.js'

const WEEK = /^\d{4}-W\d{2}$/
const ENVIRONMENT = /^[A-Za-z0-9_.-]{1,64}$/

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x))

const DECISION_LABEL: Record<TriagedCluster['decision'], string> = {
  ticket: 'TICKET',
  'held-for-humans': 'HELD FOR HUMANS',
  'needs-confirmation': 'NEEDS CONFIRMATION',
  observation: 'OBSERVATION',
}

const fixed = (n: number | undefined, digits = 2) => (n === undefined ? '–' : n.toFixed(digits))
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

function describeCluster(c: TriagedCluster, position: number): string {
  const p = c.priority
  const rate = p.rate
  const trendText =
    rate.trend === 'new'
      ? `new (${rate.thisWeek} this week, none counted before)`
      : `${rate.trend} (${rate.thisWeek} this week vs ${rate.previousMean.toFixed(1)}/week before, p = ${rate.pValue.toFixed(3)})`
  const parts = [
    `breadth ${fixed(p.parts.breadth)}`,
    `depth ${fixed(p.parts.depth)}${p.depthShare !== undefined ? ` (${(p.depthShare * 100).toFixed(0)}% of the route's sessions)` : ''}`,
    `duration ${fixed(p.parts.duration)} (${plural(c.daysActive, 'day')} active)`,
    `rate ${fixed(p.parts.rate)}`,
    `nps ${fixed(p.parts.nps)}${c.npsDrop !== undefined ? ` (−${c.npsDrop.toFixed(1)} points)` : ''}`,
  ]
  const evidence = evidenceLines(c.evidence)
  const lines = [
    `${position}. [${DECISION_LABEL[c.decision]}] P${p.linear} ${c.title}`,
    `   key ${c.key}${c.route ? ` · route ${c.route}` : ''}${c.department ? ` · ${c.department}` : ''}`,
    `   members: ${plural(c.counts.signals, 'signal')} · ${plural(c.counts.users, 'user')} · ${plural(c.counts.sessions, 'session')} · ${plural(c.counts.workspaces, 'workspace')} · ${c.firstSeen.slice(0, 10)} → ${c.lastSeen.slice(0, 10)}`,
    `   evidence: ${evidence.length > 0 ? evidence.join(', ') : 'a single signal (nothing to merge)'}`,
    `   priority: ${p.score.toFixed(2)} → Linear ${p.linear}; ${parts.join(', ')}`,
    `   trend: ${trendText}`,
    `   labels: ${c.labels.join(', ') || '–'}${c.autoFixable ? '' : ` · not auto-fixable: ${c.reasons.join('; ')}`}`,
    `   why: ${c.decisionReason}`,
  ]
  for (const pointer of c.codePointers.slice(0, 4)) {
    const where = `${pointer.file}${pointer.line !== undefined ? `:${pointer.line}` : ''}`
    lines.push(`   code: ${where}${pointer.owners?.length ? ` (owners ${pointer.owners.join(' ')})` : ''}`)
  }
  return lines.join('\n')
}

/** `partialUntil`: the week is still running; the header says so and up to when it counts. */
export function formatTriage(
  result: TriageResult,
  partialUntil?: Date,
  environments?: readonly string[],
  stored = true,
): string {
  const s = result.summary
  const partial = partialUntil
    ? ` (partial week: ${isoWeekRange(result.week).start.toISOString().slice(0, 10)} to ${partialUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC, still running)`
    : ''
  const out = [
    `Triage of ${result.week}${partial} for project ${result.projectId}: ${plural(s.signals, 'signal')} → ${plural(s.clusters, 'cluster')}`,
    ...(environments
      ? [
          `  Environments: ${environments.join(', ')} (others are left out; --env to look at one)${stored ? '' : " — a look only, not stored: the stored week stays the configured environments'"}`,
        ]
      : []),
    `  ${s.tickets} to ticket, ${s.held} held for humans, ${s.needsConfirmation} needing confirmation, ${plural(s.observations, 'observation')}`,
    `  A cluster is ticketed at ≥ ${result.thresholds.minUsers} users or ≥ ${result.thresholds.minSessions} sessions; auth, billing, deletion, migrations, jobs and production data are held for humans.`,
    '',
  ]
  if (result.clusters.length === 0) out.push('No signals this week.')
  result.clusters.forEach((c, i) => {
    out.push(describeCluster(c, i + 1), '')
  })
  const judge = result.stats.judge as TriageJudgeStats | undefined
  if (judge) {
    const why = judge.apiError
      ? `; stopped by an API error (${judge.apiError})`
      : judge.stoppedByBudget
        ? "; stopped at the week's budget"
        : ''
    out.push(
      `Claude judge (${judge.model}) read ${plural(judge.links, 'one-signal pair')}: ${judge.same} same (merged), ${judge.different} different, ${judge.leftForPeople} left for people; ${judge.requests} asked, ${judge.cached} from its cache, $${judge.spentUsd.toFixed(4)}${why}`,
      '',
    )
  }
  if (result.pairs.length > 0) {
    out.push(
      'Needs confirmation — exactly one signal says these are the same problem (answer Same/Different in the dashboard):',
    )
    for (const pair of result.pairs)
      out.push(
        `  ${pair.a} ↔ ${pair.b}: ${pair.signal} agreed (score ${pair.score.toFixed(2)}), clusters ${pair.clusterA} ↔ ${pair.clusterB}`,
      )
  }
  return `${out.join('\n').trimEnd()}\n`
}

async function chooseProject(
  ctx: CommandContext,
  projects: readonly { id: string; name: string }[],
): Promise<string> {
  const given = stringOption(ctx, 'project')
  if (given) {
    if (!projects.some((p) => p.id === given))
      throw new UsageError(`no project '${given}'; see suture project list`)
    return given
  }
  if (projects.length === 1) return (projects[0] as { id: string }).id
  if (projects.length === 0) throw new UsageError('no projects yet: suture project create <name>')
  throw new UsageError(`several projects: pass --project (${projects.map((p) => p.id).join(', ')})`)
}

export const triageCommand: Command = {
  name: 'triage',
  summary:
    "Cluster a week's stored errors, feedback and low-scored sessions, store the clusters and decide what deserves a ticket; it files nothing",
  usage: [
    `suture triage [--week 2026-W48] [--project ID] [--env NAME[,NAME]] [--repo PATH] [--json] ${STORAGE_USAGE}`,
    '  --week     ISO week to triage (default: the current week so far, marked partial)',
    '  --env      environments to triage (default: the configured environments, production)',
    '  --repo     a local checkout: map stack frames and routes to files and CODEOWNERS owners',
    '  thresholds and extra safety keywords come from suture.config.* or SUTURE_TICKET_MIN_USERS, …',
  ],
  options: {
    ...STORAGE_OPTIONS,
    week: {
      type: 'string',
      description: 'ISO week to triage, e.g. 2026-W48 (default the current week so far, marked partial)',
    },
    project: { type: 'string', description: 'one project id (default every project)' },
    repo: {
      type: 'string',
      description: 'a local checkout: map frames and routes to files and CODEOWNERS owners',
    },
    env: {
      type: 'string',
      description: 'environments to triage, comma-separated (default the configured ones, else production)',
    },
    json: { type: 'boolean', description: 'print the run as JSON' },
  },
  async run(ctx) {
    // A new app has data today, not last week: the default is the current week so far.
    const now = new Date()
    const week = stringOption(ctx, 'week') ?? isoWeek(now)
    if (!WEEK.test(week)) throw new UsageError(`--week '${week}' is not an ISO week like 2026-W48`)
    const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
    const repo = stringOption(ctx, 'repo')
    const envFlag = stringOption(ctx, 'env')
    const environments = envFlag
      ?.split(',')
      .map((e) => e.trim())
      .filter((e) => e.length > 0)
    if (environments && (environments.length === 0 || environments.some((e) => !ENVIRONMENT.test(e))))
      throw new UsageError(`--env '${envFlag}' must name environments like production or staging,preview`)
    const database = await openDatabase(resolveStorageTarget(ctx))
    try {
      const projectId = await chooseProject(ctx, await listProjects(database.db))
      // Another environment than the loop's is a look, not the week's stored result.
      const used = environments ?? config.environments
      const stored = environments === undefined || sameSet(environments, config.environments)
      const result = await runTriage({
        db: database.db,
        projectId,
        week,
        store: stored,
        config: triageConfigFrom(config, {
          ...(repo ? { repo } : {}),
          ...(environments ? { environments } : {}),
          cwd: ctx.cwd,
        }),
      })
      const partial = isoWeekRange(week).end > now ? now : undefined
      ctx.stdout.write(
        ctx.values.json === true
          ? `${JSON.stringify({ ...result, partial: partial !== undefined, environments: used, stored })}\n`
          : formatTriage(result, partial, used, stored),
      )
      return 0
    } finally {
      await database.close()
    }
  },
}
