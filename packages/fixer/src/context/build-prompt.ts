import { CANNOT_REPRODUCE_MARKER, TEST_MARKER } from '../contract/reproduce.js'
import type { Scope } from '../contract/scope.js'
import type { RedirectNote } from '../review/review-notes.js'
import type { FixTicket } from '../tickets/ticket-source.js'
import type { RankedDoc } from './rank-docs.js'

export interface PromptInput {
  readonly ticket: FixTicket
  readonly attempt: number
  readonly scope: Scope
  readonly docs: readonly RankedDoc[]
  readonly testCommand: string
  readonly testFileCommand: string
  readonly port: number
  /** What reviewers said when they redirected earlier attempts of this lineage, oldest first. */
  readonly redirects?: readonly RedirectNote[] | undefined
  /** Characters of each document put in the prompt. */
  readonly maxDocChars?: number
}

/**
 * The whole prompt: the contract first (what the harness will check and how), then the ticket, the
 * scope, and the repository's most relevant documents. The agent is told the exact markers the harness
 * parses, so "name your test" and "say you could not reproduce" are machine-checkable.
 */
export function buildPrompt(input: PromptInput): string {
  const { ticket, scope } = input
  const maxDocChars = input.maxDocChars ?? 6_000
  const out: string[] = []
  out.push(
    `You are fixing ticket ${ticket.identifier} (${ticket.url}) in this repository, attempt ${input.attempt}.`,
    '',
    '## The contract (the harness checks every point after you stop)',
    '',
    '1. Reproduce first. Add a test (or name an existing one) that fails on the current code because of this bug. ' +
      `The harness runs it on the base commit and on your result with \`${input.testFileCommand}\`: it must fail before and pass after.`,
    `2. End your final message with one line per reproduction test: \`${TEST_MARKER} path/to/the.test.file\` (relative to the repository root).`,
    `3. If you cannot reproduce the fault, do not guess a fix: end with \`${CANNOT_REPRODUCE_MARKER} what you tried\` and stop.`,
    `4. Stay in scope: change only the files listed under "Scope" and test files, at most ${scope.maxChangedLines} changed lines in total. ` +
      'A larger or wider diff is discarded. Refactors and unrelated smells go in your final message, not the diff.',
    `5. Leave the suite green: \`${input.testCommand}\` must pass on your result.`,
    '6. Do not push, do not rewrite history (`git reset --hard`, `--no-verify`), do not read `.env` files, do not write outside this directory. ' +
      'The harness commits your work and opens a draft pull request itself.',
    `7. A dev server, if you need one, listens on port ${input.port} (\`PORT\`).`,
    '8. In your final message, explain the root cause and the fix in a few sentences: it becomes the pull request description.',
    '',
    `## Ticket: ${ticket.title}`,
    '',
    ticket.body.trim(),
    '',
  )
  const redirects = input.redirects ?? []
  if (redirects.length > 0) {
    // A redirect is a person saying the last fix went the wrong way: it outranks the agent's own reading
    // of the ticket, so it comes right after the ticket and before the scope.
    out.push(
      '## A reviewer redirected earlier attempts — take this into account',
      '',
      ...redirects.flatMap((r) => [
        `Attempt ${r.attempt} (${r.reviewedAt.toISOString().slice(0, 10)}) was redirected:`,
        '',
        ...r.comment
          .trim()
          .split('\n')
          .map((line) => `> ${line}`),
        '',
      ]),
      'Do not propose the redirected approach again.',
      '',
    )
  }
  out.push('## Scope', '')
  if (scope.allowed.length === 0)
    out.push('- No code pointers: only test files may change. Stop if the fix needs more.')
  for (const file of scope.allowed) out.push(`- \`${file}\``)
  out.push('- and test files (`*.test.*`, `*.spec.*`, `test/`, `__tests__/`)', '')
  const pointers = ticket.codePointers.filter((p) => p.line !== undefined)
  if (pointers.length > 0) {
    out.push('Start at:', ...pointers.map((p) => `- \`${p.file}:${p.line}\``), '')
  }
  if (input.docs.length > 0) {
    out.push('## Repository documents most relevant to this ticket', '')
    for (const doc of input.docs) {
      const text =
        doc.text.length > maxDocChars ? `${doc.text.slice(0, maxDocChars)}\n… (truncated)` : doc.text
      out.push(`### ${doc.path}`, '', text.trim(), '')
    }
  }
  return `${out.join('\n').trim()}\n`
}
