import path from 'node:path'
import {
  codePointerLookup,
  DEFAULT_SAFETY_RULES,
  type SafetyRule,
  type TriageConfig,
  triageJudgeFrom,
} from '@suture/pm-agent'
import type { SutureConfig } from './schema.js'

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * The configured extra safety entries as one rule: entries starting with `/` are route fragments, the
 * rest are whole-word keywords matched in titles, messages and feedback.
 */
export function customSafetyRule(entries: readonly string[]): SafetyRule | undefined {
  const routes = entries.filter((e) => e.startsWith('/')).map((e) => new RegExp(escapeRegex(e), 'i'))
  const keywords = entries
    .filter((e) => !e.startsWith('/'))
    .map((e) => new RegExp(`\\b${escapeRegex(e)}\\b`, 'i'))
  if (routes.length === 0 && keywords.length === 0) return undefined
  return { category: 'custom', routes, keywords, paths: keywords }
}

/**
 * The triage settings every command and job derives from one configuration. `options.repo` (the `--repo`
 * flag) wins over the configured `repository`; either gives code pointers.
 */
export function triageConfigFrom(
  config: SutureConfig,
  options: { repo?: string; cwd?: string; environments?: readonly string[] } = {},
): TriageConfig {
  const custom = customSafetyRule(config.safety.keywords)
  const repo = options.repo ?? config.repository
  return {
    thresholds: {
      minUsers: config.thresholds.ticketMinUsers,
      minSessions: config.thresholds.ticketMinSessions,
    },
    safetyRules: custom ? [...DEFAULT_SAFETY_RULES, custom] : DEFAULT_SAFETY_RULES,
    codePointers: repo ? codePointerLookup(path.resolve(options.cwd ?? '.', repo)) : undefined,
    environments: options.environments ?? config.environments,
    // Only with a key and a weekly budget: otherwise every one-signal pair is a person's question.
    judge: triageJudgeFrom({
      apiKey: config.anthropic.apiKey,
      baseURL: config.anthropic.baseUrl,
      model: config.anthropic.model,
      budgetUsdPerWeek: config.anthropic.judgeBudgetUsd,
    }),
  }
}

/**
 * Where the worker appends fix outcomes: the configured `outcomeLog` (relative to `cwd`), by default
 * `outcomes.jsonl` in the data directory; `off` writes only the database.
 */
export function outcomeLogFrom(config: SutureConfig, cwd: string): string | undefined {
  if (config.outcomeLog === 'off') return undefined
  return path.resolve(cwd, config.outcomeLog ?? path.join(config.dataDir, 'outcomes.jsonl'))
}
