import { type DashboardLinks, dashboardLinks } from '@suture/pm-agent'
import type { SutureConfig } from './schema.js'

/** Where people reach the service: `SUTURE_PUBLIC_URL`, else where `suture serve` listens. */
export function publicUrlOf(config: SutureConfig): string {
  return (config.server.publicUrl ?? `http://${config.server.host}:${config.server.port}`).replace(/\/+$/, '')
}

/**
 * The dashboard links every command writes (tickets, comments, digests, its own output), from the one
 * configuration: one builder, so a link never points at a page the dashboard does not have.
 */
export function linksOf(config: SutureConfig): DashboardLinks {
  return dashboardLinks(publicUrlOf(config))
}
