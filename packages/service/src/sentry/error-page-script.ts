/** Texts of the dialog; `showReportDialog` options of the same names override them. */
export interface ErrorPageTexts {
  readonly title: string
  readonly subtitle: string
  readonly subtitle2: string
  readonly labelName: string
  readonly labelEmail: string
  readonly labelComments: string
  readonly labelClose: string
  readonly labelSubmit: string
  readonly errorGeneric: string
  readonly errorFormEntry: string
  readonly successMessage: string
}

/** Sentry's own wording for the dialog, so apps that set none see what they saw with Sentry. */
export const DEFAULT_ERROR_PAGE_TEXTS: ErrorPageTexts = {
  title: "It looks like we're having issues.",
  subtitle: 'Our team has been notified.',
  subtitle2: "If you'd like to help, tell us what happened below.",
  labelName: 'Name',
  labelEmail: 'Email',
  labelComments: 'What happened?',
  labelClose: 'Close',
  labelSubmit: 'Submit Crash Report',
  errorGeneric: 'An unknown error occurred while submitting your report. Please try again.',
  errorFormEntry: 'Some fields were invalid. Please correct the errors and try again.',
  successMessage: 'Your feedback has been sent. Thank you!',
}

export interface ErrorPageConfig {
  /**
   * Where the form posts: the endpoint with the same `dsn` and `eventId`. The script prefers its own
   * `src` (the URL the SDK built from the DSN), which is right behind proxies where this one may not be.
   */
  readonly endpoint: string
  readonly name: string
  readonly email: string
  readonly texts: ErrorPageTexts
}

const STYLE = `
:host { all: initial; }
dialog { font: 15px/1.45 system-ui, sans-serif; color: #1d1d1f; background: #fff; border: 0; border-radius: 8px;
  padding: 24px; width: min(480px, calc(100vw - 48px)); box-shadow: 0 10px 40px rgba(0,0,0,.3); }
dialog::backdrop { background: rgba(0,0,0,.45); }
h2 { font-size: 20px; margin: 0 0 4px; }
p { margin: 0 0 12px; }
label { display: block; font-weight: 600; margin: 12px 0 4px; }
input, textarea { box-sizing: border-box; width: 100%; font: inherit; padding: 8px; border: 1px solid #8a8a8e; border-radius: 4px; }
textarea { min-height: 96px; resize: vertical; }
:focus-visible { outline: 3px solid #1a5fd0; outline-offset: 2px; }
[role=status] { min-height: 1.45em; margin-top: 12px; }
.error { color: #b00020; }
.actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 16px; }
button { font: inherit; padding: 8px 14px; border-radius: 4px; border: 1px solid #8a8a8e; background: #fff; color: #1d1d1f; cursor: pointer; }
button[type=submit] { background: #1a5fd0; border-color: #1a5fd0; color: #fff; }
button:disabled { opacity: .6; cursor: progress; }
`

/**
 * The script `showReportDialog` loads (and Sentry's React `ErrorBoundary` with `showDialog`): a native
 * modal `<dialog>` in a shadow root, so the page's styles neither break it nor are broken by it. Labelled
 * fields, the comments required, errors announced in a live region, focus kept in the dialog by the browser,
 * Escape or Close to leave; on close it posts `__sentry_reportdialog_closed__`, which the SDK's `onClose`
 * listens for. All text is set with `textContent`: nothing from the query is parsed as HTML.
 */
export function errorPageScript(config: ErrorPageConfig): string {
  // JSON is a JS literal; escaping `<` keeps a `</script>` in user input inert wherever the text lands.
  const json = JSON.stringify({ ...config, style: STYLE }).replace(/</g, '\\u003c')
  return `(function () {
  'use strict';
  var c = ${json};
  var t = c.texts;
  var self = document.currentScript;
  var endpoint = self && self.src ? self.src : c.endpoint;
  var host = document.createElement('div');
  host.setAttribute('data-suture-report-dialog', '');
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  var el = function (tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  var style = el('style', {}, c.style);
  var dialog = el('dialog', { 'aria-labelledby': 'srd-title', 'aria-describedby': 'srd-sub' });
  var title = el('h2', { id: 'srd-title' }, t.title);
  var sub = el('p', { id: 'srd-sub' }, t.subtitle + ' ' + t.subtitle2);
  var form = el('form', { novalidate: '' });
  var field = function (id, label, control) {
    form.appendChild(el('label', { for: id }, label));
    control.id = id;
    form.appendChild(control);
    return control;
  };
  var name = field('srd-name', t.labelName, el('input', { type: 'text', name: 'name', autocomplete: 'name' }));
  var email = field('srd-email', t.labelEmail, el('input', { type: 'email', name: 'email', autocomplete: 'email' }));
  var comments = field('srd-comments', t.labelComments, el('textarea', { name: 'comments', required: '', 'aria-required': 'true' }));
  name.value = c.name;
  email.value = c.email;
  var status = el('p', { role: 'status', 'aria-live': 'polite' });
  var actions = el('div', { class: 'actions' });
  var close = el('button', { type: 'button' }, t.labelClose);
  var submit = el('button', { type: 'submit' }, t.labelSubmit);
  actions.appendChild(close);
  actions.appendChild(submit);
  form.appendChild(status);
  form.appendChild(actions);
  dialog.appendChild(title);
  dialog.appendChild(sub);
  dialog.appendChild(form);
  root.appendChild(style);
  root.appendChild(dialog);
  var fail = function (text, focus) {
    status.className = 'error';
    status.textContent = text;
    if (focus) { focus.setAttribute('aria-invalid', 'true'); focus.focus(); }
  };
  close.addEventListener('click', function () { dialog.close(); });
  dialog.addEventListener('close', function () {
    if (host.parentNode) host.parentNode.removeChild(host);
    window.postMessage('__sentry_reportdialog_closed__', '*');
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    comments.removeAttribute('aria-invalid');
    email.removeAttribute('aria-invalid');
    if (comments.value.trim() === '') return fail(t.errorFormEntry, comments);
    if (email.value !== '' && !email.checkValidity()) return fail(t.errorFormEntry, email);
    submit.disabled = true;
    status.className = '';
    status.textContent = '';
    var body = new URLSearchParams({ name: name.value, email: email.value, comments: comments.value });
    fetch(endpoint, { method: 'POST', body: body, mode: 'cors', credentials: 'omit' })
      .then(function (response) {
        if (!response.ok) return response.json().catch(function () { return {}; }).then(function (j) {
          fail(j && typeof j.detail === 'string' ? j.detail : t.errorGeneric);
        });
        form.parentNode.removeChild(form);
        var done = el('p', { role: 'status' }, t.successMessage);
        var ok = el('button', { type: 'button' }, t.labelClose);
        ok.addEventListener('click', function () { dialog.close(); });
        dialog.appendChild(done);
        dialog.appendChild(ok);
        ok.focus();
      })
      .catch(function () { fail(t.errorGeneric); })
      .then(function () { submit.disabled = false; });
  });
  (document.body || document.documentElement).appendChild(host);
  if (dialog.showModal) dialog.showModal(); else dialog.setAttribute('open', '');
  comments.focus();
})();
`
}
