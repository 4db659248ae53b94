/** @jsxImportSource hono/jsx */
import type { LatestError } from '@suture/store'
import { EnvSelector } from './env-selector.js'
import { formatDateTime } from './format.js'
import { Empty, Page, type PageChrome } from './layout.js'

/** The newest errors as they arrive: what a newly connected app sees before any session ends or any week closes. */
export function ErrorsPage(props: {
  chrome: PageChrome
  errors: readonly LatestError[]
  env: string | undefined
  environments: readonly string[]
}) {
  return (
    <Page title="Latest errors" tab="errors" chrome={props.chrome}>
      <div class="row">
        <div>
          <h1>Latest errors</h1>
          <p class="sub">
            Every error envelope as it is stored, newest first — no waiting for sessions to end or for the
            weekly triage. Reload to see new ones.
          </p>
        </div>
        <EnvSelector
          href={`${props.chrome.base}/errors`}
          current={props.env}
          environments={props.environments}
        />
      </div>
      {props.errors.length === 0 ? (
        <Empty title={props.env ? `No errors stored in ${props.env} yet.` : 'No errors stored yet.'}>
          <p>Connect the SDK; the first error shows up here as soon as the server stores it.</p>
        </Empty>
      ) : (
        <div class="wrap">
          <table>
            <thead>
              <tr>
                <th>received</th>
                <th>error</th>
                <th>route</th>
                <th>release</th>
                <th>environment</th>
              </tr>
            </thead>
            <tbody>
              {props.errors.map((e) => (
                <tr data-envelope={e.id}>
                  <td class="meta">{formatDateTime(e.receivedAt)}</td>
                  <td>{`${e.errorType ?? 'Error'}: ${e.message ?? ''}`}</td>
                  <td>
                    <code>{e.route}</code>
                  </td>
                  <td>{e.release ?? '—'}</td>
                  <td>{e.environment ?? 'production (unnamed)'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  )
}
