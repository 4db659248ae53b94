/** @jsxImportSource hono/jsx */

import { MAX_SESSION_PROJECTS } from '../session-token.js'
import type { PageChrome } from './layout.js'

/**
 * The header's project menu: the current project's name, opening (a `<details>`, so no script and the
 * keyboard works as for any disclosure) onto the other signed-in projects — each a submit button of one
 * form posting to `/switch` with the page it is on —, a per-project sign-out, "Add another project" and
 * logging out of every project at once.
 */
export function ProjectMenu(props: { chrome: PageChrome }) {
  const { chrome } = props
  const several = chrome.projects.length > 1
  const names = chrome.projects.map((p) => p.name)
  // Two projects may share a name; their ids tell them apart.
  const shared = (name: string) => names.indexOf(name) !== names.lastIndexOf(name)
  const full = chrome.projects.length >= MAX_SESSION_PROJECTS
  return (
    <details class="project-menu" id="project-menu">
      <summary>
        <span class="label">Project</span>{' '}
        <span class="name" title={chrome.projectName}>
          {chrome.projectName}
        </span>
      </summary>
      <div class="menu">
        {several ? (
          <form method="post" action={`${chrome.base}/switch`}>
            <input type="hidden" name="_csrf" value={chrome.csrf} />
            <input type="hidden" name="from" value={chrome.here} />
            <p class="menu-title" id="switch-title">
              Switch project
            </p>
            <ul aria-labelledby="switch-title">
              {chrome.projects.map((p) => {
                const current = p.projectId === chrome.currentProjectId
                return (
                  <li class={current ? 'current' : undefined} data-project={p.projectId}>
                    {current ? (
                      <span class="choice" aria-current="true">
                        <span class="name">{p.name}</span>
                        <span class="meta">current</span>
                      </span>
                    ) : (
                      <button class="choice" type="submit" name="project" value={p.projectId}>
                        <span class="name">{p.name}</span>
                        {shared(p.name) ? <span class="meta">{p.projectId}</span> : null}
                      </button>
                    )}
                    <button
                      class="sign-out"
                      type="submit"
                      name="project"
                      value={p.projectId}
                      formaction={`${chrome.base}/sign-out`}
                    >
                      Sign out<span class="sr-only">{` of ${p.name}`}</span>
                    </button>
                  </li>
                )
              })}
            </ul>
          </form>
        ) : null}
        {full ? (
          <p class="help">
            {`Signed in to ${MAX_SESSION_PROJECTS} projects, the most one session holds: sign out of one to add another.`}
          </p>
        ) : (
          <a class="add" href={`${chrome.base}/login?add=1`}>
            Add another project
          </a>
        )}
        <form method="post" action={`${chrome.base}/logout`} class="logout">
          <input type="hidden" name="_csrf" value={chrome.csrf} />
          <button class="btn" type="submit">
            {several ? `Log out of all ${chrome.projects.length} projects` : 'Log out'}
          </button>
        </form>
      </div>
    </details>
  )
}
