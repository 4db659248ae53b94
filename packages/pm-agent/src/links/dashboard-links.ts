/**
 * Every link Suture writes into a ticket, a comment, a digest or the CLI's output points at a page of the
 * dashboard. Building them here, in one place, is what keeps the writers and the dashboard's routes in
 * step: the dashboard's route table is tested against these paths, so a link cannot drift into a 404.
 */
export interface DashboardLinks {
  /** The dashboard's landing page. */
  readonly home: string
  /** A local ticket by its identifier (`LOCAL-3`) or id. */
  ticket(identifier: string): string
  /**
   * The issue page of a cluster. With the project id, a person logged in to another project is told whose
   * issue it is instead of seeing a 404 — and Linear, which dedups attachments by URL across projects, never
   * confuses two projects' clusters that share a key.
   */
  issue(clusterKey: string, projectId?: string): string
  /**
   * The Issues list, optionally for one ISO week (`2026-W48`) and searched for `search` (a fingerprint: an
   * error no triage run has grouped yet has no issue page, only its row in the list).
   */
  issues(week?: string, search?: string): string
  /** One week's digest, or the latest. */
  digest(week?: string): string
  /** One session's timeline. */
  session(sessionId: string): string
  /** The morning review queue. */
  readonly review: string
}

/** Where the dashboard is mounted under the service's public URL. */
export const DASHBOARD_BASE_PATH = '/app'

/**
 * The dashboard's URLs under a public URL (`SUTURE_PUBLIC_URL`, else where `suture serve` listens).
 * @example
 * dashboardLinks('https://suture.example.com').ticket('LOCAL-3') // https://suture.example.com/app/tickets/LOCAL-3
 */
export function dashboardLinks(publicUrl: string, basePath: string = DASHBOARD_BASE_PATH): DashboardLinks {
  const root = `${publicUrl.replace(/\/+$/, '')}${basePath.replace(/\/+$/, '')}`
  const part = encodeURIComponent
  return {
    home: root,
    ticket: (identifier) => `${root}/tickets/${part(identifier)}`,
    issue: (clusterKey, projectId) =>
      `${root}/issues/${part(clusterKey)}${projectId === undefined ? '' : `?project=${part(projectId)}`}`,
    issues: (week, search) => {
      const query = [
        week === undefined ? '' : `week=${part(week)}`,
        search === undefined ? '' : `q=${part(search)}`,
      ].filter((p) => p !== '')
      return query.length === 0 ? `${root}/issues` : `${root}/issues?${query.join('&')}`
    },
    digest: (week) => (week === undefined ? `${root}/digest` : `${root}/digest/${part(week)}`),
    session: (sessionId) => `${root}/sessions/${part(sessionId)}`,
    review: `${root}/review`,
  }
}
