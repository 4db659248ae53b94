import { sourceFrames } from '@suture/envelope'
import { describe, expect, it } from 'vitest'
import { sampleCluster } from './testing/sample-cluster.js'
import { mdCode, renderTicketBody, renderTicketTitle } from './ticket-body.js'

describe('renderTicketBody', () => {
  it('has every section of the hand-off contract, in order', () => {
    const body = renderTicketBody(sampleCluster({ key: 'k1' }), {
      clusterUrl: 'https://suture.test/clusters/k1',
    })
    const sections = [...body.matchAll(/^## (.+)$/gm)].map((m) => m[1])
    expect(sections).toEqual([
      'What users were attempting',
      'Where',
      'Reproduction (from breadcrumbs)',
      'Feature flags at the time',
      'Error',
      'Impact',
      'Sample envelopes (scrubbed)',
      'Code pointers',
      'Scope limits',
      'Acceptance',
      'Stop conditions',
    ])
    expect(body).toMatch(/4\. `10:02:16` submit: Submitted 'Invite teammate'/)
    expect(body).toMatch(/→ fails with `TypeError: Cannot read properties of undefined \(reading 'email'\)`/)
    expect(body).toMatch(/`src\/members\/invite-form.tsx:42` in `InviteForm.onSubmit` — owners @growth/)
    expect(body).toMatch(/back to baseline for 7 days after the fix release/)
    expect(body).toMatch(/Can't reproduce .* say so in a comment/)
    expect(body).toMatch(/<summary>envelope_k1_1 · /)
  })

  it('marks held clusters, escapes user text and scrubs PII', () => {
    const body = renderTicketBody(
      sampleCluster({
        key: 'k2',
        decision: 'held-for-humans',
        heldReason: 'billing',
        attempting: '<img src=x onerror=alert(1)> paying as jane.doe@example.com',
        breadcrumbs: [],
        samples: [],
        codePointers: [],
      }),
    )
    expect(body).toMatch(/\*\*held for human triage\*\* \(billing\) — do not auto-fix/)
    expect(body).toMatch(/a person decides the fix/)
    expect(body).not.toMatch(/<img/)
    expect(body).not.toMatch(/jane\.doe@example\.com/)
    expect(body).toMatch(/No breadcrumbs were captured/)
    expect(body).not.toMatch(/## Sample envelopes/)
  })

  it('titles are short and carry the route; inline code survives backticks', () => {
    expect(renderTicketTitle(sampleCluster({ key: 'k3', title: 'Crash', route: '/cart' }))).toBe(
      'Crash on /cart',
    )
    expect(renderTicketTitle(sampleCluster({ key: 'k4', title: 'x'.repeat(300) }))).toHaveLength(200)
    expect(mdCode('a `b` c')).toBe('``a `b` c``')
  })
})

describe('a ticket of a symbolicated error', () => {
  it('shows original frames, not the minified bundle, and the source lines around the top in-app frame', () => {
    const cluster = sampleCluster({
      key: 'symbolicated',
      frames: sourceFrames([
        {
          function: 'Xe',
          file: 'https://app.test/assets/index-3f2a9c.js',
          line: 1,
          column: 48213,
          original: {
            function: 'formatTotal',
            file: 'src/pages/BillingPage.tsx',
            line: 42,
            column: 27,
            context: {
              pre: ['export function formatTotal(invoice: Invoice) {', '  const amount = invoice.total'],
              line: '  return amount.toFixed(2)',
              post: ['}'],
            },
          },
        },
      ]),
    })
    const body = renderTicketBody(cluster)
    expect(body).toContain('at formatTotal (src/pages/BillingPage.tsx:42:27)')
    expect(body).not.toContain('index-3f2a9c.js')
    expect(body).toContain('Source at `src/pages/BillingPage.tsx:42`')
    expect(body).toContain('> 42 |   return amount.toFixed(2)')
    expect(body).toContain('  40 | export function formatTotal(invoice: Invoice) {')
    expect(body).toContain('  43 | }')
  })
})
