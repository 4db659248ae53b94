const MAX_TEXT = 60

function clean(text: string | null | undefined): string {
  const collapsed = (text ?? '').replace(/\s+/g, ' ').trim()
  return collapsed.length > MAX_TEXT ? `${collapsed.slice(0, MAX_TEXT - 1)}…` : collapsed
}

/** ARIA role, explicit or implied by the tag. */
export function roleOf(el: Element): string | undefined {
  const explicit = el.getAttribute('role')
  if (explicit) return explicit
  const tag = el.localName
  if (tag === 'a' && el.hasAttribute('href')) return 'link'
  if (tag === 'button' || tag === 'summary') return 'button'
  if (tag === 'select') return 'combobox'
  // A textarea's type is 'textarea' (a foreign element's, undefined): both textboxes.
  if (tag === 'input' || tag === 'textarea') {
    const type = (el as HTMLInputElement).type
    if (type === 'submit' || type === 'button' || type === 'reset') return 'button'
    if (type === 'checkbox' || type === 'radio') return type
    return 'textbox'
  }
  return undefined
}

/**
 * A name the page gave the element for people and tools: `own` (data-suture-label, else aria-label),
 * else the text of the elements its aria-labelledby names. Those are looked up in `document`, not
 * el.ownerDocument: the elements named here are the targets of events heard on `document`, and events do
 * not cross documents, so both are the same document.
 */
function givenName(
  el: Element,
  own = el.getAttribute('data-suture-label') ?? el.getAttribute('aria-label'),
): string {
  return (
    clean(own) ||
    clean(
      el
        .getAttribute('aria-labelledby')
        ?.split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent)
        .join(' '), // join() writes a missing element's undefined as ''
    )
  )
}

/** A name a person would recognise: aria-label, visible text, title — never a typed value. */
export function readableLabel(el: Element): string {
  const tag = el.localName
  const type = (el as HTMLInputElement).type
  return (
    givenName(el) ||
    // A textarea's type is 'textarea' and a select's 'select-one' or 'select-multiple': never a button's.
    (tag === 'input' || tag === 'textarea' || tag === 'select'
      ? // Only buttons show their value as their label; a text field's value is what the user typed.
        type === 'submit' || type === 'button' || type === 'reset'
        ? clean(el.getAttribute('value')) || type
        : fieldName(el)
      : clean(el.textContent) ||
        clean(
          el.getAttribute('title') ??
            el.getAttribute('alt') ??
            el.querySelector('img[alt]')?.getAttribute('alt'),
        ))
  )
}

/** A form field's name for breadcrumbs: its label, name or id — never its value. */
export function fieldName(el: Element): string {
  // The browser's own association: `<label for=…>` and a wrapping `<label>` (form controls only), in
  // its own words, without the text of controls inside it (a select's options, say).
  const label = (el as HTMLInputElement).labels?.[0]?.cloneNode(true) as Element | undefined
  for (const control of label?.querySelectorAll('input,select,textarea,button') ?? []) control.remove()
  return (
    givenName(el, el.getAttribute('aria-label')) ||
    clean(label?.textContent) ||
    clean(el.getAttribute('name') ?? el.getAttribute('id') ?? el.getAttribute('placeholder')) ||
    shortSelector(el)
  )
}

/** A form's name: aria-label, name/id, its legend or heading, else its submit button's text. */
export function formLabel(form: Element, submitter?: Element | null): string {
  const heading = form.querySelector('legend,h1,h2,h3,h4')?.textContent
  const button = submitter ?? form.querySelector('button[type=submit],button:not([type]),input[type=submit]')
  return (
    givenName(form) ||
    (heading
      ? clean(heading)
      : (button && readableLabel(button)) ||
        clean(form.getAttribute('name') ?? form.getAttribute('id')) ||
        'form')
  )
}

const INTERACTIVE =
  'input,select,textarea,button,a,summary,label,[role=button],[role=link],[role=menuitem],[role=tab],[role=checkbox],[role=switch],[data-suture-label]'

/** The element a click was meant for: the nearest interactive ancestor, else the target itself. */
export function interactiveTarget(target: EventTarget | null): Element | null {
  if (!(target instanceof Element)) return null
  return target.closest(INTERACTIVE) ?? target
}

export function isInteractive(el: Element): boolean {
  return el.matches(INTERACTIVE)
}

/** `button#save.primary` — enough to find the element again, short enough to read. */
export function shortSelector(el: Element): string {
  const tag = el.localName
  const testId = el.getAttribute('data-testid')
  const name = el.getAttribute('name')
  return el.id
    ? `${tag}#${el.id}`
    : testId
      ? `${tag}[data-testid="${testId}"]`
      : `${tag}${name ? `[name="${name}"]` : ''}${[...el.classList]
          .slice(0, 2)
          .map((c) => `.${c}`)
          .join('')}`
}
