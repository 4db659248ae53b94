import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { FixTicket } from '../tickets/ticket-source.js'

/**
 * The demo app's planted bugs as plain ES modules a `node --test` suite can load without a build (the
 * `.tsx` originals need React and a bundler): the same expressions, the same crashes.
 */
const FILES: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'demo-app-copy', private: true, type: 'module', scripts: { test: 'node --test' } }, null, 2)}\n`,
  'src/flags.js': `/** The demo's feature flags (examples/demo-app/src/flags.ts). */
export const FLAGS = { newInviteFlow: true, billingV2: false, projectReports: 'beta', maxSeats: 25 }
`,
  'src/flags.test.js': `import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FLAGS } from './flags.js'

test('the demo serves the new invite flow', () => {
  assert.equal(FLAGS.newInviteFlow, true)
})
`,
  'src/pages/members.js': `import { FLAGS } from '../flags.js'

/** A pending invite as the API returns it (examples/demo-app/src/pages/members.tsx). */
export function newInvite(email, role, flags = FLAGS) {
  // The API returns \`inviter: null\` for invites created from the new flow.
  return { email, role, inviter: flags.newInviteFlow ? null : { name: 'you' } }
}

/** One line of the pending-invites list. Planted bug: crashes on invites from the new flow. */
export function inviteLine(invite) {
  return \`\${invite.email} (\${invite.role}) — invited by \${invite.inviter.name}\`
}
`,
  'src/pages/project-settings.js': `/** Planted bug: projects imported from the old workspace have no owner (project-settings.tsx). */
export function archivePrompt(project) {
  return \`Ask \${project.owner.name} to confirm archiving.\`
}
`,
  'src/pages/billing.js': `import { FLAGS } from '../flags.js'

/** Planted bug: without billingV2 the legacy API returns totals as plain numbers (billing.tsx). */
export function invoiceTotal(invoice, flags = FLAGS) {
  if (flags.billingV2) return null
  return invoice.total.amount.toFixed(2)
}
`,
  'README.md': `# Demo app

A small project-management app: projects, project settings, members and billing.
Run the tests with \`node --test\`.
`,
  'docs/members.md': `# Members and invites

Admins invite teammates from the members page. Pending invites are listed with who invited them.
Invites created from the new invite flow come back from the API without an inviter (\`inviter: null\`):
show "a teammate" instead of a name.
`,
  'docs/billing.md': `# Billing

Invoices come from the legacy billing API unless billingV2 is on. Legacy totals are plain numbers.
`,
  'docs/deploy.md': `# Deploying

Build with vite and deploy the dist folder to the CDN. Releases are tagged.
`,
}

function gitSync(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: cwd,
      GIT_AUTHOR_NAME: 'Demo',
      GIT_AUTHOR_EMAIL: 'demo@example.invalid',
      GIT_COMMITTER_NAME: 'Demo',
      GIT_COMMITTER_EMAIL: 'demo@example.invalid',
    },
    encoding: 'utf8',
  })
}

export interface DemoRepo {
  /** The working repository (branch `main`), with `origin` a bare repository beside it. */
  readonly dir: string
  readonly origin: string
  readonly root: string
  /** Branches in the bare origin: what was pushed. */
  remoteBranches(): string[]
  /** Worktrees of the repository besides its own. */
  worktrees(): string[]
  localBranches(): string[]
}

/**
 * A throwaway git repository holding the demo app's planted bugs, a passing test suite, docs, and a
 * bare `origin` to push to. The caller removes `root`.
 */
export async function createDemoRepo(demoAppDir?: string): Promise<DemoRepo> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'suture-fixer-demo-'))
  const dir = path.join(root, 'demo-app')
  const origin = path.join(root, 'origin.git')
  await mkdir(dir, { recursive: true })
  for (const [file, content] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
    await writeFile(path.join(dir, file), content, 'utf8')
  }
  if (demoAppDir) {
    // Keep the originals beside the copies, so a reader can check the planted bugs are the demo's own.
    const original = await readFile(path.join(demoAppDir, 'src/pages/members.tsx'), 'utf8')
    if (!original.includes('invite.inviter as { name: string }')) {
      throw new Error('examples/demo-app changed: the members page no longer has its planted inviter bug')
    }
  }
  gitSync(dir, ['init', '--quiet', '--initial-branch=main'])
  gitSync(dir, ['add', '-A'])
  gitSync(dir, ['commit', '--quiet', '-m', 'demo app with planted bugs'])
  gitSync(root, ['init', '--quiet', '--bare', '--initial-branch=main', origin])
  gitSync(dir, ['remote', 'add', 'origin', origin])
  gitSync(dir, ['push', '--quiet', 'origin', 'main'])
  return {
    dir,
    origin,
    root,
    remoteBranches: () =>
      gitSync(origin, ['for-each-ref', '--format=%(refname:short)', 'refs/heads'])
        .split('\n')
        .filter(Boolean),
    worktrees: () =>
      gitSync(dir, ['worktree', 'list', '--porcelain'])
        .split('\n')
        .filter((l) => l.startsWith('worktree '))
        .map((l) => l.slice('worktree '.length))
        .filter((w) => w !== dir),
    localBranches: () =>
      gitSync(dir, ['for-each-ref', '--format=%(refname:short)', 'refs/heads']).split('\n').filter(Boolean),
  }
}

/** Tickets as pm-agent files them for the demo's clusters: members (auto-fixable), billing (held), project settings. */
export function demoTickets(): { members: FixTicket; billing: FixTicket; settings: FixTicket } {
  const base = { state: 'open', url: 'suture://local/tickets/' }
  return {
    members: {
      ...base,
      id: 'ticket-members',
      identifier: 'LOCAL-1',
      url: 'suture://local/tickets/LOCAL-1',
      title: "TypeError: Cannot read properties of null (reading 'name') on /settings/members",
      body: [
        '## What users were attempting',
        '',
        'Inviting a teammate from the members page.',
        '',
        '## Reproduction (from breadcrumbs)',
        '',
        '1. navigation: /settings/members',
        '2. click: Send invite',
        "3. → fails with `TypeError: Cannot read properties of null (reading 'name')`",
        '',
        '## Code pointers',
        '',
        '- `src/pages/members.js:12` in `inviteLine`',
      ].join('\n'),
      priority: 2,
      labels: ['suture', 'bug', 'suture:auto-fixable'],
      clusterKey: 'cluster-members',
      route: '/settings/members',
      codePointers: [{ file: 'src/pages/members.js', line: 12 }],
    },
    billing: {
      ...base,
      id: 'ticket-billing',
      identifier: 'LOCAL-2',
      url: 'suture://local/tickets/LOCAL-2',
      title: "TypeError: Cannot read properties of undefined (reading 'toFixed') on /billing",
      body: '## Where\n\n- Route: `/billing`\n',
      priority: 1,
      labels: ['suture', 'bug', 'suture:auto-fixable', 'suture:held-for-humans'],
      clusterKey: 'cluster-billing',
      route: '/billing',
      codePointers: [{ file: 'src/pages/billing.js', line: 6 }],
    },
    settings: {
      ...base,
      id: 'ticket-settings',
      identifier: 'LOCAL-3',
      url: 'suture://local/tickets/LOCAL-3',
      title: "TypeError: Cannot read properties of undefined (reading 'name') on /projects/:id/settings",
      body: '## Where\n\n- Route: `/projects/:id/settings`\n',
      priority: 1,
      labels: ['suture', 'bug', 'suture:auto-fixable'],
      clusterKey: 'cluster-settings',
      route: '/projects/:id/settings',
      codePointers: [{ file: 'src/pages/project-settings.js', line: 3 }],
    },
  }
}

/** The planted members fix and its reproduction test, as an agent would write them. */
export const MEMBERS_FIX = {
  file: 'src/pages/members.js',
  fixed:
    FILES['src/pages/members.js']?.replace('invite.inviter.name}', "invite.inviter?.name ?? 'a teammate'}") ??
    '',
  testFile: 'src/pages/members.test.js',
  test: `import assert from 'node:assert/strict'
import { test } from 'node:test'
import { inviteLine, newInvite } from './members.js'

test('an invite from the new flow (no inviter) is listed', () => {
  assert.equal(inviteLine(newInvite('ada@example.com', 'member')), 'ada@example.com (member) — invited by a teammate')
})
`,
}
