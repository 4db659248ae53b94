import { Link } from '../router/router.js'

export function HomePage() {
  return (
    <section>
      <h1>Welcome back</h1>
      <p>Pick up where you left off:</p>
      <ul>
        <li>
          <Link to="/projects/981/settings">Website redesign settings</Link>
        </li>
        <li>
          <Link to="/settings/members">Invite your team</Link>
        </li>
      </ul>
    </section>
  )
}
