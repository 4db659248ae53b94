import { ErrorBoundary } from '@suture/error-boundary'
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

export function BillingPage() {
  return (
    <section>
      <h1>Billing</h1>
      <ErrorBoundary name="BillingInvoices" attempting="viewing invoices">
        <Invoices />
      </ErrorBoundary>
    </section>
  )
}
