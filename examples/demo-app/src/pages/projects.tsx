import { track } from '@suture/error-boundary'
import { type FormEvent, useState } from 'react'
import { Link } from '../router/router.js'

const PROJECTS = [
  { id: 981, name: 'Website redesign' },
  { id: 982, name: 'Mobile onboarding' },
]

function NewProject({ onCreate }: { onCreate: (name: string) => void }) {
  const [open, setOpen] = useState(false)
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim()
    if (!name) return
    onCreate(name)
    track('project_created')
    setOpen(false)
  }
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        New project
      </button>
    )
  }
  return (
    <form aria-label="New project" onSubmit={submit} style={{ display: 'flex', gap: '8px' }}>
      <label>
        Project name <input name="name" required autoComplete="off" />
      </label>
      <button type="submit">Create project</button>
    </form>
  )
}

export function ProjectsPage() {
  const [projects, setProjects] = useState(PROJECTS)
  return (
    <section>
      <h1>Projects</h1>
      <NewProject onCreate={(name) => setProjects((list) => [...list, { id: 990 + list.length, name }])} />
      <ul>
        {projects.map((p) => (
          <li key={p.id}>
            <Link to={`/projects/${p.id}/settings`}>{p.name}</Link>
          </li>
        ))}
      </ul>
    </section>
  )
}
