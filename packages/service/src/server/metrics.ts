const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const

function labelText(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  )
  return parts.length === 0 ? '' : `{${parts.join(',')}}`
}

class Histogram {
  readonly counts = BUCKETS.map(() => 0)
  sum = 0
  count = 0
  observe(value: number): void {
    this.sum += value
    this.count++
    for (let i = 0; i < BUCKETS.length; i++)
      if (value <= (BUCKETS[i] as number)) this.counts[i] = (this.counts[i] ?? 0) + 1
  }
}

/** The ingest server's counters, rendered in the Prometheus text format by `GET /metrics`. */
export class IngestMetrics {
  readonly #requests = new Map<string, number>()
  readonly #rejects = new Map<string, number>()
  readonly #items = new Map<string, number>()
  readonly #latency = new Map<string, Histogram>()
  /** Store transactions started and not yet committed. */
  queueDepth = 0
  inFlightRequests = 0

  request(route: string, method: string, status: number): void {
    const key = labelText({ route, method, status: String(status) })
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1)
  }

  reject(reason: string, count = 1): void {
    const key = labelText({ reason })
    this.#rejects.set(key, (this.#rejects.get(key) ?? 0) + count)
  }

  items(kind: string, status: string, count: number): void {
    if (count === 0) return
    const key = labelText({ kind, status })
    this.#items.set(key, (this.#items.get(key) ?? 0) + count)
  }

  latency(route: string, seconds: number): void {
    let histogram = this.#latency.get(route)
    if (!histogram) {
      histogram = new Histogram()
      this.#latency.set(route, histogram)
    }
    histogram.observe(seconds)
  }

  render(): string {
    const lines: string[] = []
    const counter = (name: string, help: string, values: Map<string, number>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`)
      for (const [labels, value] of values) lines.push(`${name}${labels} ${value}`)
    }
    counter('suture_http_requests_total', 'HTTP requests by route, method and status.', this.#requests)
    counter('suture_ingest_rejects_total', 'Requests or items rejected, by reason.', this.#rejects)
    counter('suture_ingest_items_total', 'Ingested items by kind and result.', this.#items)
    const name = 'suture_ingest_duration_seconds'
    lines.push(
      `# HELP ${name} Ingest request latency, until the write committed.`,
      `# TYPE ${name} histogram`,
    )
    for (const [route, h] of this.#latency) {
      BUCKETS.forEach((le, i) => {
        lines.push(`${name}_bucket${labelText({ route, le: String(le) })} ${h.counts[i]}`)
      })
      lines.push(`${name}_bucket${labelText({ route, le: '+Inf' })} ${h.count}`)
      lines.push(
        `${name}_sum${labelText({ route })} ${h.sum}`,
        `${name}_count${labelText({ route })} ${h.count}`,
      )
    }
    lines.push(
      '# HELP suture_ingest_queue_depth Store transactions waiting for or holding a database connection.',
      '# TYPE suture_ingest_queue_depth gauge',
      `suture_ingest_queue_depth ${this.queueDepth}`,
      '# HELP suture_http_in_flight_requests Requests being handled now.',
      '# TYPE suture_http_in_flight_requests gauge',
      `suture_http_in_flight_requests ${this.inFlightRequests}`,
    )
    return `${lines.join('\n')}\n`
  }
}
