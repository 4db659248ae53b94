/** @jsxImportSource hono/jsx */
import type { SessionDetail, SessionsOverview } from '@suture/scorer'
import { netPromoterScore } from '@suture/scorer'
import { DailyNpsChart, DepartmentChart, departmentLabel, HistogramChart, Legend } from './charts.js'
import { formatDateTime, formatOffset, scoreClass, signed } from './format.js'
import { Empty, Page, type PageChrome } from './layout.js'

export const WINDOW_DAYS = [7, 30, 90] as const

function Score(props: { score: number }) {
  return <span class={`score ${scoreClass(props.score)}`}>{props.score.toFixed(1)}</span>
}

export function SessionsPage(props: { chrome: PageChrome; overview: SessionsOverview; days: number }) {
  const { overview, chrome } = props
  if (overview.scoredSessions === 0 || overview.window === undefined) {
    return (
      <Page title="Sessions" tab="sessions" chrome={chrome}>
        <h1>Sessions</h1>
        <p class="sub">The implied NPS of every ended session, inferred from what the user did.</p>
        <Empty title="No scores yet — run `pnpm suture score`.">
          <p>
            Sessions appear here once the SDK or <code>pnpm suture import posthog</code> has sent events and
            the nightly job (<code>pnpm suture worker</code>) or <code>pnpm suture score</code> has scored the
            sessions that ended. To see the whole loop with sample traffic, run <code>pnpm suture demo</code>.
          </p>
        </Empty>
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
      <div class="card">
        <h2>Lowest-scored sessions</h2>
        <div class="wrap">
          <table id="lowest-sessions">
            <thead>
              <tr>
                <th class="num">Score</th>
                <th>Session</th>
                <th>Intent</th>
                <th>Success</th>
                <th>Improvement</th>
                <th>Department</th>
              </tr>
            </thead>
            <tbody>
              {overview.lowest.map((s) => (
                <tr data-session={s.sessionId}>
                  <td class="num">
                    <Score score={s.score} />
                  </td>
                  <td>
                    <a class="mono" href={`${chrome.base}/sessions/${encodeURIComponent(s.sessionId)}`}>
                      {s.sessionId.length > 18 ? `${s.sessionId.slice(0, 17)}…` : s.sessionId}
                    </a>
                    <div class="meta">{formatDateTime(s.startedAt)}</div>
                    <div class="meta">
                      {`${s.eventCount} events${s.errorCount ? ` · ${s.errorCount} error${s.errorCount > 1 ? 's' : ''}` : ''}`}
                    </div>
                  </td>
                  <td class="clip">{s.intent ?? '—'}</td>
                  <td class="clip">{s.success ?? '—'}</td>
                  <td class="clip">{s.improvement ?? '—'}</td>
                  <td>
                    <span class="pill">{departmentLabel(s.department)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </Page>
  )
}

export function SessionPage(props: { chrome: PageChrome; detail: SessionDetail }) {
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
