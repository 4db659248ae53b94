export type { SeededProject } from '../dashboard/test-seed.js'
export { seedScoredProject, seedTicketAndDigest, seedTriageWeek } from '../dashboard/test-seed.js'
