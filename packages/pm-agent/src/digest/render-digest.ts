import { type Block, type Inline, type Line, renderHtml, renderMarkdown } from './blocks.js'
import type { DigestData, DigestItem } from './collect-digest.js'
import type { DigestLoopNumbers } from './review-source.js'

const PRIORITY = ['none', 'P1', 'P2', 'P3', 'P4']

function day(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

function pct(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)} %`
}

function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? '±0' : 'new'
  const d = Math.round(((now - before) / before) * 100)
  return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d)} %`
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

function ticketLink(item: DigestItem): Inline[] {
  return item.ticket ? [{ link: item.ticket.identifier, href: item.ticket.url }, ' '] : []
}

function itemLine(item: DigestItem): Line {
  const facts = [
    item.users !== undefined ? plural(item.users, 'user') : null,
    item.signals !== undefined ? plural(item.signals, 'signal') : null,
    item.priority !== undefined ? PRIORITY[item.priority] : null,
    item.confidence !== undefined ? `${item.confidence} confidence` : null,
  ].filter((f): f is string => f !== null)
  return [
    ...ticketLink(item),
    { strong: item.title },
    facts.length > 0 ? ` — ${facts.join(', ')}` : '',
    ...(item.route ? [' on ', { code: item.route }] : []),
    ...(item.note ? [` (${item.note})`] : []),
  ]
}

function listSection(heading: string, items: readonly DigestItem[], empty: string): Block[] {
  return [
    { kind: 'heading', level: 2, text: heading },
    items.length === 0 ? { kind: 'paragraph', line: [empty] } : { kind: 'list', items: items.map(itemLine) },
  ]
}

function hours(ms: number | null): string {
  if (ms === null) return '—'
  const h = ms / 3_600_000
  return h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} days`
}

const usd = (n: number | null) => (n === null ? '—' : `$${n.toFixed(2)}`)

function age(h: number): string {
  return h < 48 ? `${h} h` : `${Math.floor(h / 24)} days`
}

/** ↑ when the latest week's rate is 10 points over the earlier weeks' mean, ↓ under; → otherwise. */
function rateTrend(rates: readonly (number | null)[]): string {
  const last = rates[rates.length - 1] ?? null
  const earlier = rates.slice(0, -1).filter((r): r is number => r !== null)
  if (last === null || earlier.length === 0) return '—'
  const mean = earlier.reduce((a, b) => a + b, 0) / earlier.length
  return last - mean >= 0.1 ? '↑ worse' : last - mean <= -0.1 ? '↓ better' : '→ steady'
}

/** The morning queue and the loop's numbers (the same function the Review page's table uses). */
function reviewBlocks(review: NonNullable<DigestData['review']>): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'Morning queue' },
    review.queue.length === 0
      ? { kind: 'paragraph', line: [`Nothing waits for review (as of ${day(review.asOf)}).`] }
      : {
          kind: 'list',
          items: review.queue.map((q) => [
            ...(q.ticket ? ticketLink(q) : [{ code: q.identifier } as Inline, ' ']),
            { strong: q.title },
            ' — ',
            ...(q.pr ? [{ link: 'pull request', href: q.pr } as Inline] : ['local patch']),
            `, attempt ${q.attempt} by ${q.agent}, ${usd(q.costUsd)}, waiting ${age(q.ageHours)}`,
          ]),
        },
  ]
  const n = (pick: (x: DigestLoopNumbers) => string): Line[] => [[pick(review.week)], [pick(review.allTime)]]
  const count = (pick: (x: DigestLoopNumbers) => number) => n((x) => String(pick(x)))
  const trend = review.wrongTreeTrend
  blocks.push(
    { kind: 'heading', level: 2, text: "The loop's numbers" },
    {
      kind: 'table',
      head: ['', 'this week', 'all time'],
      rows: [
        [['Inbound signals'], ...count((x) => x.signals)],
        [['Unique issues'], ...count((x) => x.uniqueIssues)],
        [['Dispatched to a fixer'], ...count((x) => x.dispatched)],
        [['Proposals'], ...count((x) => x.proposals)],
        [['Merged'], ...count((x) => x.merged)],
        [['Redirected'], ...count((x) => x.redirected)],
        [['Closed as wrong-tree'], ...count((x) => x.wrongTree)],
        [['Wrong-tree rate'], ...n((x) => pct(x.wrongTreeRate))],
        [['Median first signal → merged'], ...n((x) => hours(x.medianSignalToMergeMs))],
        [['Cost per merged fix'], ...n((x) => usd(x.costPerMergedUsd))],
      ],
    },
    {
      kind: 'paragraph',
      line: [
        { strong: 'Wrong-tree rate by week' },
        ` (the canary for triage going bad): ${trend
          .map((t) => `${t.week} ${pct(t.rate)}${t.reviewed > 0 ? ` of ${t.reviewed}` : ''}`)
          .join(' · ')} — ${rateTrend(trend.map((t) => t.rate))}`,
      ],
    },
  )
  return blocks
}

/** The digest as blocks, in reading order: numbers first, then what needs a human, then the loop's results. */
export function digestBlocks(data: DigestData): Block[] {
  const s = data.signals
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `Suture digest — ${data.project.name} — ${data.week}` },
    {
      kind: 'paragraph',
      line: [`${day(data.start)} to ${day(new Date(Date.parse(data.end) - 1).toISOString())} (UTC).`],
    },
  ]
  if (data.shadow) {
    blocks.push({
      kind: 'note',
      line: [
        { strong: 'Shadow mode:' },
        ' nothing was filed in the tracker. The lists below show what would have been; turn shadow mode off to file.',
      ],
    })
  }
  const c = data.clusters
  const t = data.tickets
  const validationsBy = (action: string) => data.validations.filter((v) => v.action === action).length
  blocks.push(
    { kind: 'heading', level: 2, text: 'This week in numbers' },
    {
      kind: 'table',
      head: ['', 'this week', 'vs last week'],
      rows: [
        [['Error signals'], [String(s.errors)], [change(s.errors, s.previousErrors)]],
        [['Feedback signals'], [String(s.feedback)], [change(s.feedback, s.previousFeedback)]],
        [
          ['Clusters'],
          [
            c
              ? `${c.total} (${plural(c.tickets, 'ticket')}, ${plural(c.observations, 'observation')}, ${c.held} held)`
              : 'not triaged',
          ],
          [''],
        ],
        [
          ['Tickets'],
          [
            data.shadow
              ? `${t.wouldCreate.length} would be new`
              : `${t.created.length} new, ${t.updated.length} updated, ${t.reopened.length} reopened`,
          ],
          [''],
        ],
        [['Held for humans'], [String(data.held.length)], ['']],
        [['Observations'], [String(data.observations.length)], ['']],
        [['Needs confirmation'], [String(data.needsConfirmation.length)], ['']],
        [
          ['Validations'],
          [
            `${data.validations.length} (${validationsBy('close')} fixed, ${validationsBy('iterate')} not yet, ${validationsBy('wait')} waiting)`,
          ],
          [''],
        ],
        [['Andon pulls'], [String(validationsBy('andon'))], ['']],
        [
          ['Fix success rate'],
          [`${pct(data.outcomes.week.successRate)} of ${data.outcomes.week.total} this week`],
          [`${pct(data.outcomes.allTime.successRate)} of ${data.outcomes.allTime.total} all time`],
        ],
      ],
    },
  )

  const andons = data.validations.filter((v) => v.action === 'andon')
  if (andons.length > 0 || data.quarantinedRoutes.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Andon cord' })
    if (andons.length > 0) {
      blocks.push({
        kind: 'list',
        items: andons.map((v) => [
          ...ticketLink(v),
          { strong: v.title },
          ' — revert release ',
          { code: v.release },
          ` proposed. ${v.evidence}`,
        ]),
      })
    }
    if (data.quarantinedRoutes.length > 0) {
      blocks.push({
        kind: 'paragraph',
        line: ['Routes quarantined from auto-fixing until a person clears them:'],
      })
      blocks.push({
        kind: 'list',
        items: data.quarantinedRoutes.map((q) => [
          { code: q.route },
          ` since ${q.since} (release `,
          { code: q.release },
          ')',
        ]),
      })
    }
  }

  if (data.review) blocks.push(...reviewBlocks(data.review))
  if (data.retention !== undefined && data.retention.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Data retention' })
    blocks.push({ kind: 'list', items: data.retention.map((line) => [line]) })
  }

  if (data.shadow) blocks.push(...listSection('Would be new tickets', t.wouldCreate, 'None.'))
  else {
    blocks.push(...listSection('New tickets', t.created, 'None this week.'))
    blocks.push(...listSection('Reopened: the signal came back', t.reopened, 'None.'))
    blocks.push(...listSection('Updated', t.updated, 'None.'))
  }
  blocks.push(...listSection('Held for humans', data.held, 'Nothing held this week.'))
  blocks.push(
    ...listSection('Observations (not ticketed: not enough evidence yet)', data.observations, 'None.'),
  )
  blocks.push({ kind: 'heading', level: 2, text: 'Needs confirmation' })
  blocks.push(
    data.needsConfirmation.length === 0
      ? { kind: 'paragraph', line: ['No one-signal links this week.'] }
      : {
          kind: 'list',
          items: data.needsConfirmation.map((p) => [
            { code: p.a },
            ' and ',
            { code: p.b },
            ` — only ${p.signal} agreed (${p.score.toFixed(2)}); same problem?`,
          ]),
        },
  )

  blocks.push({ kind: 'heading', level: 2, text: 'Fix validations' })
  blocks.push(
    data.validations.length === 0
      ? { kind: 'paragraph', line: ['No fixes under validation this week.'] }
      : {
          kind: 'list',
          items: data.validations.map((v) => [
            ...ticketLink(v),
            { strong: v.title },
            ' — release ',
            { code: v.release },
            `: ${v.verdict} → ${v.action}. ${v.evidence}`,
          ]),
        },
  )

  const o = data.outcomes
  blocks.push(
    { kind: 'heading', level: 2, text: 'Outcomes' },
    {
      kind: 'table',
      head: ['outcome', 'this week', 'all time'],
      rows: (['fixed-clean', 'fixed-messy', 'reverted', 'escalated'] as const).map((k) => [
        [k.replace('-', ' ')],
        [String(o.week.counts[k])],
        [String(o.allTime.counts[k])],
      ]),
    },
  )

  blocks.push({ kind: 'heading', level: 2, text: 'Implied NPS by department' })
  if (data.nps.length === 0)
    blocks.push({ kind: 'paragraph', line: ['No scored sessions in the last four weeks.'] })
  else {
    const weeks = data.nps[0]?.weeks.map((w) => w.week) ?? []
    blocks.push({
      kind: 'table',
      head: ['department', ...weeks, 'trend'],
      rows: data.nps.map((d) => {
        const values = d.weeks.map((w) => w.nps)
        const last = values[values.length - 1] ?? null
        const prev = values.slice(0, -1).filter((v): v is number => v !== null)
        const avg = prev.length > 0 ? prev.reduce((a, b) => a + b, 0) / prev.length : null
        const trend =
          last === null || avg === null ? '—' : last - avg >= 5 ? '↑' : last - avg <= -5 ? '↓' : '→'
        return [
          [d.department],
          ...d.weeks.map((w): Line => [w.nps === null ? '—' : `${w.nps} (n=${w.sessions})`]),
          [trend],
        ]
      }),
    })
  }
  return blocks
}

export function renderDigest(data: DigestData): { markdown: string; html: string } {
  const blocks = digestBlocks(data)
  return {
    markdown: renderMarkdown(blocks),
    html: renderHtml(blocks, `Suture digest — ${data.project.name} — ${data.week}`),
  }
}
