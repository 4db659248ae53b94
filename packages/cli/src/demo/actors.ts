/** One signed-in user of the demo app, as `window.DEMO_USER` (see examples/demo-app/src/user.ts). */
export interface DemoUser {
  readonly actor: { id: string; role: string; plan: string }
  readonly workspace: { id: string; name: string; plan: string }
  readonly flags: { newInviteFlow: boolean; billingV2: boolean }
}

const WORKSPACES = [
  { id: 'ws_acme', name: 'Acme', plan: 'team' },
  { id: 'ws_globex', name: 'Globex', plan: 'business' },
  { id: 'ws_initech', name: 'Initech', plan: 'team' },
  { id: 'ws_umbrella', name: 'Umbrella', plan: 'free' },
  { id: 'ws_hooli', name: 'Hooli', plan: 'business' },
  { id: 'ws_stark', name: 'Stark', plan: 'team' },
  { id: 'ws_wayne', name: 'Wayne', plan: 'free' },
  { id: 'ws_tyrell', name: 'Tyrell', plan: 'team' },
] as const

const ROLES = ['admin', 'member', 'member', 'member', 'viewer'] as const

/**
 * 40 users in 8 workspaces. Flags differ by workspace as a rollout would: five workspaces have the new
 * invite flow (with its bug), three have the new billing page (without the legacy-invoice bug).
 */
export const DEMO_USERS: readonly DemoUser[] = WORKSPACES.flatMap((workspace, w) =>
  ROLES.map((role, r) => ({
    actor: { id: `user_${1001 + w * 5 + r}`, role, plan: workspace.plan },
    workspace: { ...workspace },
    flags: { newInviteFlow: w < 5, billingV2: w >= 5 },
  })),
)
