import { hex } from './ids.js'

/**
 * SHA-256 of `salt:id` as hex, so the same user is recognisable across envelopes of one app but the
 * raw id never leaves the page. Rejects where `crypto.subtle` is missing (insecure origins): the caller
 * turns that into no hash, which is better than an unhashed id.
 */
export async function hashActorId(id: string, salt: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}:${id}`)))
}
