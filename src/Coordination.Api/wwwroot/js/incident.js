// One incident for the coordinator: coverage per group (chart with its table), gaps, teams, requests (with Cancel),
// its phase, a new assessment and the emergency status (also for the incident's own district), a new request, closing
// the incident, and its timeline.
import { api, clear, counted, date, districtName, districts, enumText, h, number, oneAtATime, percent, problemText, t, time, toast, todayWib, wibToIso } from './core.js';
import { field, input, markFields, rebuilder, redraw, select, submitting } from './forms.js';
import { timelineBox } from './timeline.js';
import { awaitView, certified, coverageTable, districtSelect, groups, liveMark, noticeSaid, people, peopleFields, readAll, redrawnWhenChanged, roles, section, skills, status } from './shared.js';
import { listen } from './stream.js';

let chartLoading;
/** Chart.js is loaded only by the pages that draw charts, so the first page stays small. */
export function loadChart() {
  chartLoading ??= new Promise((resolve, reject) => {
    const script = h('script', { src: '/lib/chart.js/4.6.1/chart.umd.min.js' });
    script.addEventListener('load', () => resolve(window.Chart));
    script.addEventListener('error', reject);
    document.head.append(script);
  });
  return chartLoading;
}

export async function coverageChart(canvas, coverage, previous) {
  const Chart = await loadChart();
  previous?.destroy();
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: groups.map(g => t(`group.${g}`)),
      datasets: [
        { label: t('coverage.affected'), data: groups.map(g => coverage.affected[g]), backgroundColor: '#c9d6df' },
        { label: t('coverage.reached'), data: groups.map(g => coverage.reached[g]), backgroundColor: '#0b5d7a' }
      ]
    },
    options: {
      indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { beginAtZero: true, ticks: { callback: v => number(v) } } },
      plugins: { tooltip: { callbacks: { label: c => `${c.dataset.label}: ${number(c.raw)}` } } }
    }
  });
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An address naming no incident: only that, and the way back. */
const notFound = (main, who) => clear(main, h('h1', {}, t('incident.title')),
  h('p', { class: 'form-message failed', role: 'alert' }, t('incident.notFound')),
  who.role === 'district' ? h('p', {}, h('a', { href: '#/district' }, t('incident.backDistrict')))
    : h('p', {}, h('a', { href: '#/coordinator' }, t('incident.backCoordinator'))));

export async function show(main, { arg: id, who }) {
  if (!guid.test(id ?? '')) { notFound(main, who); return undefined; }
  const head = h('div');
  const chartBox = h('div', { class: 'chart' }, h('canvas', { role: 'img', 'aria-label': t('coverage.chartLabel') }));
  const tableBox = h('div');
  const gaps = h('div');
  const teams = h('div');
  const requests = h('div');
  const [live, liveState] = liveMark();
  const closing = h('div');
  const phasing = h('div');
  const assessing = h('div');
  const declaring = h('div');
  const timeline = timelineBox();
  const coordinating = who.role === 'coordinator' || who.role === 'admin';
  let chart;
  clear(head, h('p', { class: 'hint', role: 'status' }, t('history.loading')));
  main.append(head,
    section('coverage-title', t('coverage.title'), h('div', { class: 'chart-and-table' }, chartBox, tableBox), gaps),
    h('div', { class: 'columns' },
      section('requests-title', t('requests.title'), live, requests),
      section('teams-title', t('teams.title'), teams)));
  // The coordinator, and the officer of the incident's own district, move it on: shown once the incident says whose it is.
  const managing = h('div', { hidden: true },
    h('div', { class: 'columns' },
      section('phase-title', t('phaseForm.title'), phasing),
      section('emergency-title', t('emergency.title'), declaring)),
    section('assess-title', t('assess.title'), assessing));
  main.append(managing);
  const asking = coordinating ? section('request-title', t('request.title'), await requestForm(id, () => load())) : null;
  if (asking) main.append(asking);
  if (coordinating) main.append(section('close-title', t('close.title'), closing));
  main.append(section('timeline-title', t('timeline.title'), timeline.box));

  let missing = false;
  const leaving = new AbortController();
  // The figures of the incident's last assessment, and the wait for the coverage view to hold them.
  let assessed;
  let catchingUp = null;
  // The version of the incident the page shows, sent as If-Match: a change someone else made since is a 412, never overwritten.
  let version = 0;
  // The form whose command met someone else's change: it says so again once the page shows the incident as it now is.
  let changedIn = null;
  const changedBy = (box, text, heading) => () => { changedIn = [box, text, heading]; changedNotice(box, text, heading); load(); };
  // A request's row is drawn again with each load: its notice finds the row as it then is.
  const requestChanged = rid => changedBy(() => requests.querySelector(`tr[data-request="${CSS.escape(rid)}"]`), 'cancel.changed', 'request.changed');
  const changed = changedBy(closing, 'close.changed');
  const offer = rebuilder();
  // A refresh draws the page again only when something it shows changed: unchanged, the timeline is not read again and
  // nothing moves under the reader's eyes.
  const drawn = redrawnWhenChanged();
  const load = oneAtATime(async () => {
    const changedSince = drawn.begin();
    let incident, coverage, list, deployments;
    try {
      [incident, coverage, list, deployments] = await Promise.all([
        api(`/api/incidents/${id}`), api(`/api/incidents/${id}/coverage`),
        readAll(`/api/requests?incidentId=${id}`), readAll(`/api/deployments?incidentId=${id}`)]);
    } catch (error) {
      if (error.status === 404) { missing = true; notFound(main, who); return; }
      clear(head, h('h1', {}, t('incident.title')), h('p', { class: 'form-message failed', role: 'alert' }, problemText(error)));
      return;
    }
    if (!changedSince([incident, coverage, list, deployments])) return;
    version = Math.max(version, incident.version);
    clear(head, h('h1', {}, incident.title),
      h('p', {}, `${districtName(incident.district)} · ${enumText('hazard', incident.hazard)} · `, status('phase', incident.phase),
        ` · ${t('incident.occurred', { when: time(incident.occurredAt) })}`),
      incident.emergency ? h('p', {}, t('incidents.decree', { decree: incident.emergency.decree, until: date(incident.emergency.validUntil) })) : null,
      // whoever has no close form (a district officer, an analyst) reads when and why it was closed here
      !coordinating && incident.phase === 'closed'
        ? h('p', { class: 'closed-note' }, t('close.closed', { when: time(incident.closedAt) }), incident.summary ? ` ${incident.summary}` : '') : null,
      h('p', { class: 'hint' }, t('incident.villages', { villages: incident.villages.join(', ') })));
    clear(tableBox, coverageTable(coverage, t('coverage.caption')),
      h('p', {}, t('coverage.villages', { served: number(coverage.villagesServed), affected: number(coverage.villagesAffected) })),
      h('p', {}, t('coverage.onSite', { people: number(coverage.personnelOnSite), contacts: number(coverage.contacts) })));
    clear(gaps, h('h3', {}, t('coverage.gaps')),
      coverage.gaps.length ? h('ul', {}, coverage.gaps.map(g => h('li', {}, g))) : h('p', {}, t('coverage.noGaps')));
    clear(teams, deployments.length ? h('ul', { class: 'plain' }, deployments.map(d => h('li', {},
      h('strong', {}, d.teamName), ` · ${districtName(d.district)} · ${d.village} · `, status('deployment', d.status),
      ` · ${counted('teams.members', d.members.length)}`))) : h('p', {}, t('teams.none')));
    // A live update draws the requests again: a reason being typed for Batalkan stays, with the focus in it.
    redraw(requests, requestTable(list, coordinating ? { reload: load, changed: requestChanged } : null));
    if (asking) asking.hidden = incident.phase === 'closed'; // a closed incident takes no new requests
    if (coordinating)
      offer(closing, [incident.phase, incident.activeDeployments, list.map(r => [r.id, r.status])], () => closeForm(incident, list, load, () => version, changed));
    managing.hidden = !(coordinating || (who.role === 'district' && who.district === incident.district)) || incident.phase === 'closed';
    if (!managing.hidden) {
      const now = () => version;
      offer(phasing, [incident.phase], () => phaseForm(incident, load, now, changedBy(phasing, 'phaseForm.changed')));
      offer(assessing, [incident.villages, incident.affected], () => assessForm(incident, load, now, changedBy(assessing, 'assess.changed')));
      offer(declaring, [incident.emergency], () => emergencyForm(incident, load, now, changedBy(declaring, 'emergency.changed')));
    }
    if (changedIn) { changedNotice(...changedIn); changedIn = null; }
    timeline.load(id);
    // The coverage view follows the incident within a second or two: until it holds the figures of the last assessment, it
    // is read again, and the page drawn once it does.
    assessed = incident.affected;
    const holds = c => groups.every(g => c.affected[g] === assessed[g]);
    if (!holds(coverage) && !catchingUp)
      catchingUp = awaitView(() => api(`/api/incidents/${id}/coverage`), holds, { every: 1000, signal: leaving.signal, answer: coverage })
        .then(c => { if (holds(c) && !leaving.signal.aborted) load(); }, () => {})
        .finally(() => { catchingUp = null; });
    chart = await coverageChart(chartBox.querySelector('canvas'), coverage, chart);
  });
  await load();
  if (missing) return undefined;
  const stop = listen({
    onNotice: notice => { if (notice.incidentId === id) { toast(noticeSaid(notice)); load(); } },
    onReconnected: load,
    onRefresh: drawn.refresh(load),
    onState: liveState
  });
  return () => { leaving.abort(); stop(); chart?.destroy(); };
}

const cancellable = ['open', 'accepted', 'partially-accepted'];

/**
 * Requests with status and age; with actions ({reload, changed(requestId)}), each request still open for change gets a
 * Cancel with its reason, sent with If-Match: the request's version as the page shows it.
 */
export function requestTable(list, actions) {
  if (!list.length) return h('p', {}, t('requests.none'));
  const now = Date.now();
  const columns = ['district', 'asked', 'status', 'neededBy', 'age', ...(actions ? ['action'] : [])];
  // Each cell carries its column's name: on a phone every request is a card of labelled lines, Batalkan below.
  const cell = (column, attrs, ...content) => h('td', { ...attrs, dataset: { label: t(`requests.${column}`) } }, h('span', {}, content));
  return h('div', { class: 'scroll' }, h('table', { class: 'list requests stacked' },
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col' }, t(`requests.${c}`))))),
    h('tbody', {}, list.map(r => {
      const waiting = cancellable.includes(r.status);
      const overdue = r.neededBy && new Date(r.neededBy) < now && waiting;
      // The version it was drawn at, which Batalkan sends: a row kept by a live update is one whose request has not changed.
      return h('tr', { dataset: { request: r.id, version: r.version } },
        h('th', { scope: 'row' }, districtName(r.district)),
        cell('asked', {}, `${number(r.count)} ${enumText('role', r.role)}`, r.accepted != null ? ` (${t('requests.acceptedCount', { count: number(r.accepted) })})` : ''),
        cell('status', {}, status('request', r.status), r.reason ? ` ${r.closedWithIncident ? t('request.closedWithIncident', { reason: r.reason }) : r.reason}` : ''),
        cell('neededBy', { class: overdue ? 'overdue' : null }, r.neededBy ? time(r.neededBy) : t('requests.noDeadline'), overdue ? ` ${t('requests.overdue')}` : ''),
        // A request that is done (fulfilled, declined, cancelled) stops ageing: its cell says how long it lived.
        cell('age', {}, waiting ? age(now - new Date(r.issuedAt))
          : t('requests.closedAfter', { age: age(new Date(r.updatedAt) - new Date(r.issuedAt)) })),
        actions ? h('td', { class: 'full' }, waiting ? cancelForm(r, actions) : null) : null);
    }))));
}

/** How long a request has waited: hours for two days, then days ("9 hari", where it read "229 jam"). */
export function age(ms) {
  const hours = Math.max(0, Math.floor(ms / 3_600_000));
  return hours < 48 ? counted('requests.hours', hours) : counted('requests.days', Math.floor(hours / 24));
}

function cancelForm(r, { reload, changed }) {
  const form = h('form', { class: 'cancel' },
    field('reason', t('cancel.reason'), input({ required: true, maxlength: 1000 })));
  return h('details', {}, h('summary', {}, t('cancel.open')), submitting(form, {
    submitText: t('cancel.submit'), draft: `cancel-request:${r.id}`,
    build: values => ({ path: `/api/requests/${r.id}/cancel`, body: { reason: values.reason }, idempotent: true, ifMatch: r.version }),
    done: async () => { toast(t('cancel.done')); await reload(); },
    failed: error => { if (error.status === 412) changed(r.id)(); }
  }));
}

/**
 * Someone else changed the incident (or the request) since the page showed it (a 412): said in the form's message, what
 * was typed kept, the page reloaded with the version it now shows, so that the next press sends knowingly. The form drawn
 * again takes the focus where the pressed button had it, so that the keyboard goes on from there.
 */
function changedNotice(where, text, heading = 'incident.changed') {
  const box = typeof where === 'function' ? where() : where;
  if (!box) return;
  const message = box.querySelector('.form-message');
  if (!message) {
    // Nothing left to send from here (a request answered or cancelled meanwhile): only what happened, in the row.
    const notice = h('p', { class: 'form-message failed', role: 'alert' }, t(heading));
    if (box.tagName === 'TR') box.lastElementChild?.append(notice); else box.prepend(notice);
    return;
  }
  message.className = 'form-message failed';
  message.textContent = `${t(heading)} ${t(text)}`;
  const folded = box.querySelector('details');
  if (folded) folded.open = true;
  if (!document.activeElement || document.activeElement === document.body)
    box.querySelector('form button[type=submit]:not([hidden])')?.focus();
}

const phases = ['alert', 'response', 'recovery'];
const wide = box => { box.classList.add('wide'); return box; };

/** The next phase: only those after the current one (closing is its own form); a phase never goes back. */
function phaseForm(incident, reload, version, changed) {
  const next = phases.slice(phases.indexOf(incident.phase) + 1);
  const now = h('p', { class: 'current' }, t('phaseForm.now'), ' ', status('phase', incident.phase));
  if (!next.length) return h('div', {}, now, h('p', { class: 'hint' }, t('phaseForm.last')));
  const form = h('form', { class: 'grid-form' }, now,
    wide(field('phase', t('phaseForm.next'), select(next.map(p => [p, enumText('phase', p)]), { required: true }))),
    h('p', { class: 'hint' }, t('phaseForm.forward')));
  return submitting(form, {
    submitText: t('phaseForm.submit'), draft: 'change-phase',
    build: values => ({ path: `/api/incidents/${incident.id}/phase`, body: { phase: values.phase }, idempotent: true, ifMatch: version() }),
    done: async () => { toast(t('phaseForm.done')); await reload(); },
    failed: error => { if (error.status === 412) changed(); }
  });
}

/** A new rapid assessment (kaji cepat): starts from the villages and figures the incident now holds; the new ones replace them. */
function assessForm(incident, reload, version, changed) {
  const figures = peopleFields('affected', t('assess.affected'));
  for (const g of groups) figures.querySelector(`[name="affected.${g}"]`).value = incident.affected[g];
  const form = h('form', { class: 'grid-form' },
    h('p', { class: 'hint' }, t('assess.replace')),
    wide(field('villages', t('report.villages'), h('textarea', { rows: 3, required: true, placeholder: t('report.villagesHint') }, incident.villages.join('\n')))),
    figures);
  return submitting(form, {
    submitText: t('assess.submit'), draft: 'assess-incident',
    build: values => ({
      path: `/api/incidents/${incident.id}/assessments`, idempotent: true, ifMatch: version(),
      body: { villages: values.villages.split(/[\n,;]/).map(v => v.trim()).filter(Boolean), affected: people(values, 'affected') }
    }),
    done: async () => { toast(t('assess.done')); await reload(); },
    failed: error => { if (error.status === 412) changed(); }
  });
}

const dayAfter = day => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
// The state refusals that concern the date: said beside it, as a field's error is.
const aboutValidUntil = ['emergency-extension-too-short', 'emergency-before-incident'];

/** The emergency status decree (SK): the current one and its end, then a new decree declaring it or extending it past that end. */
function emergencyForm(incident, reload, version, changed) {
  const current = incident.emergency;
  const until = input({ type: 'date', required: true, ...(current ? { min: dayAfter(current.validUntil) } : {}) });
  const form = h('form', { class: 'grid-form' },
    h('p', { class: 'current' }, current ? t('incidents.decree', { decree: current.decree, until: date(current.validUntil) }) : t('emergency.none')),
    field('decree', t('emergency.decree'), input({ required: true, maxlength: 100, placeholder: t('emergency.decreeHint') })),
    field('validUntil', t(current ? 'emergency.extendUntil' : 'emergency.validUntil'), until),
    current ? h('p', { class: 'hint' }, t('emergency.later', { until: date(current.validUntil) })) : null);
  return submitting(form, {
    submitText: t(current ? 'emergency.extend' : 'emergency.declare'), draft: 'emergency-status',
    build: values => ({
      path: `/api/incidents/${incident.id}/emergency-status`, idempotent: true, ifMatch: version(),
      body: { decree: values.decree, validUntil: values.validUntil }
    }),
    done: async () => { toast(t(current ? 'emergency.extended' : 'emergency.declared')); await reload(); },
    failed: (error, f) => {
      if (error.status === 412) changed();
      else if (aboutValidUntil.includes(error.problem?.code)) markFields(f, { validUntil: [error.problem.detail] });
    }
  });
}

/** Close: what is still out (teams that must stand down first) and what closing cancels, then the summary and the button. */
function closeForm(incident, requests, reload, version, changed) {
  if (incident.phase === 'closed')
    return h('p', {}, t('close.closed', { when: time(incident.closedAt) }), incident.summary ? ` ${incident.summary}` : '');
  const teams = incident.activeDeployments ?? [];
  const open = requests.filter(r => cancellable.includes(r.status));
  const form = h('form', { class: 'grid-form' },
    h('div', { class: 'hint' },
      h('h3', {}, t('close.teams', { count: number(teams.length) })),
      teams.length ? h('ul', { class: 'still-out' }, teams.map(d => h('li', { dataset: { deployment: d.id } }, `${d.teamName} · ${districtName(d.district)}`)))
        : h('p', {}, t('close.noTeams')),
      h('h3', {}, t('close.requests', { count: number(open.length) })),
      open.length ? h('ul', {}, open.map(r => h('li', {}, `${districtName(r.district)}: ${number(r.count)} ${enumText('role', r.role)} · ${enumText('request', r.status)}`)))
        : h('p', {}, t('close.noRequests'))),
    field('summary', t('close.summary'), h('textarea', { rows: 3, required: true, maxlength: 4000 })));
  return submitting(form, {
    submitText: t('close.submit'), draft: 'close-incident',
    build: values => ({ path: `/api/incidents/${incident.id}/close`, body: { summary: values.summary }, idempotent: true, ifMatch: version() }),
    done: async () => { toast(t('close.done')); await reload(); },
    failed: error => { if (error.status === 412) changed(); }
  });
}

/**
 * Which districts have available people with the role and every skill chosen, and how many of them hold a current
 * training: the rosters of all 14 districts are read once per form, then filtered as the choice changes.
 */
function candidates(form, out) {
  let rosters;
  let asks = 0;
  return async () => {
    const mine = ++asks;
    const role = form.querySelector('[name=role]').value;
    const wanted = [...form.querySelectorAll('input[name=skill]:checked')].map(c => c.value);
    const count = Number(form.querySelector('[name=count]').value) || 1;
    if (!rosters) clear(out, h('span', { role: 'status' }, t('history.loading')));
    try {
      rosters ??= Promise.all((await districts()).map(async d => [d, await readAll(`/api/districts/${d.code}/personnel?status=available`)]));
      const today = todayWib();
      const found = (await rosters).map(([d, people]) => {
        const able = people.filter(p => p.role === role && wanted.every(x => p.skills.includes(x)));
        return { name: d.name, able: able.length, certified: able.filter(p => certified(p, today)).length };
      }).filter(x => x.able > 0).sort((a, b) => b.certified - a.certified || b.able - a.able);
      if (mine !== asks) return;
      clear(out, found.length
        ? t('request.candidates', {
          districts: found.slice(0, 6).map(x => t('request.candidate', { name: x.name, able: number(x.able), certified: number(x.certified) })).join(', ')
        }) + (found.some(x => x.certified >= count) ? '' : ` ${counted('request.notEnough', count)}`)
        : t('request.noCandidates'));
    } catch (error) {
      rosters = undefined;
      if (mine === asks) clear(out, h('span', { class: 'form-message failed' }, problemText(error)));
    }
  };
}

async function requestForm(incidentId, reload) {
  const [readiness, incident] = await Promise.all([api('/api/readiness'), api(`/api/incidents/${incidentId}`).catch(() => null)]);
  const hint = h('p', { class: 'hint', 'aria-live': 'polite' });
  const districtInput = await districtSelect();
  // the incident's own district is asked first; a kept draft chooses its own
  if (incident) districtInput.value = incident.district;
  // the same figures as the district's readiness tile: counselors and TAGANA available, the share certified
  const showHint = () => {
    const row = readiness.find(r => r.district === districtInput.value);
    hint.textContent = row ? t('request.readiness', {
      available: number(row.availableResponders),
      certified: row.personnel.total ? percent(row.certifiedCurrent / row.personnel.total) : '–',
      level: t(`level.${row.level}`)
    }) : '';
  };
  districtInput.addEventListener('change', showHint);
  showHint();
  const matches = h('p', { class: 'hint matches', 'aria-live': 'polite' });
  const form = h('form', { class: 'grid-form' },
    field('district', t('request.district'), districtInput), hint,
    field('role', t('request.role'), select(roles.map(r => [r, enumText('role', r)]))),
    field('count', t('request.count'), input({ type: 'number', min: 1, max: 1000, value: 2, required: true })),
    field('priority', t('request.priority'), select(['high', 'medium', 'low'].map(p => [p, enumText('priority', p)]))),
    field('neededBy', t('request.neededBy'), input({ type: 'datetime-local' })),
    h('fieldset', { class: 'skills' }, h('legend', {}, t('request.skills')),
      skills.map(s => h('label', {}, h('input', { type: 'checkbox', name: 'skill', value: s }), ' ', enumText('skill', s))),
      h('span', { class: 'error', dataset: { errorFor: 'skills' } })),
    matches);
  const showMatches = candidates(form, matches);
  form.addEventListener('change', event => { if (event.target.name !== 'district') showMatches(); });
  showMatches();
  return submitting(form, {
    submitText: t('request.submit'), draft: 'issue-request',
    build: (values, attempt, f) => ({
      path: '/api/requests',
      body: {
        id: attempt.id, incidentId, district: values.district, role: values.role, count: Number(values.count),
        priority: values.priority, neededBy: wibToIso(values.neededBy),
        skills: [...f.querySelectorAll('input[name=skill]:checked')].map(c => c.value)
      }
    }),
    done: async () => { toast(t('request.done')); await reload(); }
  });
}
