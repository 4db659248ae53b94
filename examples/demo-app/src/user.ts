import type { FLAGS } from './flags.js'

export interface DemoUser {
  readonly actor: { id: string; role: string; plan: string }
  readonly workspace: { id: string; name: string; plan: string }
  /** Per-workspace flag values, as a flag service would serve them. */
  readonly flags?: Partial<typeof FLAGS>
}

const DEFAULT_USER: DemoUser = {
  actor: { id: 'user_8842', role: 'admin', plan: 'team' },
  workspace: { id: 'ws_acme', name: 'Acme', plan: 'team' },
}

/** The signed-in user: `window.DEMO_USER` when the page was given one, else a fixed demo account. */
export function signedInUser(): DemoUser {
  return window.DEMO_USER ?? DEFAULT_USER
}
