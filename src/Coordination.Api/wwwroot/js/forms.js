// Forms that keep what was typed when a submit fails, show each field's error next to it, and retry safely:
// a create keeps its client id and every other command its Idempotency-Key until the server has answered and the form is changed.
import { api, h, t, clear, currentSession, uuid, problemText, ApiError, NetworkError, date, number, time, wibToIso } from './core.js';

/** A labelled input; its error slot, which describes it, is filled by field name from the page's checks or a problem's `errors`. */
export function field(name, label, input) {
  if (!input.id) input.id = `f-${name.replace(/\W/g, "-")}-${Math.random().toString(36).slice(2, 8)}`;
  input.name = name;
  input.setAttribute('aria-describedby', `${input.id}-error`);
  return h('div', { class: 'field' },
    h('label', { for: input.id }, label), input, dated.includes(input.type) ? writtenOut(input) : null,
    h('span', { class: 'error', id: `${input.id}-error`, dataset: { errorFor: name }, 'aria-live': 'polite' }));
}

const dated = ['date', 'datetime-local'];

/**
 * A date or date-time input's value written out under it in the page's language ('29 November 2026, 22.42 WIB'): the
 * browser shows the value in its own locale's format ('11/29/2026, 10:42 PM'), which need not be the page's.
 */
export function writtenOut(input) {
  const out = h('span', { class: 'written' });
  const write = () => {
    out.textContent = !input.value || input.validity.badInput ? ''
      : input.type === 'datetime-local' ? time(wibToIso(input.value)) : date(input.value);
  };
  for (const name of ['input', 'change', 'desk:filled']) input.addEventListener(name, write);
  // A form's reset puts the values back only after its event.
  queueMicrotask(() => input.form?.addEventListener('reset', () => setTimeout(write)));
  write();
  return out;
}

/**
 * Why a field is refused, in the page's language: the browser's own bubbles speak the browser's language, not the page's.
 * Dates and numbers in the limits are written as the page writes them.
 */
export function validityText(el) {
  const v = el.validity;
  const limit = value => (el.type === 'date' ? date(value) : number(Number(value)));
  if (v.valueMissing) return t(el.tagName === 'SELECT' || el.type === 'checkbox' || el.type === 'radio' ? 'validation.choose' : 'validation.required');
  if (v.badInput) return t(el.type === 'date' ? 'validation.date' : el.type === 'number' ? 'validation.number' : 'validation.invalid');
  if (v.typeMismatch) return t(el.type === 'email' ? 'validation.email' : 'validation.invalid');
  if (v.rangeUnderflow) return t(el.type === 'date' ? 'validation.dateMin' : 'validation.min', { min: limit(el.min) });
  if (v.rangeOverflow) return t(el.type === 'date' ? 'validation.dateMax' : 'validation.max', { max: limit(el.max) });
  if (v.stepMismatch) return t(el.type === 'number' ? 'validation.whole' : 'validation.invalid');
  if (v.tooLong) return t('validation.tooLong', { max: number(el.maxLength) });
  return t('validation.invalid');
}

/** The page's own check of a form before sending: each refused field says why beside it; the first one gets the focus. */
function checkInPage(form) {
  const refused = [...form.elements].filter(el => el.willValidate && !el.checkValidity());
  for (const el of refused) {
    el.setAttribute('aria-invalid', 'true');
    const slot = form.querySelector(`[data-error-for="${CSS.escape(el.name)}"]`);
    if (slot && !slot.textContent) slot.textContent = validityText(el);
  }
  refused[0]?.focus();
  return refused.length === 0;
}

/** A box whose form is rebuilt only when what it starts from changed, so that a live update keeps what is being typed. */
export function rebuilder() {
  const built = new Map();
  return (box, from, build) => {
    const key = JSON.stringify(from);
    if (built.get(box) !== key) { built.set(box, key); drawWhenSettled(box, build); }
  };
}

/**
 * Draws a box's forms anew (what they offer changed: a team arrived, a request was accepted) once no command in the box is
 * on its way, so that the answer of a press still running is said in the form it was pressed in. What the forms then say
 * (a refusal, a lost answer, the reasons beside fields) is said again in the forms of the same name drawn anew, which their
 * drafts fill in with what was typed; the focus goes back to the same control. draw() runs only then, so each form starts
 * from its draft as the answer left it; asked again while waiting, the last draw is the one made. Drawn at once, the
 * promise of an asynchronous draw is returned; a draw that had to wait and failed says why in the box.
 */
const drawing = new WeakMap();
export function drawWhenSettled(box, draw) {
  const turn = {};
  drawing.set(box, turn);
  const busy = box.querySelector('[aria-busy=true]');
  if (busy) {
    // A page left meanwhile is not drawn.
    settled(busy).then(() => drawing.get(box) === turn && box.isConnected && drawWhenSettled(box, draw))
      .catch(error => drawing.get(box) === turn && clear(box, h('p', { class: 'form-message failed', role: 'alert' }, problemText(error))));
    return undefined;
  }
  const put = drawn => {
    if (drawing.get(box) !== turn) return;
    const work = workIn(box, { where: inForms });
    const shown = fragmentOf(drawn);
    work.give(shown);
    clear(box, shown);
    work.focus(box);
  };
  const drawn = draw();
  return typeof drawn?.then === 'function' ? drawn.then(put) : put(drawn);
}

/** What is to be shown (elements, lists of them, nothing), in one fragment to work in before it is shown. */
const fragmentOf = children => {
  const fragment = document.createDocumentFragment();
  for (const child of [children].flat(Infinity)) if (child) fragment.append(child);
  return fragment;
};

/** Resolves once el is no longer busy (its command answered) or has left the page. */
const settled = el => new Promise(resolve => {
  const watch = new MutationObserver(() => {
    if (el.getAttribute('aria-busy') === 'true' && el.isConnected) return;
    watch.disconnect();
    resolve();
  });
  watch.observe(el, { attributes: true, attributeFilter: ['aria-busy'] });
  if (el.parentNode) watch.observe(el.parentNode, { childList: true });
});

export const input = (attrs = {}) => h('input', attrs);
export const select = (options, attrs = {}) =>
  h('select', attrs, options.map(([value, text]) => h('option', { value }, text)));

/**
 * Wires a form: build(values, attempt) → {path, body, idempotent, method (POST unless said), ifMatch (the version the page showed)}; attempt holds {id, key} which stay the same
 * across retries of one submission and, after a success, until the form is changed or reset: a second press of a form left
 * as it was sent (a double click, a press again to be sure) sends the same command, which the server answers once.
 * A form with a draft name keeps what was typed (see draftOf).
 */
export function submitting(form, { build, done, failed, submitText, draft: name, recorded }) {
  const message = h('div', { class: 'form-message', role: 'alert' });
  const retry = h('button', { type: 'submit', class: 'secondary', hidden: true }, t('form.retry'));
  const submit = h('button', { type: 'submit' }, submitText);
  const discard = h('button', { type: 'button', class: 'secondary' }, t('form.discard'));
  const restored = h('p', { class: 'form-restored', role: 'status' }, t('form.restored'), ' ', discard);
  form.append(h('div', { class: 'actions' }, submit, retry), message);
  let attempt = { id: uuid(), key: uuid() };
  let busy = false;
  form.noValidate = true;
  if (name) form.dataset.draft = name;

  // An attempt whose answer has not arrived is kept with the draft, so that its retry, even after signing in again, is the same command.
  let pending = false;
  const draft = draftOf(form, name);
  // A kept attempt the page now sees recorded (its answer was lost, the page read it since) is done: the form starts afresh.
  const settled = recorded && draft.peek()?.attempt && recorded(draft.peek().attempt);
  if (settled) {
    draft.forget();
    message.className = 'form-message done';
    message.textContent = t('form.recordedBefore');
  }
  const kept = settled ? null : draft.read();
  if (kept) {
    if (kept.attempt) { attempt = kept.attempt; pending = true; retry.hidden = false; }
    form.querySelector('.actions').before(restored);
    // A form folded away in a <details> (wrapped once this returns) is opened, so what came back is seen.
    queueMicrotask(() => { const folded = form.closest('details'); if (folded) folded.open = true; });
  }
  const keep = () => draft.write(pending ? attempt : null);
  // Sent and answered: the same values pressed again are the same command; a change makes the next press a new one.
  let answered = false;
  const changed = () => {
    delete form.dataset.done;
    if (answered) { answered = false; attempt = { id: uuid(), key: uuid() }; }
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('input', keep);
  form.addEventListener('change', keep);
  form.addEventListener('reset', () => {
    draft.forget();
    pending = false;
    answered = false;
    attempt = { id: uuid(), key: uuid() };
    retry.hidden = true;
    restored.remove();
  });
  discard.addEventListener('click', () => {
    form.reset();
    clear(message);
    // A choice that rebuilds the fields after it (a request's candidates, a role's district) follows its reset value.
    for (const el of form.querySelectorAll('select')) el.dispatchEvent(new Event('change', { bubbles: true }));
    draft.forget();
    form.querySelector('input:not([type=hidden]), select, textarea')?.focus();
  });

  // While the command is on its way the pressed button says so and the form is busy for assistive technology.
  const sending = button => {
    const text = button.textContent;
    button.textContent = t('form.sending');
    form.setAttribute('aria-busy', 'true');
    return () => { button.textContent = text; form.removeAttribute('aria-busy'); };
  };

  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    let sent;
    const place = focusPlace(event.submitter ?? submit);
    submit.disabled = retry.disabled = true;
    for (const slot of form.querySelectorAll('[data-error-for]')) slot.textContent = '';
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const slot of form.querySelectorAll('[data-refusal-for]')) slot.textContent = '';
    clear(message);
    message.className = 'form-message';
    delete message.dataset.whole;
    if (!checkInPage(form)) {
      message.className = 'form-message failed';
      message.textContent = t('validation.summary');
      busy = false;
      submit.disabled = retry.disabled = false;
      return;
    }
    try {
      const values = Object.fromEntries(new FormData(form));
      const call = build(values, attempt, form);
      sent = sending(event.submitter === retry ? retry : submit);
      pending = true;
      keep();
      const answer = await api(call.path, { method: call.method ?? 'POST', body: call.body, idempotencyKey: call.idempotent ? attempt.key : undefined, ifMatch: call.ifMatch });
      pending = false;
      draft.forget();
      answered = true;
      form.dataset.done = ''; // until typed in again: its fold, drawn anew, closes (see workIn)
      retry.hidden = true;
      restored.remove();
      await done?.(answer, call);
    } catch (error) {
      showProblem(form, message, error);
      failed?.(error, form);
      retry.hidden = !answerLost(error);
      // A refusal (bad input, a state that forbids it) means nothing was recorded: the next submit, perhaps after the
      // state changed, is a new attempt. Only a lost answer or a request still running keeps its id and key.
      if (!answerLost(error)) { attempt = { id: uuid(), key: uuid() }; answered = false; }
      if (pending) { pending = answerLost(error); keep(); }
    } finally {
      sent?.();
      busy = false;
      submit.disabled = retry.disabled = false;
      restoreFocus(place);
    }
  });
  return form;
}

const draftPrefix = 'desk.draft:';

/**
 * What was typed in a form, kept in this tab's sessionStorage until it is sent, so that a session the server ends (or a
 * reload) loses nothing: keyed by the account that typed it, the page's address and the form's name. Passwords are never
 * kept. Building the same form again fills it in; a form as it was built keeps no draft.
 */
function draftOf(form, name) {
  const owner = currentSession()?.me?.id;
  if (!name || !owner) return { peek: () => null, read: () => null, write: () => {}, forget: () => {} };
  const key = `${draftPrefix}${encodeURIComponent(owner)}:${location.hash}:${name}`;
  const built = JSON.stringify(fieldsOf(form));
  const peek = () => JSON.parse(sessionStorage.getItem(key) ?? 'null');
  const read = () => {
    const kept = peek();
    if (kept) fill(form, kept);
    return kept;
  };
  const write = attempt => {
    const fields = fieldsOf(form);
    if (!attempt && JSON.stringify(fields) === built) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify({ ...fields, attempt }));
  };
  return { peek, read, write, forget: () => sessionStorage.removeItem(key) };
}

const secret = el => el.type === 'password' || /password|one-time-code/.test(el.autocomplete);
const typed = form => [...form.elements].filter(el => el.name && !secret(el) && !['submit', 'button', 'reset', 'file', 'hidden'].includes(el.type)
  && ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName));

function fieldsOf(form) {
  const values = {};
  const checked = {};
  for (const el of typed(form)) {
    if (el.type === 'checkbox' || el.type === 'radio') (checked[el.name] ??= []).push(...(el.checked ? [el.value] : []));
    else values[el.name] ??= el.value;
  }
  return { values, checked };
}

function fill(form, { values = {}, checked = {} }) {
  // Choices first, each announced: a choice may rebuild the fields after it (a request's candidates and villages, a role's district).
  for (const el of typed(form)) {
    if (el.tagName !== 'SELECT' || !(el.name in values) || el.value === values[el.name]) continue;
    if (![...el.options].some(o => o.value === values[el.name])) continue;
    el.value = values[el.name];
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }
  for (const el of typed(form)) {
    if (el.type === 'checkbox' || el.type === 'radio') {
      if (!(el.name in checked) || el.checked === checked[el.name].includes(el.value)) continue;
      el.checked = !el.checked;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (el.name in values && (el.tagName !== 'SELECT' || [...el.options].some(o => o.value === values[el.name]))) {
      el.value = values[el.name];
      el.dispatchEvent(new Event('desk:filled'));
    }
  }
}

/** Drafts belong to the account that typed them: all go when it signs out, another account's when someone else signs in here. */
export function forgetDrafts(except) {
  const mine = except && `${draftPrefix}${encodeURIComponent(except)}:`;
  const keys = Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.key(i));
  for (const key of keys) if (key?.startsWith(draftPrefix) && !(mine && key.startsWith(mine))) sessionStorage.removeItem(key);
}

/**
 * The server may have done what was asked without its answer reaching the page (the network, a proxy's 5xx, the same
 * command still running, or being created at that moment by its twin from another tab): a retry then sends the same
 * client id and Idempotency-Key. Anything else was an answer.
 */
export const answerLost = error => !(error instanceof ApiError)
  || error.status >= 500 || ['idempotency-in-progress', 'id-created-concurrently'].includes(error.problem?.code);

export function showProblem(form, message, error) {
  message.className = 'form-message failed';
  message.textContent = answerLost(error) ? `${problemText(error)} ${t('form.kept')}` : problemText(error);
  markFields(form, error?.problem?.errors ?? {});
}

/**
 * Each field named (`{validUntil: [texts]}`) says why beside it and is marked invalid; the first of them in the form gets
 * the focus. A choice of several (a team's members, a drill's participants) is marked in each of its boxes, described by
 * the group's error.
 */
export function markFields(form, errors) {
  const marked = [];
  for (const [name, texts] of Object.entries(errors)) {
    const key = name.split(/[.[]/)[0];
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`) ?? form.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
    if (slot) slot.textContent = texts.join(' ');
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`) ?? form.querySelector(`[name="${CSS.escape(key)}"]`);
    const group = !input && slot?.closest('fieldset');
    const boxes = input ? [input] : group ? [...group.querySelectorAll('input:not([type=hidden])')] : [];
    if (group && boxes.length) {
      slot.id ||= `${key}-error-${Math.random().toString(36).slice(2, 8)}`;
      for (const box of boxes) box.setAttribute('aria-describedby', slot.id);
    }
    for (const box of boxes) box.setAttribute('aria-invalid', 'true');
    if (boxes.length) marked.push(boxes[0]);
  }
  marked.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0]?.focus();
}

const cards = ['request', 'deployment', 'person', 'account'];
const controls = 'button:not([disabled]), summary, input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href]';

/** Where a control is: itself, its card (by what the card shows) and its panel, so that the focus can come back after a redraw. */
export function focusPlace(el) {
  const card = el.closest(cards.map(k => `[data-${k}]`).join(', '));
  const key = card && cards.find(k => card.dataset[k] !== undefined);
  return { el, text: el.textContent, card: key ? `[data-${key}="${CSS.escape(card.dataset[key])}"]` : null, panel: el.closest('section.panel') };
}

/**
 * A control that was pressed and then disabled or redrawn leaves the focus on the page itself, and Tab would start again
 * at the top: the focus goes back to the control, else the same control of its redrawn card, else that card, else its panel.
 */
export function restoreFocus(place) {
  if (!place || (document.activeElement && document.activeElement !== document.body)) return;
  const focus = el => { if (!el.matches(controls)) el.setAttribute('tabindex', '-1'); el.focus(); };
  if (place.el.isConnected && !place.el.disabled) return focus(place.el);
  const card = place.card && document.querySelector(place.card);
  const same = card && [...card.querySelectorAll(controls)].find(x => x.textContent === place.text);
  // the same control drawn again inside a fold that is now closed (the confirming button of Nonaktifkan…): its fold's summary
  const fold = same && same.tagName !== 'SUMMARY' ? same.closest('details:not([open])') : null;
  if (card) return focus(fold?.querySelector('summary') ?? same ?? card);
  const heading = place.panel?.isConnected && place.panel.querySelector('h2');
  if (heading) focus(heading);
}

const cardSelector = cards.map(k => `[data-${k}]`).join(', ');
const cardAddress = card => { const k = cards.find(x => card.dataset[x] !== undefined); return `[data-${k}="${CSS.escape(card.dataset[k])}"]`; };
const typedIn = card => [...card.querySelectorAll('input[name], textarea[name]')].filter(el => !['checkbox', 'radio', 'hidden'].includes(el.type));

/** Where work is kept when a box is drawn anew: in its cards, by what each shows; in its forms with a draft, by the draft's name. */
const inCards = { selector: cardSelector, address: cardAddress };
export const inForms = { selector: 'form[data-draft]', address: form => `form[data-draft="${CSS.escape(form.dataset.draft)}"]` };
const slots = '.form-message, [data-error-for], [data-refusal-for]';
/** A message's slot in its card or form: a field's or a person's by their name, the messages by their order. */
const slotAt = el => (el.dataset.errorFor !== undefined ? `[data-error-for="${CSS.escape(el.dataset.errorFor)}"]`
  : el.dataset.refusalFor !== undefined ? `[data-refusal-for="${CSS.escape(el.dataset.refusalFor)}"]` : '.form-message');

/**
 * The fold a form is kept in under root (Tambah personel, Catat pelatihan): opened, it stays open when drawn anew, typed
 * in or not, until its command is done (the training recorded; a form that goes on, as Tambah personel, reopens itself).
 */
const foldOf = (place, root) => {
  const fold = place.parentElement?.closest('details');
  return fold && root.contains(fold) ? fold : null;
};
const summaryOf = (place, root) => foldOf(place, root)?.querySelector(':scope > summary');

/**
 * What is being worked on under root, in each of its cards (or, where: inForms, its forms with a draft): what was typed,
 * the folds opened (in it, and the one it is folded in), the messages shown (a refusal, a lost answer) with the fields they
 * mark, and the control with the focus. give(into) puts it back in the same cards or forms drawn again, before they are
 * shown, so that a message kept is not announced again as new; focus(into), once they are shown, puts the focus, with its
 * caret, back on the same control. With messages false (the page drawn in another language) only the typing and the folds
 * are kept: a message is in the old language.
 */
export function workIn(root, { where = inCards, messages = true } = {}) {
  const places = [...root.querySelectorAll(where.selector)];
  const kept = places.map(place => ({
    at: where.address(place),
    typed: typedIn(place).filter(el => el.value !== el.defaultValue).map(el => [el.name, el.value]),
    open: [...place.querySelectorAll('details')].map(d => d.open),
    unfolded: foldOf(place, root)?.open && place.dataset.done === undefined,
    said: messages ? [...place.querySelectorAll(slots)].filter(el => el.textContent).map(el => {
      const at = slotAt(el);
      return [at, [...place.querySelectorAll(at)].indexOf(el), el.className, el.textContent, el.dataset.whole];
    }) : [],
    invalid: messages ? [...place.querySelectorAll('[aria-invalid=true]')].map(el => el.name).filter(Boolean) : []
  }));
  const active = root.contains(document.activeElement) ? document.activeElement : null;
  // a form in a card: the form
  const focused = active && places.filter(place => place.contains(active) || summaryOf(place, root) === active).pop();
  const focus = focused && {
    at: where.address(focused), name: active.name, text: active.textContent,
    caret: typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null
  };
  return {
    give: into => {
      for (const { at, typed, open, unfolded, said, invalid } of kept) {
        const place = into.querySelector(at);
        if (!place) continue;
        const fold = foldOf(place, into);
        if (unfolded && fold) fold.open = true;
        for (const [name, value] of typed) {
          const el = typedIn(place).find(x => x.name === name);
          if (el && el.value === el.defaultValue) { el.value = value; el.dispatchEvent(new Event('desk:filled')); }
        }
        const folds = [...place.querySelectorAll('details')];
        if (folds.length === open.length) folds.forEach((d, i) => { if (open[i]) d.open = true; });
        // A reason beside a field or a person no longer drawn (a person sent with another team meanwhile) has nowhere to
        // stand: the message then says all of it, as the answer did (its whole), rather than pointing beside a name.
        const slotsNow = said.map(([slot, i]) => place.querySelectorAll(slot)[i]);
        const lost = said.some(([slot], j) => slot !== '.form-message' && !slotsNow[j]);
        said.forEach(([, , className, text, whole], j) => {
          const el = slotsNow[j];
          if (el && !el.textContent) { el.className = className; el.textContent = (lost && whole) || text; }
        });
        for (const name of invalid) place.querySelector(`[name="${CSS.escape(name)}"]`)?.setAttribute('aria-invalid', 'true');
      }
    },
    focus: into => {
      const place = focus && into.querySelector(focus.at);
      // its controls, and the summary of the fold it is in
      const same = place && [summaryOf(place, into), ...place.querySelectorAll(controls)]
        .find(x => x && !x.hidden && (focus.name ? x.name === focus.name : x.textContent === focus.text));
      if (!same) return;
      same.focus();
      if (focus.caret) try { same.setSelectionRange(...focus.caret); } catch { /* a field without a caret */ }
    }
  };
}

/**
 * How each card was drawn (its markup before anyone worked in it), so that a redraw knows a card that has not changed:
 * what it shows of its data, without the card's own classes (a request just arrived is marked so until the next update,
 * which the card kept takes on) nor what a form adds of its own (the ids tying a label or a message to its field, drawn
 * anew each time; the note and the retry of a draft restored, which a card drawn again while someone types in it offers).
 */
const drawnAs = new WeakMap();
function markupOf(card) {
  const copy = card.cloneNode(true);
  copy.removeAttribute('class');
  for (const note of copy.querySelectorAll('.form-restored')) note.remove();
  for (const button of copy.querySelectorAll('.actions [hidden]')) button.removeAttribute('hidden');
  return copy.outerHTML.replace(/ (id|for|aria-describedby)="[^"]*"/g, '');
}

/**
 * Draws a box of cards again (a live update) without taking anything from whoever works in it. A card drawn just as
 * before stays the very element it was, so a command still running in it answers there, and a retry after a lost answer
 * sends the same key. In a card that changed, what was typed, the folds opened and what its message says come back in
 * the card drawn again; the focus, with its caret, goes back to the same control.
 */
export function redraw(box, ...children) {
  const before = new Map([...box.querySelectorAll(cardSelector)].map(card => [cardAddress(card), card]));
  const work = workIn(box);
  const drawn = fragmentOf(children);
  for (const card of [...drawn.querySelectorAll(cardSelector)]) {
    const markup = markupOf(card);
    const kept = before.get(cardAddress(card));
    if (kept && drawnAs.get(kept) === markup) {
      kept.className = card.className;
      card.replaceWith(kept);
    } else drawnAs.set(card, markup);
  }
  work.give(drawn);
  clear(box, drawn);
  work.focus(box);
}

/** What a command button's message says when it failed: a lost answer asks for the same button again. */
const commandProblemText = error => (answerLost(error) ? `${problemText(error)} ${t('command.kept')}` : problemText(error));

/**
 * A command button's work, reporting in a card's message: cleared when it starts; a failure is said there and passed on to
 * the button, which keeps its Idempotency-Key after a lost answer.
 */
export const reporting = (message, work) => async key => {
  message.className = 'form-message';
  message.textContent = '';
  try {
    return await work(key);
  } catch (error) {
    message.className = 'form-message failed';
    message.textContent = commandProblemText(error);
    throw error;
  }
};

/**
 * A button that runs one command with an Idempotency-Key kept until the server has answered: run(key) shows its own
 * message and throws when it failed; after a lost answer the next press sends the same key, so it is done once.
 */
export function commandButton(text, run, attrs = {}) {
  let key = uuid();
  const button = h('button', { type: 'button', ...attrs }, text);
  button.addEventListener('click', async () => {
    if (button.disabled) return;
    const place = focusPlace(button);
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await run(key);
      key = uuid();
    } catch (error) {
      if (!answerLost(error)) key = uuid();
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      restoreFocus(place);
    }
  });
  return button;
}
