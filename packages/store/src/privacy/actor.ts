import { createHash } from 'node:crypto'

const HASH = /^[0-9a-f]{64}$/i

/** True for what the SDK sends as `actor.idHash` (SHA-256 hex), as opposed to an app's own user id. */
export function isActorHash(value: string): boolean {
  return HASH.test(value)
}

/**
 * The SDK's actor hash, computed the same way on the server: SHA-256 hex of `salt:id`, where the salt is
 * the SDK's `actorSalt` or, by default, the app name (`@suture/error-boundary`'s `hashActorId`).
 * @example
 * actorHash('user-42', 'web') // what <ErrorBoundary> in app "web" sends for user 42
 */
export function actorHash(id: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${id}`, 'utf8').digest('hex')
}

/** Every hash `actor` may be stored under: itself when it is a hash, else its hash under each salt. */
export function candidateHashes(actor: string, salts: Iterable<string>): string[] {
  if (isActorHash(actor)) return [actor.toLowerCase()]
  return [...new Set([...salts].map((salt) => actorHash(actor, salt)))]
}
