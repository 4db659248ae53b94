import { type CommandContext, UsageError } from '../command.js'
import { stringOption } from '../storage-options.js'

/** Who decides is part of the record: `--by`, else `SUTURE_USER`, else the shell's user. */
export function decidedBy(ctx: CommandContext, command: string): string {
  const by = stringOption(ctx, 'by') ?? ctx.env.SUTURE_USER ?? ctx.env.USER ?? ''
  if (by.trim() === '') throw new UsageError(`${command}: say who decides with --by NAME`)
  return by.trim()
}

export function requiredOption(ctx: CommandContext, name: string, command: string): string {
  const value = stringOption(ctx, name)
  if (value === undefined) throw new UsageError(`${command}: missing --${name}`)
  return value
}

export function print(ctx: CommandContext, json: unknown, text: string): void {
  ctx.stdout.write(ctx.values.json === true ? `${JSON.stringify(json)}\n` : `${text}\n`)
}
