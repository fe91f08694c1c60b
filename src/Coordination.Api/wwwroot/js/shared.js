// Pieces more than one page shows.
import { api, h, t, number, enumText, districts, language, percent } from './core.js';
import { commandButton, field, input, select } from './forms.js';

export const groups = ['total', 'children', 'elderly', 'disabled', 'pregnant'];
export const hazards = ['flood', 'flash-flood', 'landslide', 'forest-fire', 'haze', 'extreme-weather', 'drought', 'other'];
export const roles = ['counselor', 'tagana', 'social-worker'];
export const skills = ['psychological-first-aid', 'trauma-counseling', 'child-friendly-space', 'group-support', 'referral'];

/** Whether a training has lapsed by a day (YYYY-MM-DD, WIB): it is valid through its validUntil; one without never lapses. */
export const lapsed = (tr, today) => tr.validUntil != null && tr.validUntil < today;
/** Whether a person holds a training still valid: the readiness counts them as certified. */
export const certified = (p, today) => p.trainings.some(tr => !lapsed(tr, today));

export const services = ['psychological-first-aid', 'group-support', 'child-friendly-space', 'home-visit', 'referral'];

/**
 * Every item of a list the API pages (limit, at most 1,000 a call, and offset), read page after page until a short one;
 * an item a page shifted into the next one (a new one came meanwhile) is kept once.
 */
export async function readAll(path, key = x => x.id) {
  const items = new Map();
  for (let offset = 0; ; offset += 1000) {
    const page = await api(`${path}${path.includes('?') ? '&' : '?'}limit=1000&offset=${offset}`);
    for (const item of page) if (!items.has(key(item))) items.set(key(item), item);
    if (page.length < 1000) return [...items.values()];
  }
}

const collators = {};
/**
 * Two names in the order the desk's language sorts them, whatever the browser's own language: case and accents aside
 * ("ani" among the A's, "Édi" among the E's, "Aan" first where a Danish browser puts it after "Zul").
 */
export const byName = (a, b) =>
  (collators[language()] ??= new Intl.Collator(language(), { sensitivity: 'base' })).compare(a ?? '', b ?? '');

export const pageStep = 100;

/**
 * A long list shown a hundred at a time: append(items) draws the first ones, and the line returned (none for a short list)
 * says which are shown of how many (1–100 dari 2.345) and offers the next hundred. kept.pages remembers how many hundreds
 * the person asked for, so the list drawn again (a live update, one more in it) shows as many.
 */
export function inPages(items, append, kept = {}) {
  kept.pages = Math.max(kept.pages ?? 1, 1);
  let shown = Math.min(kept.pages * pageStep, items.length);
  append(items.slice(0, shown));
  if (items.length <= pageStep) return null;
  const said = h('span', { tabindex: -1 });
  const more = h('button', { type: 'button', class: 'secondary' });
  const say = () => {
    said.textContent = t('pages.shown', { to: number(shown), of: number(items.length) });
    const next = Math.min(pageStep, items.length - shown);
    more.textContent = t('pages.more', { count: number(next) });
    more.hidden = next === 0;
  };
  more.addEventListener('click', async () => {
    const from = shown;
    kept.pages = Math.ceil(from / pageStep) + 1;
    shown = Math.min(kept.pages * pageStep, items.length);
    await append(items.slice(from, shown));
    say();
    if (more.hidden) said.focus(); // the button is gone: the focus stays on the line that says all are shown
  });
  say();
  return h('p', { class: 'pages' }, said, ' ', more);
}

/**
 * A page's refresh (listen's onRefresh) draws again only what changed: refresh(load) is the refresh, and each load begins
 * with begin(), which gives the test of the data it then reads. Unchanged after a refresh, nothing is drawn again (no
 * timeline read again, no focus moved); any other load (a notice, a reconnect, an action) always draws.
 */
export function redrawnWhenChanged() {
  let refreshing = false;
  let shown = '';
  return {
    refresh: load => () => { refreshing = true; load(); },
    begin: () => {
      const quietly = refreshing;
      refreshing = false;
      return data => {
        const text = JSON.stringify(data);
        if (quietly && text === shown) return false;
        shown = text;
        return true;
      };
    }
  };
}

/**
 * A view worked out from the events a moment after a change (coverage, readiness), read until it holds what the page
 * awaits: read() answers it, holds(answer) says whether it does. It is read again `every` ms, at most `rereads` times more;
 * the time runs only while the page is in view (hidden, nothing is read until it is shown again), and the wait ends at
 * once when `signal` aborts (the page was left). Answers the last answer read; `answer` is one already read.
 */
export async function awaitView(read, holds, { every, rereads = 10, signal, answer } = {}) {
  let last = answer === undefined ? await read() : answer;
  for (let n = 0; n < rereads && !holds(last); n++) {
    if (!(await inViewFor(every, signal))) break;
    last = await read();
  }
  return last;
}

/** True after ms of the page in view, false as soon as signal aborts. */
function inViewFor(ms, signal) {
  return new Promise(resolve => {
    if (signal?.aborted) { resolve(false); return; }
    let timer;
    const end = result => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', counting);
      signal?.removeEventListener('abort', left);
      resolve(result);
    };
    const left = () => end(false);
    const counting = () => {
      clearTimeout(timer);
      if (document.visibilityState === 'visible') timer = setTimeout(() => end(true), ms);
    };
    signal?.addEventListener('abort', left);
    document.addEventListener('visibilitychange', counting);
    counting();
  });
}

/**
 * The live mark beside a page's title, with the stream's onState that sets it: a status (polite, read whole), so a screen
 * reader hears the connection drop and come back.
 */
export function liveMark() {
  const mark = h('span', { class: 'live', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  return [mark, state => { mark.textContent = t(`live.${state}`); mark.className = `live ${state}`; }];
}

/** What a page says as a notice of the province arrives: a request cancelled, an incident closed or a district's answer. */
export const noticeSaid = notice =>
  t({ 'request-cancelled': 'live.cancelled', 'incident-closed': 'live.closed' }[notice.kind] ?? 'live.answer');

export const section = (id, title, ...children) =>
  h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), children);

export async function districtSelect(attrs = {}) {
  return select((await districts()).map(d => [d.code, `${d.name} (${d.code})`]), attrs);
}

/** Inputs for people by group (affected, newly reached), named prefix.group. */
export const peopleFields = (prefix, legend) =>
  h('fieldset', { class: 'people' }, h('legend', {}, legend),
    groups.map(g => field(`${prefix}.${g}`, t(`group.${g}`), input({ type: 'number', min: 0, inputmode: 'numeric', value: 0, required: true }))),
    h('span', { class: 'error', dataset: { errorFor: prefix } }));

export const people = (values, prefix) =>
  Object.fromEntries(groups.map(g => [g, Number(values[`${prefix}.${g}`] || 0)]));

/**
 * A table of groups: affected, reached and coverage — the text twin of every coverage chart; on a phone each group is a
 * card with its three figures side by side, each under its label.
 */
export function coverageTable(coverage, caption) {
  const cell = (column, ...content) => h('td', { dataset: { label: t(`coverage.${column}`) } }, content);
  return h('div', { class: 'scroll' }, h('table', { class: 'numbers coverage stacked figures' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('coverage.group')), h('th', { scope: 'col' }, t('coverage.affected')),
      h('th', { scope: 'col' }, t('coverage.reached')), h('th', { scope: 'col' }, t('coverage.share')))),
    h('tbody', {}, groups.map(g => h('tr', { dataset: { group: g } },
      h('th', { scope: 'row' }, t(`group.${g}`)),
      cell('affected', number(coverage.affected?.[g])),
      cell('reached', number(coverage.reached?.[g])),
      cell('share', h('meter', { min: 0, max: 1, low: 0.5, optimum: 1, value: coverage.coverage?.[g] ?? 0 }),
        ` ${percent(coverage.coverage?.[g] ?? 0)}`))))));
}

export const status = (kind, value) => h('span', { class: `badge ${kind}-${value}` }, enumText(kind, value));

/** A command asked for twice: opened, it says what will happen, and only its button does it. */
export const confirming = (summary, text, button, run) =>
  h('details', {}, h('summary', {}, summary), h('p', {}, text), commandButton(button, run, { class: 'secondary' }));
