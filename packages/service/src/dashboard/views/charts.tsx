/** @jsxImportSource hono/jsx */
import type { NpsDay, NpsDepartment } from '@suture/scorer'
import { netPromoterScore } from '@suture/scorer'
import { formatDay, signed } from './format.js'

const COLORS = { detractors: '#d9534f', passives: '#c9ced8', promoters: '#2e9d63' } as const

// Even steps keep the middle gridline on a whole number of sessions.
function niceMax(value: number): number {
  if (value <= 2) return 2
  const magnitude = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 4, 6, 8, 10]) if (step * magnitude >= value) return step * magnitude
  return 10 * magnitude
}

const NPS_LINE = '#3557d4'

/** Scorers say `None` (or nothing) when a session belongs to no department; people read "No department". */
export function departmentLabel(department: string | null | undefined): string {
  return department === undefined || department === null || department === '' || /^none$/i.test(department)
    ? 'No department'
    : department
}

/** The NPS groups' colours; with `npsLine`, also the daily NPS line and the axis it is read against. */
export function Legend(props: { npsLine?: boolean } = {}) {
  return (
    <div class="legend">
      <span>
        <i style={`background:${COLORS.detractors}`} />
        Detractors (0–6)
      </span>
      <span>
        <i style={`background:${COLORS.passives}`} />
        Passives (7–8)
      </span>
      <span>
        <i style={`background:${COLORS.promoters}`} />
        Promoters (9–10)
      </span>
      {props.npsLine ? (
        <span>
          <i style={`background:${NPS_LINE};height:3px;vertical-align:3px`} />
          Implied NPS (line, right axis −100…+100)
        </span>
      ) : null}
    </div>
  )
}

/**
 * Sessions per day stacked by NPS group, with the day's implied NPS as a line on its own −100…100 axis.
 * Every bar carries `data-*` attributes and a `<title>` (hover text, and what tests read).
 */
export function DailyNpsChart(props: { days: readonly NpsDay[] }) {
  const width = 760
  const height = 280
  const m = { top: 30, right: 48, bottom: 34, left: 40 }
  const plotW = width - m.left - m.right
  const plotH = height - m.top - m.bottom
  const max = niceMax(Math.max(1, ...props.days.map((d) => d.total)))
  const n = Math.max(1, props.days.length)
  const slot = plotW / n
  const barW = Math.max(2, Math.min(28, slot * 0.7))
  const y = (v: number) => m.top + plotH - (v / max) * plotH
  const yNps = (v: number) => m.top + plotH - ((v + 100) / 200) * plotH
  const labelEvery = Math.ceil(n / 10)
  const points = props.days
    .map((d, i) => ({ d, i, nps: netPromoterScore(d) }))
    .filter((p): p is { d: NpsDay; i: number; nps: number } => p.nps !== undefined)
  const line = points
    .map((p) => `${(m.left + slot * (p.i + 0.5)).toFixed(1)},${yNps(p.nps).toFixed(1)}`)
    .join(' ')
  const ticks = Number.isInteger(max / 2) ? [0, max / 2, max] : [0, max]
  return (
    <svg
      class="chart"
      id="nps-daily"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label="Sessions per day by implied-NPS group, with the daily NPS line"
    >
      {ticks.map((t) => (
        <g>
          <line class="axis" x1={m.left} x2={width - m.right} y1={y(t)} y2={y(t)} />
          <text x={m.left - 6} y={y(t) + 4} text-anchor="end">
            {t}
          </text>
        </g>
      ))}
      {[-100, 0, 100].map((t) => (
        <text x={width - m.right + 6} y={yNps(t) + 4}>
          {signed(t)}
        </text>
      ))}
      <text x={4} y={12}>
        sessions
      </text>
      <text x={width - 4} y={12} text-anchor="end">
        NPS line
      </text>
      {props.days.map((d, i) => {
        const x = m.left + slot * (i + 0.5) - barW / 2
        let top = y(0)
        const segments = (['detractors', 'passives', 'promoters'] as const).map((k) => {
          const h = (d[k] / max) * plotH
          top -= h
          return d[k] > 0 ? <rect x={x} y={top} width={barW} height={h} fill={COLORS[k]} /> : null
        })
        const nps = netPromoterScore(d)
        return (
          <g
            class="bar"
            data-day={d.day}
            data-total={d.total}
            data-detractors={d.detractors}
            data-passives={d.passives}
            data-promoters={d.promoters}
          >
            <title>
              {`${d.day}: ${d.total} sessions — ${d.detractors} detractors, ${d.passives} passives, ${d.promoters} promoters; NPS ${signed(nps)}; average ${d.total ? d.averageScore.toFixed(1) : '—'}`}
            </title>
            <rect x={m.left + slot * i} y={m.top} width={slot} height={plotH} fill="transparent" />
            {segments}
            {i % labelEvery === 0 ? (
              <text x={m.left + slot * (i + 0.5)} y={height - m.bottom + 16} text-anchor="middle">
                {formatDay(d.day)}
              </text>
            ) : null}
          </g>
        )
      })}
      <line class="axis" x1={m.left} x2={width - m.right} y1={yNps(0)} y2={yNps(0)} stroke-dasharray="3 3" />
      {points.length > 1 ? <polyline points={line} fill="none" stroke={NPS_LINE} stroke-width="2" /> : null}
      {points.map((p) => (
        <circle
          class="nps-point"
          cx={m.left + slot * (p.i + 0.5)}
          cy={yNps(p.nps)}
          r="3.5"
          fill="#3557d4"
          data-nps={p.nps}
        />
      ))}
    </svg>
  )
}

/** One 100 % stacked bar per department, with its session count and NPS. */
export function DepartmentChart(props: { departments: readonly NpsDepartment[] }) {
  const rowH = 30
  const width = 480
  const labelW = 150
  // Room for the widest figure, "NPS -100 · 9999" (~7 px a character at 12 px), drawn right-aligned.
  const rightW = 116
  const barW = width - labelW - rightW
  const height = Math.max(1, props.departments.length) * rowH + 8
  return (
    <svg
      class="chart"
      id="nps-departments"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label="Implied-NPS mix by department"
    >
      {props.departments.map((d, i) => {
        const yTop = 4 + i * rowH
        let x = labelW
        const segs = (['detractors', 'passives', 'promoters'] as const).map((k) => {
          const w = d.total ? (d[k] / d.total) * barW : 0
          const el = w > 0 ? <rect x={x} y={yTop + 5} width={w} height={rowH - 12} fill={COLORS[k]} /> : null
          x += w
          return el
        })
        const nps = netPromoterScore(d)
        const label = departmentLabel(d.department)
        // About 7 px a character at 12 px: what fits in the label column, the full name in the tooltip.
        const name = label.length > 20 ? `${label.slice(0, 19)}…` : label
        return (
          <g class="dept" data-department={d.department} data-total={d.total} data-nps={nps ?? ''}>
            <title>
              {`${label}: ${d.total} sessions, NPS ${signed(nps)} (${d.detractors} / ${d.passives} / ${d.promoters})`}
            </title>
            <text
              x={labelW - 8}
              y={yTop + rowH / 2 + 3}
              text-anchor="end"
              style="font-size:12px;fill:#1d2330"
            >
              {name}
            </text>
            {segs}
            <text x={width - 2} y={yTop + rowH / 2 + 3} text-anchor="end" style="font-size:12px">
              {`NPS ${signed(nps)} · ${d.total}`}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

/** Sessions per rounded score 0…10, coloured by NPS group. */
export function HistogramChart(props: { histogram: readonly number[] }) {
  const width = 420
  const height = 200
  const m = { top: 12, right: 8, bottom: 26, left: 34 }
  const plotW = width - m.left - m.right
  const plotH = height - m.top - m.bottom
  const max = niceMax(Math.max(1, ...props.histogram))
  const slot = plotW / 11
  return (
    <svg
      class="chart"
      id="nps-histogram"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label="Score histogram"
    >
      {[0, max].map((t) => (
        <g>
          <line
            class="axis"
            x1={m.left}
            x2={width - m.right}
            y1={m.top + plotH - (t / max) * plotH}
            y2={m.top + plotH - (t / max) * plotH}
          />
          <text x={m.left - 6} y={m.top + plotH - (t / max) * plotH + 4} text-anchor="end">
            {t}
          </text>
        </g>
      ))}
      {props.histogram.map((count, score) => {
        const h = (count / max) * plotH
        const fill = score <= 6 ? COLORS.detractors : score <= 8 ? COLORS.passives : COLORS.promoters
        return (
          <g class="bin" data-score={score} data-count={count}>
            <title>{`score ${score}: ${count} sessions`}</title>
            <rect
              x={m.left + slot * score + slot * 0.12}
              y={m.top + plotH - h}
              width={slot * 0.76}
              height={h}
              fill={fill}
            />
            <text x={m.left + slot * (score + 0.5)} y={height - m.bottom + 16} text-anchor="middle">
              {score}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
