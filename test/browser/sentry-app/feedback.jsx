// A billing page on @sentry/react only, with Sentry's feedback widget (screenshots on) and an error
// boundary that opens Sentry's crash-report dialog. The only Suture-specific thing is the DSN.
import * as Sentry from '@sentry/react'
import { useEffect, useRef, useState } from 'react'
import { createRoot } from 'react-dom/client'

Sentry.init({
  dsn: window.SENTRY_DSN,
  release: 'acme-billing@2026.12.1',
  environment: 'demo',
  integrations: [Sentry.feedbackIntegration({ colorScheme: 'light', autoInject: true })],
})

// A busy chart: random pixels make a screenshot of this tab an incompressible PNG well over 1 MiB.
function Noise() {
  const ref = useRef(null)
  useEffect(() => {
    const canvas = ref.current
    const context = canvas.getContext('2d')
    const image = context.createImageData(canvas.width, canvas.height)
    for (let i = 0; i < image.data.length; i += 65_536) {
      crypto.getRandomValues(image.data.subarray(i, Math.min(i + 65_536, image.data.length)))
    }
    for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255
    context.putImageData(image, 0, 0)
  }, [])
  return <canvas ref={ref} width={960} height={560} role="img" aria-label="Usage this month" />
}

// Planted bug: the quota service's answer is read before it arrived.
function Quotas() {
  const quotas = undefined
  return <p>{quotas.seats} seats</p>
}

function App() {
  const [open, setOpen] = useState(false)
  return (
    <main>
      <h1>Billing</h1>
      <Sentry.ErrorBoundary
        showDialog
        dialogOptions={{
          title: 'The billing page broke.',
          onClose: () => {
            window.__dialogClosed = true
          },
        }}
        fallback={<p id="broken">Quotas are unavailable right now.</p>}
        onError={(_error, _stack, eventId) => {
          window.__sentryEventId = eventId
        }}
      >
        {open ? (
          <Quotas />
        ) : (
          <button type="button" onClick={() => setOpen(true)}>
            Show quotas
          </button>
        )}
      </Sentry.ErrorBoundary>
      <Noise />
    </main>
  )
}

const root = document.getElementById('root')
if (root === null) throw new Error('the page needs a #root element')
createRoot(root).render(<App />)
