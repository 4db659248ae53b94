import {
  init,
  matchRoute,
  networkBreadcrumbs,
  reactRootOptions,
  type SutureClient,
  sessionEvents,
} from '@suture/error-boundary'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.js'
import { FLAGS } from './flags.js'
import { ROUTES } from './router/router.js'
import { type DemoUser, signedInUser } from './user.js'

declare global {
  interface Window {
    SUTURE_CONFIG?: { endpoint: string; publicKey: string; debug?: boolean; exposeClient?: boolean }
    /** The SDK client, when the runtime config asks for it (browser tests poll its state). */
    suture?: SutureClient
    /** The signed-in user, as the app's auth would provide it (`suture demo` sets one per journey). */
    DEMO_USER?: DemoUser
  }
}

const runtime = window.SUTURE_CONFIG ?? { endpoint: 'http://127.0.0.1:4318', publicKey: 'pk_demo_local' }

const user = signedInUser()
Object.assign(FLAGS, user.flags)

const client = init({
  endpoint: runtime.endpoint,
  publicKey: runtime.publicKey,
  debug: runtime.debug ?? false,
  // The release the demo uploads its source maps under (DEMO_RELEASE in packages/cli/src/demo/demo-app.ts).
  app: { name: 'acme-projects', release: '2026.11.3', environment: 'demo' },
  getActor: () => user.actor,
  getWorkspace: () => user.workspace,
  getFlags: () => FLAGS,
  getRouteTemplate: (pathname) => matchRoute(ROUTES, pathname),
  // The demo's sessions feed the nightly scorer, and its tickets show the journey's API calls.
  integrations: [sessionEvents(), networkBreadcrumbs()],
})

if (runtime.exposeClient) window.suture = client

const root = document.getElementById('root')
if (!root) throw new Error('index.html needs a #root element')
createRoot(root, reactRootOptions()).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
