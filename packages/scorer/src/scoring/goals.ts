/**
 * What counts as "got what they came for". Products differ, so both lists are configurable; the defaults
 * cover the common conversion events and confirmation pages of web apps and shops.
 */
export interface GoalDefinition {
  /** Matched against event names (`order_completed`, `Signed Up`, …). */
  readonly events: RegExp
  /** Matched against the path of a `$pageview` (`/checkout/success`, `/thank-you`, …). */
  readonly routes: RegExp
}

export const DEFAULT_GOALS: GoalDefinition = {
  events:
    /^(?:purchase(?:d)?|order[ _]?(?:completed|placed|created)|checkout[ _]?(?:completed|succeeded)|sign(?:ed)?[ _]?up|subscription[ _]?(?:created|started)|subscribed|upgraded?|trial[ _]?started|invite[ _]?sent|project[ _]?created|goal(?:[ _]reached)?|conversion|\$conversion)$/i,
  routes:
    /(?:thank-?you|order[-_/]?(?:confirm\w*|complete\w*|success)|checkout\/(?:success|complete|done)|welcome)\/?$/i,
}
