import { ErrorBoundary, FeedbackFallback, track } from '@suture/error-boundary'
import { useState } from 'react'
import { FLAGS } from '../flags.js'

interface Invoice {
  id: string
  total: { amount: number; currency: string }
}

// Planted bug: without billingV2 the legacy API returns totals as plain numbers.
const INVOICES = [{ id: 'inv_1001', total: 129 }] as unknown as Invoice[]

function Invoices() {
  if (FLAGS.billingV2) return <p>No invoices yet.</p>
  return (
    <table>
      <tbody>
        {INVOICES.map((inv) => (
          <tr key={inv.id}>
            <td>{inv.id}</td>
            <td>{inv.total.amount.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Upgrade() {
  const [done, setDone] = useState(false)
  if (done) return <p>You are on the Business plan now.</p>
  return (
    <button
      type="button"
      onClick={() => {
        track('upgraded', { plan: 'business' })
        setDone(true)
      }}
    >
      Upgrade to Business
    </button>
  )
}

export function BillingPage() {
  return (
    <section>
      <h1>Billing</h1>
      <Upgrade />
      <ErrorBoundary
        name="BillingInvoices"
        FallbackComponent={FeedbackFallback}
        attempting="viewing invoices"
      >
        <Invoices />
      </ErrorBoundary>
    </section>
  )
}
