/**
 * Regression oracle for breadcrumb labels. The expected values below were generated once by running the
 * recorders as they were before the size cuts of the `sdk-labels` branch, then hard-coded: they are not a
 * spec of what the labels should be, only of what they were. Any change here is a behaviour change of
 * the SDK's breadcrumbs (labels, data fields, roles, selectors) and needs its own reason.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FrustrationDetector } from '../frustration/detector.js'
import { recordConsole } from './console.js'
import { type ClickInfo, recordDom } from './dom.js'
import EXPECTED from './fixtures/recorders-oracle.json' with { type: 'json' }
import { recordHistory } from './history.js'
import {
  fieldName,
  formLabel,
  interactiveTarget,
  isInteractive,
  readableLabel,
  roleOf,
  shortSelector,
} from './labels.js'
import { BreadcrumbBuffer } from './ring-buffer.js'

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 6)
const guard = <A extends unknown[]>(fn: (...args: A) => void) => fn as (...args: A) => void

/** Snippets of real-world markup; the element with `data-pick` (else the first) is the one acted on. */
const DOMS: readonly string[] = [
  '<button aria-label="Close dialog"><svg data-pick><path></path></svg></button>',
  '<button id="save" class="btn primary big"><i class="icon" data-pick></i> Save   changes\n</button>',
  '<span id="a">Delete</span><span id="b"> project </span><button data-pick aria-labelledby="a b missing">🗑</button>',
  '<button data-pick aria-labelledby="nope"><img alt="Trash"></button>',
  '<a href="/settings" data-testid="nav-settings">Settings</a>',
  '<a data-pick class="fake-link">No href</a>',
  '<a href="#" title="Help"></a>',
  '<div role="tab" data-pick>Overview</div>',
  '<div role="menuitem" class="item x y"><span data-pick>Rename</span></div>',
  '<div class="card" data-pick>Plain   div text</div>',
  '<div data-pick></div>',
  '<input type="submit" value="Save changes">',
  '<input type="button">',
  '<input type="reset" value="   ">',
  '<input type="checkbox" id="tos" data-pick><label for="tos">I agree to the <b>terms</b></label>',
  '<label>Role <select name="role" data-pick><option>Member</option><option>Admin</option></select></label>',
  '<label>Email <input type="email" name="email" placeholder="you@x.com" data-pick></label>',
  '<input type="radio" name="plan" value="pro">',
  '<input type="text" placeholder="Search…" value="typed secret">',
  '<input type="number" id="qty" value="3">',
  '<input class="a b c" value="secret">',
  '<input type="password" name="pw" aria-label="" value="hunter2">',
  '<textarea name="bio" aria-label="  Your   bio ">hello</textarea>',
  '<textarea data-pick></textarea>',
  '<select id="country" aria-labelledby="lbl" data-pick><option>NL</option></select><span id="lbl">Country</span>',
  '<details><summary data-pick>More options</summary><p>x</p></details>',
  '<label for="x">Name</label><input id="x" data-suture-label="Custom name" data-pick>',
  '<div role="button" data-suture-label="Custom" aria-label="ignored">x</div>',
  '<button data-suture-label="" aria-label="Not used">Text wins</button>',
  '<div role="checkbox" aria-checked="true" title="Dark mode"></div>',
  '<div role="switch"><img alt="Toggle wifi" data-pick></div>',
  `<button>${'Very long label '.repeat(6)}</button>`,
  `<button>${'x'.repeat(60)}</button>`,
  `<button>${'y'.repeat(61)}</button>`,
  '<svg class="icon"><circle data-pick></circle></svg>',
  '<button id="both" data-testid="t" name="n" class="c">Both</button>',
  '<button data-testid="t" name="n" class="c"></button>',
  '<button name="go" class="x y z"></button>',
  '<label data-pick>Just a label</label>',
  '<a href="/x"><img src="a.png" alt="Logo" data-pick></a>',
  '<input type="image" alt="Go" name="img">',
  '<input type="hidden" name="csrf" value="tok">',
  '<button title="Settings"><svg></svg></button>',
  '<button alt="odd alt" title=""></button>',
  '<label for="n2">Nick <button>help</button> name</label><input id="n2" data-pick>',
  '<label for="e1">  </label><input id="e1" name="fallback" data-pick>',
  '<input type="SUBMIT" value="Upper">',
  '<input type="weird" name="w">',
  '<span role="link" tabindex="0">Read more</span>',
  '<div role="LINK">caps role</div>',
  '<span id="">Empty id</span><button data-pick aria-labelledby="">Own text</button>',
  '<span id="q">Q</span><button data-pick aria-labelledby="  q  ">x</button>',
  '<span id="">Empty id</span><button data-pick aria-labelledby=" ">Only space</button>',
  '<button aria-labelledby="none" aria-label="Wins over labelledby">x</button>',
  '<button aria-label="   " title="T">  </button>',
  '<input type="checkbox" aria-labelledby="lb" data-pick><label>Wrapped <span id="lb"></span></label>',
  '<label>Outer <input type="text" data-pick aria-labelledby="gone"></label>',
  '<label for="m">First</label><label for="m">Second</label><input id="m" data-pick>',
  '<input type="submit">',
  '<button><img alt=""><img alt="Second"></button>',
  '<button title="" alt="A"><img alt="Img"></button>',
  '<svg><button data-pick>svg button</button></svg>',
  '<svg><textarea data-pick>svg textarea</textarea></svg>',
  '<svg><a href="/x" data-pick>svg link</a></svg>',
  '<svg><input type="submit" value="v" data-pick></svg>',
  '<math><select data-pick></select></math>',
  '<textarea type="submit" data-pick></textarea>',
  '<button type="reset">Reset form</button>',
  '<button type="nonsense">Odd type</button>',
  '<form aria-label="Invite teammate"><button data-pick>Go</button></form>',
  '<form><fieldset><legend>Billing address</legend><input name="street" data-pick></fieldset><button>Pay</button></form>',
  '<form><h2>Sign in</h2><input type="email" data-pick><button type="submit">Log in</button></form>',
  '<form name="search"><input name="q" data-pick></form>',
  '<form id="f1"><input type="submit" value="Send" data-pick></form>',
  '<form><button type="button">Cancel</button><button data-pick>Submit it</button></form>',
  '<form data-suture-label="Checkout"><input name="card" data-pick></form>',
  '<h3 id="ft">Title from heading</h3><form aria-labelledby="ft"><input data-pick></form>',
  '<form id="empty"><h4></h4><button type="submit"></button></form>',
  '<form><h2>  </h2><button>Ignored</button></form>',
  '<form class="f"><input type="submit" aria-label="Send it" data-pick></form>',
  '<form><select name="s" data-pick><option>1</option></select></form>',
]

function pick(): Element {
  const found = document.body.querySelector('[data-pick]') ?? document.body.firstElementChild
  if (!found) throw new Error('no element in fixture')
  return found
}

function snapshotOf(html: string) {
  document.body.innerHTML = html
  const el = pick()
  const target = interactiveTarget(el)
  const form = el.closest('form')
  const pure = {
    role: roleOf(el) ?? null,
    readable: readableLabel(el),
    field: fieldName(el),
    selector: shortSelector(el),
    interactive: isInteractive(el),
    target: target ? shortSelector(target) : null,
    targetRole: target ? (roleOf(target) ?? null) : null,
    form: form ? formLabel(form) : null,
  }
  const buffer = new BreadcrumbBuffer()
  const clicks: ClickInfo[] = []
  const stop = recordDom(buffer, { click: (c) => clicks.push(c) }, guard)
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 12, clientY: 34 }))
  el.dispatchEvent(new Event('change', { bubbles: true }))
  if (form) {
    form.dispatchEvent(new SubmitEvent('submit', { bubbles: true }))
    form.dispatchEvent(new SubmitEvent('submit', { bubbles: true, submitter: el as HTMLElement }))
  }
  stop()
  el.dispatchEvent(new MouseEvent('click', { bubbles: true }))
  return {
    ...pure,
    crumbs: buffer.snapshot(),
    clicks: clicks.map((c) => ({ ...c, element: c.element === target })),
  }
}

function historyRun() {
  const buffer = new BreadcrumbBuffer()
  let navigations = 0
  const push = history.pushState
  const replace = history.replaceState
  push.call(history, null, '', '/start')
  const stop = recordHistory(
    buffer,
    (path) => `<${path}>`,
    () => navigations++,
    guard,
  )
  const wrapped = history.pushState !== push && history.replaceState !== replace
  const returned = [
    history.pushState({ a: 1 }, '', '/projects/42'),
    history.pushState(null, '', '/projects/42'),
    history.replaceState(null, '', '/projects/42?tab=x'),
    history.replaceState({ b: 2 }, '', '/issues'),
    history.pushState(null, '', '/issues#frag'),
  ]
  window.dispatchEvent(new PopStateEvent('popstate'))
  replace.call(history, null, '', '/elsewhere')
  window.dispatchEvent(new PopStateEvent('popstate'))
  history.pushState(null, '', '/c/d')
  const state = history.state
  stop()
  const restored = history.pushState === push && history.replaceState === replace
  history.pushState(null, '', '/after')
  window.dispatchEvent(new PopStateEvent('popstate'))
  return {
    crumbs: buffer.snapshot(),
    navigations,
    wrapped,
    restored,
    returned: returned.map(String),
    state,
    path: location.pathname,
  }
}

function consoleRun() {
  const buffer = new BreadcrumbBuffer()
  const seen: unknown[][] = []
  const previous = console.error
  const fake = (...args: unknown[]) => {
    seen.push(args)
  }
  console.error = fake
  try {
    const stop = recordConsole(buffer, guard)
    const circular: Record<string, unknown> = {}
    circular.self = circular
    class MyError extends Error {
      override name = 'MyError'
    }
    const first = { a: [1, 'x'], b: { c: null } }
    console.error('plain', 42, null, undefined, first, new TypeError('bad input'), circular, true)
    console.error()
    console.error(new MyError('mine'), 10n, Symbol('s'), () => 1)
    console.error('a'.repeat(150), 'b'.repeat(150))
    console.error('  spaced\n  text  ', [], {}, Object.create(null), new Date(T0))
    stop()
    const restored = console.error === fake
    console.error('after stop')
    return {
      crumbs: buffer.snapshot(),
      restored,
      passedThrough: seen.map((args) => args.length),
      sameArgs: seen[0]?.[4] === first,
    }
  } finally {
    console.error = previous
  }
}

function bufferRun() {
  const small = new BreadcrumbBuffer(3)
  const heard: string[] = []
  const unsubscribe = small.subscribe((c) => heard.push(c.label))
  for (let i = 0; i < 5; i++) {
    small.add({
      at: T0 + i,
      type: 'custom',
      label: `c${i}`,
      ...(i % 2 ? { data: { i, odd: true, n: null } } : {}),
    })
    if (i === 3) unsubscribe()
  }
  const big = new BreadcrumbBuffer()
  for (let i = 0; i < 55; i++) big.add({ at: T0 + i * 1000, type: 'navigation', label: `n${i}` })
  return {
    // The buffer as kept (epoch ms), read back from the snapshot: BreadcrumbBuffer has no raw accessor.
    recent: small.snapshot().map(({ ts, ...crumb }) => ({ at: Date.parse(ts), ...crumb })),
    snapshot: small.snapshot(),
    heard,
    bigLength: big.snapshot().length,
    bigFirst: big.snapshot()[0],
    bigLast: big.snapshot().at(-1),
  }
}

async function frustrationRun() {
  document.body.innerHTML =
    '<button id="retry">Retry <span id="inner">now</span></button><p id="text">plain</p><a href="/x" id="go">Go</a><button id="other" class="o"></button>'
  const buffer = new BreadcrumbBuffer(200)
  const detector = new FrustrationDetector(buffer)
  const stop = recordDom(buffer, detector, guard)
  const $ = (id: string) => document.getElementById(id) as Element
  const log: unknown[] = []
  const note = (what: string) =>
    log.push({ what, t: Date.now() - T0, counts: detector.snapshot(), crumbs: buffer.snapshot().length })
  const click = (id: string, x: number, y: number) => {
    $(id).dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: x, clientY: y }))
    note(`click ${id} ${x},${y}`)
  }
  const wait = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms)
    note(`wait ${ms}`)
  }
  click('retry', 100, 100)
  await wait(500)
  click('inner', 130, 100)
  await wait(500)
  click('retry', 100, 100)
  await wait(500)
  click('retry', 100, 100)
  await wait(999)
  click('retry', 100, 100)
  await wait(1)
  click('retry', 100, 130)
  await wait(3000)
  click('retry', 0, 0)
  await wait(100)
  click('retry', 31, 0)
  await wait(100)
  click('retry', 21, 21)
  await wait(100)
  click('retry', 22, 21)
  await wait(2600)
  click('text', 5, 5)
  await wait(10)
  click('text', 5, 5)
  await wait(10)
  click('text', 5, 5)
  await wait(3000)
  click('go', 50, 50)
  await wait(300)
  $('text').textContent = 'changed'
  await wait(2500)
  click('other', 60, 60)
  await wait(200)
  detector.noteChange()
  note('noteChange')
  await wait(2400)
  click('other', 60, 60)
  await wait(2499)
  await wait(1)
  await wait(1)
  click('other', 60, 60)
  await wait(400)
  detector.error(Date.now())
  note('error now')
  detector.error(Date.now())
  note('error again')
  click('go', 1, 1)
  detector.error(Date.now() + 1000)
  note('error +1000')
  click('go', 1, 1)
  detector.error(Date.now() + 1001)
  note('error +1001')
  detector.error(Date.now() - 1)
  note('error -1')
  detector.error(Date.now())
  note('error at click')
  await wait(3000)
  click('other', 300, 300)
  detector.noteChange()
  note('noteChange in the same ms')
  await wait(2600)
  click('other', 300, 300)
  $('text').textContent = 'again'
  await wait(2600)
  detector.noteChange()
  await wait(1)
  click('other', 300, 300)
  await wait(2600)
  click('retry', 7, 7)
  click('other', 7, 7)
  click('retry', 7, 7)
  await wait(1000)
  click('go', 200, 200)
  stop()
  detector.stop()
  await wait(5000)
  return { log, crumbs: buffer.snapshot(), counts: detector.snapshot() }
}

describe('breadcrumb regression oracle', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    vi.setSystemTime(T0)
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('has one expectation per snippet', () => {
    expect(EXPECTED.doms).toHaveLength(DOMS.length)
  })

  it.each(DOMS.map((html, i) => [i, html] as const))('labels DOM snippet %i the same: %s', (i, html) => {
    expect(snapshotOf(html)).toEqual(EXPECTED.doms[i])
  })

  it('records navigations the same', () => {
    expect(historyRun()).toEqual(EXPECTED.history)
  })

  it('records console errors the same', () => {
    expect(consoleRun()).toEqual(EXPECTED.console)
  })

  it('keeps breadcrumbs the same', () => {
    expect(bufferRun()).toEqual(EXPECTED.buffer)
  })

  it('counts and notes rage, dead and error clicks the same, at the same times', async () => {
    expect(await frustrationRun()).toEqual(EXPECTED.frustration)
  })
})
