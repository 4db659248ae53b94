/** Areas where an automated fix could do real harm: held for human triage, never auto-fixable. */
export type SafetyCategory =
  | 'auth'
  | 'billing'
  | 'data-deletion'
  | 'migrations'
  | 'background-jobs'
  | 'production-data'

export interface SafetyRule {
  readonly category: SafetyCategory | (string & {})
  /** Matched against in-app stack frame file paths. */
  readonly paths?: readonly RegExp[]
  /** Matched against route templates. */
  readonly routes?: readonly RegExp[]
  /** Matched against titles, messages, feedback and improvement text. */
  readonly keywords?: readonly RegExp[]
}

export const DEFAULT_SAFETY_RULES: readonly SafetyRule[] = [
  {
    category: 'auth',
    paths: [
      /(^|\/)(auth|login|logout|session|sso|oauth|saml|password|permissions?|rbac|acl)[\w.-]*(\/|\.|$)/i,
    ],
    routes: [
      /\/(login|logout|signin|sign-in|signup|sign-up|auth|sso|oauth|password|reset-password|2fa|mfa|permissions|roles)(\/|$)/i,
    ],
    keywords: [
      /\b(log ?in|sign ?in|logged out|password|2fa|mfa|sso|oauth|saml|permission denied|unauthori[sz]ed|forbidden|access token|csrf)\b/i,
    ],
  },
  {
    category: 'billing',
    paths: [
      /(^|\/)(billing|payments?|checkout|invoices?|subscriptions?|stripe|pricing|refunds?)[\w.-]*(\/|\.|$)/i,
    ],
    routes: [/\/(billing|payments?|checkout|invoices?|subscriptions?|plans?|pricing|refunds?)(\/|$)/i],
    keywords: [
      /\b(billing|payments?|charged?|invoices?|refunds?|subscriptions?|credit card|stripe|checkout|pricing)\b/i,
    ],
  },
  {
    category: 'data-deletion',
    paths: [/(^|\/)(delete|destroy|purge|erase|gdpr)[\w.-]*(\/|\.|$)/i],
    routes: [/\/(delete|destroy|purge|erase|danger-zone)(\/|$)/i],
    keywords: [
      /\b(delet(e|ed|es|ing)|remov(e|ed|ing) (all|my|the) (data|account|workspace|project)|purge|wipe|data loss|lost (my|all) data|gdpr)\b/i,
    ],
  },
  {
    category: 'migrations',
    paths: [/(^|\/)(migrations?|schema|seeds?)(\/|\.|$)/i, /\.sql$/i],
    keywords: [/\b(migrations?|schema change|alter table|drop table)\b/i],
  },
  {
    category: 'background-jobs',
    paths: [/(^|\/)(jobs?|workers?|queues?|cron|schedulers?|tasks)(\/|\.|$)/i],
    keywords: [/\b(background job|cron|queue|worker|scheduled task|pg-boss)\b/i],
  },
  {
    category: 'production-data',
    paths: [/(^|\/)(admin|db|database|backfill|scripts\/prod)[\w.-]*(\/|\.|$)/i],
    routes: [/^\/admin(\/|$)/i],
    keywords: [/\b(production (data|database)|prod db|backfill|raw sql|impersonat\w*)\b/i],
  },
]

export interface SafetyRuleOptions {
  /** Extra rules, added to the defaults (or to nothing when `replaceDefaults`). */
  readonly extra?: readonly SafetyRule[]
  /** Categories to switch off. */
  readonly disable?: readonly string[]
  readonly replaceDefaults?: boolean
}

/** The default rules with a team's own additions and exceptions. */
export function safetyRules(options: SafetyRuleOptions = {}): SafetyRule[] {
  const base = options.replaceDefaults ? [] : DEFAULT_SAFETY_RULES
  const disabled = new Set(options.disable ?? [])
  return [...base, ...(options.extra ?? [])].filter((rule) => !disabled.has(rule.category))
}
