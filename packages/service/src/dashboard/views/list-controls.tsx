/** @jsxImportSource hono/jsx */

/**
 * The pieces every searchable list of the dashboard shares (Issues, Sessions): the filter `<select>`, the
 * query string a filter form produces, and the pager — so each list pages and keeps its filters the same way.
 */

/** `?k=v&…` of the non-empty filters, plus `page` beyond the first. */
export function listQuery(filters: Readonly<Record<string, string | undefined>>, page?: number): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(filters)) if (typeof v === 'string' && v !== '') params.set(k, v)
  if (page !== undefined && page > 1) params.set('page', String(page))
  const s = params.toString()
  return s === '' ? '' : `?${s}`
}

export function Select(props: {
  name: string
  label: string
  value: string | undefined
  options: readonly (readonly [string, string])[]
}) {
  return (
    <label class="filter">
      <span>{props.label}</span>
      <select name={props.name}>
        {props.options.map(([value, text]) => (
          <option value={value} selected={(props.value ?? '') === value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
}

/** Previous / "Page n of m" / Next, keeping the filters; nothing when everything fits on one page. */
export function Pager(props: {
  href: string
  filters: Readonly<Record<string, string | undefined>>
  page: number
  total: number
  pageSize: number
}) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize))
  if (pages <= 1) return null
  return (
    <nav class="pager" aria-label="Pages">
      {props.page > 1 ? (
        <a href={`${props.href}${listQuery(props.filters, Math.min(props.page, pages + 1) - 1)}`}>
          ← Previous
        </a>
      ) : null}
      <span>{`Page ${props.page} of ${pages}`}</span>
      {props.page < pages ? (
        <a href={`${props.href}${listQuery(props.filters, props.page + 1)}`}>Next →</a>
      ) : null}
    </nav>
  )
}
