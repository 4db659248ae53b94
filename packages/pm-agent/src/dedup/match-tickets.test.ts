import { describe, expect, it } from 'vitest'
import { type ExistingTicket, matchExistingTickets } from './match-tickets.js'

const now = new Date('2026-11-30T00:00:00Z')
const tickets: ExistingTicket[] = [
  {
    id: 'T-1',
    title: "TypeError: Cannot read properties of undefined (reading 'email')",
    description: 'Inviting a teammate crashes the members page.',
    fingerprint: 'fp-invite',
    route: '/settings/members',
    status: 'In Progress',
  },
  {
    id: 'T-2',
    title: 'Export to CSV times out',
    description: 'Large workspaces cannot export.',
    route: '/reports',
    status: 'Done',
    closedAt: '2026-11-25T00:00:00Z',
  },
  {
    id: 'T-3',
    title: 'Export to CSV times out',
    description: 'Old one.',
    route: '/reports',
    status: 'Done',
    closedAt: '2026-01-01T00:00:00Z',
  },
]

describe('matchExistingTickets', () => {
  it('matches when two signals agree (fingerprint + route) even with different wording', () => {
    const [result] = matchExistingTickets(
      [
        {
          id: 'c1',
          title: 'Invite dialog broken',
          fingerprints: ['fp-invite'],
          routes: ['/settings/members'],
        },
      ],
      tickets,
      { now },
    )
    expect(result?.match).toMatchObject({ ticketId: 'T-1', agreed: ['structure', 'stack'] })
  })

  it('matches a recently closed ticket, ignores one closed long ago', () => {
    const [result] = matchExistingTickets(
      [{ id: 'c2', title: 'CSV export times out', routes: ['/reports'] }],
      tickets,
      { now },
    )
    expect(result?.match?.ticketId).toBe('T-2')
    expect(result?.needsConfirmation.map((c) => c.ticketId)).not.toContain('T-3')
  })

  it('only proposes a ticket when exactly one signal agrees', () => {
    const [result] = matchExistingTickets(
      [{ id: 'c3', title: 'Billing page blank', routes: ['/settings/members'] }],
      tickets,
      { now },
    )
    expect(result?.match).toBeUndefined()
    expect(result?.needsConfirmation[0]).toMatchObject({ ticketId: 'T-1', agreed: ['structure'] })
  })
})
