import { z } from 'zod'
import { envelopeSchema, SCHEMA_VERSION } from '../schema/envelope.js'
import { sessionEventSchema } from '../schema/session-event.js'

const BASE_ID = 'https://suture.dev/schema'

/** Annotation carrying a limit the server enforces by truncating (see `boundedString` / `boundedList`). */
export const TRUNCATE_KEYWORD = 'x-truncated-at'

function truncatesInsteadOfRejecting(schema: z.core.$ZodType): boolean {
  const checks = (schema._zod.def as { checks?: readonly z.core.$ZodCheck[] }).checks ?? []
  return checks.some((check) => check._zod.def.check === 'overwrite')
}

function toJsonSchema(schema: z.ZodType, name: string, description: string): Record<string, unknown> {
  // `io: 'input'` describes what a sender may send: fields with defaults are optional.
  const generated = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: (ctx) => {
      // Oversized strings and lists are cut by the server, not rejected (a 10 MB message is still an error),
      // so their limit is an annotation here, not `maxLength` / `maxItems`, or validators would reject
      // what the server accepts.
      if (!truncatesInsteadOfRejecting(ctx.zodSchema)) return
      const json = ctx.jsonSchema as Record<string, unknown>
      for (const keyword of ['maxLength', 'maxItems']) {
        if (typeof json[keyword] === 'number') {
          json[TRUNCATE_KEYWORD] = json[keyword]
          delete json[keyword]
        }
      }
    },
  })
  return {
    $schema: generated.$schema,
    $id: `${BASE_ID}/${name}.v${SCHEMA_VERSION}.schema.json`,
    title: name,
    description,
    ...Object.fromEntries(Object.entries(generated).filter(([key]) => key !== '$schema')),
  }
}

/**
 * The JSON Schema (draft 2020-12) of an envelope as a sender may send it, generated from the zod schema, for
 * senders that are not written in TypeScript. Strings longer than the limits are truncated by the server,
 * not rejected, but the schema states the limits so senders can respect them.
 * @example
 * writeFileSync('envelope.schema.json', JSON.stringify(envelopeJsonSchema(), null, 2))
 */
export function envelopeJsonSchema(): Record<string, unknown> {
  return toJsonSchema(
    envelopeSchema,
    'envelope',
    'A Suture envelope (kind "error" or "feedback"), schema version 1, as a client sends it.',
  )
}

/** The JSON Schema (draft 2020-12) of one session event as a sender may send it. */
export function sessionEventJsonSchema(): Record<string, unknown> {
  return toJsonSchema(sessionEventSchema, 'session-event', 'One Suture session event, schema version 1.')
}

/** The checked-in schema files, by file name, exactly as `gen:schema` writes them. */
export function renderJsonSchemaFiles(): Record<string, string> {
  const render = (schema: Record<string, unknown>) => `${JSON.stringify(schema, null, 2)}\n`
  return {
    [`envelope.v${SCHEMA_VERSION}.schema.json`]: render(envelopeJsonSchema()),
    [`session-event.v${SCHEMA_VERSION}.schema.json`]: render(sessionEventJsonSchema()),
  }
}
