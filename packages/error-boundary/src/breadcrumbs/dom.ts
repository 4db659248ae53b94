import { listen } from '../client/listen.js'
import type { FrustrationDetector } from '../frustration/detector.js'
import { fieldName, formLabel, interactiveTarget, readableLabel, roleOf, shortSelector } from './labels.js'
import type { BreadcrumbBuffer } from './ring-buffer.js'

export interface ClickInfo {
  readonly at: number
  readonly x: number
  readonly y: number
  readonly element: Element
  readonly label: string
}

/**
 * Records clicks, form submits and field changes. Listens in the capture phase so handlers that stop
 * propagation cannot hide the user's action from us.
 */
export function recordDom(
  buffer: BreadcrumbBuffer,
  /** Told of every click, for rage, dead and error clicks. */
  frustration: Pick<FrustrationDetector, 'click'>,
  guard: <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void,
): () => void {
  const stops = [
    listen(
      document,
      'submit',
      guard((event: SubmitEvent) => {
        const form = event.target
        if (!(form instanceof Element)) return
        const name = formLabel(form, event.submitter)
        buffer.add({
          at: Date.now(),
          type: 'submit',
          label: `Submitted form '${name}'`,
          data: { selector: shortSelector(form), form: name },
        })
      }),
      true,
    ),
    listen(
      document,
      'change',
      guard((event: Event) => {
        const el = event.target
        if (!(el instanceof Element)) return
        // The field's name only: values are what the user typed and never leave the page.
        buffer.add({
          at: Date.now(),
          type: 'input',
          label: `Changed field '${fieldName(el)}'`,
          data: { selector: shortSelector(el) },
        })
      }),
      true,
    ),
    listen(
      document,
      'click',
      guard((event: MouseEvent) => {
        const el = interactiveTarget(event.target)
        if (!el) return
        const label = readableLabel(el)
        const role = roleOf(el)
        buffer.add({
          at: Date.now(),
          type: 'click',
          label: `Clicked ${label ? `${role ?? el.localName} '${label}'` : shortSelector(el)}`,
          data: { selector: shortSelector(el), ...(role && { role }) },
        })
        frustration.click({
          at: Date.now(),
          x: event.clientX,
          y: event.clientY,
          element: el,
          label: label || shortSelector(el),
        })
      }),
      true,
    ),
  ]
  return () => {
    for (const stop of stops) stop()
  }
}
