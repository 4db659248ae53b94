/** @jsxImportSource hono/jsx */

import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { ProjectMenu } from './project-menu.js'
import { DASHBOARD_CSS } from './style.js'

export type Tab = 'issues' | 'sessions' | 'errors' | 'clusters' | 'digest' | 'review' | 'andon' | 'projects'

export interface PageChrome {
  /** The current project's name. */
  readonly projectName: string
  readonly csrf: string
  readonly base: string
  readonly currentProjectId: string
  /** Every project the browser is signed in to, the current one included, in sign-in order. */
  readonly projects: readonly { readonly projectId: string; readonly name: string }[]
  /** This page's path and query: switching project lands on the same kind of page. */
  readonly here: string
  /** Said above the page once, e.g. that a revoked key signed the browser out of a project. */
  readonly notice?: string | undefined
}

// A stitch on the dashboard's ink colour, inline so the icon needs no route and no request.
const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1d2330"/><path d="M8 22 24 10M10 10l4 4m4 4 4 4" stroke="#fff" stroke-width="3" stroke-linecap="round"/></svg>',
)}`

function Document(props: { title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${props.title} · Suture`}</title>
        <link rel="icon" type="image/svg+xml" href={FAVICON} />
        <style>{raw(DASHBOARD_CSS)}</style>
      </head>
      <body>{props.children}</body>
    </html>
  )
}

export function Page(props: { title: string; tab: Tab; chrome: PageChrome; children: Child }) {
  const { chrome } = props
  const link = (tab: Tab, href: string, label: string) => (
    <a href={`${chrome.base}${href}`} class={props.tab === tab ? 'active' : undefined}>
      {label}
    </a>
  )
  return (
    <Document title={props.title}>
      <header class="top">
        <div class="inner">
          <span class="brand">Suture</span>
          <nav>
            {link('issues', '/issues', 'Issues')}
            {link('sessions', '/sessions', 'Sessions')}
            {link('errors', '/errors', 'Latest errors')}
            {link('clusters', '/clusters', 'Clusters & tickets')}
            {link('digest', '/digest', 'Digest')}
            {link('review', '/review', 'Review')}
            {link('andon', '/andon', 'Andon')}
            {link('projects', '/projects/new', 'New project')}
          </nav>
          <ProjectMenu chrome={chrome} />
        </div>
      </header>
      <main>
        {chrome.notice ? (
          <div class="warning" role="status">
            {chrome.notice}
          </div>
        ) : null}
        {props.children}
      </main>
    </Document>
  )
}

export function LoginPage(props: {
  base: string
  csrf: string
  error?: string | undefined
  notice?: string | undefined
  /** The dashboard page the login was asked for; the form posts it back so the login lands there. */
  next?: string | undefined
  /** The projects this browser is signed in to already: logging in adds one to them. */
  signedIn?: readonly string[] | undefined
  /** How many projects a session holds. */
  max: number
}) {
  const signedIn = props.signedIn ?? []
  const adding = signedIn.length > 0
  return (
    <Document title={adding ? 'Add a project' : 'Log in'}>
      <main>
        <div class="card login">
          <h1>{adding ? 'Add another project' : 'Suture dashboard'}</h1>
          {adding ? (
            <p class="sub" id="signed-in">
              {`You stay signed in to ${signedIn.join(', ')}. Paste the other project's secret admin key (sut_sec_…); it becomes the current project and the project menu switches between them (at most ${props.max}).`}{' '}
              <a href={`${props.base}/issues`}>Back to the dashboard</a>
            </p>
          ) : (
            <p class="sub">
              Log in with your project's secret admin key (it starts with <code>sut_sec_</code>).
            </p>
          )}
          {props.error ? (
            <div class="error" role="alert">
              {props.error}
            </div>
          ) : null}
          {props.notice ? <div class="notice">{props.notice}</div> : null}
          <form
            method="post"
            action={`${props.base}/login${props.next ? `?next=${encodeURIComponent(props.next)}` : ''}`}
          >
            <input type="hidden" name="_csrf" value={props.csrf} />
            <label for="key">Secret key</label>
            <input id="key" name="key" type="password" autocomplete="current-password" required autofocus />
            <button class="btn primary" type="submit">
              {adding ? 'Add project' : 'Log in'}
            </button>
          </form>
          <p class="sub" style="margin-top:16px;font-size:13px">
            No key? <code>pnpm suture project create "My app"</code> prints one. The public ingest key (
            <code>sut_pub_</code>) only sends data and cannot open the dashboard.
          </p>
        </div>
      </main>
    </Document>
  )
}

export function Empty(props: { title: string; children: Child }) {
  return (
    <div class="empty">
      <b>{props.title}</b>
      <div>{props.children}</div>
    </div>
  )
}
