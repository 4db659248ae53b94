import { ErrorBoundary, FeedbackFallback, track } from '@suture/error-boundary'
import { type FormEvent, useEffect, useState } from 'react'
import { FLAGS } from '../flags.js'

interface Invite {
  email: string
  role: string
  // Planted bug: the API returns `inviter: null` for invites created from the new flow.
  inviter: { name: string } | null
}

function PendingInvites({ invites }: { invites: Invite[] }) {
  // The goal event fires once the invite shows in the list, so a list that crashes never counts.
  useEffect(() => {
    const last = invites.at(-1)
    if (last) track('invite_sent', { role: last.role })
  }, [invites])
  return (
    <ul aria-label="Pending invites">
      {invites.map((invite) => (
        <li key={invite.email}>
          {invite.email} ({invite.role}) — invited by {(invite.inviter as { name: string }).name}
        </li>
      ))}
    </ul>
  )
}

function InviteForm() {
  const [invites, setInvites] = useState<Invite[]>([])
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    setInvites((list) => [
      ...list,
      {
        email: String(data.get('email')),
        role: String(data.get('role')),
        inviter: FLAGS.newInviteFlow ? null : { name: 'you' },
      },
    ])
  }
  return (
    <>
      <form
        aria-label="Invite teammate"
        onSubmit={submit}
        style={{ display: 'flex', gap: '8px', flexWrap: 'wrap' }}
      >
        <label>
          Email <input name="email" type="email" required autoComplete="off" />
        </label>
        <label>
          Role{' '}
          <select name="role" defaultValue="member">
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <button type="submit">Send invite</button>
      </form>
      <PendingInvites invites={invites} />
    </>
  )
}

export function MembersPage() {
  return (
    <section>
      <h1>Members</h1>
      <p>3 of 25 seats used.</p>
      {/* No `attempting` here: Suture derives it from what the user just did. */}
      <ErrorBoundary name="MembersPage" FallbackComponent={FeedbackFallback}>
        <InviteForm />
      </ErrorBoundary>
    </section>
  )
}
