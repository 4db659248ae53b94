/** @jsxImportSource hono/jsx */
import type { DashboardLinks, IssueList, IssueRow } from '@suture/pm-agent'
import { formatDateTime } from './format.js'
import { Empty, Page, type PageChrome } from './layout.js'
import { Pager, Select } from './list-controls.js'
import { Sparkline } from './sparkline.js'

/** The filters as the page's query string carries them (`?week=&env=&q=&status=…`). */
export interface IssueFilters {
  readonly week?: string | undefined
  readonly env?: string | undefined
  readonly q?: string | undefined
  readonly status?: string | undefined
  readonly kind?: string | undefined
  readonly department?: string | undefined
  readonly held?: 'yes' | 'no' | undefined
  readonly fixable?: 'yes' | 'no' | undefined
  readonly sort?: string | undefined
  /** Rows per page (default 50). */
  readonly per?: string | undefined
}

const STATUS_LABEL: Record<string, string> = {
  ticket: 'ticket',
  observation: 'observation',
  'held-for-humans': 'held for humans',
  'needs-confirmation': 'needs confirmation',
  ungrouped: 'not triaged yet',
}

function Row(props: { row: IssueRow; links: DashboardLinks; week: string }) {
  const r = props.row
  const ticketHref =
    r.ticket?.tracker === 'local' && r.ticket.identifier
      ? props.links.ticket(r.ticket.identifier)
      : r.ticket?.url
  return (
    <tr>
      <td class="issue-cell">
        {r.key ? (
          <a href={props.links.issue(r.key)}>{r.title}</a>
        ) : r.fingerprints[0] ? (
          <a href={withWeek(props.links.issue(r.fingerprints[0]), props.week)}>{r.title}</a>
        ) : (
          <b>{r.title}</b>
        )}
        <div>
          {r.priority === undefined ? null : (
            <span
              class={`pill ${r.priority === 1 ? 'p1' : r.priority === 2 ? 'p2' : ''}`}
            >{`P${r.priority}`}</span>
          )}
          <span class={`pill ${r.held ? 'held' : ''}`}>{STATUS_LABEL[r.status] ?? r.status}</span>
          {r.kind === 'improvement' ? <span class="pill">improvement</span> : null}
          {r.autoFixable ? <span class="pill good">auto-fixable</span> : null}
          {r.department ? <span class="pill">{r.department}</span> : null}
        </div>
        {r.route ? <code>{r.route}</code> : null}
        {r.key === undefined && r.fingerprints[0] ? (
          <div class="meta">{`fingerprint ${r.fingerprints[0]}`}</div>
        ) : null}
      </td>
      <td class="num" data-label="Events">
        {r.events}
      </td>
      <td class="num" data-label="Users">
        {/* No user id at all (the app's init has no getActor) is not "0 users affected". */}
        {r.users === 0 ? <span class="meta">—</span> : r.users}
      </td>
      <td data-label="Seen">
        <div class="meta">{`first ${formatDateTime(r.firstSeen)}`}</div>
        <div class="meta">{`last ${formatDateTime(r.lastSeen)}`}</div>
      </td>
      <td data-label="Daily">
        <Sparkline values={r.daily} label={`Events per day of ${props.week}`} />
      </td>
      <td data-label="Ticket">
        {r.ticket ? (
          <>
            {ticketHref && /^(https?:\/\/|\/)/.test(ticketHref) ? (
              <a href={ticketHref}>{r.ticket.identifier ?? 'ticket'}</a>
            ) : (
              <span class="mono">{r.ticket.identifier ?? 'ticket'}</span>
            )}{' '}
            <span class="pill">{r.ticket.state}</span>
          </>
        ) : (
          <span class="sub">—</span>
        )}
      </td>
    </tr>
  )
}

/** An ungrouped error's page shows the week its row came from. */
function withWeek(href: string, week: string): string {
  return `${href}${href.includes('?') ? '&' : '?'}week=${encodeURIComponent(week)}`
}

/** Every issue of a week (clusters and errors not triaged yet): search, filters, sort, pages. */
export function IssuesPage(props: {
  chrome: PageChrome
  list: IssueList
  filters: IssueFilters
  links: DashboardLinks
  error?: string | undefined
}) {
  const { list, filters } = props
  const yesNo = [
    ['', 'any'],
    ['yes', 'yes'],
    ['no', 'no'],
  ] as const
  return (
    <Page title="Issues" tab="issues" chrome={props.chrome}>
      <div class="row">
        <h1>Issues</h1>
        <span class="sub">
          {`${list.total} in ${list.week}${filters.env ? ` · ${filters.env}` : ''}${list.triaged ? '' : ' · not triaged yet: errors grouped by fingerprint'}`}
        </span>
      </div>
      {props.error ? (
        <div class="error" role="alert">
          {props.error}
        </div>
      ) : null}
      <search>
        <form method="get" action={`${props.chrome.base}/issues`} class="filters card">
          <label class="filter grow">
            <span>Search</span>
            <input
              type="search"
              name="q"
              value={filters.q ?? ''}
              placeholder="text, route, release, fingerprint, ticket id"
            />
          </label>
          <Select
            name="week"
            label="Week"
            value={list.week}
            options={list.weeks.map((w) => [w, w] as const)}
          />
          <Select
            name="env"
            label="Environment"
            value={filters.env}
            options={[['', 'all'] as const, ...list.environments.map((e) => [e, e] as const)]}
          />
          <Select
            name="status"
            label="Status"
            value={filters.status}
            options={[['', 'any'] as const, ...Object.entries(STATUS_LABEL).map(([k, v]) => [k, v] as const)]}
          />
          <Select
            name="kind"
            label="Kind"
            value={filters.kind}
            options={[
              ['', 'any'],
              ['bug', 'bug'],
              ['improvement', 'improvement'],
            ]}
          />
          <Select
            name="department"
            label="Department"
            value={filters.department}
            options={[['', 'any'] as const, ...list.departments.map((d) => [d, d] as const)]}
          />
          <Select name="held" label="Held" value={filters.held} options={yesNo} />
          <Select name="fixable" label="Auto-fixable" value={filters.fixable} options={yesNo} />
          <Select
            name="sort"
            label="Sort"
            value={filters.sort ?? 'priority'}
            options={[
              ['priority', 'priority'],
              ['events', 'most events'],
              ['users', 'most users'],
              ['last-seen', 'last seen'],
              ['first-seen', 'newest'],
            ]}
          />
          {filters.per ? <input type="hidden" name="per" value={filters.per} /> : null}
          <button class="btn primary" type="submit">
            Apply
          </button>
        </form>
      </search>
      {list.rows.length === 0 ? (
        <Empty title={list.total === 0 && !filters.q ? `No errors in ${list.week} yet.` : 'Nothing matches.'}>
          Errors show here as soon as they are stored; the weekly triage groups them into issues.
        </Empty>
      ) : (
        <div class="card">
          <table class="issues">
            <thead>
              <tr>
                <th>Issue</th>
                <th class="num">Events</th>
                <th class="num">Users</th>
                <th>Seen</th>
                <th>Daily</th>
                <th>Ticket</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((row) => (
                <Row row={row} links={props.links} week={list.week} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        href={`${props.chrome.base}/issues`}
        filters={{ ...filters }}
        page={list.page}
        total={list.total}
        pageSize={list.pageSize}
      />
    </Page>
  )
}
