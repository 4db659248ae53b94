import { z } from 'zod'

const positiveInt = z.coerce.number().int().positive()
const nonNegative = z.coerce.number().nonnegative()
const list = z.union([z.array(z.string()), z.string().transform((s) => splitList(s))])

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

// Days to keep a kind of data; `forever` (or null in the config file) keeps it.
const retentionDays = z.union([
  z.literal('forever').transform(() => null),
  z.null(),
  z.coerce.number().int().positive().max(36_500),
])
const retentionWindows = {
  envelopes: retentionDays.optional(),
  sessionEvents: retentionDays.optional(),
  sessions: retentionDays.optional(),
  scores: retentionDays.optional(),
  jobRuns: retentionDays.optional(),
}

/** Everything Suture can be configured with; every field has a default that works on one laptop. */
export const configSchema = z.object({
  databaseUrl: z.string().url().optional(),
  dataDir: z.string().min(1).default('.suture'),
  /**
   * A local checkout of the app's repository: every triage run (the worker's weekly run and `suture
   * triage`) maps stack frames and routes to files and CODEOWNERS owners in it.
   */
  repository: z.string().min(1).optional(),
  /**
   * The environments the loop runs for: triage, spikes, validation and running totals read only their
   * envelopes (the SDK sends its bundler's mode; an envelope without one counts as production).
   */
  environments: list
    .pipe(
      z
        .array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)'))
        .min(1, 'name at least one environment'),
    )
    .default(['production']),
  /** Where fix outcomes are appended as JSON lines (besides the database); default `<dataDir>/outcomes.jsonl`, `off` for none. */
  outcomeLog: z.string().min(1).optional(),
  server: z
    .object({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.coerce.number().int().min(0).max(65_535).default(8787),
      /** Where browsers and SDKs reach this server (behind a proxy or load balancer); used for printed DSNs. */
      publicUrl: z.string().url().optional(),
      /** Signs dashboard session cookies; set the same value on every server behind a load balancer. */
      dashboardSecret: z.string().min(32, 'must be at least 32 characters').optional(),
    })
    .prefault({}),
  anthropic: z
    .object({
      apiKey: z.string().min(1).optional(),
      baseUrl: z.string().url().optional(),
      model: z.string().min(1).default('claude-haiku-4-5'),
      /** Per scoring run, in US dollars. */
      budgetUsd: nonNegative.default(5),
      /**
       * The Claude judge of one-signal dedup pairs, in US dollars per project and triaged week. 0 (the
       * default) leaves every question to a person; it runs only with an API key.
       */
      judgeBudgetUsd: nonNegative.default(0),
    })
    .prefault({}),
  posthog: z
    .object({
      host: z.string().url().default('https://us.i.posthog.com'),
      projectApiKey: z.string().min(1).optional(),
      personalApiKey: z.string().min(1).optional(),
      projectId: z.string().min(1).optional(),
    })
    .prefault({}),
  linear: z
    .object({
      apiKey: z.string().min(1).optional(),
      teamId: z.string().min(1).optional(),
      apiUrl: z.string().url().optional(),
    })
    .prefault({}),
  schedule: z
    .object({
      timeZone: z
        .string()
        .refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin')
        .default('UTC'),
      nightlyScoring: z.string().min(1).default('0 3 * * *'),
      /** The weekly PM run and digest: ISO weekday (1 = Monday) and local `HH:MM` in `timeZone`. */
      digestWeekday: z.coerce.number().int().min(1).max(7).default(1),
      digestTime: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time such as 08:00')
        .default('08:00'),
      sessionIdleMinutes: positiveInt.default(30),
    })
    .prefault({}),
  thresholds: z
    .object({
      ticketMinUsers: positiveInt.default(5),
      ticketMinSessions: positiveInt.default(40),
    })
    .prefault({}),
  safety: z
    .object({
      /** Extra keywords / route fragments that hold a cluster for human triage, on top of the defaults. */
      keywords: list.default([]),
    })
    .prefault({}),
  spikes: z
    .object({
      webhookUrl: z.string().url().optional(),
    })
    .prefault({}),
  /**
   * How long each kind of data is kept (the daily retention job); unset kinds keep the defaults: 90 days
   * of envelopes and session events, 730 of sessions and scores, 180 of job runs. `projects` overrides
   * them per project id (config file only).
   */
  retention: z
    .object({
      ...retentionWindows,
      projects: z.record(z.string().min(1), z.object(retentionWindows).strict()).default({}),
      cron: z.string().min(1).default('30 2 * * *'),
    })
    .prefault({}),
  /** The fixer: which repository, how its tests run, which agent, what it may spend. */
  fix: z
    .object({
      /** A local checkout or a git URL of the product's repository. */
      repo: z.string().min(1).optional(),
      baseBranch: z.string().min(1).optional(),
      testCommand: z.string().min(1).default('npm test'),
      /** One test file; `{file}` is replaced by its path (the reproduction check). */
      testFileCommand: z.string().min(1).default('node --test {file}'),
      agent: z.enum(['claude-code', 'command']).default('claude-code'),
      /** With `agent: command`: the agent CLI, the prompt on standard input (e.g. `claude -p`). */
      agentCommand: z.string().min(1).optional(),
      model: z.string().min(1).default('claude-sonnet-4-6'),
      budgetPerRunUsd: nonNegative.default(5),
      budgetPerLineageUsd: nonNegative.default(25),
      maxAttempts: positiveInt.default(3),
      maxChangedLines: positiveInt.default(200),
      workers: positiveInt.default(1),
      /** When the overnight dispatch starts (cron in `schedule.timeZone`), after the nightly scoring. */
      cron: z.string().min(1).default('30 3 * * *'),
      /** Minutes after the start during which tickets may be started. */
      windowMinutes: positiveInt.default(180),
      /** Variables copied into the agent's environment (Suture's own secrets are never copied). */
      passEnv: list.default([]),
      github: z
        .object({
          token: z.string().min(1).optional(),
          owner: z.string().min(1).optional(),
          repo: z.string().min(1).optional(),
          apiUrl: z.string().url().optional(),
          /** How the Review page's Merge merges (the repository must allow it). */
          mergeMethod: z.enum(['squash', 'merge', 'rebase']).default('squash'),
        })
        .prefault({}),
    })
    .prefault({}),
})

export type SutureConfig = z.infer<typeof configSchema>
export type SutureConfigInput = z.input<typeof configSchema>

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

/** Which environment variable sets which config path; error messages name the variable. */
export const ENV_VARIABLES = {
  DATABASE_URL: 'databaseUrl',
  SUTURE_DATA_DIR: 'dataDir',
  SUTURE_REPOSITORY: 'repository',
  SUTURE_OUTCOME_LOG: 'outcomeLog',
  SUTURE_ENVIRONMENTS: 'environments',
  SUTURE_HOST: 'server.host',
  SUTURE_PORT: 'server.port',
  SUTURE_PUBLIC_URL: 'server.publicUrl',
  SUTURE_DASHBOARD_SECRET: 'server.dashboardSecret',
  ANTHROPIC_API_KEY: 'anthropic.apiKey',
  ANTHROPIC_BASE_URL: 'anthropic.baseUrl',
  SUTURE_CLAUDE_MODEL: 'anthropic.model',
  SUTURE_SCORING_BUDGET_USD: 'anthropic.budgetUsd',
  SUTURE_JUDGE_BUDGET_USD: 'anthropic.judgeBudgetUsd',
  POSTHOG_HOST: 'posthog.host',
  POSTHOG_PROJECT_API_KEY: 'posthog.projectApiKey',
  POSTHOG_PERSONAL_API_KEY: 'posthog.personalApiKey',
  POSTHOG_PROJECT_ID: 'posthog.projectId',
  LINEAR_API_KEY: 'linear.apiKey',
  LINEAR_TEAM_ID: 'linear.teamId',
  LINEAR_API_URL: 'linear.apiUrl',
  SUTURE_TIMEZONE: 'schedule.timeZone',
  SUTURE_NIGHTLY_CRON: 'schedule.nightlyScoring',
  SUTURE_DIGEST_WEEKDAY: 'schedule.digestWeekday',
  SUTURE_DIGEST_TIME: 'schedule.digestTime',
  SUTURE_SESSION_IDLE_MINUTES: 'schedule.sessionIdleMinutes',
  SUTURE_TICKET_MIN_USERS: 'thresholds.ticketMinUsers',
  SUTURE_TICKET_MIN_SESSIONS: 'thresholds.ticketMinSessions',
  SUTURE_SAFETY_KEYWORDS: 'safety.keywords',
  SUTURE_SPIKE_WEBHOOK_URL: 'spikes.webhookUrl',
  SUTURE_RETENTION_ENVELOPES_DAYS: 'retention.envelopes',
  SUTURE_RETENTION_SESSION_EVENTS_DAYS: 'retention.sessionEvents',
  SUTURE_RETENTION_SESSIONS_DAYS: 'retention.sessions',
  SUTURE_RETENTION_SCORES_DAYS: 'retention.scores',
  SUTURE_RETENTION_JOB_RUNS_DAYS: 'retention.jobRuns',
  SUTURE_RETENTION_CRON: 'retention.cron',
  SUTURE_FIX_REPO: 'fix.repo',
  SUTURE_FIX_BASE_BRANCH: 'fix.baseBranch',
  SUTURE_FIX_TEST_COMMAND: 'fix.testCommand',
  SUTURE_FIX_TEST_FILE_COMMAND: 'fix.testFileCommand',
  SUTURE_FIX_AGENT: 'fix.agent',
  SUTURE_FIX_AGENT_COMMAND: 'fix.agentCommand',
  SUTURE_FIX_MODEL: 'fix.model',
  SUTURE_FIX_BUDGET_RUN_USD: 'fix.budgetPerRunUsd',
  SUTURE_FIX_BUDGET_LINEAGE_USD: 'fix.budgetPerLineageUsd',
  SUTURE_FIX_MAX_ATTEMPTS: 'fix.maxAttempts',
  SUTURE_FIX_MAX_CHANGED_LINES: 'fix.maxChangedLines',
  SUTURE_FIX_WORKERS: 'fix.workers',
  SUTURE_FIX_CRON: 'fix.cron',
  SUTURE_FIX_WINDOW_MINUTES: 'fix.windowMinutes',
  SUTURE_FIX_PASS_ENV: 'fix.passEnv',
  GITHUB_TOKEN: 'fix.github.token',
  SUTURE_GITHUB_OWNER: 'fix.github.owner',
  SUTURE_GITHUB_REPO: 'fix.github.repo',
  GITHUB_API_URL: 'fix.github.apiUrl',
  SUTURE_GITHUB_MERGE_METHOD: 'fix.github.mergeMethod',
} as const satisfies Record<string, string>
