import { Link } from '../router/router.js'

const PROJECTS = [
  { id: 981, name: 'Website redesign' },
  { id: 982, name: 'Mobile onboarding' },
]

export function ProjectsPage() {
  return (
    <section>
      <h1>Projects</h1>
      <ul>
        {PROJECTS.map((p) => (
          <li key={p.id}>
            <Link to={`/projects/${p.id}/settings`}>{p.name}</Link>
          </li>
        ))}
      </ul>
    </section>
  )
}
