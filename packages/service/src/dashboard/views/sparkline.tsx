/** @jsxImportSource hono/jsx */

/**
 * A small inline SVG line of counts (weeks or days), with its numbers in the accessible label: the
 * trend at a glance, no script, no image request.
 */
export function Sparkline(props: {
  values: readonly number[]
  label: string
  width?: number
  height?: number
}) {
  const width = props.width ?? 96
  const height = props.height ?? 24
  const values = props.values.length === 1 ? [props.values[0] ?? 0, props.values[0] ?? 0] : props.values
  const max = Math.max(1, ...values)
  const step = values.length > 1 ? (width - 2) / (values.length - 1) : 0
  const points = values
    .map((v, i) => `${(1 + i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`)
    .join(' ')
  return (
    <svg
      class="spark"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${props.label}: ${props.values.join(', ')}`}
    >
      {values.length === 0 ? null : (
        <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.5" />
      )}
    </svg>
  )
}
