import { scrubText } from './scrub-text.js'

/**
 * Scrubs a URL: passwords in `user:password@host`, values of secret-named query and fragment parameters
 * (`token`, `key`, `apikey`, `password`, `code`, `session`, `sig`, …) and any PII in the path or query.
 * @example
 * scrubUrl('https://app.test/reset?token=9f8e7d6c5b4a&email=ann@acme.test') // 'https://app.test/reset?token=[secret]&email=[email]'
 */
export function scrubUrl(url: string): string {
  return scrubText(url)
}
