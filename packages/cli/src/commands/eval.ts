import type { Command, OptionSpec } from '../command.js'
import { evalDedupCommand } from './eval-dedup.js'
import { evalScoringCommand } from './eval-scoring.js'

/** The sub-evaluations `suture eval NAME` runs. Add new ones here. */
export const EVALUATIONS: readonly Command[] = [evalDedupCommand, evalScoringCommand]

/** `suture eval NAME …`: dispatches to one evaluation; its flags are accepted here too. */
export const evalCommand: Command = {
  name: 'eval',
  summary: `Measure a component against labelled data (${EVALUATIONS.map((e) => e.name).join(', ')})`,
  usage: EVALUATIONS.flatMap((e) => e.usage),
  options: Object.assign({}, ...EVALUATIONS.map((e) => e.options)) as OptionSpec,
  async run(ctx) {
    const [name, ...rest] = ctx.positionals
    const evaluation = EVALUATIONS.find((e) => e.name === name)
    if (!evaluation) {
      ctx.stderr.write(`suture eval: name one of: ${EVALUATIONS.map((e) => e.name).join(', ')}\n`)
      return 2
    }
    return evaluation.run({ ...ctx, positionals: rest })
  },
}
