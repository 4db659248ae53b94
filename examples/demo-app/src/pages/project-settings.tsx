import { ErrorBoundary, FeedbackFallback } from '@suture/error-boundary'
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

async function syncWithRetries(url: string, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, { method: 'POST' })
    if (response.ok) return
    if (attempt >= attempts)
      throw new Error(`GitHub sync failed: ${response.status} after ${attempts} attempts`)
    await new Promise((resolve) => setTimeout(resolve, 150 * attempt))
  }
}

function SyncButton({ id }: { id: string }) {
  const [state, setState] = useState<'idle' | 'done'>('idle')
  // Planted bug: the sync endpoint fails; after three tries the error escapes as an unhandled
  // rejection and the button shows nothing — users click it again and again.
  const sync = () => {
    void syncWithRetries(`/api/projects/${id}/sync`).then(() => setState('done'))
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
      <ErrorBoundary
        name="ProjectDangerZone"
        FallbackComponent={FeedbackFallback}
        attempting="archiving a project"
        resetKeys={[id]}
      >
        <DangerZone project={project} />
      </ErrorBoundary>
    </section>
  )
}
