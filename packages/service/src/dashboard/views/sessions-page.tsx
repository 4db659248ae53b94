/** @jsxImportSource hono/jsx */
import type { DashboardLinks, SessionIssue } from '@suture/pm-agent'
import type { SessionDetail, SessionList, SessionsOverview } from '@suture/scorer'
import { netPromoterScore } from '@suture/scorer'
import { DailyNpsChart, DepartmentChart, departmentLabel, HistogramChart, Legend } from './charts.js'
import { formatDateTime, formatOffset, scoreClass, signed } from './format.js'
import { Empty, Page, type PageChrome } from './layout.js'
import { Pager, Select } from './list-controls.js'

export const WINDOW_DAYS = [7, 30, 90] as const

function Score(props: { score: number }) {
  return <span class={`score ${scoreClass(props.score)}`}>{props.score.toFixed(1)}</span>
}

/** The Sessions list's filters as its query string carries them (`?min=&max=&department=&route=&error=…`). */
export interface SessionFilters {
  readonly days?: string | undefined
  readonly q?: string | undefined
  readonly min?: string | undefined
  readonly max?: string | undefined
  readonly department?: string | undefined
  readonly route?: string | undefined
  readonly error?: 'yes' | 'no' | undefined
  readonly sort?: string | undefined
  readonly per?: string | undefined
}

/** The issues a session touched, each linked: its issue page, or the Issues list searched for its fingerprint. */
export function IssueLinks(props: { issues: readonly SessionIssue[]; links: DashboardLinks }) {
  if (props.issues.length === 0) return <span class="sub">—</span>
  return (
    <ul class="issue-links">
      {props.issues.map((i) => (
        <li>
          <a
            href={i.key ? props.links.issue(i.key) : props.links.issues(i.week, i.fingerprint)}
            title={i.title.length > 90 ? i.title : undefined}
          >
            {i.title.length > 90 ? `${i.title.slice(0, 89)}…` : i.title}
          </a>
          {i.key ? null : <span class="pill">not triaged yet</span>}
          {i.errors > 1 ? <span class="meta">{` ×${i.errors}`}</span> : null}
        </li>
      ))}
    </ul>
  )
}

function SessionsList(props: {
  chrome: PageChrome
  list: SessionList
  filters: SessionFilters
  issues: ReadonlyMap<string, readonly SessionIssue[]>
  links: DashboardLinks
}) {
  const { list, filters, chrome } = props
  const scores = Array.from({ length: 11 }, (_, i) => [String(i), String(i)] as const)
  return (
    <section class="card" aria-labelledby="sessions-list-title">
      <div class="row">
        <h2 id="sessions-list-title">All sessions</h2>
        <span
          class="sub"
          data-testid="sessions-total"
        >{`${list.total} session${list.total === 1 ? '' : 's'}`}</span>
      </div>
      <search>
        <form method="get" action={`${chrome.base}/sessions`} class="filters">
          <label class="filter grow">
            <span>Search</span>
            <input type="search" name="q" value={filters.q ?? ''} placeholder="session id, intent, outcome" />
          </label>
          <Select name="min" label="Score from" value={filters.min} options={[['', 'any'], ...scores]} />
          <Select name="max" label="Score to" value={filters.max} options={[['', 'any'], ...scores]} />
          <Select
            name="department"
            label="Department"
            value={filters.department}
            options={[['', 'any'] as const, ...list.departments.map((d) => [d, d] as const)]}
          />
          <label class="filter">
            <span>Route</span>
            <input type="text" name="route" value={filters.route ?? ''} placeholder="/checkout/:id" />
          </label>
          <Select
            name="error"
            label="Error"
            value={filters.error}
            options={[
              ['', 'any'],
              ['yes', 'has an error'],
              ['no', 'no error'],
            ]}
          />
          <Select
            name="sort"
            label="Sort"
            value={filters.sort ?? 'score'}
            options={[
              ['score', 'lowest score'],
              ['score-desc', 'highest score'],
              ['newest', 'newest'],
              ['oldest', 'oldest'],
            ]}
          />
          {filters.days ? <input type="hidden" name="days" value={filters.days} /> : null}
          {filters.per ? <input type="hidden" name="per" value={filters.per} /> : null}
          <button class="btn primary" type="submit">
            Apply
          </button>
        </form>
      </search>
      {list.rows.length === 0 ? (
        <Empty title={list.total === 0 ? 'No session matches.' : 'No sessions on this page.'}>
          {list.total === 0 ? (
            <a href={`${chrome.base}/sessions`}>Clear the filters</a>
          ) : (
            <a href={`${chrome.base}/sessions`}>First page</a>
          )}
        </Empty>
      ) : (
        <table class="sessions" id="sessions-list">
          <thead>
            <tr>
              <th class="num">Score</th>
              <th>Session</th>
              <th>Intent</th>
              <th>Department</th>
              <th>Issues</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((s) => (
              <tr data-session={s.sessionId}>
                <td class="num" data-label="Score">
                  {s.score === undefined ? <span class="sub">not scored</span> : <Score score={s.score} />}
                </td>
                <td class="session-cell">
                  <a class="mono" href={props.links.session(s.sessionId)}>
                    {s.sessionId.length > 18 ? `${s.sessionId.slice(0, 17)}…` : s.sessionId}
                  </a>
                  <div class="meta">{formatDateTime(s.startedAt)}</div>
                  <div class="meta">
                    {`${s.eventCount} events${s.errorCount ? ` · ${s.errorCount} error${s.errorCount > 1 ? 's' : ''}` : ''}`}
                  </div>
                </td>
                <td class="clip" data-label="Intent">
                  {s.intent ?? '—'}
                </td>
                <td data-label="Department">
                  {s.score === undefined ? '—' : <span class="pill">{departmentLabel(s.department)}</span>}
                </td>
                <td class="clip" data-label="Issues">
                  <IssueLinks issues={props.issues.get(s.sessionId) ?? []} links={props.links} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        href={`${chrome.base}/sessions`}
        filters={{ ...filters }}
        page={list.page}
        total={list.total}
        pageSize={list.pageSize}
      />
    </section>
  )
}

/**
 * The implied NPS over a window (charts) and every session of the project below, searched, filtered,
 * sorted and paged, each with the issues it touched.
 */
export function SessionsPage(props: {
  chrome: PageChrome
  overview: SessionsOverview
  days: number
  list: SessionList
  filters: SessionFilters
  issues: ReadonlyMap<string, readonly SessionIssue[]>
  links: DashboardLinks
  error?: string | undefined
}) {
  const { overview, chrome } = props
  const error = props.error ? (
    <div class="error" role="alert">
      {props.error}
    </div>
  ) : null
  const listing = (
    <SessionsList
      chrome={chrome}
      list={props.list}
      filters={props.filters}
      issues={props.issues}
      links={props.links}
    />
  )
  if (overview.scoredSessions === 0 || overview.window === undefined) {
    return (
      <Page title="Sessions" tab="sessions" chrome={chrome}>
        <h1>Sessions</h1>
        <p class="sub">The implied NPS of every ended session, inferred from what the user did.</p>
        {error}
        <Empty title="No scores yet — run `pnpm suture score`.">
          <p>
            Sessions appear here once the SDK or <code>pnpm suture import posthog</code> has sent events and
            the nightly job (<code>pnpm suture worker</code>) or <code>pnpm suture score</code> has scored the
            sessions that ended. To see the whole loop with sample traffic, run <code>pnpm suture demo</code>.
          </p>
        </Empty>
        {props.list.total > 0 || props.error ? listing : null}
      </Page>
    )
  }
  const nps = netPromoterScore(overview.totals)
  return (
    <Page title="Sessions" tab="sessions" chrome={chrome}>
      <div class="row">
        <div>
          <h1>Sessions</h1>
          <p class="sub">
            {`${overview.window.from} to ${overview.window.to} (UTC), ending on the latest scored session.`}
          </p>
        </div>
        <nav class="segmented" aria-label="Window">
          {WINDOW_DAYS.map((d) => (
            <a href={`${chrome.base}/sessions?days=${d}`} class={d === props.days ? 'active' : undefined}>
              {`${d} days`}
            </a>
          ))}
        </nav>
      </div>
      {error}
      <div class="stats">
        <div class="stat">
          <b data-testid="nps-total">{signed(nps)}</b>
          <span>implied NPS</span>
        </div>
        <div class="stat">
          <b>{overview.totals.total}</b>
          <span>scored sessions</span>
        </div>
        <div class="stat">
          <b>{overview.totals.total ? overview.totals.averageScore.toFixed(1) : '—'}</b>
          <span>average score (0–10)</span>
        </div>
        <div class="stat">
          <b>{overview.totals.detractors}</b>
          <span>detractors</span>
        </div>
      </div>
      <div class="card">
        <h2>Implied NPS over time</h2>
        <Legend npsLine />
        <DailyNpsChart days={overview.days} />
      </div>
      <div class="grid">
        <div class="card">
          <h2>By department</h2>
          {overview.departments.length === 0 ? (
            <Empty title="No sessions in this window.">Pick a longer window.</Empty>
          ) : (
            <DepartmentChart departments={overview.departments} />
          )}
        </div>
        <div class="card">
          <h2>Score distribution</h2>
          <HistogramChart histogram={overview.histogram} />
        </div>
      </div>
      {listing}
    </Page>
  )
}

export function SessionPage(props: {
  chrome: PageChrome
  detail: SessionDetail
  issues: readonly SessionIssue[]
  links: DashboardLinks
}) {
  const { detail, chrome } = props
  const start = detail.timeline[0]?.at.getTime() ?? detail.startedAt?.getTime() ?? 0
  const s = detail.score
  return (
    <Page title={`Session ${detail.sessionId}`} tab="sessions" chrome={chrome}>
      <p>
        <a href={`${chrome.base}/sessions`}>← Sessions</a>
      </p>
      <h1 style="overflow-wrap:anywhere;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace">
        {detail.sessionId}
      </h1>
      <p class="sub">{`${formatDateTime(detail.startedAt)} → ${formatDateTime(detail.lastEventAt)}`}</p>
      <div class="grid">
        <div class="card">
          <h2>Implied NPS</h2>
          {s ? (
            <dl class="dl">
              <dt>Score</dt>
              <dd>
                <Score score={s.score} /> <span class="sub">{`by ${s.scorer}`}</span>
              </dd>
              <dt>Intent</dt>
              <dd>{s.intent ?? '—'}</dd>
              <dt>Success</dt>
              <dd>{s.success ?? '—'}</dd>
              <dt>Improvement</dt>
              <dd>{s.improvement ?? '—'}</dd>
              <dt>Department</dt>
              <dd>{departmentLabel(s.department)}</dd>
            </dl>
          ) : (
            <Empty title="Not scored yet.">
              Sessions are scored after 30 idle minutes by <code>pnpm suture score</code> or the worker.
            </Empty>
          )}
          <h2 id="session-issues">Issues it touched</h2>
          {props.issues.length === 0 ? (
            <p class="sub">No error of this session was stored.</p>
          ) : (
            <IssueLinks issues={props.issues} links={props.links} />
          )}
        </div>
        <div class="card">
          <h2>{`Timeline (${detail.timeline.length}${detail.truncated ? '+' : ''} entries)`}</h2>
          {detail.timeline.length === 0 ? (
            <Empty title="No events stored for this session.">It was touched only by its id.</Empty>
          ) : (
            <ol class="timeline" id="timeline">
              {detail.timeline.map((e) => (
                <li class={e.kind}>
                  <span class="t">{formatOffset(e.at.getTime() - start)}</span>
                  <span>
                    <span class={`pill ${e.kind === 'error' ? 'det' : e.kind === 'feedback' ? 'held' : ''}`}>
                      {e.name}
                    </span>
                  </span>
                  <span class="what">
                    {e.route ? <code>{e.route}</code> : null} {e.detail ?? ''}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </Page>
  )
}
