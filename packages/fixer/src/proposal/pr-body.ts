import type { CommandResult } from '../command/run-command.js'
import type { ReproductionEvidence } from '../contract/reproduce.js'
import type { FixTicket } from '../tickets/ticket-source.js'

function tail(result: CommandResult, lines = 15): string {
  const text = result.outputTail.trimEnd().split('\n').slice(-lines).join('\n')
  const fence = '`'.repeat(Math.max(3, ...(text.match(/`{3,}/g) ?? []).map((m) => m.length + 1)))
  return `${fence}\n${text || '(no output)'}\n${fence}`
}

function status(result: CommandResult): string {
  return result.killed ? 'timed out' : result.exitCode === 0 ? 'passed' : `failed (exit ${result.exitCode})`
}

export interface PrBodyInput {
  readonly ticket: FixTicket
  readonly attempt: number
  readonly reasoning: string
  readonly reproduction: readonly ReproductionEvidence[]
  readonly green: CommandResult
  readonly changedLines: number
  readonly files: readonly string[]
  readonly costUsd: number
  readonly tokens: number
  readonly agent: string
  readonly runId: string
}

/** The draft PR's description: why, how it was reproduced, the evidence, what it cost, and the ticket. */
export function renderPrBody(input: PrBodyInput): string {
  const out: string[] = [
    `Fixes [${input.ticket.identifier}](${input.ticket.url}) — proposed by the Suture fixer (attempt ${input.attempt}, run \`${input.runId}\`). **Draft: a person reviews and merges.**`,
    '',
    '## Reasoning',
    '',
    input.reasoning.trim() || '_The agent gave no explanation._',
    '',
    '## Reproduction',
    '',
  ]
  for (const r of input.reproduction) {
    out.push(
      `\`${r.test}\` — before the fix: **${status(r.before)}**; after: **${status(r.after)}**.`,
      '',
      `<details><summary>before: <code>${r.before.command}</code></summary>`,
      '',
      tail(r.before),
      '',
      '</details>',
      '',
      `<details><summary>after: <code>${r.after.command}</code></summary>`,
      '',
      tail(r.after),
      '',
      '</details>',
      '',
    )
  }
  out.push(
    '## Test evidence',
    '',
    `\`${input.green.command}\` on the result: **${status(input.green)}**.`,
    '',
    tail(input.green),
    '',
    '## Scope and cost',
    '',
    `- ${input.files.length} files, ${input.changedLines} changed lines: ${input.files.map((f) => `\`${f}\``).join(', ')}`,
    `- Agent: ${input.agent}; ${input.tokens.toLocaleString('en-US')} tokens, $${input.costUsd.toFixed(2)}`,
    '',
  )
  return out.join('\n')
}
