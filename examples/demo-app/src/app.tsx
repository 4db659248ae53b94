import { ErrorBoundary, FeedbackFallback } from '@suture/error-boundary'
import { BillingPage } from './pages/billing.js'
import { HomePage } from './pages/home.js'
import { MembersPage } from './pages/members.js'
import { NotFound } from './pages/not-found.js'
import { ProjectSettingsPage } from './pages/project-settings.js'
import { ProjectsPage } from './pages/projects.js'
import { currentTemplate, Link, params, usePathname } from './router/router.js'

function Page({ pathname }: { pathname: string }) {
  const template = currentTemplate()
  switch (template) {
    case '/':
      return <HomePage />
    case '/projects':
      return <ProjectsPage />
    case '/projects/:id/settings':
      return <ProjectSettingsPage id={params(template, pathname).id ?? ''} />
    case '/settings/members':
      return <MembersPage />
    case '/billing':
      return <BillingPage />
    default:
      return <NotFound />
  }
}

export function App() {
  const pathname = usePathname()
  return (
    <div
      style={{ font: '15px/1.5 system-ui, sans-serif', maxWidth: '48rem', margin: '0 auto', padding: '24px' }}
    >
      <header style={{ display: 'flex', gap: '16px', alignItems: 'baseline', marginBottom: '24px' }}>
        <strong>Acme Projects</strong>
        <nav aria-label="Main" style={{ display: 'flex', gap: '12px' }}>
          <Link to="/">Home</Link>
          <Link to="/projects">Projects</Link>
          <Link to="/settings/members">Members</Link>
          <Link to="/billing">Billing</Link>
        </nav>
      </header>
      {/* The outermost boundary: the page changes, the boundary resets. */}
      <ErrorBoundary name="AppShell" FallbackComponent={FeedbackFallback} resetKeys={[pathname]}>
        <main>
          <Page pathname={pathname} />
        </main>
      </ErrorBoundary>
    </div>
  )
}
