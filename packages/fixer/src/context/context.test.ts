import { describe, expect, it } from 'vitest'
import { demoTickets } from '../testing/demo-repo.js'
import { buildPrompt } from './build-prompt.js'
import { rankDocs, tokenize } from './rank-docs.js'

const DOCS = [
  { path: 'README.md', text: 'A project-management app. Run the tests with node --test.' },
  {
    path: 'docs/members.md',
    text: 'Admins invite teammates from the members page. Invites from the new flow have no inviter.',
  },
  { path: 'docs/billing.md', text: 'Invoices come from the legacy billing API; totals are plain numbers.' },
  { path: 'docs/deploy.md', text: 'Build with vite and deploy the dist folder.' },
]

describe('rankDocs (BM25)', () => {
  it('ranks the document about the ticket first and drops unrelated ones', () => {
    const ticket = demoTickets().members
    const ranked = rankDocs(`${ticket.title}\n${ticket.body}`, DOCS)
    expect(ranked[0]?.path).toBe('docs/members.md')
    expect(ranked.map((d) => d.path)).not.toContain('docs/deploy.md')
    expect(rankDocs('invoice totals', DOCS)[0]?.path).toBe('docs/billing.md')
    expect(rankDocs('', DOCS)).toEqual([])
  })

  it('splits camelCase so code identifiers match prose', () => {
    expect(tokenize('inviteLine newInviteFlow')).toEqual(['invite', 'line', 'new', 'invite', 'flow'])
  })
})

describe('buildPrompt', () => {
  it('states the contract before the ticket, with the scope and the documents', () => {
    const ticket = demoTickets().members
    const prompt = buildPrompt({
      ticket,
      attempt: 2,
      scope: { allowed: ['src/pages/members.js'], maxChangedLines: 200 },
      docs: rankDocs(ticket.body, DOCS)
        .slice(0, 1)
        .map((d) => ({ ...d })),
      testCommand: 'npm test',
      testFileCommand: 'node --test {file}',
      port: 5181,
    })
    expect(prompt.indexOf('## The contract')).toBeLessThan(prompt.indexOf(`## Ticket: ${ticket.title}`))
    expect(prompt).toContain('attempt 2')
    expect(prompt).toContain('at most 200 changed lines')
    expect(prompt).toContain('- `src/pages/members.js`')
    expect(prompt).toContain('- `src/pages/members.js:12`')
    expect(prompt).toContain('port 5181')
    expect(prompt).toContain('### docs/members.md')
  })
})
