export type { ReceivedRequest, Receiver, Responder } from './receiver.js'
export { startReceiver, waitFor } from './receiver.js'
