import { ErrorBoundary } from '@suture/error-boundary'
import { type FormEvent, useState } from 'react'

interface Invite {
  email: string
  role: string
  // Planted bug: the API returns `inviter: null` for invites created from the new flow.
  inviter: { name: string } | null
}

function PendingInvites({ invites }: { invites: Invite[] }) {
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
      { email: String(data.get('email')), role: String(data.get('role')), inviter: null },
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
      <ErrorBoundary name="MembersPage">
        <InviteForm />
      </ErrorBoundary>
    </section>
  )
}
