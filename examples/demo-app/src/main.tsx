import { init, reactRootOptions } from '@suture/error-boundary'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.js'
import { FLAGS } from './flags.js'
import { currentTemplate, ROUTES } from './router/router.js'

declare global {
  interface Window {
    SUTURE_CONFIG?: { endpoint: string; publicKey: string; debug?: boolean }
  }
}

const runtime = window.SUTURE_CONFIG ?? { endpoint: 'http://127.0.0.1:4318', publicKey: 'pk_demo_local' }

init({
  endpoint: runtime.endpoint,
  publicKey: runtime.publicKey,
  debug: runtime.debug ?? false,
  app: { name: 'acme-projects', release: '2026.11.3', environment: 'demo' },
  getActor: () => ({ id: 'user_8842', role: 'admin', plan: 'team' }),
  getWorkspace: () => ({ id: 'ws_acme', name: 'Acme', plan: 'team' }),
  getFlags: () => FLAGS,
  getRouteTemplate: currentTemplate,
  routes: ROUTES,
})

const root = document.getElementById('root')
if (!root) throw new Error('index.html needs a #root element')
createRoot(root, reactRootOptions()).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
