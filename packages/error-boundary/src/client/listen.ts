/**
 * Adds `listener` and returns what removes it. Every recorder hands its teardown back this way, so
 * the add/remove pair and its arguments are written once for the SDK (they are a good share of its
 * bytes when each recorder spells both out).
 */
export function listen(
  target: EventTarget,
  type: string,
  // biome-ignore lint/suspicious/noExplicitAny: each caller's listener takes its own Event subtype
  listener: (event: any) => void,
  capture?: boolean,
): () => void {
  target.addEventListener(type, listener, capture)
  return () => target.removeEventListener(type, listener, capture)
}
