import type { Envelope, SourceContext } from '@suture/envelope'
// Tickets leave Suture for a tracker: the server's thorough scrubber (idempotent on text ingest scrubbed).
import {
  scrubEnvelopeThorough as scrubEnvelope,
  scrubTextThorough as scrubText,
} from '@suture/envelope/scrub-server'
import type { TicketableCluster } from './ticketable-cluster.js'

export interface TicketBodyOptions {
  /** Days the signal must stay at baseline after the fix release. */
  readonly acceptanceDays?: number
  /** Link to the cluster in Suture (also attached to the ticket). */
  readonly clusterUrl?: string
  readonly maxSamples?: number
  readonly maxFrames?: number
}

const PRIORITY_NAMES = { 1: 'Urgent', 2: 'High', 3: 'Medium', 4: 'Low' } as const

/** Text a user or an app produced, safe on a Markdown line: no HTML, no accidental headings or links. */
export function mdText(text: string): string {
  return scrubText(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .replace(/([\\`*_[\]#|])/g, '\\$1')
}

function htmlText(text: string): string {
  return scrubText(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Inline code that survives backticks inside it. */
export function mdCode(text: string): string {
  const clean = scrubText(text).replace(/[\r\n]+/g, ' ')
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((m) => m.length))
  const fence = '`'.repeat(longest + 1)
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${clean}${pad}${fence}`
}

function codeBlock(text: string, lang = ''): string {
  const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map((m) => m.length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}${lang}\n${text}\n${fence}`
}

function time(iso: string): string {
  return iso.slice(11, 19)
}

function sampleJson(envelope: Envelope): string {
  const json = JSON.stringify(scrubEnvelope(envelope), null, 2)
  return json.length > 6_000 ? `${json.slice(0, 6_000)}\n… (truncated)` : json
}

/**
 * The ticket body: the hand-off contract for whoever fixes it — a fixer agent or a person — written so
 * that nothing needs to be asked. Sections, in order: summary, what users were attempting, what they said
 * (feedback), where, reproduction from breadcrumbs, flags, error and stack with fingerprint, impact,
 * samples, code pointers, scope limits, acceptance and stop conditions. All user-derived text is scrubbed and escaped.
 *
 * @example
 * const markdown = renderTicketBody(cluster, { clusterUrl: 'https://suture.example.com/clusters/abc' })
 */
export function renderTicketBody(cluster: TicketableCluster, options: TicketBodyOptions = {}): string {
  const acceptanceDays = options.acceptanceDays ?? 7
  const maxFrames = options.maxFrames ?? 15
  const out: string[] = []
  const held = cluster.decision === 'held-for-humans'
  const fixable = cluster.autoFixable && !held

  out.push(
    `> Filed by Suture from cluster ${mdCode(cluster.key)}${options.clusterUrl ? ` ([open in Suture](${options.clusterUrl}))` : ''}.`,
    `> **${PRIORITY_NAMES[cluster.priority]}** priority · ${cluster.kind}` +
      `${cluster.department ? ` · ${mdText(cluster.department)}` : ''} · ` +
      (fixable
        ? 'auto-fixable'
        : held
          ? `**held for human triage**${cluster.heldReason ? ` (${mdText(cluster.heldReason)})` : ''} — do not auto-fix`
          : 'not auto-fixable: needs a person'),
    '',
  )

  out.push('## What users were attempting', '')
  out.push(
    cluster.attempting ? mdText(cluster.attempting) : '_Not recorded: infer it from the breadcrumbs below._',
    '',
  )

  const quotes = cluster.quotes ?? []
  if (quotes.length > 0) {
    out.push('## What users said', '')
    for (const quote of quotes.slice(0, 3)) out.push(`> ${mdText(quote)}`, '')
  }

  out.push('## Where', '')
  if (cluster.route) out.push(`- Route: ${mdCode(cluster.route)}`)
  if (cluster.boundary) out.push(`- Error boundary: ${mdCode(cluster.boundary)}`)
  if (cluster.releases && cluster.releases.length > 0) {
    out.push(`- Releases seen: ${cluster.releases.slice(0, 8).map(mdCode).join(', ')}`)
  }
  out.push(`- First seen ${cluster.firstSeen}, last seen ${cluster.lastSeen}`, '')

  out.push('## Reproduction (from breadcrumbs)', '')
  const crumbs = cluster.breadcrumbs ?? []
  if (crumbs.length === 0) {
    out.push('_No breadcrumbs were captured. Start from the route and the stack._')
  } else {
    crumbs.forEach((crumb, i) => {
      out.push(`${i + 1}. \`${time(crumb.ts)}\` ${crumb.type}: ${mdText(crumb.label)}`)
    })
    const failure = cluster.errorType
      ? `${cluster.errorType}: ${cluster.message ?? ''}`
      : (cluster.message ?? '')
    if (failure) out.push(`${crumbs.length + 1}. → fails with ${mdCode(failure)}`)
  }
  out.push('')

  const flags = Object.entries(cluster.flags ?? {})
  out.push('## Feature flags at the time', '')
  if (flags.length === 0) out.push('_None recorded._')
  else {
    out.push('| flag | value |', '| --- | --- |')
    for (const [name, value] of flags) out.push(`| ${mdText(name)} | ${mdCode(JSON.stringify(value))} |`)
  }
  out.push('')

  out.push('## Error', '')
  if (cluster.errorType || cluster.message) {
    out.push(mdCode(`${cluster.errorType ?? 'Error'}: ${cluster.message ?? ''}`), '')
  }
  if (cluster.fingerprints.length > 0) {
    out.push(`Fingerprint: ${cluster.fingerprints.slice(0, 5).map(mdCode).join(', ')}`, '')
  }
  const frames = cluster.frames ?? []
  if (frames.length > 0) {
    const lines = frames.slice(0, maxFrames).map((f) => {
      const where = [f.file ?? '<unknown>', f.line, f.column]
        .filter((x) => x !== null && x !== undefined)
        .join(':')
      return `  at ${f.function ?? '<anonymous>'} (${where})${f.inApp === false ? ' [library]' : ''}`
    })
    if (frames.length > maxFrames) lines.push(`  … ${frames.length - maxFrames} more frames`)
    out.push(codeBlock(scrubText(lines.join('\n'))), '')
    const located = frames.find((f) => f.context !== undefined && f.inApp !== false)
    if (located?.context !== undefined && located.line !== null) {
      out.push(`Source at ${mdCode(`${located.file ?? '?'}:${located.line}`)}:`, '')
      out.push(codeBlock(sourceExcerpt(located.context, located.line)), '')
    }
  } else if (cluster.kind === 'bug') {
    out.push('_No stack was captured._', '')
  }

  if (cluster.confidence) {
    out.push(`## Confidence: ${cluster.confidence.level}`, '')
    out.push(
      `How sure Suture is that this is one real, reproducible problem: ${cluster.confidence.reasons.map(mdText).join('; ')}.`,
      '',
    )
  }

  out.push('## Impact', '')
  const c = cluster.counts
  out.push(
    `- ${plural(c.signals, 'signal')} from ${plural(c.users, 'user')} in ${plural(c.sessions, 'session')} across ${plural(c.workspaces, 'workspace')}`,
  )
  if (cluster.npsDrop !== undefined)
    out.push(`- Implied NPS of affected sessions: −${cluster.npsDrop.toFixed(1)} on average`)
  if (cluster.evidence && cluster.evidence.length > 0) {
    out.push(`- Clustered because ${cluster.evidence.map(mdText).join(' + ')} agreed`)
  }
  if (cluster.sampleSessionIds && cluster.sampleSessionIds.length > 0) {
    out.push(`- Sample sessions: ${cluster.sampleSessionIds.slice(0, 5).map(mdCode).join(', ')}`)
  }
  out.push('')

  const samples = cluster.samples.slice(0, options.maxSamples ?? 3)
  if (samples.length > 0) {
    out.push('## Sample envelopes (scrubbed)', '')
    for (const sample of samples) {
      // Markdown is not processed inside an HTML block: escape for HTML, not for Markdown.
      out.push(`<details><summary>${htmlText(sample.id)} · ${htmlText(sample.occurredAt)}</summary>`, '')
      out.push(codeBlock(sampleJson(sample), 'json'), '', '</details>', '')
    }
  }

  out.push('## Code pointers', '')
  const pointers = cluster.codePointers ?? []
  if (pointers.length === 0) out.push('_None mapped: search for the route and the top in-app frame._')
  for (const p of pointers) {
    const where = p.line ? `${p.file}:${p.line}` : p.file
    const owners = p.owners && p.owners.length > 0 ? ` — owners ${p.owners.map(mdText).join(', ')}` : ''
    out.push(`- ${mdCode(where)}${p.function ? ` in ${mdCode(p.function)}` : ''}${owners}`)
  }
  out.push('')

  out.push('## Scope limits', '')
  out.push(
    pointers.length > 0
      ? '- Change only the files above and their tests.'
      : '- Change only code reached from the route and the in-app frames above, and their tests.',
    '- No schema migrations, no changes to auth, billing/payments, data deletion or background jobs.',
    '- Keep the fix minimal; refactors go in a separate ticket.',
    '',
  )

  out.push('## Acceptance', '')
  out.push(
    `- The signal (${cluster.fingerprints.length > 0 ? 'fingerprints above' : 'this cluster'}) is back to baseline for ${acceptanceDays} days after the fix release. Suture checks this itself (exact Poisson test against the pre-fix trend) and closes the ticket with the evidence, or reopens it.`,
    '- A regression test reproduces the steps above and passes.',
    '- Mark the ticket done with the release that carries the fix.',
    '',
  )

  out.push('## Stop conditions', '')
  out.push(
    "- Can't reproduce from the steps above → say so in a comment with what you tried, and stop. Do not guess a fix.",
    '- The fix needs changes beyond the scope limits → stop and report what you found.',
  )
  if (held) out.push('- This cluster is held for human triage: a person decides the fix.')
  out.push(
    '- If the failure rate rises after your release, Suture pulls the andon cord: it proposes a revert and takes the route away from auto-fixing.',
  )
  out.push('', `<!-- suture:cluster=${cluster.key.replace(/--/g, '- -')} -->`)
  return `${out
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n')
    .trim()}\n`
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** The title: short, searchable, scrubbed. */
export function renderTicketTitle(cluster: TicketableCluster): string {
  const title = scrubText(cluster.title).replace(/\s+/g, ' ').trim()
  const route = cluster.route && !title.includes(cluster.route) ? ` on ${cluster.route}` : ''
  const full = `${title}${route}`
  return full.length > 200 ? `${full.slice(0, 199)}…` : full
}

// The lines around a symbolicated frame, numbered, the frame's own line marked: what a reader (and the
// fixer) opens the file for.
function sourceExcerpt(context: SourceContext, line: number): string {
  const first = line - context.pre.length
  const rows = [...context.pre, context.line, ...context.post]
  const width = String(first + rows.length - 1).length
  return rows
    .map((text, i) => `${first + i === line ? '>' : ' '} ${String(first + i).padStart(width)} | ${text}`)
    .join('\n')
}
