/**
 * Build an error envelope from a caught error, validate it, fingerprint it and scrub it — what the React SDK
 * does before sending and what the server repeats on ingest.
 *
 * Run it: pnpm --filter @suture/envelope example
 */
import {
  type EnvelopeInput,
  fingerprint,
  parameterizeRoute,
  parseEnvelope,
  parseStack,
  scrubEnvelope,
} from '@suture/envelope'

// A real Chrome stack, as `error.stack` gives it in production.
const stack = [
  "TypeError: Cannot read properties of undefined (reading 'email')",
  '    at InviteForm.submit (https://app.acme.test/assets/main.3f9a1c.js:1:20441)',
  '    at async handleClick (https://app.acme.test/assets/main.3f9a1c.js:1:21007)',
  '    at HTMLButtonElement.dispatch (https://app.acme.test/assets/vendor.77e0b2.js:2:8812)',
].join('\n')

const url =
  'https://app.acme.test/workspaces/4812/members?invite_token=9f8e7d6c5b4a3f2e1d0c&ref=ann.lee@acme.test'
const frames = parseStack(stack)

const input: EnvelopeInput = {
  id: '0192d3e4-7b5a-7c1d-9e2f-3a4b5c6d7e8f',
  schemaVersion: 1,
  kind: 'error',
  occurredAt: '2026-11-23T10:00:00.000Z',
  app: { name: 'acme-web', release: '1.4.2', environment: 'production' },
  route: { template: parameterizeRoute(url), url },
  boundary: 'MembersPage',
  breadcrumbs: [
    { ts: '2026-11-23T09:59:57.000Z', type: 'input', label: "Typed in 'Email address'" },
    { ts: '2026-11-23T09:59:58.000Z', type: 'click', label: "Clicked 'Invite teammate'" },
    { ts: '2026-11-23T09:59:59.000Z', type: 'console', label: 'inviting ann.lee@acme.test as admin' },
  ],
  flags: { newInviteFlow: true },
  attempting: "submitting the 'Invite teammate' form on /workspaces/:id/members",
  error: {
    type: 'TypeError',
    message: "Cannot read properties of undefined (reading 'email') for ann.lee@acme.test",
    frames,
    fingerprint: fingerprint({
      type: 'TypeError',
      message: "Cannot read properties of undefined (reading 'email')",
      frames,
    }),
    handled: true,
    mechanism: 'boundary',
  },
}

// Untrusted input is parsed, never trusted: bad input gives field paths, not an exception.
const parsed = parseEnvelope(input)
if (!parsed.ok)
  throw new Error(`invalid envelope: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join(', ')}`)

export const envelope = scrubEnvelope(parsed.value)
export const rejected = parseEnvelope({ ...input, error: { ...input.error, handled: 'yes' } })

console.log('route template:', envelope.route.template)
console.log('scrubbed url:  ', envelope.route.url)
if (envelope.kind === 'error') {
  console.log('fingerprint:   ', envelope.error.fingerprint)
  console.log('top frame:     ', envelope.error.frames[0])
  console.log('message:       ', envelope.error.message)
}
console.log('breadcrumb:    ', envelope.breadcrumbs.at(-1)?.label)
console.log('invalid input: ', rejected.ok ? 'accepted?!' : rejected.issues)
