import { z } from 'zod'

/** One fingerprint seen more than `moreThan` times within `windowMinutes`, from at least `minUsers` users. */
export const burstRuleSchema = z.object({
  kind: z.literal('burst'),
  name: z.string().min(1),
  moreThan: z.number().int().nonnegative(),
  windowMinutes: z.number().int().positive(),
  minUsers: z.number().int().positive(),
})

/** A fingerprint never seen before, first seen within `windowMinutes` after a new release went out. */
export const newAfterReleaseRuleSchema = z.object({
  kind: z.literal('new-after-release'),
  name: z.string().min(1),
  windowMinutes: z.number().int().positive(),
})

export const spikeRuleSchema = z.discriminatedUnion('kind', [burstRuleSchema, newAfterReleaseRuleSchema])

export const spikeConfigSchema = z.object({
  rules: z.array(spikeRuleSchema).min(1),
  /** A firing resolves (and the rule may fire again for that cluster) after this long without events. */
  resolveAfterMinutes: z.number().int().positive(),
})

export type SpikeRule = z.infer<typeof spikeRuleSchema>
export type SpikeConfig = z.infer<typeof spikeConfigSchema>

export const DEFAULT_SPIKE_CONFIG: SpikeConfig = {
  rules: [
    { kind: 'burst', name: 'burst', moreThan: 5, windowMinutes: 5, minUsers: 2 },
    { kind: 'new-after-release', name: 'new-after-release', windowMinutes: 60 },
  ],
  resolveAfterMinutes: 60,
}

export class InvalidSpikeConfigError extends Error {
  override readonly name = 'InvalidSpikeConfigError'
  constructor(readonly issues: readonly { path: string; message: string }[]) {
    super(
      `Invalid spike rules: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}. ` +
        "Each rule needs a 'kind' of 'burst' or 'new-after-release' and a 'name'.",
    )
  }
}

/** Parses user-supplied spike rules (from config), naming the field that is wrong. */
export function parseSpikeConfig(input: unknown): SpikeConfig {
  const result = spikeConfigSchema.safeParse(input)
  if (result.success) return result.data
  throw new InvalidSpikeConfigError(
    result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })),
  )
}
