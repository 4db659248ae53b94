import type { ReactNode } from 'react'
import type { SutureClient } from '../client/client.js'
import type { SutureConfig } from '../client/config.js'
import { getClient, init } from '../client/hub.js'
import { SutureClientContext } from './context.js'
import { createElement, useState } from './react.js'

/**
 * Starts Suture (like `init()`) for the tree inside it. The config is read once, on first render.
 * @example
 * <SutureProvider config={{ endpoint, publicKey, app: { name: 'web' } }}><App /></SutureProvider>
 */
export function SutureProvider({ config, children }: { config: SutureConfig; children?: ReactNode }) {
  // Initialise during the first render so errors thrown by children on that render are recorded;
  // StrictMode's second call with the same config reuses the client instead of replacing it.
  const [client] = useState<SutureClient>(() => {
    const existing = getClient()
    return existing?.config === config ? existing : init(config)
  })
  return createElement(SutureClientContext.Provider, { value: client }, children)
}
