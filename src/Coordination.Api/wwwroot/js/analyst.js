// Analyst: an incident replayed day by day or event by event — its state, requests, deployments and coverage as they
// were then, and what changed since the step before; its history; its filterable timeline; readiness as of a date.
import { ApiError, api, clear, counted, date, districtName, endOfDayWib, enumText, h, number, percent, problemText, t, time, todayWib } from './core.js';
import { duration, historySections } from './history.js';
import { validityText, writtenOut } from './forms.js';
import { coverageTable, groups, readAll, section, status } from './shared.js';
import { actorOf, eventFacts, eventName, loadTimeline, timelineBox } from './timeline.js';

const dayMs = 86_400_000;

export async function show(main, { arg }) {
  // Every incident, however old: months later the one to replay may lie behind hundreds of newer ones.
  const incidents = await readAll('/api/incidents');
  // A link to an incident reported since reads it by itself; one to no incident at all says so, and replays
  // nothing until one is chosen, where it showed another incident's replay under the link.
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  let missing = false;
  if (arg && !incidents.some(i => i.id === arg)) {
    const linked = guid.test(arg) ? await api(`/api/incidents/${arg}`).catch(error => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }) : null;
    if (linked) incidents.push(linked); else missing = true;
  }
  const picker = h('select', { id: 'replay-incident' },
    missing || !incidents.length ? h('option', { value: '' }, t(incidents.length ? 'replay.choose' : 'replay.noIncidents')) : null,
    incidents.map(incidentOption));
  if (arg && incidents.some(i => i.id === arg)) picker.value = arg;
  // The search narrows the picker as it is typed (name, district, hazard, date or year); the incident being replayed stays
  // in it, first, until another is chosen. Enter in the search replays the first one found.
  // What the search looks through is said under its label, where a phone's narrow field cut it off as a placeholder.
  const hint = h('p', { id: 'replay-search-hint', class: 'hint' }, t('replay.searchHint'));
  const search = h('input', { type: 'search', id: 'replay-search', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'replay-search-hint replay-search-count', 'aria-controls': picker.id });
  const count = h('p', { id: 'replay-search-count', class: 'hint', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const finder = h('div', { class: 'field search', role: 'search', hidden: incidents.length <= 1 },
    h('label', { for: search.id }, t('replay.search')), hint, search, count);
  let found = incidents;
  // each incident's searchable text, made once: a keystroke only compares
  const searched = new Map(incidents.map(i => [i, incidentText(i)]));
  const narrow = () => {
    const words = folded(search.value).split(/\s+/).filter(Boolean);
    found = words.length ? incidents.filter(i => words.every(w => searched.get(i).includes(w))) : incidents;
    count.textContent = words.length ? t('replay.found', { shown: number(found.length), total: number(incidents.length) }) : '';
    const chosen = incidents.find(i => i.id === picker.value);
    const placeholder = picker.querySelector('option[value=""]');
    clear(picker, placeholder, chosen && !found.includes(chosen) ? incidentOption(chosen) : null, found.map(incidentOption));
    picker.value = chosen?.id ?? '';
  };
  search.addEventListener('input', narrow);
  search.addEventListener('keydown', event => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (!found.length || !search.value.trim()) return;
    picker.value = found[0].id;
    pick();
  });
  const stepper = h('div', { class: 'stepper' });
  const view = h('div', { class: 'replay-view', 'aria-live': 'polite' });
  const byDay = h('input', { type: 'radio', name: 'replay-mode', id: 'replay-by-day', value: 'day', checked: true });
  const byEvent = h('input', { type: 'radio', name: 'replay-mode', id: 'replay-by-event', value: 'event' });
  const modes = h('fieldset', { class: 'modes' }, h('legend', {}, t('replay.mode')),
    h('label', { for: byDay.id }, byDay, ` ${t('replay.byDay')}`), h('label', { for: byEvent.id }, byEvent, ` ${t('replay.byEvent')}`));
  const timeline = timelineBox({ filters: true });
  main.append(h('h1', {}, t('analyst.title')),
    section('replay-title', t('replay.title'),
      finder, h('div', { class: 'field' }, h('label', { for: 'replay-incident' }, t('replay.incident')), picker), modes, stepper, view));
  const past = historySections();
  main.append(...past.sections,
    section('readiness-at-title', t('readinessAt.title'), readinessAt()),
    section('analyst-timeline-title', t('timeline.title'), timeline.box));

  // A step is a moment to replay at: the end of a day (WIB), or the moment one event of the incident was stored.
  let steps = [];
  let index = 0;
  let previous = null; // the replay shown last, and its step
  let previousIndex = -1;
  let stepping = 0;
  const prev = h('button', { type: 'button', onclick: () => go(index - 1) });
  const next = h('button', { type: 'button', onclick: () => go(index + 1) });
  const range = h('input', { type: 'range', min: 0, value: 0, oninput: e => go(Number(e.target.value)) });
  const label = h('strong', { class: 'day' });
  stepper.append(prev, range, next, label);
  const eventMode = () => byEvent.checked;

  async function pick() {
    const incident = incidents.find(i => i.id === picker.value);
    modes.hidden = stepper.hidden = !incident;
    if (!incident) {
      clear(view, missing ? h('p', { class: 'form-message failed', role: 'alert' }, t('incident.notFound')) : h('p', {}, t('replay.noIncidents')));
      const said = t(incidents.length ? 'history.pick' : 'history.noIncidents');
      past.empty(said);
      timeline.empty(said);
      return;
    }
    missing = false;
    picker.querySelector('option[value=""]')?.remove();
    await Promise.all([setSteps(), past.load(incident.id), timeline.load(incident.id)]);
  }

  async function setSteps() {
    const incident = incidents.find(i => i.id === picker.value);
    const mine = ++stepping;
    previous = null;
    previousIndex = -1;
    index = 0;
    prev.textContent = t(eventMode() ? 'replay.previousEvent' : 'replay.previous');
    next.textContent = t(eventMode() ? 'replay.nextEvent' : 'replay.next');
    range.setAttribute('aria-label', t(eventMode() ? 'replay.event' : 'replay.day'));
    if (eventMode()) {
      clear(view, h('p', { class: 'hint', role: 'status' }, t('history.loading')));
      try {
        const entries = await loadTimeline(incident.id);
        if (mine !== stepping) return;
        steps = entries.map(e => ({ at: e.at, entry: e }));
      } catch (error) {
        if (mine === stepping) clear(view, h('p', { class: 'form-message failed', role: 'alert' }, problemText(error)));
        return;
      }
    } else {
      // Days on the WIB calendar, from the day of impact to the close (or today).
      const first = Date.parse(new Date(incident.occurredAt).toLocaleDateString('en-CA', { timeZone: 'Asia/Pontianak' }));
      const last = Date.parse(new Date(incident.closedAt ?? Date.now()).toLocaleDateString('en-CA', { timeZone: 'Asia/Pontianak' }));
      steps = [];
      for (let d = first; d <= last; d += dayMs) {
        const day = new Date(d).toISOString().slice(0, 10);
        steps.push({ day, at: endOfDayWib(day) });
      }
    }
    range.max = String(Math.max(0, steps.length - 1));
    await go(0);
  }

  async function go(to) {
    if (!steps.length) { clear(view, h('p', {}, t('replay.noSteps'))); return; }
    const mine = ++stepping; // quick clicks: only the last step asked for is shown
    index = Math.max(0, Math.min(steps.length - 1, to));
    // Whichever way the steps were taken, "what changed" is against the step just before this one.
    if (previousIndex !== index - 1) previous = null;
    range.value = String(index);
    prev.disabled = index === 0;
    next.disabled = index === steps.length - 1;
    const step = steps[index];
    label.textContent = step.entry
      ? t('replay.eventOf', { n: number(index + 1), of: number(steps.length), event: eventName(step.entry.type), when: time(step.entry.at) })
      : t('replay.dayOf', { n: number(index + 1), of: number(steps.length), date: date(step.day) });
    const incident = incidents.find(i => i.id === picker.value);
    // On a slow connection the step's numbers take a while: until they come, the view says so and what it shows is dimmed
    // as the step before's, under a label that already names the new step.
    const waiting = setTimeout(() => {
      if (mine !== stepping) return;
      view.setAttribute('aria-busy', 'true');
      if (!view.querySelector(':scope > .loading')) view.prepend(h('p', { class: 'hint loading', role: 'status' }, t('history.loading')));
    }, 250);
    try { await replayStep(mine, step, incident); } finally {
      clearTimeout(waiting);
      if (mine === stepping) { view.removeAttribute('aria-busy'); view.querySelector(':scope > .loading')?.remove(); }
    }
  }

  async function replayStep(mine, step, incident) {
    if (!step.entry && step.at < new Date(incident.reportedAt).toISOString()) {
      clear(view, h('p', {}, t('replay.notYet')));
      previous = null;
      return;
    }
    try {
      const reported = new Date(incident.reportedAt).toISOString();
      const earlier = index > 0 && (steps[index - 1].entry || steps[index - 1].at >= reported) ? steps[index - 1] : null;
      const before = previous ?? (earlier ? await api(`/api/incidents/${picker.value}/replay?at=${encodeURIComponent(earlier.at)}`).catch(() => null) : null);
      const replay = await api(`/api/incidents/${picker.value}/replay?at=${encodeURIComponent(step.at)}`);
      if (mine !== stepping) return;
      render(replay, before, step.entry);
      previous = replay;
      previousIndex = index;
    } catch (error) {
      if (mine !== stepping) return;
      previous = null;
      clear(view, error instanceof ApiError && error.status === 404 ? h('p', {}, t('replay.notYet'))
        : h('p', { class: 'form-message failed', role: 'alert' }, problemText(error)));
    }
  }

  /** The step's event in a line: its name, stream, facts and who wrote it. */
  const eventLine = entry => {
    const actor = actorOf(entry);
    return h('p', { class: 'event' }, h('strong', {}, eventName(entry.type)),
      [enumText('stream', entry.stream), eventFacts(entry), actor && t('replay.by', { actor })].filter(Boolean).map(part => ` · ${part}`));
  };

  function render(replay, before, entry) {
    const byStatus = list => Object.entries(list.reduce((all, x) => ({ ...all, [x.status]: (all[x.status] ?? 0) + 1 }), {}));
    const changes = before ? changesBetween(before, replay) : [];
    clear(view,
      entry ? eventLine(entry) : null,
      h('p', {}, `${replay.incident.title} · ${districtName(replay.incident.district)} · `, status('phase', replay.incident.phase),
        ` · ${t('replay.version', { version: number(replay.version) })}`),
      h('div', { class: 'columns' },
        h('div', {},
          h('h3', {}, t('replay.requests', { count: number(replay.requests.length) })),
          h('ul', { class: 'plain' }, byStatus(replay.requests).map(([s, n]) => h('li', {}, status('request', s), ` ${number(n)}`))),
          h('h3', {}, t('replay.deployments', { count: number(replay.deployments.length) })),
          h('ul', { class: 'plain' }, byStatus(replay.deployments).map(([s, n]) => h('li', {}, status('deployment', s), ` ${number(n)}`))),
          h('h3', {}, t(entry ? 'replay.changesEvent' : 'replay.changes')),
          before ? (changes.length ? h('ul', {}, changes.map(c => h('li', {}, c))) : h('p', {}, t('replay.noChanges')))
            : h('p', {}, t(entry ? 'replay.firstEvent' : 'replay.firstDay'))),
        h('div', {}, coverageTable(replay.coverage, t('replay.coverageCaption')),
          h('p', {}, t('coverage.villages', { served: number(replay.coverage.villagesServed), affected: number(replay.coverage.villagesAffected) })))));
  }

  picker.addEventListener('change', pick);
  byDay.addEventListener('change', setSteps);
  byEvent.addEventListener('change', setSteps);
  await pick();
  return () => past.destroy();
}

const asked = r => `${number(r.count)} ${enumText('role', r.role)}`;

const incidentOption = i => h('option', { value: i.id }, `${i.title} · ${districtName(i.district)} (${date(i.occurredAt)})`);

/** Lower case without accents, so "sintang" finds "Sintang". */
const folded = text => (text ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** What the incident search looks through: the title, the district's name and code, the hazard, and the day of impact as written and as yyyy-mm-dd. */
const incidentText = i => folded([i.title, districtName(i.district), i.district, enumText('hazard', i.hazard), date(i.occurredAt),
  new Date(i.occurredAt).toLocaleDateString('en-CA', { timeZone: 'Asia/Pontianak' })].join(' '));

/**
 * What changed from one replayed moment to the next, in words: the phase, the people affected, each request and team that
 * appeared or changed status, people reached by group, villages served.
 */
function changesBetween(before, replay) {
  const changes = [];
  const arrow = (kind, from, to) => ({ from: enumText(kind, from), to: enumText(kind, to) });
  if (before.incident.phase !== replay.incident.phase) changes.push(t('replay.phaseChanged', arrow('phase', before.incident.phase, replay.incident.phase)));
  const affected = [before.incident.affected?.total, replay.incident.affected?.total];
  if (affected[0] !== affected[1]) changes.push(t('replay.affectedChanged', { from: number(affected[0]), to: number(affected[1]) }));
  const earlier = list => new Map(list.map(x => [x.id, x]));
  const requests = earlier(before.requests);
  for (const r of replay.requests) {
    const was = requests.get(r.id);
    const to = { district: districtName(r.district), asked: asked(r) };
    if (!was) changes.push(t('replay.requestNew', to));
    else if (was.status !== r.status) changes.push(t('replay.requestChanged', { ...to, ...arrow('request', was.status, r.status) }));
  }
  const teams = earlier(before.deployments);
  for (const d of replay.deployments) {
    const was = teams.get(d.id);
    if (!was) changes.push(t('replay.teamNew', { team: d.teamName, district: districtName(d.district) }));
    else if (was.status !== d.status) changes.push(t('replay.teamChanged', { team: d.teamName, ...arrow('deployment', was.status, d.status) }));
  }
  for (const g of groups) {
    const gained = (replay.coverage.reached[g] ?? 0) - (before.coverage.reached[g] ?? 0);
    if (gained) changes.push(counted('replay.reachedMore', gained, { group: t(`group.${g}`) }));
  }
  const served = [before.coverage.villagesServed, replay.coverage.villagesServed];
  if (served[0] !== served[1]) changes.push(t('replay.villagesServed', { from: number(served[0]), to: number(served[1]) }));
  return changes;
}

const cell = (classes, ...content) => h('td', { class: classes, dataset: { label: t(`readinessAt.${classes.split(' ')[0]}`) } }, content);

/** Every district's readiness as it was at the end of a chosen day (WIB), from the events up to then. */
function readinessAt() {
  const day = h('input', { type: 'date', id: 'readiness-at', name: 'at', value: todayWib(), max: todayWib(), required: true });
  const result = h('div', { 'aria-live': 'polite' });
  const error = h('span', { class: 'error', id: 'readiness-at-error', 'aria-live': 'polite' });
  day.setAttribute('aria-describedby', error.id);
  let asks = 0;
  const show = async event => {
    event?.preventDefault();
    // A day left empty or after today is said beside the field in the page's language, where the browser's own bubble
    // said it in the browser's ('Value must be 11/30/2026 or earlier.') and the field was not marked.
    error.textContent = '';
    day.removeAttribute('aria-invalid');
    if (!day.checkValidity()) {
      day.setAttribute('aria-invalid', 'true');
      error.textContent = validityText(day);
      day.focus();
      return;
    }
    const mine = ++asks;
    clear(result, h('p', { class: 'hint', role: 'status' }, t('history.loading')));
    try {
      const at = endOfDayWib(day.value);
      const rows = await api(`/api/readiness?at=${encodeURIComponent(at)}`);
      if (mine !== asks) return;
      clear(result, rows.length ? h('div', { class: 'scroll' }, h('table', { class: 'readiness-at stacked' },
        h('caption', {}, t('readinessAt.caption', { date: date(day.value) })),
        h('thead', {}, h('tr', {}, ['district', 'level', 'available', 'deployed', 'certified', 'lastDrill', 'openRequests', 'median', 'reasons']
          .map(k => h('th', { scope: 'col' }, t(`readinessAt.${k}`))))),
        // Each cell carries its column's name: on a phone every district is a card of labelled lines, its reasons below.
        h('tbody', {}, rows.map(r => h('tr', { dataset: { district: r.district } },
          h('th', { scope: 'row' }, r.name),
          cell('level', status('level', r.level)),
          cell('available', number(r.availableResponders)),
          cell('deployed', number(r.deployed)),
          cell('certified', r.personnel.total ? percent(r.certifiedCurrent / r.personnel.total) : '–'),
          cell('lastDrill', date(r.lastDrillOn)),
          cell('openRequests', number(r.openRequests)),
          cell('median', duration(r.medianResponseMinutes)),
          cell('reasons full', r.reasons.length ? h('ul', {}, r.reasons.map(x => h('li', {}, x))) : t('readiness.noReasons'))))))) : h('p', {}, t('readinessAt.none')));
    } catch (error) {
      if (mine === asks) clear(result, h('p', { class: 'form-message failed', role: 'alert' }, problemText(error)));
    }
  };
  const form = h('form', { class: 'stepper', onsubmit: show, novalidate: true },
    h('label', { for: day.id }, t('readinessAt.date')), day, writtenOut(day), h('button', { type: 'submit' }, t('readinessAt.show')), error);
  show();
  return [form, result];
}
