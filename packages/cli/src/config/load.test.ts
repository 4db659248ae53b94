import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './load.js'

const emptyDir = () => mkdtempSync(path.join(tmpdir(), 'suture-config-'))

describe('loadConfig', () => {
  it('works with nothing set', async () => {
    const config = await loadConfig({ env: {}, cwd: emptyDir() })
    expect(config.dataDir).toBe('.suture')
    expect(config.thresholds).toEqual({ ticketMinUsers: 5, ticketMinSessions: 40 })
    expect(config.anthropic.apiKey).toBeUndefined()
  })

  it('reads environment variables over the config file', async () => {
    const cwd = emptyDir()
    writeFileSync(
      path.join(cwd, 'suture.config.json'),
      JSON.stringify({ thresholds: { ticketMinUsers: 3 }, schedule: { timeZone: 'Europe/Berlin' } }),
    )
    const config = await loadConfig({
      env: { SUTURE_TICKET_MIN_USERS: '8', SUTURE_SAFETY_KEYWORDS: 'sso, export' },
      cwd,
    })
    expect(config.thresholds.ticketMinUsers).toBe(8)
    expect(config.schedule.timeZone).toBe('Europe/Berlin')
    expect(config.safety.keywords).toEqual(['sso', 'export'])
  })

  it('runs the loop for production unless SUTURE_ENVIRONMENTS or the file names others', async () => {
    expect((await loadConfig({ env: {}, cwd: emptyDir() })).environments).toEqual(['production'])
    const cwd = emptyDir()
    writeFileSync(path.join(cwd, 'suture.config.json'), JSON.stringify({ environments: ['prod'] }))
    expect((await loadConfig({ env: {}, cwd })).environments).toEqual(['prod'])
    const config = await loadConfig({ env: { SUTURE_ENVIRONMENTS: 'production, staging' }, cwd })
    expect(config.environments).toEqual(['production', 'staging'])
    const { triageConfigFrom } = await import('./triage-config.js')
    expect(triageConfigFrom(config).environments).toEqual(['production', 'staging'])
    for (const bad of [' , ', 'prod uction']) {
      const error = await loadConfig({ env: { SUTURE_ENVIRONMENTS: bad }, cwd }).catch((e) => e)
      expect(error).toBeInstanceOf(ConfigError)
      expect(String(error.message)).toContain('SUTURE_ENVIRONMENTS')
    }
  })

  it('turns the Claude dedup judge on only with an API key and a weekly budget', async () => {
    const { triageConfigFrom } = await import('./triage-config.js')
    const cwd = emptyDir()
    const keyOnly = await loadConfig({ env: { ANTHROPIC_API_KEY: 'sk-test' }, cwd })
    expect(triageConfigFrom(keyOnly).judge).toBeUndefined()
    const budgetOnly = await loadConfig({ env: { SUTURE_JUDGE_BUDGET_USD: '2' }, cwd })
    expect(triageConfigFrom(budgetOnly).judge).toBeUndefined()
    const both = await loadConfig({
      env: {
        ANTHROPIC_API_KEY: 'sk-test',
        SUTURE_JUDGE_BUDGET_USD: '2',
        SUTURE_CLAUDE_MODEL: 'claude-sonnet-4-6',
      },
      cwd,
    })
    expect(triageConfigFrom(both).judge).toMatchObject({ budgetUsdPerWeek: 2, model: 'claude-sonnet-4-6' })
    const error = await loadConfig({ env: { SUTURE_JUDGE_BUDGET_USD: '-1' }, cwd }).catch((e) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect(String(error.message)).toContain('SUTURE_JUDGE_BUDGET_USD')
  })

  it('names the variable when a value is wrong', async () => {
    const error = await loadConfig({ env: { SUTURE_TICKET_MIN_USERS: 'many' }, cwd: emptyDir() }).catch(
      (e) => e,
    )
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toContain('SUTURE_TICKET_MIN_USERS')
  })

  it('names the file key when the file is wrong', async () => {
    const cwd = emptyDir()
    writeFileSync(
      path.join(cwd, 'suture.config.json'),
      JSON.stringify({ schedule: { timeZone: 'Mars/Olympus' } }),
    )
    const error = await loadConfig({ env: {}, cwd }).catch((e) => e)
    expect((error as ConfigError).message).toContain('suture.config.json: schedule.timeZone')
  })
})
