import { z } from 'zod'

/**
 * What every scorer returns for a session: the implied NPS answer (0–10) and the four texts a PM reads.
 * The Claude scorer's `record_score` tool takes exactly this schema, so model output is validated by it too.
 */
export const scoreOutputSchema = z.object({
  score: z
    .number()
    .min(0)
    .max(10)
    .describe('Implied NPS answer 0–10: 9–10 got what they came for and would return; 0–2 left frustrated'),
  intent: z.string().min(1).max(300).describe('What the user came to do, one short sentence'),
  success: z.string().min(1).max(300).describe('Whether and how they got it done, one short sentence'),
  improvement: z
    .string()
    .min(1)
    .max(300)
    .describe('The one change that would most have helped this session, one short sentence'),
  department: z
    .string()
    .min(1)
    .max(60)
    .describe('Who owns that change: Engineering, Design, Product, Support, Growth, Billing or None'),
})

export type ScoreOutput = z.infer<typeof scoreOutputSchema>

/** JSON Schema of the score output (draft 2020-12), e.g. for a tool's `input_schema`. */
export function scoreOutputJsonSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(scoreOutputSchema) as Record<string, unknown>
  return schema
}
