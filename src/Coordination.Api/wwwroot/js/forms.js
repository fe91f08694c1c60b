// Forms that keep what was typed when a submit fails, show each field's error next to it, and retry safely:
// a create keeps its client id and every other command its Idempotency-Key until the server has answered.
import { api, h, t, clear, uuid, problemText, ApiError, NetworkError } from './core.js';

/** A labelled input; its error slot is filled by field name from a problem's `errors`. */
export function field(name, label, input) {
  if (!input.id) input.id = `f-${name.replace(/\W/g, "-")}-${Math.random().toString(36).slice(2, 8)}`;
  input.name = name;
  return h('div', { class: 'field' },
    h('label', { for: input.id }, label), input,
    h('span', { class: 'error', dataset: { errorFor: name }, 'aria-live': 'polite' }));
}

export const input = (attrs = {}) => h('input', attrs);
export const select = (options, attrs = {}) =>
  h('select', attrs, options.map(([value, text]) => h('option', { value }, text)));

/**
 * Wires a form: build(values, attempt) → {path, body, idempotent, method (POST unless said)}; attempt holds {id, key} which stay the same
 * across retries of one submission and are renewed after a success.
 */
export function submitting(form, { build, done, failed, submitText }) {
  const message = h('div', { class: 'form-message', role: 'alert' });
  const retry = h('button', { type: 'submit', class: 'secondary', hidden: true }, t('form.retry'));
  const submit = h('button', { type: 'submit' }, submitText);
  form.append(h('div', { class: 'actions' }, submit, retry), message);
  let attempt = { id: uuid(), key: uuid() };
  let busy = false;

  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    submit.disabled = retry.disabled = true;
    for (const slot of form.querySelectorAll('[data-error-for]')) slot.textContent = '';
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const slot of form.querySelectorAll('[data-refusal-for]')) slot.textContent = '';
    clear(message);
    message.className = 'form-message';
    try {
      const values = Object.fromEntries(new FormData(form));
      const call = build(values, attempt, form);
      const answer = await api(call.path, { method: call.method ?? 'POST', body: call.body, idempotencyKey: call.idempotent ? attempt.key : undefined });
      attempt = { id: uuid(), key: uuid() };
      retry.hidden = true;
      await done?.(answer, call);
    } catch (error) {
      showProblem(form, message, error);
      failed?.(error, form);
      retry.hidden = !(error instanceof NetworkError || error.status >= 500);
      // A refusal (bad input, a state that forbids it) means nothing was recorded: the next submit, perhaps after the
      // state changed, is a new attempt. Only a lost answer or a request still running keeps its id and key.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.problem?.code !== 'idempotency-in-progress')
        attempt = { id: uuid(), key: uuid() };
    } finally {
      busy = false;
      submit.disabled = retry.disabled = false;
    }
  });
  return form;
}

export function showProblem(form, message, error) {
  message.className = 'form-message failed';
  message.textContent = error instanceof NetworkError ? `${t('problem.network')} ${t('form.kept')}` : problemText(error);
  const errors = error?.problem?.errors ?? {};
  for (const [name, texts] of Object.entries(errors)) {
    const key = name.split(/[.[]/)[0];
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`) ?? form.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
    if (slot) slot.textContent = texts.join(' ');
    form.querySelector(`[name="${CSS.escape(key)}"]`)?.setAttribute('aria-invalid', 'true');
  }
}

/** A button that runs one command with an Idempotency-Key kept until the server answers. */
export function commandButton(text, run, attrs = {}) {
  let key = uuid();
  const button = h('button', { type: 'button', ...attrs }, text);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await run(key);
      key = uuid();
    } finally { button.disabled = false; }
  });
  return button;
}
