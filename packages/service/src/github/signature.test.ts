import { describe, expect, it } from 'vitest'
import { signGitHubPayload, verifyGitHubSignature } from './signature.js'

// GitHub's own example ("Validating webhook deliveries", docs.github.com): this secret and payload give
// this signature. Checking against it, not only against our own signer, proves the wire format.
const SECRET = "It's a Secret to Everybody"
const PAYLOAD = Buffer.from('Hello, World!')
const GITHUB_SIGNATURE = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'

describe('X-Hub-Signature-256', () => {
  it("accepts GitHub's documented example and signs it the same way", () => {
    expect(verifyGitHubSignature(SECRET, PAYLOAD, GITHUB_SIGNATURE)).toBe(true)
    expect(signGitHubPayload(SECRET, PAYLOAD)).toBe(GITHUB_SIGNATURE)
  })

  it('refuses another body, another secret, a missing, truncated, sha1 or malformed header', () => {
    expect(verifyGitHubSignature(SECRET, Buffer.from('Hello, World?'), GITHUB_SIGNATURE)).toBe(false)
    expect(verifyGitHubSignature('another secret', PAYLOAD, GITHUB_SIGNATURE)).toBe(false)
    expect(verifyGitHubSignature(SECRET, PAYLOAD, undefined)).toBe(false)
    expect(verifyGitHubSignature(SECRET, PAYLOAD, GITHUB_SIGNATURE.slice(0, -2))).toBe(false)
    expect(verifyGitHubSignature(SECRET, PAYLOAD, `${GITHUB_SIGNATURE}00`)).toBe(false)
    expect(verifyGitHubSignature(SECRET, PAYLOAD, GITHUB_SIGNATURE.replace('sha256=', 'sha1='))).toBe(false)
    expect(verifyGitHubSignature(SECRET, PAYLOAD, GITHUB_SIGNATURE.replace('sha256=', ''))).toBe(false)
    expect(verifyGitHubSignature(SECRET, PAYLOAD, 'sha256=zz'.padEnd(71, 'z'))).toBe(false)
  })
})
