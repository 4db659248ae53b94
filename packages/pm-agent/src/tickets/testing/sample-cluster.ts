import { type Envelope, parseEnvelope } from '@suture/envelope'
import type { TicketableCluster } from '../ticketable-cluster.js'

/** A realistic error envelope for tests (parsed through the real schema, so defaults apply). */
export function sampleEnvelope(
  id: string,
  occurredAt: string,
  overrides: Record<string, unknown> = {},
): Envelope {
  const result = parseEnvelope({
    id,
    schemaVersion: 1,
    kind: 'error',
    occurredAt,
    app: { name: 'demo-app', release: '2026.01.3', environment: 'production' },
    route: { template: '/settings/members', url: 'https://app.example.com/settings/members' },
    actor: { idHash: 'u_7f3a', role: 'admin' },
    workspace: { id: 'ws_12' },
    sessionId: 'sess_0001',
    boundary: 'MembersPage',
    attempting: "submitting the 'Invite teammate' form on /settings/members",
    breadcrumbs: [
      { ts: '2026-01-12T10:02:01.000Z', type: 'navigation', label: 'Opened /settings/members' },
      { ts: '2026-01-12T10:02:07.000Z', type: 'click', label: "Clicked 'Invite teammate'" },
      { ts: '2026-01-12T10:02:15.000Z', type: 'input', label: "Typed in 'email'" },
      { ts: '2026-01-12T10:02:16.000Z', type: 'submit', label: "Submitted 'Invite teammate'" },
      { ts: '2026-01-12T10:02:16.400Z', type: 'fetch', label: 'POST /api/invites → 500' },
    ],
    flags: { newInviteFlow: true, seatLimit: 10 },
    error: {
      type: 'TypeError',
      message: "Cannot read properties of undefined (reading 'email')",
      frames: [
        {
          function: 'InviteForm.onSubmit',
          file: 'src/members/invite-form.tsx',
          line: 42,
          column: 17,
          inApp: true,
        },
        {
          function: 'dispatchEvent',
          file: 'node_modules/react-dom/cjs/react-dom.js',
          line: 4100,
          column: 5,
          inApp: false,
        },
      ],
      fingerprint: 'fp_invite_email',
      handled: false,
      mechanism: 'boundary',
    },
    ...overrides,
  })
  if (!result.ok) throw new Error(`bad sample envelope: ${JSON.stringify(result.issues)}`)
  return result.value
}

/** A ticket-worthy bug cluster; override anything. */
export function sampleCluster(overrides: Partial<TicketableCluster> & { key: string }): TicketableCluster {
  const sample = sampleEnvelope(
    `envelope_${overrides.key.replace(/[^A-Za-z0-9_-]/g, '_')}_1`,
    '2026-01-12T10:02:16.500Z',
  )
  return {
    title: "TypeError: Cannot read properties of undefined (reading 'email')",
    kind: 'bug',
    decision: 'ticket',
    priority: 2,
    labels: [],
    department: 'growth',
    autoFixable: true,
    route: '/settings/members',
    boundary: 'MembersPage',
    attempting: "submitting the 'Invite teammate' form on /settings/members",
    errorType: 'TypeError',
    message: "Cannot read properties of undefined (reading 'email')",
    fingerprints: ['fp_invite_email'],
    frames: sample.kind === 'error' ? sample.error.frames : [],
    breadcrumbs: sample.breadcrumbs,
    flags: sample.flags,
    releases: ['2026.01.3'],
    counts: { signals: 48, users: 9, sessions: 31, workspaces: 6 },
    firstSeen: '2026-01-10T08:00:00.000Z',
    lastSeen: '2026-01-12T10:02:16.500Z',
    samples: [sample],
    sampleSessionIds: ['sess_0001'],
    codePointers: [
      { file: 'src/members/invite-form.tsx', line: 42, function: 'InviteForm.onSubmit', owners: ['@growth'] },
    ],
    evidence: ['structure', 'stack'],
    ...overrides,
  }
}
