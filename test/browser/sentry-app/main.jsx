// A variant of the demo app's "project settings" page instrumented with @sentry/react only: no Suture SDK.
// It is what a team already on Sentry runs; the only Suture-specific thing is the DSN in window.SENTRY_DSN.
import * as Sentry from '@sentry/react'
import { useState } from 'react'
import { createRoot } from 'react-dom/client'

Sentry.init({
  dsn: window.SENTRY_DSN,
  release: 'acme-projects@2026.11.3',
  environment: 'demo',
  integrations: [Sentry.featureFlagsIntegration()],
})
Sentry.setUser({ id: 'user_8842', email: 'ann@acme.test' })
Sentry.getClient()?.getIntegrationByName('FeatureFlags')?.addFeatureFlag('bulk-archive', true)

// Planted bug, as in the demo app: projects imported from the old workspace have no owner.
const PROJECT = { id: 7731, name: 'Imported roadmap', owner: undefined }

function DangerZone() {
  const [archiving, setArchiving] = useState(false)
  if (archiving) {
    return <p>Archived; {PROJECT.owner.email} was notified.</p>
  }
  return (
    <button type="button" aria-label="Archive project" onClick={() => setArchiving(true)}>
      Archive
    </button>
  )
}

function Fallback({ eventId }) {
  const [sent, setSent] = useState(false)
  const send = () => {
    Sentry.captureFeedback({ message: 'Archiving just broke the page', associatedEventId: eventId })
    setSent(true)
  }
  return sent ? (
    <p id="thanks">Thanks</p>
  ) : (
    <button type="button" id="feedback" onClick={send}>
      Tell us what happened
    </button>
  )
}

function App() {
  return (
    <main>
      <h1>{PROJECT.name} settings</h1>
      <Sentry.ErrorBoundary
        fallback={({ eventId }) => <Fallback eventId={eventId} />}
        onError={(error, _componentStack, eventId) => {
          window.__sentryCaught = { stack: error.stack, name: error.name, message: error.message, eventId }
        }}
      >
        <DangerZone />
      </Sentry.ErrorBoundary>
    </main>
  )
}

const root = document.getElementById('root')
if (root === null) throw new Error('the page needs a #root element')
createRoot(root).render(<App />)
