import { ErrorBoundary } from '@suture/error-boundary'
import { useState } from 'react'

interface Project {
  id: string
  name: string
  owner?: { name: string }
}

function DangerZone({ project }: { project: Project }) {
  const [confirming, setConfirming] = useState(false)
  if (confirming) {
    // Planted bug: projects imported from the old workspace have no owner.
    const owner = (project.owner as { name: string }).name
    return <p>Ask {owner} to confirm archiving.</p>
  }
  return (
    <button type="button" onClick={() => setConfirming(true)}>
      Archive project
    </button>
  )
}

function SyncButton({ id }: { id: string }) {
  const [state, setState] = useState<'idle' | 'done'>('idle')
  // Planted bug: the sync endpoint fails and the button shows nothing — users click it again and again.
  const sync = () => {
    fetch(`/api/projects/${id}/sync`, { method: 'POST' })
      .then((r) => {
        if (r.ok) setState('done')
      })
      .catch(() => {})
  }
  return (
    <button type="button" onClick={sync}>
      {state === 'done' ? 'Synced' : 'Sync with GitHub'}
    </button>
  )
}

function ExportButton() {
  // Planted bug: the export takes 10 s with no feedback at all — a dead click.
  return (
    <button type="button" onClick={() => setTimeout(() => {}, 10_000)}>
      Export CSV
    </button>
  )
}

export function ProjectSettingsPage({ id }: { id: string }) {
  const project: Project = { id, name: id === '981' ? 'Website redesign' : `Project ${id}` }
  return (
    <section>
      <h1>{project.name} — settings</h1>
      <p style={{ display: 'flex', gap: '8px' }}>
        <SyncButton id={id} />
        <ExportButton />
      </p>
      <h2>Danger zone</h2>
      <ErrorBoundary name="ProjectDangerZone" attempting="archiving a project" resetKeys={[id]}>
        <DangerZone project={project} />
      </ErrorBoundary>
    </section>
  )
}
