/** Item types Suture turns into envelopes; every other type is accepted and only counted. */
export const MAPPED_ITEM_TYPES = ['event', 'feedback', 'user_report'] as const

/**
 * Counts of what Sentry SDKs sent, by item type and outcome, for `/metrics` and tests. Unused item types
 * (transactions, sessions, replays, attachments, client reports, …) are counted here and then dropped.
 */
export class SentryIngestStats {
  readonly #items = new Map<string, number>()
  readonly #rejected = new Map<string, number>()

  countItem(type: string, outcome: 'stored' | 'ignored'): void {
    // Item types come from the client; cap the label set so a hostile sender cannot grow it forever.
    const label = /^[a-z_]{1,32}$/.test(type) ? type : 'other'
    const key = `${label}:${outcome}`
    if (this.#items.size < 200 || this.#items.has(key)) this.#items.set(key, (this.#items.get(key) ?? 0) + 1)
  }

  countRejected(reason: string): void {
    this.#rejected.set(reason, (this.#rejected.get(reason) ?? 0) + 1)
  }

  /** `{ 'event:stored': 3, 'session:ignored': 2 }` and rejects by reason. */
  snapshot(): { items: Record<string, number>; rejected: Record<string, number> } {
    return { items: Object.fromEntries(this.#items), rejected: Object.fromEntries(this.#rejected) }
  }

  /** Prometheus text lines, for appending to the server's `/metrics`. */
  toPrometheus(): string {
    const lines = [
      '# HELP suture_sentry_items_total Sentry envelope items received, by item type and outcome.',
      '# TYPE suture_sentry_items_total counter',
    ]
    for (const [key, value] of this.#items) {
      const [type, outcome] = key.split(':')
      lines.push(`suture_sentry_items_total{type="${type}",outcome="${outcome}"} ${value}`)
    }
    lines.push(
      '# HELP suture_sentry_rejected_total Sentry requests refused, by reason.',
      '# TYPE suture_sentry_rejected_total counter',
    )
    for (const [reason, value] of this.#rejected) {
      lines.push(`suture_sentry_rejected_total{reason="${reason}"} ${value}`)
    }
    return `${lines.join('\n')}\n`
  }
}
