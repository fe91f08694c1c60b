// Analyst: an incident replayed day by day — its state, requests, deployments and coverage as they were that day,
// and what changed since the step before.
import { ApiError, api, clear, date, districtName, enumText, h, number, t } from './core.js';
import { historySections } from './history.js';
import { coverageTable, groups, section, status } from './shared.js';

const dayMs = 86_400_000;

export async function show(main, { arg }) {
  const incidents = await api('/api/incidents?limit=200');
  const picker = h('select', { id: 'replay-incident' }, incidents.map(i => h('option', { value: i.id, selected: i.id === arg }, `${i.title} (${date(i.occurredAt)})`)));
  if (arg && incidents.some(i => i.id === arg)) picker.value = arg;
  const stepper = h('div', { class: 'stepper' });
  const view = h('div', { 'aria-live': 'polite' });
  main.append(h('h1', {}, t('analyst.title')),
    section('replay-title', t('replay.title'),
      h('div', { class: 'field' }, h('label', { for: 'replay-incident' }, t('replay.incident')), picker), stepper, view));
  const past = historySections();
  main.append(...past.sections);

  let days = [];
  let index = 0;
  let previous = null;
  const prev = h('button', { type: 'button', onclick: () => go(index - 1) }, t('replay.previous'));
  const next = h('button', { type: 'button', onclick: () => go(index + 1) }, t('replay.next'));
  const range = h('input', { type: 'range', min: 0, value: 0, 'aria-label': t('replay.day'), oninput: e => go(Number(e.target.value)) });
  const label = h('strong', { class: 'day' });
  stepper.append(prev, range, next, label);

  async function pick() {
    const incident = incidents.find(i => i.id === picker.value);
    if (!incident) return;
    // Days on the WIB calendar, from the day of impact to the close (or today).
    const first = Date.parse(new Date(incident.occurredAt).toLocaleDateString('en-CA', { timeZone: 'Asia/Pontianak' }));
    const last = Date.parse(new Date(incident.closedAt ?? Date.now()).toLocaleDateString('en-CA', { timeZone: 'Asia/Pontianak' }));
    days = [];
    for (let d = first; d <= last; d += dayMs) days.push(new Date(d).toISOString().slice(0, 10));
    range.max = String(days.length - 1);
    previous = null;
    await Promise.all([go(0), past.load(incident.id)]);
  }

  let stepping = 0;
  async function go(to) {
    if (!days.length) return;
    const mine = ++stepping; // quick clicks: only the last step asked for is shown
    index = Math.max(0, Math.min(days.length - 1, to));
    range.value = String(index);
    prev.disabled = index === 0;
    next.disabled = index === days.length - 1;
    const day = days[index];
    label.textContent = t('replay.dayOf', { n: number(index + 1), of: number(days.length), date: date(day) });
    const at = new Date(`${day}T23:59:59+07:00`).toISOString();
    const incident = incidents.find(i => i.id === picker.value);
    if (at < new Date(incident.reportedAt).toISOString()) {
      clear(view, h('p', {}, t('replay.notYet')));
      previous = null;
      return;
    }
    try {
      const replay = await api(`/api/incidents/${picker.value}/replay?at=${encodeURIComponent(at)}`);
      if (mine !== stepping) return;
      render(replay, previous);
      previous = replay;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      clear(view, h('p', {}, t('replay.notYet')));
      previous = null;
    }
  }

  function render(replay, before) {
    const byStatus = list => Object.entries(list.reduce((all, x) => ({ ...all, [x.status]: (all[x.status] ?? 0) + 1 }), {}));
    const changes = [];
    if (before) {
      if (before.incident.phase !== replay.incident.phase)
        changes.push(t('replay.phaseChanged', { from: enumText('phase', before.incident.phase), to: enumText('phase', replay.incident.phase) }));
      const newRequests = replay.requests.length - before.requests.length;
      if (newRequests) changes.push(t('replay.newRequests', { count: number(newRequests) }));
      const newTeams = replay.deployments.length - before.deployments.length;
      if (newTeams) changes.push(t('replay.newTeams', { count: number(newTeams) }));
      for (const g of groups) {
        const gained = (replay.coverage.reached[g] ?? 0) - (before.coverage.reached[g] ?? 0);
        if (gained) changes.push(t('replay.reachedMore', { group: t(`group.${g}`), count: number(gained) }));
      }
    }
    clear(view,
      h('p', {}, `${replay.incident.title} · ${districtName(replay.incident.district)} · `, status('phase', replay.incident.phase),
        ` · ${t('replay.version', { version: number(replay.version) })}`),
      h('div', { class: 'columns' },
        h('div', {},
          h('h3', {}, t('replay.requests', { count: number(replay.requests.length) })),
          h('ul', { class: 'plain' }, byStatus(replay.requests).map(([s, n]) => h('li', {}, status('request', s), ` ${number(n)}`))),
          h('h3', {}, t('replay.deployments', { count: number(replay.deployments.length) })),
          h('ul', { class: 'plain' }, byStatus(replay.deployments).map(([s, n]) => h('li', {}, status('deployment', s), ` ${number(n)}`))),
          h('h3', {}, t('replay.changes')),
          before ? (changes.length ? h('ul', {}, changes.map(c => h('li', {}, c))) : h('p', {}, t('replay.noChanges'))) : h('p', {}, t('replay.firstDay'))),
        h('div', {}, coverageTable(replay.coverage, t('replay.coverageCaption')),
          h('p', {}, t('coverage.villages', { served: number(replay.coverage.villagesServed), affected: number(replay.coverage.villagesAffected) })))));
  }

  picker.addEventListener('change', pick);
  await pick();
  return () => past.destroy();
}
