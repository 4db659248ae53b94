import { z } from 'zod'

const ELLIPSIS = '…'

/** Cuts `value` to `max` characters, marking the cut, without splitting a surrogate pair. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value
  let end = max - ELLIPSIS.length
  const code = value.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end -= 1
  return value.slice(0, end) + ELLIPSIS
}

/** A string that is truncated to `max` characters rather than rejected. */
export function boundedString(max: number) {
  return z
    .string()
    .overwrite((s) => truncate(s, max))
    .max(max)
}

/** A list that keeps its newest (last) `max` items rather than being rejected. */
export function boundedList<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(item)
    .overwrite((items) => (items.length > max ? items.slice(items.length - max) : items))
    .max(max)
}

/** A record with at most `max` keys; extra keys beyond the first `max` are dropped. */
export function boundedRecord<T extends z.ZodType>(value: T, max: number, keyMax = 100) {
  return z.record(boundedString(keyMax), value).overwrite((record) => {
    const keys = Object.keys(record)
    if (keys.length <= max) return record
    const kept: Record<string, unknown> = {}
    for (const key of keys.slice(0, max)) kept[key] = record[key]
    return kept as typeof record
  })
}
