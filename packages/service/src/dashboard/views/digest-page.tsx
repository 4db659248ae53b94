/** @jsxImportSource hono/jsx */
import type { DigestListItem, GoLive, StoredDigest } from '@suture/pm-agent'
import { raw } from 'hono/html'
import { formatDateTime } from './format.js'
import { Empty, Page, type PageChrome } from './layout.js'
import { renderSafeMarkdown } from './safe-markdown.js'

export function DigestPage(props: {
  chrome: PageChrome
  digests: readonly DigestListItem[]
  current: StoredDigest | undefined
  live?: GoLive | null | undefined
  notice?: string | undefined
}) {
  const { chrome, current } = props
  return (
    <Page title="Digest" tab="digest" chrome={chrome}>
      <h1>Monday digest</h1>
      <p class="sub">
        What the PM agent found each week: tickets, held items, observations, pairs to confirm.
      </p>
      {props.notice ? <div class="notice">{props.notice}</div> : null}
      <ModeCard chrome={chrome} live={props.live ?? null} />
      {current === undefined ? (
        <Empty title="No digest yet — run `pnpm suture digest`.">
          <p>
            The worker writes one every Monday at 08:00; <code>pnpm suture digest --week 2026-W48</code>{' '}
            writes one for a given week now. It needs triaged clusters first (<code>pnpm suture triage</code>
            ).
          </p>
        </Empty>
      ) : (
        <>
          <div class="card">
            <div class="row">
              <nav class="weeks" aria-label="Weeks">
                {props.digests.map((d) => (
                  <a
                    href={`${chrome.base}/digest/${encodeURIComponent(d.week)}`}
                    class={d.week === current.week ? 'active' : undefined}
                  >
                    <span class="pill">{d.week}</span>
                  </a>
                ))}
              </nav>
              <a href={`${chrome.base}/digest/${encodeURIComponent(current.week)}/markdown`}>Markdown</a>
            </div>
            <p class="sub" style="margin:10px 0 0">
              {`${current.week} · written ${formatDateTime(current.createdAt)}`}
              {current.shadow ? (
                <span class="pill warn" style="margin-left:8px">
                  shadow mode: nothing was filed
                </span>
              ) : null}
            </p>
          </div>
          {/* Inline, from its Markdown through the same safe renderer as tickets: no frame to scroll, and
              nothing in it (a title quoting a user's input) can become markup or script. */}
          <article class="card markdown" id="digest" aria-label={`Digest ${current.week}`}>
            {raw(renderSafeMarkdown(current.markdown))}
          </article>
        </>
      )}
    </Page>
  )
}

/** Shadow mode until a person decides otherwise: the button records who and when. */
function ModeCard(props: { chrome: PageChrome; live: GoLive | null }) {
  if (props.live) {
    return (
      <p class="sub" id="mode">
        {`Live since ${formatDateTime(props.live.at)}, decided by ${props.live.by}.`}
      </p>
    )
  }
  return (
    <form class="card" id="mode" method="post" action={`${props.chrome.base}/go-live`}>
      <p style="margin:0 0 8px">
        <span class="pill warn">shadow mode</span> Nothing is filed or commented; each digest lists what would
        have been. Going live is your decision.
      </p>
      <input type="hidden" name="_csrf" value={props.chrome.csrf} />
      <label>
        Who decides <input type="text" name="by" required maxlength={200} />
      </label>{' '}
      <button type="submit">Go live</button>
    </form>
  )
}
