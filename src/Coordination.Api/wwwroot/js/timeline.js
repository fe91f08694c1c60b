// An incident's timeline: every event of the incident, its requests and its deployments, in order — as a table,
// optionally with filters by stream, event type, district, actor and date (WIB).
import { clear, counted, date, districtName, enumText, h, number, problemText, t, time } from './core.js';
import { writtenOut } from './forms.js';
import { inPages, readAll } from './shared.js';

const wibDay = at => new Date(at).toLocaleDateString('en-CA', { timeZone: 'Asia/Pontianak' });
const blank = () => h('option', { value: '' }, t('timeline.all'));

/** The timeline's entries, oldest first: every one, read a thousand at a time. */
export const loadTimeline = id => readAll(`/api/incidents/${id}/timeline`, e => e.sequence);

export const eventName = type => enumText('event', type);

/** Who wrote an event: the account's name (its id when it has no account) and the role they wrote it in. */
export const actorOf = e => (e.actor ? `${e.actorName ?? e.actor}${e.role ? ` (${enumText('role', e.role)})` : ''}` : null);

/** The facts of an event in a few words: who was asked, how many, which team, which village, which day's services. */
export function eventFacts(entry) {
  const d = entry.data ?? {};
  const facts = [];
  if (d.district) facts.push(districtName(d.district));
  if (d.title) facts.push(d.title);
  if (d.phase) facts.push(enumText('phase', d.phase));
  if (d.to) facts.push(enumText('phase', d.to));
  if (d.count != null && d.role) facts.push(`${number(d.count)} ${enumText('role', d.role)}`);
  else if (d.count != null) facts.push(counted('timeline.count', d.count));
  if (d.accepted != null && d.requested != null) facts.push(t('timeline.accepted', { accepted: number(d.accepted), requested: number(d.requested) }));
  if (d.teamName) facts.push(d.teamName);
  if (Array.isArray(d.members)) facts.push(counted('teams.members', d.members.length));
  if (d.village) facts.push(d.village);
  if (d.service) facts.push(enumText('service', d.service));
  // the day the sessions were held, often before the day they were recorded
  if (entry.type === 'services-recorded' && d.date) facts.push(t('timeline.serviceDay', { date: date(d.date) }));
  if (d.newlyReached?.total != null) facts.push(t('timeline.reached', { count: number(d.newlyReached.total) }));
  if (d.affected?.total != null) facts.push(t('timeline.affected', { count: number(d.affected.total) }));
  if (d.decree) facts.push(t('timeline.decree', { decree: d.decree, until: date(d.validUntil) }));
  if (d.reason) facts.push(t(d.closedWithIncident ? 'request.closedWithIncident' : 'timeline.reason', { reason: d.reason }));
  if (d.summary) facts.push(d.summary);
  return facts.join(' · ');
}

// Each cell carries its column's name: on a phone every event is a card headed by its name, its facts below at full width.
const cell = (column, attrs, ...content) => h('td', { ...attrs, dataset: { label: t(`timeline.${column}`) } }, h('span', {}, content));
const row = e => h('tr', { dataset: { type: e.type, stream: e.stream } },
  cell('when', {}, time(e.at)),
  cell('stream', {}, enumText('stream', e.stream)),
  h('th', { scope: 'row' }, eventName(e.type)),
  cell('facts', { class: 'full' }, eventFacts(e)),
  cell('actor', {}, actorOf(e) ?? '–'));

/** The entries as a table, a hundred at a time (kept: how many the person has shown, for a redraw). */
export function timelineTable(entries, caption, kept = {}) {
  if (!entries.length) return h('p', {}, t('timeline.none'));
  const body = h('tbody');
  const pages = inPages(entries, shown => body.append(...shown.map(row)), kept);
  // A long history scrolls inside its own box, which the keyboard can reach and scroll.
  return [h('div', { class: 'scroll tall', tabindex: 0, role: 'region', 'aria-label': caption }, h('table', { class: 'timeline stacked' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ['when', 'stream', 'type', 'facts', 'actor'].map(k => h('th', { scope: 'col' }, t(`timeline.${k}`))))),
    body)), pages];
}

/** A timeline panel's body; load(id) fills it, with filters when asked for. */
export function timelineBox({ filters = false } = {}) {
  const box = h('div', { 'aria-live': 'polite' });
  let loads = 0;
  const kept = {};
  async function load(id) {
    const mine = ++loads;
    clear(box, h('p', { class: 'hint', role: 'status' }, t('history.loading')));
    let entries;
    try { entries = await loadTimeline(id); } catch (error) {
      if (mine === loads) clear(box, h('p', { class: 'form-message failed', role: 'alert' }, problemText(error)));
      return [];
    }
    if (mine !== loads) return entries;
    if (!filters) { clear(box, timelineTable(entries, counted('timeline.caption', entries.length), kept)); return entries; }
    clear(box, filtered(entries));
    return entries;
  }
  /** Nothing to show (no incident recorded yet, or none chosen): said in the box, where it stood empty under its heading. */
  function empty(text) {
    loads++;
    clear(box, h('p', { class: 'hint' }, text));
  }
  return { box, load, empty };
}

function filtered(entries) {
  const distinct = values => [...new Set(values.filter(Boolean))];
  const choose = (name, label, options) => {
    const el = h('select', { name, id: `timeline-${name}` }, blank(), options.map(([v, text]) => h('option', { value: v }, text)));
    return [el, h('div', { class: 'field' }, h('label', { for: el.id }, label), el)];
  };
  const [stream, streamField] = choose('stream', t('timeline.stream'), distinct(entries.map(e => e.stream)).map(s => [s, enumText('stream', s)]));
  const [type, typeField] = choose('type', t('timeline.type'), distinct(entries.map(e => e.type)).map(s => [s, eventName(s)]));
  const [district, districtField] = choose('district', t('timeline.district'), distinct(entries.map(e => e.data?.district)).map(d => [d, districtName(d)]));
  const names = new Map(entries.map(e => [e.actor, e.actorName ?? e.actor]));
  const [actor, actorField] = choose('actor', t('timeline.actor'), distinct(entries.map(e => e.actor)).map(a => [a, names.get(a)]));
  const from = h('input', { type: 'date', name: 'from', id: 'timeline-from' });
  const to = h('input', { type: 'date', name: 'to', id: 'timeline-to' });
  const result = h('div');
  const apply = () => {
    const shown = entries.filter(e => (!stream.value || e.stream === stream.value) && (!type.value || e.type === type.value)
      && (!district.value || e.data?.district === district.value) && (!actor.value || e.actor === actor.value)
      && (!from.value || wibDay(e.at) >= from.value) && (!to.value || wibDay(e.at) <= to.value));
    clear(result, shown.length ? timelineTable(shown, counted('timeline.shown', entries.length, { count: number(shown.length), of: number(entries.length) }))
      : h('p', {}, t('timeline.noMatch')));
  };
  const form = h('form', { class: 'grid-form filters', onchange: apply, onsubmit: e => e.preventDefault() },
    streamField, typeField, districtField, actorField,
    h('div', { class: 'field' }, h('label', { for: from.id }, t('timeline.from')), from, writtenOut(from)),
    h('div', { class: 'field' }, h('label', { for: to.id }, t('timeline.to')), to, writtenOut(to)));
  apply();
  return [form, result];
}
