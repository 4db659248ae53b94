export type {
  BatchOutcome,
  FakeAnthropic,
  FakeAnthropicOptions,
  FakeReply,
  RecordedRequest,
} from '../anthropic/fake-anthropic-server.js'
export { startFakeAnthropic } from '../anthropic/fake-anthropic-server.js'
export type { FakePostHog } from '../posthog/fake-posthog-server.js'
export { startFakePostHog } from '../posthog/fake-posthog-server.js'
export { seedSessions } from '../sessions/test-fixtures.js'
