/**
 * The Review page's keyboard shortcuts, served as a same-origin script (the CSP allows `script-src
 * 'self'`, no inline script). Without it every action still works as a plain form.
 * j / k select the next / previous proposal, m submits its merge form, r and w focus its redirect or
 * wrong-tree comment (submitting needs the comment, so the key only gets you there; Ctrl/⌘+Enter sends).
 */
export const REVIEW_KEYS_JS = `(() => {
  const cards = () => Array.from(document.querySelectorAll('article.proposal'))
  let index = 0
  const select = (i) => {
    const list = cards()
    if (list.length === 0) return
    index = Math.max(0, Math.min(list.length - 1, i))
    list.forEach((c, n) => c.classList.toggle('selected', n === index))
    list[index].focus({ preventScroll: true })
    list[index].scrollIntoView({ block: 'nearest' })
  }
  select(0)
  document.addEventListener('keydown', (event) => {
    const target = event.target
    const typing = target instanceof HTMLElement && (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT')
    if (typing) {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && target.form) {
        event.preventDefault()
        target.form.requestSubmit()
      } else if (event.key === 'Escape') target.blur()
      return
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return
    const card = cards()[index]
    if (event.key === 'j') select(index + 1)
    else if (event.key === 'k') select(index - 1)
    else if (card && event.key === 'm') card.querySelector('form.merge-form').requestSubmit()
    else if (card && event.key === 'r') card.querySelector('form.redirect-form textarea').focus()
    else if (card && event.key === 'w') card.querySelector('form.wrong-form textarea').focus()
    else return
    event.preventDefault()
  })
})()
`
