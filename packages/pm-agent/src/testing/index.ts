export { sampleCluster, sampleEnvelope } from '../tickets/testing/sample-cluster.js'
export type { ConstructedWeek } from '../triage/testing/constructed-week.js'
export { PROBLEMS, writeConstructedWeek } from '../triage/testing/constructed-week.js'
