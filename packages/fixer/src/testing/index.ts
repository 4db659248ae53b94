export type {
  FakeMessagesApi,
  FakeMessagesApiOptions,
  FakeTurn,
  FakeUsage,
  RecordedMessagesRequest,
} from './fake-messages-api.js'
export { fakeTurn, startFakeMessagesApi } from './fake-messages-api.js'
