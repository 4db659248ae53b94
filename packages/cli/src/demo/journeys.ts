import type { Page } from 'playwright-core'
import { DEMO_USERS, type DemoUser } from './actors.js'

/** What a journey is meant to show; the planted bugs are in examples/demo-app. */
export type JourneyKind =
  | 'create-project'
  | 'invite-crash'
  | 'sync-rage'
  | 'billing-crash'
  | 'archive-crash'
  | 'export-dead'
  | 'invite-success'
  | 'billing-upgrade'

/**
 * The schedule repeats this order, so any run of 8·k journeys has k of each kind, each by a different
 * user: 40 journeys already give every planted bug the 5 distinct users a ticket needs.
 */
export const JOURNEY_ORDER: readonly JourneyKind[] = [
  'create-project',
  'invite-crash',
  'sync-rage',
  'billing-crash',
  'archive-crash',
  'export-dead',
  'invite-success',
  'billing-upgrade',
]

/** Who can take this journey: the bug or success path depends on the workspace's flags. */
function eligible(kind: JourneyKind): readonly DemoUser[] {
  switch (kind) {
    case 'invite-crash':
      return DEMO_USERS.filter((u) => u.flags.newInviteFlow)
    case 'invite-success':
      return DEMO_USERS.filter((u) => !u.flags.newInviteFlow)
    case 'billing-crash':
      return DEMO_USERS.filter((u) => !u.flags.billingV2)
    case 'billing-upgrade':
      return DEMO_USERS.filter((u) => u.flags.billingV2)
    default:
      return DEMO_USERS
  }
}

export interface JourneyPlan {
  readonly index: number
  readonly kind: JourneyKind
  readonly user: DemoUser
  /** Leave a line in the fallback's feedback box (crash journeys only, every other one). */
  readonly feedback: boolean
  /** Browse a little first (a longer, more engaged session). */
  readonly browseFirst: boolean
  /** Envelopes the SDK must have sent before the journey may end (errors, feedback). */
  readonly envelopes: number
}

const CRASHES: readonly JourneyKind[] = ['invite-crash', 'billing-crash', 'archive-crash']

export function planJourneys(count: number): JourneyPlan[] {
  const plans: JourneyPlan[] = []
  for (let index = 0; index < count; index++) {
    const kind = JOURNEY_ORDER[index % JOURNEY_ORDER.length] as JourneyKind
    const round = Math.floor(index / JOURNEY_ORDER.length)
    const pool = eligible(kind)
    // Each kind walks its pool one user per round (from its own offset): every eligible user takes it
    // before anyone takes it twice.
    const user = pool[(round + (index % JOURNEY_ORDER.length) * 5) % pool.length] as DemoUser
    const feedback = round % 2 === 0
    const crash = CRASHES.includes(kind)
    const envelopes = crash ? (feedback ? 2 : 1) : kind === 'sync-rage' ? 1 : 0
    plans.push({ index, kind, user, feedback, browseFirst: round % 3 === 1, envelopes })
  }
  return plans
}

const FEEDBACK: Partial<Record<JourneyKind, string>> = {
  'invite-crash': 'I was trying to invite my colleague and the page broke',
  'billing-crash': 'I only wanted to download last month’s invoice',
  'archive-crash': 'Wanted to archive an old project, got an error instead',
}

const TIMEOUT = 10_000

async function click(page: Page, role: 'button' | 'link', name: string): Promise<void> {
  await page.getByRole(role, { name, exact: true }).first().click({ timeout: TIMEOUT })
}

async function fallback(page: Page, plan: JourneyPlan): Promise<void> {
  // The demo's boundaries use the SDK's FeedbackFallback: an alert with "Try again" and a one-line feedback box.
  await page.getByRole('alert').getByRole('button', { name: 'Try again' }).waitFor({ timeout: TIMEOUT })
  const text = FEEDBACK[plan.kind]
  if (plan.feedback && text) {
    const alert = page.getByRole('alert')
    await alert.getByRole('textbox', { name: /what were you trying to do/i }).fill(text)
    await alert.getByRole('button', { name: 'Send' }).click({ timeout: TIMEOUT })
    await alert.getByText(/thanks/i).waitFor({ timeout: TIMEOUT })
  }
}

async function browse(page: Page): Promise<void> {
  await click(page, 'link', 'Projects')
  await page.getByRole('heading', { name: 'Projects' }).waitFor({ timeout: TIMEOUT })
  await click(page, 'link', 'Mobile onboarding')
  await page.getByRole('heading', { name: /settings/ }).waitFor({ timeout: TIMEOUT })
  await click(page, 'link', 'Home')
}

/** Runs one journey on a page already showing the app's home page. */
export async function runJourney(page: Page, plan: JourneyPlan): Promise<void> {
  await page.getByRole('heading', { name: 'Welcome back' }).waitFor({ timeout: TIMEOUT })
  if (plan.browseFirst) await browse(page)
  switch (plan.kind) {
    case 'create-project': {
      await click(page, 'link', 'Projects')
      await click(page, 'button', 'New project')
      await page.getByRole('textbox', { name: 'Project name' }).fill(`Q${(plan.index % 4) + 1} launch`)
      await click(page, 'button', 'Create project')
      await click(page, 'link', `Q${(plan.index % 4) + 1} launch`)
      await page.getByRole('heading', { name: /settings/ }).waitFor({ timeout: TIMEOUT })
      return
    }
    case 'invite-crash':
    case 'invite-success': {
      await click(page, 'link', 'Members')
      await page.getByRole('textbox', { name: 'Email' }).fill(`teammate${plan.index}@example.com`)
      await click(page, 'button', 'Send invite')
      if (plan.kind === 'invite-crash') return fallback(page, plan)
      await page
        .getByRole('list', { name: 'Pending invites' })
        .getByRole('listitem')
        .waitFor({ timeout: TIMEOUT })
      return
    }
    case 'sync-rage': {
      await click(page, 'link', 'Website redesign settings')
      const sync = page.getByRole('button', { name: 'Sync with GitHub' })
      await sync.click({ timeout: TIMEOUT })
      // Nothing visible happens, so the user clicks again, furiously, on the same spot.
      const box = await sync.boundingBox({ timeout: TIMEOUT })
      if (box) {
        for (let i = 0; i < 4; i++) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
      }
      // Let the retries run out so the failure is reported before the user gives up.
      await page.waitForTimeout(1_200)
      return
    }
    case 'export-dead': {
      await click(page, 'link', 'Website redesign settings')
      await click(page, 'button', 'Export CSV')
      // Nothing happens for 2.5 s: that is what makes it a dead click.
      await page.waitForTimeout(2_800)
      return
    }
    case 'archive-crash': {
      await click(page, 'link', 'Website redesign settings')
      await click(page, 'button', 'Archive project')
      return fallback(page, plan)
    }
    case 'billing-crash': {
      await click(page, 'link', 'Billing')
      return fallback(page, plan)
    }
    case 'billing-upgrade': {
      await click(page, 'link', 'Billing')
      await click(page, 'button', 'Upgrade to Business')
      await page.getByText('You are on the Business plan now.').waitFor({ timeout: TIMEOUT })
      return
    }
  }
}
