/**
 * A dashboard session that was logged out (or signed out of a project, or switched away from with a
 * rotated nonce) before its cookie expires. Kept until that expiry, so every server — and the same server
 * after a restart — refuses the old cookie.
 */
export interface DashboardRevokedSessionsTable {
  /** The signed session's random nonce (no personal data). */
  nonce: string
  /** When the cookie would have expired anyway; the row can go after that. */
  expires_at: Date
}

export interface DashboardTables {
  dashboard_revoked_sessions: DashboardRevokedSessionsTable
}
