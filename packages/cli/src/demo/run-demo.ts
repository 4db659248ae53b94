import path from 'node:path'
import {
  createTracker,
  goLive,
  goLiveOf,
  isoWeek,
  loadTicketableTriage,
  runTriage,
  weeklyPipeline,
} from '@suture/pm-agent'
import { createHeuristicScorer, runScoreSessionsJob } from '@suture/scorer'
import { startServer } from '@suture/service'
import {
  claimJobRun,
  finishJobRun,
  openDatabase,
  type StorageTarget,
  type SutureDatabase,
  setAllowedOrigins,
} from '@suture/store'
import type { Browser } from 'playwright-core'
import { linksOf, publicUrlOf } from '../config/public-url.js'
import type { SutureConfig } from '../config/schema.js'
import { ChromiumMissingError, launchChromium } from './chromium.js'
import { buildDemoApp, DEMO_RELEASE, serveDemoApp } from './demo-app.js'
import { type DemoProject, demoProject } from './demo-project.js'
import { appBuildFiles, uploadDemoSourceMaps, uploadFixtureSourceMaps } from './demo-source-maps.js'
import { driveJourneys } from './drive.js'
import { planJourneys } from './journeys.js'
import { type DemoFixPlan, demoCodePointers, planDemoFixes } from './plan-fixes.js'
import { type RecordedPost, startRecordingProxy } from './record-proxy.js'
import { FIXTURE_PATH, readFixture, replayFixture, writeFixture } from './replay.js'
import { type DemoResults, readResults } from './summary.js'
import { type SentIds, type StoredCount, sentIds, waitUntilStored } from './wait-stored.js'

/** The demo app reports `app.environment: 'demo'` (examples/demo-app/src/main.tsx): the loop runs for it. */
const DEMO_ENVIRONMENTS = ['demo']

export const DEMO_JOURNEYS_JOB = 'demo-journeys'

export interface DemoReporter {
  /** A one-line note on what is happening (stderr). */
  note(line: string): void
  /** A progress bar for a long step. */
  progress(label: string): { update(done: number, total: number): void; finish(summary: string): void }
}

export interface DemoOptions {
  readonly target: StorageTarget
  /** An already open database to use instead of opening `target` (left open: the caller owns it). */
  readonly database?: SutureDatabase | undefined
  /** The recording `--replay` (or a missing Chromium) replays; default the committed one. */
  readonly fixture?: string | undefined
  readonly config: SutureConfig
  /** Where relative paths in the printed commands start (default the process's working directory). */
  readonly cwd?: string | undefined
  /** Where digests are written (`<dir>/<projectId>/<week>.md`). */
  readonly digestDir: string
  readonly journeys: number
  readonly concurrency: number
  readonly fresh: boolean
  /** Skip Chromium and replay the committed recording. */
  readonly replay: boolean
  /** An already launched Chromium to drive instead of launching one (left open: the caller owns it). */
  readonly browser?: Browser | undefined
  /** Write what the SDK posted to this file (a new replay fixture). */
  readonly recordFixture?: string | undefined
  readonly env: NodeJS.ProcessEnv
  readonly reporter: DemoReporter
  /** The demo's clock (tests pin it); default now. */
  readonly now?: Date | undefined
}

export interface JourneyRecord {
  readonly source: 'chromium' | 'fixture'
  readonly journeys: number
  readonly failed: number
  readonly sessions: number
  readonly envelopes: StoredCount['envelopes']
  readonly events: StoredCount['events']
  readonly recordedAt: string
  readonly chromiumMissing?: string | undefined
}

export interface DemoSummary {
  readonly projectId: string
  readonly publicKey: string
  readonly secretKey: string | undefined
  readonly projectCreated: boolean
  readonly replacedProject: string | undefined
  /** False when this run reused journeys recorded by an earlier run. */
  readonly drove: boolean
  readonly journeys: JourneyRecord
  readonly scoring: { readonly cutoff: string; readonly idleMinutes: number; readonly newlyScored: number }
  readonly results: DemoResults
  readonly digest: { readonly markdown: string; readonly html: string } | undefined
  /** The fixer's dry run over the tickets filed: what would be dispatched, and the line to run it. */
  readonly fixes: DemoFixPlan
  /** The shadow-mode pass before going live (first run only): what would have been filed, and its digest. */
  readonly shadow: { readonly wouldCreate: number; readonly digest: string | undefined } | undefined
  /** Who took the demo project live, and when. */
  readonly live: { readonly at: string; readonly by: string }
  /** Where `suture serve` shows this run: the dashboard, the week's digest and Issues pages. */
  readonly dashboard: { readonly home: string; readonly digest: string; readonly issues: string }
  readonly elapsedMs: number
}

/** Every journey ends with `$pageleave` (a beacon on pagehide): the last thing the server should see. */
function sessionsWithLeave(posts: readonly RecordedPost[]): Set<string> {
  const out = new Set<string>()
  for (const post of posts) {
    if (!post.path.endsWith('/v1/events')) continue
    const events = (post.body as { events?: { sessionId?: unknown; event?: unknown }[] }).events ?? []
    for (const e of events)
      if (e.event === '$pageleave' && typeof e.sessionId === 'string') out.add(e.sessionId)
  }
  return out
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return true
}

async function recordJourneys(
  database: SutureDatabase,
  project: DemoProject,
  options: DemoOptions,
  now: Date,
): Promise<JourneyRecord> {
  const { reporter } = options
  const server = await startServer({ database, closeDatabase: false, port: 0 })
  const proxy = await startRecordingProxy(server.url)
  try {
    let chromiumMissing: string | undefined
    if (!options.replay) {
      let browser = options.browser
      const ownBrowser = browser === undefined
      if (ownBrowser) {
        try {
          browser = await launchChromium({}, options.env)
        } catch (error: unknown) {
          if (!(error instanceof ChromiumMissingError)) throw error
          chromiumMissing = error.message
        }
      }
      if (browser) {
        try {
          const version = browser.version()
          const build = await buildDemoApp()
          reporter.note(
            `${build.cached ? 'Using the cached build of' : 'Built'} examples/demo-app (Vite) → ${build.dir}`,
          )
          // Before any error is sent, as a deploy pipeline uploads before the release goes live.
          const uploaded = await uploadDemoSourceMaps(database, project, {
            dir: build.dir,
            endpoint: server.url,
            release: DEMO_RELEASE,
          })
          reporter.note(
            `Uploaded ${uploaded.length} source maps for release ${DEMO_RELEASE} (as \`suture sourcemaps upload\` does): stacks resolve to examples/demo-app/src.`,
          )
          const app = await serveDemoApp(build.dir, { endpoint: proxy.url, publicKey: project.publicKey })
          try {
            await setAllowedOrigins(database.db, project.projectId, [app.url])
            const bar = reporter.progress(`driving ${options.journeys} journeys in Chromium ${version}`)
            const driven = await driveJourneys({
              browser,
              appUrl: app.url,
              plans: planJourneys(options.journeys),
              concurrency: options.concurrency,
              onProgress: (done, total) => bar.update(done, total),
            })
            // The last beacons ($pageleave) may still be on their way.
            await waitFor(() => {
              const left = sessionsWithLeave(proxy.posts)
              return proxy.inFlight() === 0 && driven.sessions.every((s) => left.has(s))
            }, 10_000)
            const ids = sentIds(proxy.posts)
            const stored = await waitUntilStored(database.db, project.projectId, ids)
            bar.finish(
              `Drove ${driven.sessions.length} journeys in Chromium${driven.failed.length > 0 ? ` (${driven.failed.length} failed: ${driven.failed[0]?.kind}: ${driven.failed[0]?.error})` : ''}; the SDK sent ${ids.envelopes.length} envelopes and ${ids.events.length} session events.`,
            )
            if (options.recordFixture) {
              await writeFixture(options.recordFixture, {
                journeys: driven.sessions.length,
                chromium: version,
                posts: proxy.posts,
                build: { release: DEMO_RELEASE, files: await appBuildFiles(build.dir) },
              })
              reporter.note(`Recorded what the SDK posted → ${options.recordFixture}`)
            }
            return {
              source: 'chromium',
              journeys: options.journeys,
              failed: driven.failed.length,
              sessions: driven.sessions.length,
              envelopes: stored.envelopes,
              events: stored.events,
              recordedAt: now.toISOString(),
            }
          } finally {
            await app.close()
          }
        } finally {
          if (ownBrowser) await browser.close()
        }
      }
      reporter.note(`${chromiumMissing}`)
      reporter.note(
        `Falling back to replaying journeys recorded from a real Chromium run (${path.relative(process.cwd(), options.fixture ?? FIXTURE_PATH)}).`,
      )
    }
    const fixture = await readFixture(options.fixture)
    if (fixture.build !== undefined) {
      const uploaded = await uploadFixtureSourceMaps(database, project, {
        files: fixture.build.files,
        endpoint: server.url,
        release: fixture.build.release,
      })
      reporter.note(
        `Uploaded the recorded build's source maps (${uploaded.length}) for release ${fixture.build.release}: replayed stacks resolve to examples/demo-app/src.`,
      )
    }
    const bar = reporter.progress(`replaying ${fixture.journeys} recorded journeys`)
    const posted = await replayFixture(
      fixture,
      { url: server.url, publicKey: project.publicKey },
      now,
      (d, t) => bar.update(d, t),
    )
    const ids: SentIds = sentIds(posted)
    const stored = await waitUntilStored(database.db, project.projectId, ids)
    bar.finish(
      `Replayed ${fixture.journeys} journeys recorded in Chromium ${fixture.chromium}: ${ids.envelopes.length} envelopes and ${ids.events.length} session events, as the SDK posted them.`,
    )
    return {
      source: 'fixture',
      journeys: fixture.journeys,
      failed: 0,
      sessions: fixture.journeys,
      envelopes: stored.envelopes,
      events: stored.events,
      recordedAt: now.toISOString(),
      ...(chromiumMissing ? { chromiumMissing } : {}),
    }
  } finally {
    await proxy.close()
    await server.close()
  }
}

/**
 * The whole loop on one machine: the demo app in Chromium sends envelopes and session events through
 * the SDK to the ingest server; then the nightly scoring, the weekly triage, tickets on the local
 * tracker and the Monday digest run on what was stored. Every step is idempotent: a second run finds
 * its journeys in `job_runs`, skips the browser, and reruns the rest to the same result.
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now()
  const now = options.now ?? new Date()
  const { reporter, config } = options
  const database = options.database ?? (await openDatabase(options.target))
  try {
    const { db } = database
    let project = await demoProject(database, options.fresh)
    let claim = await claimJobRun(db, DEMO_JOURNEYS_JOB, project.projectId, { journeys: options.journeys })
    if (claim.kind === 'claimed' && claim.resumed) {
      // An earlier run stopped while driving: its partial traffic is stored, and driving again into the
      // same project would add to it. Start a clean project instead (the old one is kept, renamed).
      reporter.note('An earlier demo run was interrupted while sending traffic; starting a new demo project.')
      await finishJobRun(db, claim.runId, {
        status: 'failed',
        error: 'interrupted; replaced by a new demo project',
      })
      project = await demoProject(database, true)
      claim = await claimJobRun(db, DEMO_JOURNEYS_JOB, project.projectId, { journeys: options.journeys })
    }
    let journeys: JourneyRecord
    if (claim.kind === 'already-succeeded') {
      const row = await db
        .selectFrom('job_runs')
        .select(['details'])
        .where('id', '=', claim.runId)
        .executeTakeFirstOrThrow()
      journeys = row.details as unknown as JourneyRecord
      reporter.note(
        `Journeys already recorded for this demo project (${journeys.sessions} sessions, ${journeys.recordedAt}); skipping the browser. Use --fresh to start over.`,
      )
    } else {
      try {
        journeys = await recordJourneys(database, project, options, now)
        await finishJobRun(db, claim.runId, { status: 'succeeded', details: { ...journeys } })
      } catch (error: unknown) {
        const message = error instanceof Error ? error.message : String(error)
        await finishJobRun(db, claim.runId, { status: 'failed', error: message }).catch(() => {})
        throw error
      }
    }

    // The demo's sessions ended seconds ago; the nightly job only scores sessions idle for
    // `sessionIdleMinutes`. Running it with its clock that far ahead makes them count as ended.
    const idleMinutes = config.schedule.sessionIdleMinutes
    const cutoff = new Date((options.now ? now.getTime() : Date.now()) + (idleMinutes + 1) * 60_000)
    const bar = reporter.progress('scoring sessions (heuristic)')
    const scoring = await runScoreSessionsJob(db, {
      key: `demo:${project.projectId}`,
      scorer: createHeuristicScorer(),
      projectId: project.projectId,
      now: cutoff,
      idleMinutes,
      onProgress: (done, total) => bar.update(done, total),
    })
    const newlyScored = scoring.status === 'succeeded' ? scoring.summary.scored : 0
    bar.finish(
      scoring.status === 'succeeded'
        ? `Scored ${newlyScored} sessions (nightly job, clock set to ${cutoff.toISOString()}).`
        : 'Sessions already scored by an earlier run.',
    )

    const week = isoWeek(now)
    reporter.note(`Weekly triage for ${week}…`)
    await runTriage({
      db,
      projectId: project.projectId,
      week,
      now,
      config: {
        thresholds: {
          minUsers: config.thresholds.ticketMinUsers,
          minSessions: config.thresholds.ticketMinSessions,
        },
        codePointers: demoCodePointers(),
        environments: DEMO_ENVIRONMENTS,
      },
    })
    // The links written into tickets, comments and the digest point where `suture serve` will show them.
    const baseUrl = publicUrlOf(config)
    const links = linksOf(config)
    const pipelineTo = (outDir: string) =>
      weeklyPipeline({
        createTracker: (trackerDb, projectId) =>
          createTracker(trackerDb, projectId, { localBaseUrl: baseUrl }),
        loadTriage: loadTicketableTriage,
        clusterUrl: (projectId, key) => links.issue(key, projectId),
        outDir,
        environments: DEMO_ENVIRONMENTS,
      })
    // Every project starts in shadow mode: the first pass files nothing and its digest says what would
    // have been filed. Going live is a person's decision; the demo makes it on the newcomer's behalf.
    let shadow: DemoSummary['shadow']
    let live = await goLiveOf(db, project.projectId)
    if (!live) {
      reporter.note('Shadow mode: planning the tickets without filing any…')
      const plan = await pipelineTo(path.join(options.digestDir, 'shadow'))({
        db,
        projectId: project.projectId,
        week,
        shadow: true,
        now,
      })
      shadow = {
        wouldCreate: typeof plan.filed === 'number' ? plan.filed : 0,
        digest: typeof plan.digest === 'string' ? plan.digest : undefined,
      }
      live = await goLive(db, { projectId: project.projectId, by: 'suture demo (on your behalf)' })
    }
    reporter.note('Live: filing tickets on the local tracker and writing the digest…')
    const details = await pipelineTo(options.digestDir)({
      db,
      projectId: project.projectId,
      week,
      shadow: false,
      now,
    })
    const markdown = typeof details.digest === 'string' ? details.digest : undefined
    const results = await readResults(database, project.projectId, week)
    reporter.note('Planning what the fixer would be handed (dry run, no agent)…')
    const fixes = await planDemoFixes(database, project.projectId, config, options.cwd ?? process.cwd())
    return {
      projectId: project.projectId,
      publicKey: project.publicKey,
      secretKey: project.secretKey,
      projectCreated: project.created,
      replacedProject: project.replaced,
      drove: claim.kind !== 'already-succeeded',
      journeys,
      scoring: { cutoff: cutoff.toISOString(), idleMinutes, newlyScored },
      results,
      digest: markdown ? { markdown, html: markdown.replace(/\.md$/, '.html') } : undefined,
      fixes,
      shadow,
      live: { at: live.at.toISOString(), by: live.by },
      dashboard: { home: links.home, digest: links.digest(week), issues: links.issues(week) },
      elapsedMs: Date.now() - started,
    }
  } finally {
    if (!options.database) await database.close()
  }
}
