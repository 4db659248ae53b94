import type { StorageTarget } from '@suture/store'
import type { DemoSummary } from './run-demo.js'
import type { ClusterLine } from './summary.js'

function duration(ms: number): string {
  const s = Math.round(ms / 1000)
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`
}

const PRIORITY = ['', 'urgent', 'high', 'medium', 'low']

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

function clusterLine(c: ClusterLine): string {
  return `  P${c.priority}  ${c.title}${c.route ? `  (${c.route})` : ''} — ${plural(c.users, 'user')}, ${plural(c.sessions, 'session')}`
}

/** The human-readable report, for a newcomer who has never seen Suture. */
export function formatSummary(summary: DemoSummary, target: StorageTarget, cwd: string): string {
  const { results: r, journeys: j } = summary
  const out: string[] = []
  const where =
    target.kind === 'postgres'
      ? `Postgres (${target.url.replace(/\/\/[^@]*@/, '//…@')})`
      : target.kind === 'pglite'
        ? `embedded PGlite in ${target.dataDir}`
        : 'embedded PGlite in memory'
  out.push('', 'Suture demo — the whole loop, on this machine', '')
  out.push(`Storage:  ${where}`)
  out.push(
    `Project:  demo (${summary.projectId}), public ingest key ${summary.publicKey}` +
      (summary.secretKey
        ? `\n          admin secret key ${summary.secretKey}  ← shown once; the dashboard login`
        : ''),
  )
  if (summary.replacedProject)
    out.push(`          (the earlier demo project is kept as '${summary.replacedProject}')`)
  const via =
    j.source === 'chromium'
      ? `${j.sessions} user journeys driven in headless Chromium through the real demo app and SDK`
      : `${j.sessions} user journeys replayed from a recording of what the SDK posted in Chromium` +
        (j.chromiumMissing ? ' (Chromium not found: apt-get install chromium)' : ' (--replay)')
  out.push(`Traffic:  ${via}${summary.drove ? '' : ' (recorded by an earlier run)'}`)
  out.push(
    `          ${j.envelopes.stored}/${j.envelopes.sent} envelopes (errors + feedback) and ${j.events.stored}/${j.events.sent} session events stored` +
      (j.failed > 0 ? `; ${j.failed} journeys failed` : ''),
  )
  out.push('')
  const s = r.sessions
  out.push(
    `1. Nightly scoring — ${s.scored} of ${s.total} sessions scored with an implied NPS (0–10, heuristic scorer)` +
      (s.mean !== undefined ? `, mean ${s.mean.toFixed(1)}` : '') +
      (s.nps !== undefined ? `, implied NPS ${s.nps > 0 ? '+' : ''}${s.nps}` : ''),
  )
  const max = Math.max(1, ...s.histogram)
  s.histogram.forEach((n, score) => {
    out.push(
      `   ${String(score).padStart(2)} │${'█'.repeat(Math.round((n / max) * 40))}${n > 0 ? ` ${n}` : ''}`,
    )
  })
  out.push(
    `   (the clock was set ${summary.scoring.idleMinutes + 1} min ahead, past the ${summary.scoring.idleMinutes}-minute idle timeout, so the demo's sessions count as ended)`,
  )
  out.push('')
  out.push(
    `2. Weekly triage (${r.week}) — ${r.signals} failure signals (errors, feedback, low-scored sessions) → ${r.clusters.length} clusters`,
  )
  for (const c of r.clusters) out.push(`${clusterLine(c)}  → ${c.decision}`)
  out.push('')
  const rel = (p: string) => (p.startsWith(cwd) ? p.slice(cwd.length + 1) : p)
  if (summary.shadow) {
    out.push(
      `3. Shadow mode first — every project starts there: ${plural(summary.shadow.wouldCreate, 'ticket')} would have been filed, none was` +
        (summary.shadow.digest ? ` (${rel(summary.shadow.digest)})` : ''),
    )
  } else {
    out.push('3. Shadow mode — already left by an earlier run')
  }
  out.push(
    `   Went live ${summary.live.at} (by ${summary.live.by}); on your own project that is \`suture project go-live <id>\` or the dashboard's Go live button.`,
  )
  out.push('')
  out.push(`   Tickets filed on the local tracker — ${r.tickets.length}`)
  for (const t of r.tickets) {
    out.push(
      `  ${t.identifier}  P${t.priority} ${PRIORITY[t.priority] ?? ''}  ${t.title} — ${plural(t.users, 'user')}, ${plural(t.sessions, 'session')}`,
    )
    if (t.url) out.push(`         ${t.url}`)
    out.push(
      `         confidence: ${t.confidence ?? '–'}${t.seen ? ` · ${t.seen}` : ''} · labels: ${t.labels.join(', ') || '(none)'}`,
    )
  }
  out.push('')
  out.push(`   Held for humans (auth, billing, deletion… never auto-fixed) — ${r.held.length}`)
  for (const c of r.held) out.push(clusterLine(c))
  out.push(`   Observations (below the ticket threshold, shown in the digest) — ${r.observations.length}`)
  for (const c of r.observations) out.push(clusterLine(c))
  out.push(`   Needs-confirmation pairs (one signal agreed; a human decides) — ${r.needsConfirmation}`)
  out.push('')
  if (summary.digest) {
    out.push(`4. Monday digest — ${rel(summary.digest.markdown)} (and ${rel(summary.digest.html)})`)
  }
  const fx = summary.fixes
  out.push('')
  out.push(
    `5. Fixer (dry run: no agent configured) — ${fx.planned.length} auto-fixable ticket(s) would be dispatched`,
  )
  if (fx.unavailable) out.push(`   no plan: ${fx.unavailable}`)
  for (const p of fx.planned) {
    out.push(`  ${p.ticket}  ${p.title}`)
    out.push(
      `         branch ${p.branch} · scope: ${p.scope.length > 0 ? p.scope.join(', ') : '(no code pointers)'} + tests`,
    )
  }
  for (const n of fx.notDispatched) out.push(`  ${n.ticket}  not dispatched — ${n.detail}`)
  out.push('   Held tickets (billing, auth, …) are never handed to an agent. To run it for real:')
  out.push(`   ${fx.runLine}`)
  out.push('')
  out.push(`Next: open the digest above, or run \`pnpm suture serve\` and open ${summary.dashboard.home}`)
  out.push(
    summary.secretKey
      ? '      (log in with the admin secret key above) for issues, sessions, tickets and digests:'
      : // A rerun cannot show the key again (only its hash is stored): say how to get another.
        `      (log in with the admin secret key printed on the first run; lost it? \`pnpm suture project keys add ${summary.projectId} --secret\` makes another) for issues, sessions, tickets and digests:`,
  )
  out.push(`      ${summary.dashboard.issues}`)
  out.push(`      ${summary.dashboard.digest}`)
  out.push('      Running the demo again doubles nothing; --fresh starts a new demo project.')
  out.push(`Done in ${duration(summary.elapsedMs)}.`)
  return `${out.join('\n')}\n`
}
