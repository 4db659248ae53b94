export type { ConstructedWeek } from '../triage/testing/constructed-week.js'
export { PROBLEMS, writeConstructedWeek } from '../triage/testing/constructed-week.js'
