import { isBounce, type SessionFeatures } from './features.js'
import { routeArea, routeTemplate } from './routes.js'
import type { ScoreOutput } from './score-output.js'

type Texts = Omit<ScoreOutput, 'score'>

/** Which team usually owns a product area, by its first path segment. */
const AREA_DEPARTMENTS: readonly [RegExp, string][] = [
  [/^(?:checkout|cart|billing|payments?|pricing|plans?|subscriptions?|orders?|invoices?)$/i, 'Billing'],
  [/^(?:help|support|docs?|faq|contact|kb)$/i, 'Support'],
  [/^(?:signup|register|onboarding|welcome|invite|landing|blog)$/i, 'Growth'],
]

function departmentOfArea(path: string | undefined): string {
  if (path === undefined) return 'Product'
  const area = routeArea(path)
  for (const [pattern, department] of AREA_DEPARTMENTS) if (pattern.test(area)) return department
  return 'Product'
}

function clip(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

function minutes(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`
  return `${Math.round(seconds / 60)} min`
}

function place(path: string | undefined): string {
  return path === undefined ? 'an unknown page' : routeTemplate(path)
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** Template texts for a PM: what they wanted, whether they got it, what to change, who owns it. */
export function describeSession(f: SessionFeatures): Texts {
  const area = f.topPath ?? f.landingPath
  const customHint = f.customEvents[0] ? ` (${f.customEvents[0]})` : ''
  const intent = f.goal
    ? `Wanted to complete "${f.goal.name}"`
    : area
      ? `Came to use ${place(area)}${customHint}`
      : `Unclear: the session recorded ${plural(f.pageviews, 'page view')}`

  const firstUnrecovered = f.errors.find((e) => !e.recovered)
  let success: string
  if (f.goal) {
    success = `Yes: reached "${f.goal.name}" after ${minutes(f.engagedSeconds)} and ${plural(f.pageviews, 'page view')}`
  } else if (f.leftAfterError && firstUnrecovered) {
    success = `No: left after ${firstUnrecovered.type} on ${place(firstUnrecovered.path)} without recovering`
  } else if (isBounce(f)) {
    success = `No: left ${place(f.landingPath)} after ${minutes(f.durationSeconds)} without interacting`
  } else {
    success = `Unclear: ${plural(f.distinctPaths, 'page')} over ${minutes(f.engagedSeconds)} without a goal event`
  }

  let improvement: string
  let department: string
  if (firstUnrecovered) {
    const message = firstUnrecovered.message ? `: ${firstUnrecovered.message.slice(0, 120)}` : ''
    improvement = `Fix ${firstUnrecovered.type}${message} on ${place(firstUnrecovered.path)}`
    department = 'Engineering'
  } else if (f.rageClicks > 0) {
    const target = f.rageClickLabel ? `"${f.rageClickLabel.slice(0, 60)}"` : 'the element users rage-click'
    improvement = `Make ${target} on ${place(f.rageClickPath)} respond visibly (${plural(f.rageClicks, 'rage click')})`
    department = 'Design'
  } else if (f.deadClicks > 0) {
    improvement = `Make clickable-looking elements on ${place(f.exitPath)} do something (${plural(f.deadClicks, 'dead click')})`
    department = 'Design'
  } else if (f.errors.length > 0) {
    const error = f.errors[0]
    improvement = `Remove the recoverable ${error?.type ?? 'error'} on ${place(error?.path)}`
    department = 'Engineering'
  } else if (isBounce(f)) {
    improvement = `Make ${place(f.landingPath)} answer why the visitor came within seconds`
    department = departmentOfArea(f.landingPath) === 'Product' ? 'Growth' : departmentOfArea(f.landingPath)
  } else if (!f.goal) {
    improvement = `Shorten the path to a goal from ${place(f.exitPath ?? area)}: ${plural(f.distinctPaths, 'page')} without converting`
    department = departmentOfArea(f.exitPath ?? area)
  } else {
    improvement = 'None needed: the session reached its goal without errors or frustration'
    department = 'None'
  }
  return { intent: clip(intent), success: clip(success), improvement: clip(improvement), department }
}
