export type { SeededProject } from '../dashboard/test-seed.js'
export { seedScoredProject, seedTicketAndDigest, seedTriageWeek } from '../dashboard/test-seed.js'
export type { SeededFixQueue } from '../mcp/test-seed.js'
export { seedFixQueue } from '../mcp/test-seed.js'
