/** Formatting shared by the pages; everything in UTC so every reader sees the same day. */
export function formatDateTime(date: Date | undefined): string {
  if (date === undefined) return '—'
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

export function formatDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })
}

export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const mm = String(m).padStart(2, '0')
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `+${h}:${mm}:${ss}` : `+${mm}:${ss}`
}

/** The NPS bucket of a 0–10 score: 0–6 detractor, 7–8 passive, 9–10 promoter. */
export function scoreClass(score: number): 'det' | 'pas' | 'pro' {
  const r = Math.round(score)
  return r <= 6 ? 'det' : r <= 8 ? 'pas' : 'pro'
}

export function signed(n: number | undefined): string {
  if (n === undefined) return '—'
  return n > 0 ? `+${n}` : String(n)
}

/**
 * Who answered a needs-confirmation pair, as a reader should see it: the Claude judge's answers are
 * stored like a person's (`model:<id>`) and a person's later answer replaces them, so the page says which
 * it is.
 */
export function answeredBy(decidedBy: string | undefined): string {
  if (decidedBy === undefined || decidedBy.trim() === '') return ''
  if (decidedBy.startsWith('model:'))
    return `by the model (${decidedBy.slice('model:'.length)}); your answer replaces it`
  // The dashboard records the admin key that was signed in; the key id means nothing to a reader.
  if (decidedBy.startsWith('dashboard:')) return 'in the dashboard'
  return `by ${decidedBy}`
}
