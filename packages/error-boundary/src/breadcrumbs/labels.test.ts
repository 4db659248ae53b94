import { beforeEach, describe, expect, it } from 'vitest'
import { fieldName, formLabel, interactiveTarget, readableLabel, roleOf, shortSelector } from './labels.js'

function el(html: string): Element {
  document.body.innerHTML = html
  const found = document.body.querySelector('[data-pick]') ?? document.body.firstElementChild
  if (!found) throw new Error('no element in fixture')
  return found
}

describe('readable labels', () => {
  beforeEach(() => {
    document.body.innerHTML = ''
  })

  it('prefers aria-label over visible text', () => {
    expect(readableLabel(el('<button aria-label="Close dialog">×</button>'))).toBe('Close dialog')
  })

  it('trims and collapses button text', () => {
    expect(readableLabel(el('<button>\n   Invite\n   teammate  </button>'))).toBe('Invite teammate')
  })

  it('cuts long text to a readable length', () => {
    const label = readableLabel(el(`<a href="/x">${'word '.repeat(40)}</a>`))
    expect(label.length).toBeLessThanOrEqual(60)
    expect(label.endsWith('…')).toBe(true)
  })

  it('uses aria-labelledby', () => {
    document.body.innerHTML =
      '<span id="t">Delete project</span><button data-pick aria-labelledby="t">🗑</button>'
    expect(readableLabel(document.querySelector('[data-pick]') as Element)).toBe('Delete project')
  })

  it('never uses what was typed into a text field as its label', () => {
    document.body.innerHTML =
      '<label for="e">Work email</label><input id="e" name="email" value="jane@example.com">'
    const input = document.querySelector('input') as Element
    expect(readableLabel(input)).toBe('Work email')
    expect(fieldName(input)).toBe('Work email')
  })

  it('names a field by its wrapping label, leaving out the options of a select inside it', () => {
    document.body.innerHTML =
      '<label>Role <select name="role"><option>Member</option><option>Admin</option></select></label>'
    expect(fieldName(document.querySelector('select') as Element)).toBe('Role')
  })

  it('names a field by its name attribute when it has no label', () => {
    expect(fieldName(el('<input name="teammate_email" value="secret">'))).toBe('teammate_email')
  })

  it('uses a submit input value as its label', () => {
    expect(readableLabel(el('<input type="submit" value="Save changes">'))).toBe('Save changes')
  })

  it('finds the clickable ancestor of an icon inside a button', () => {
    document.body.innerHTML = '<button id="save"><svg><path data-pick></path></svg> Save</button>'
    const target = interactiveTarget(document.querySelector('[data-pick]'))
    expect(target?.tagName).toBe('BUTTON')
    expect(shortSelector(target as Element)).toBe('button#save')
  })

  it('gives roles, explicit and implied', () => {
    expect(roleOf(el('<a href="/">Home</a>'))).toBe('link')
    expect(roleOf(el('<div role="tab">Tab</div>'))).toBe('tab')
    expect(roleOf(el('<button>x</button>'))).toBe('button')
    expect(roleOf(el('<input type="checkbox">'))).toBe('checkbox')
  })

  it('builds short selectors from test ids, names and classes', () => {
    expect(shortSelector(el('<button data-testid="invite">x</button>'))).toBe('button[data-testid="invite"]')
    expect(shortSelector(el('<input name="q" class="a b c">'))).toBe('input[name="q"].a.b')
  })

  it('names forms by aria-label, legend, or submit button', () => {
    expect(formLabel(el('<form aria-label="Invite teammate"><button>Go</button></form>'))).toBe(
      'Invite teammate',
    )
    expect(formLabel(el('<form><fieldset><legend>Billing address</legend></fieldset></form>'))).toBe(
      'Billing address',
    )
    expect(formLabel(el('<form><input name="q"><button type="submit">Search</button></form>'))).toBe('Search')
  })
})
