// District officer: the live inbox of requests with Accept and Decline in place, my readiness as a to-do list,
// deploying a team (a refusal shown next to each refused person), Arrive and Stand down, the daily service record,
// and the roster: add a person, record a training, set availability.
import { ApiError, api, clear, counted, date, districtName, enumText, h, number, oneAtATime, problemText, t, time, toast, todayWib } from './core.js';
import { commandButton, drawWhenSettled, field, input, markFields, rebuilder, redraw, reporting, select, submitting } from './forms.js';
import { awaitView, byName, certified, confirming, inPages, lapsed, liveMark, people, peopleFields, readAll, roles, section, services, skills, status } from './shared.js';
import { listen } from './stream.js';

export async function show(main, { who }) {
  const code = who.district;
  const inbox = h('div', { class: 'inbox', 'aria-live': 'polite' });
  const readiness = h('div');
  const drill = h('div');
  const deployments = h('div');
  const deploy = h('div');
  const record = h('div');
  const roster = h('div', { 'aria-live': 'polite' }, h('p', { class: 'hint', role: 'status' }, t('history.loading')));
  const [live, liveState] = liveMark();
  const seen = new Set();
  const arrived = new Set();
  const incidents = new Map();
  const leaving = new AbortController();
  let first = true;
  main.append(h('h1', {}, t('district.title', { name: districtName(code) }), ' ', live),
    section('inbox-title', t('inbox.title'), inbox),
    section('deployments-title', t('deployments.title'), deployments),
    section('record-title', t('record.title'), record),
    section('deploy-title', t('deploy.title'), deploy),
    section('my-readiness-title', t('district.readiness'), readiness, drill),
    section('roster-title', t('roster.title'), roster));

  // Each card names its incident: the open incidents in one call, one not among them (closed) by itself, each read once.
  async function readIncidents(list) {
    const unknown = () => [...new Set(list.map(r => r.incidentId))].filter(id => !incidents.has(id));
    if (!unknown().length) return;
    for (const incident of await readAll('/api/incidents?status=open')) incidents.set(incident.id, incident);
    await Promise.all(unknown().map(async id => incidents.set(id, await api(`/api/incidents/${id}`).catch(() => null))));
  }
  async function loadInbox() {
    // Every request still waiting for an answer or for its team, however many came after it, and the newest 100 of the
    // rest; those waiting for an answer first, then the newest.
    const lists = await Promise.all([...['open', 'accepted', 'partially-accepted'].map(s => readAll(`/api/requests?district=${code}&status=${s}`)),
      api(`/api/requests?district=${code}&limit=100`)]);
    const list = [...new Map(lists.flat().map(r => [r.id, r])).values()]
      .sort((a, b) => (b.answerable - a.answerable) || b.issuedAt.localeCompare(a.issuedAt));
    await readIncidents(list);
    // A live update redraws the cards: whoever was on one stays on it, and what they typed in it (a count, a reason) stays.
    redraw(inbox, list.length ? list.map(r => {
      // A request that came in while the page was open stays marked as new until it is answered: the district's own
      // changes draw the inbox again every few seconds, and an officer away from the screen still finds it marked.
      if (!first && !seen.has(r.id)) arrived.add(r.id);
      seen.add(r.id);
      const fresh = arrived.has(r.id) && r.answerable;
      return requestCard(r, incidents.get(r.incidentId), fresh, reloadAll);
    }) : h('p', {}, t('inbox.none')));
    first = false;
    return list;
  }
  let formsFor = '';
  let followRecord = async () => {};
  const rebuild = rebuilder();
  const reloadAll = oneAtATime(async () => {
    // Every team still out, however many were sent after it, and the newest 100 of the rest.
    const teams = () => Promise.all([...['deployed', 'on-site'].map(s => readAll(`/api/deployments?district=${code}&status=${s}`)),
      api(`/api/deployments?district=${code}&limit=100`)])
      .then(lists => [...new Map(lists.flat().map(d => [d.id, d])).values()]);
    const [list, mine, read, people] = await Promise.all([
      loadInbox(), teams(), api(`/api/districts/${code}/readiness`), loadRoster()]);
    // Readiness is worked out from the events a moment after a change to the roster (a person added, a training, availability):
    // until it counts the roster just read, it is read again, so the to-do says what was just saved without a reload.
    const row = await awaitView(() => api(`/api/districts/${code}/readiness`), r => !people || countsRoster(r, people),
      { every: 500, signal: leaving.signal, answer: read });
    if (leaving.signal.aborted) return;
    const active = mine.filter(d => d.status !== 'stood-down').sort((a, b) => b.deployedAt.localeCompare(a.deployedAt));
    // A live update keeps an opened stand-down question open, with the focus where it was.
    redraw(deployments, active.length ? h('ul', { class: 'cards' }, active.map(d => deploymentCard(d, reloadAll))) : h('p', {}, t('deployments.none')));
    clear(readiness, readinessTodo(row, people));
    // Rebuilt only when the people it offers changed, so a live update keeps what is being typed.
    if (people) rebuild(drill, people.map(p => [p.id, p.name, p.role]), () => drillForm(code, people, reloadAll, leaving.signal));
    // The forms are rebuilt only when what they offer changed, so a live update never wipes what is being typed.
    // No team goes to a closed incident, though its close may not yet have cancelled the request.
    const staffable = list.filter(r => r.staffable && incidents.get(r.incidentId)?.phase !== 'closed');
    const onSite = active.filter(d => d.status === 'on-site');
    // Who can be sent is part of what the team form offers: a person sent with another team meanwhile is no longer offered.
    const today = todayWib();
    const offer = JSON.stringify([staffable.map(r => [r.id, r.deployed]), onSite.map(d => d.id),
      people?.map(p => [p.id, p.name, p.status, p.role, p.skills, certified(p, today)])]);
    if (offer === formsFor) return followRecord();
    formsFor = offer;
    // A form with its command on its way is drawn anew once it is answered, the answer said in the form drawn.
    await drawWhenSettled(deploy, () => deployForm(code, staffable, people, reloadAll, new Set(mine.map(d => d.id))));
    await drawWhenSettled(record, () => recordForm(onSite, reloadAll, leaving.signal, f => { followRecord = f; }));
  });
  // The roster is rebuilt only when it changed, so a live update never closes a form being filled in; it answers the roster read.
  let rosterFor = '';
  const rosterShown = {};
  async function loadRoster() {
    let list;
    try { list = await readAll(`/api/districts/${code}/personnel`); } catch (error) {
      rosterFor = '';
      clear(roster, h('p', { class: 'form-message failed', role: 'alert' }, problemText(error)));
      return null;
    }
    const shown = JSON.stringify(list);
    if (shown === rosterFor) return list;
    rosterFor = shown;
    drawWhenSettled(roster, () => rosterPanel(code, list, reloadAll, rosterShown));
    return list;
  }
  await reloadAll();
  const stop = listen({
    // A close names its incident: read again, it shows closed on its cards, which no longer offer an answer or a team.
    onNotice: notice => {
      if (notice.kind === 'incident-closed') incidents.delete(notice.incidentId);
      toast(t({ 'request-issued': 'live.issued', 'request-cancelled': 'live.cancelled', 'incident-closed': 'live.closed' }[notice.kind] ?? 'live.request'));
      reloadAll();
    },
    onReconnected: reloadAll,
    // What no notice announces (a colleague's team arriving, a service record, a person added on another device) comes
    // as the stream's "changed" for this district, and when the page comes back into view.
    onRefresh: reloadAll,
    poll: false,
    onState: liveState
  });
  return () => { leaving.abort(); stop(); };
}

function requestCard(r, incident, fresh, reload) {
  const message = h('p', { class: 'form-message', role: 'alert', id: `answer-${r.id}` });
  const card = h('article', { class: `request${fresh ? ' fresh' : ''}`, dataset: { request: r.id } },
    h('h3', {}, `${number(r.count)} ${enumText('role', r.role)} · `, status('priority', r.priority), ' ', status('request', r.status)),
    incident ? h('p', { class: 'for-incident' }, t('inbox.incident'), ' ', h('a', { href: `#/incident/${incident.id}` }, h('strong', {}, incident.title)),
      ` · ${districtName(incident.district)}`,
      incident.phase === 'closed' ? [' · ', status('phase', 'closed')] : null) : null,
    h('p', {}, r.neededBy ? t('inbox.line', { when: time(r.issuedAt), by: time(r.neededBy) }) : t('inbox.lineOpenEnded', { when: time(r.issuedAt) })),
    r.skills.length ? h('p', { class: 'hint' }, t('inbox.skills', { skills: r.skills.map(s => enumText('skill', s)).join(', ') })) : null,
    r.accepted != null ? h('p', {}, t('requests.acceptedCount', { count: number(r.accepted) })) : null,
    r.reason ? h('p', {}, t(r.closedWithIncident ? 'request.closedWithIncident' : 'inbox.reason', { reason: r.reason })) : null);
  // A request of an incident just closed is cancelled with it: no answer is offered meanwhile.
  if (r.answerable && incident?.phase !== 'closed') {
    // Each field is described by the card's message: a refusal of it (a count above the request, no reason) marks it and takes the focus to it.
    const described = { 'aria-describedby': message.id };
    const count = input({ type: 'number', name: 'count', min: 1, max: r.count, value: r.count, 'aria-label': t('inbox.count'), ...described });
    const reason = input({ type: 'text', name: 'reason', maxlength: 500, 'aria-label': t('inbox.declineReason'), placeholder: t('inbox.declineReason'), ...described });
    const run = (path, body) => reporting(message, async key => {
      for (const el of card.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
      try {
        await api(`/api/requests/${r.id}/${path}`, { method: 'POST', body, idempotencyKey: key });
      } catch (error) {
        markFields(card, error.problem?.errors ?? {});
        throw error;
      }
      toast(t(`inbox.${path}ed`));
      await reload();
    });
    const accept = commandButton(t('inbox.accept'), key => run('accept', { count: Number(count.value) })(key));
    const decline = commandButton(t('inbox.decline'), key => run('decline', { reason: reason.value })(key), { class: 'secondary' });
    // Enter in a field presses its button, as in a form.
    for (const [field, button] of [[count, accept], [reason, decline]])
      field.addEventListener('keydown', event => { if (event.key === 'Enter') { event.preventDefault(); button.click(); } });
    card.append(h('div', { class: 'answer' }, h('label', {}, t('inbox.count'), ' ', count), accept),
      h('div', { class: 'answer' }, reason, decline),
      message);
  } else card.append(message);
  return card;
}

function deploymentCard(d, reload) {
  const message = h('p', { class: 'form-message', role: 'alert' });
  const act = path => reporting(message, async key => {
    await api(`/api/deployments/${d.id}/${path}`, { method: 'POST', idempotencyKey: key });
    toast(t(`deployments.${path}Done`));
    await reload();
  });
  return h('li', { class: 'card', dataset: { deployment: d.id } },
    h('h3', {}, d.teamName, ' ', status('deployment', d.status)),
    h('p', {}, t('deployments.line', { village: d.village, members: counted('deployments.members', d.members.length), when: time(d.deployedAt) })),
    h('p', { class: 'hint' }, counted('deployments.records', d.serviceRecords)),
    d.status === 'deployed' ? commandButton(t('deployments.arrive'), act('arrive'))
      : confirming(t('deployments.standDown'), t('deployments.standDownConfirm', { team: d.teamName }), t('deployments.standDownSubmit'), act('stand-down')),
    message);
}

/** known: the ids of the district's deployments, so that a deployment whose answer was lost and which was made after all is not sent again. */
async function deployForm(code, requests, people, reload, known) {
  if (!requests.length) return h('p', {}, t('deploy.noRequests'));
  const roster = people ?? await readAll(`/api/districts/${code}/personnel`);
  const incidents = Object.fromEntries(await Promise.all([...new Set(requests.map(r => r.incidentId))]
    .map(async id => [id, await api(`/api/incidents/${id}`)])));
  const requestInput = select(requests.map(r => [r.id, `${incidents[r.incidentId].title}: ${number(r.accepted ?? r.count)} ${enumText('role', r.role)}`]));
  const villageInput = select([]);
  const members = h('fieldset', { class: 'members' });
  const refresh = () => {
    const r = requests.find(x => x.id === requestInput.value);
    clear(villageInput, incidents[r.incidentId].villages.map(v => h('option', { value: v }, v)));
    const candidates = roster.filter(p => p.status === 'available' && p.role === r.role && r.skills.every(s => p.skills.includes(s)));
    const today = todayWib();
    clear(members, h('legend', {}, t('deploy.members', { count: number((r.accepted ?? r.count) - (r.deployed ?? 0)) })),
      candidates.length ? candidates.map(p => h('div', { class: 'member', dataset: { person: p.id } },
        // one sent without a training still valid is said beside their name, as the readiness would count them
        h('label', {}, h('input', { type: 'checkbox', name: 'member', value: p.id }), ` ${p.name}`,
          certified(p, today) ? null : h('span', { class: 'hint' }, ` · ${t('deploy.noCurrentTraining')}`)),
        h('span', { class: 'error refusal', dataset: { refusalFor: p.id }, 'aria-live': 'polite' })))
        : h('p', {}, t('deploy.noCandidates')),
      h('span', { class: 'error', dataset: { errorFor: 'members' } }));
  };
  requestInput.addEventListener('change', refresh);
  const form = h('form', { class: 'grid-form' },
    field('request', t('deploy.request'), requestInput),
    field('teamName', t('deploy.teamName'), input({ required: true, maxlength: 120, value: t('deploy.teamDefault', { name: districtName(code) }) })),
    field('village', t('deploy.village'), villageInput), members);
  refresh();
  return submitting(form, {
    submitText: t('deploy.submit'), draft: 'deploy-team', recorded: attempt => known.has(attempt.id),
    build: (values, attempt, f) => {
      const r = requests.find(x => x.id === values.request);
      return {
        path: '/api/deployments',
        body: {
          id: attempt.id, incidentId: r.incidentId, requestId: r.id, district: code, teamName: values.teamName, village: values.village,
          members: [...f.querySelectorAll('input[name=member]:checked')].map(c => c.value)
        }
      };
    },
    // Each refused person's reason goes beside them (the problem lists them by id); the message then says where to look.
    failed: (error, f) => {
      if (error?.status !== 409 || !Array.isArray(error.problem.refusals)) return;
      let placed = 0;
      for (const { person, detail } of error.problem.refusals) {
        const slot = f.querySelector(`[data-refusal-for="${CSS.escape(String(person))}"]`);
        if (slot) { slot.textContent = detail; placed++; }
      }
      if (!placed) return;
      // What the answer said in full stays with the message, for a form drawn anew without the people refused.
      const message = f.querySelector('.form-message');
      message.dataset.whole = message.textContent;
      message.textContent = `${problemText(new ApiError(error.status, { ...error.problem, detail: null }))} ${counted('deploy.refusedBeside', placed)}`;
    },
    done: async () => { toast(t('deploy.done')); await reload(); }
  });
}

const daysFrom = (today, day) => Math.round((Date.parse(day) - Date.parse(today)) / 86_400_000);
/** A training still valid that lapses within 30 days (a training is valid through its validUntil, on the WIB calendar). */
const expiring = (tr, today) => tr.validUntil != null && tr.validUntil >= today && daysFrom(today, tr.validUntil) <= 30;

/**
 * Trainings to take or renew: each one that lapses within 30 days, soonest first; then each person no longer counted as
 * certified, with the training that lapsed last; then each person who has none.
 */
function renewals(list, today) {
  const due = list.flatMap(p => {
    const soon = p.trainings.filter(tr => expiring(tr, today)).map(tr => ({ person: p, training: tr }));
    if (!p.trainings.length) return [{ person: p, training: null }];
    if (!p.trainings.every(tr => lapsed(tr, today))) return soon;
    return [{ person: p, training: p.trainings.reduce((a, b) => (b.validUntil > a.validUntil ? b : a)), lapsed: true }];
  });
  const order = x => (!x.training ? 2 : x.lapsed ? 0 : 1);
  return due.sort((a, b) => order(a) - order(b) || (a.training?.validUntil ?? '').localeCompare(b.training?.validUntil ?? '')
    || byName(a.person.name, b.person.name));
}

/** Whether the readiness row counts the roster as read: its people, who is available or out, who holds a current training. */
function countsRoster(row, people) {
  const today = todayWib();
  const count = test => people.filter(test).length;
  return row.personnel.total === people.length
    && row.available === count(p => p.status === 'available')
    && row.deployed === count(p => p.status === 'deployed')
    && row.certifiedCurrent === count(p => certified(p, today));
}

/** Our readiness as a to-do list: its level and reasons, then the trainings to take or renew from the roster (null when it could not be read). */
function readinessTodo(row, people) {
  const today = todayWib();
  const due = people ? renewals(people, today) : [];
  const left = days => (days === 0 ? t('district.lastDay') : counted('district.daysLeft', days));
  const item = ({ person, training, lapsed: gone }) => h('li', { class: gone || !training ? 'lapsed' : null, dataset: { person: person.id } },
    h('strong', {}, person.name), ': ', !training ? t('district.untrained')
      : t('district.renew', { course: training.course, until: date(training.validUntil), left: gone ? t('district.lapsed') : left(daysFrom(today, training.validUntil)) }));
  return [
    h('p', {}, status('level', row.level), ' ', row.lastDrillOn ? t('district.lastDrill', { date: date(row.lastDrillOn) }) : t('district.noDrill')),
    row.reasons.length ? h('ul', { class: 'todo' }, row.reasons.map(r => h('li', {}, r))) : h('p', {}, t('readiness.noReasons')),
    due.length ? [h('h3', {}, t('district.renewTitle')), h('ul', { class: 'todo renewals' }, due.map(item))] : null
  ];
}

/**
 * A TAGANA drill held in the district: its day, scenario and participants from the roster (TAGANA first). Readiness is
 * worked out from the events a moment later: after a drill the page waits until the readiness counts it, then reloads.
 */
function drillForm(code, people, reload, signal) {
  const byRole = [...people].sort((a, b) => (a.role === 'tagana' ? 0 : 1) - (b.role === 'tagana' ? 0 : 1) || byName(a.name, b.name));
  const form = h('form', { class: 'grid-form' },
    field('heldOn', t('drill.heldOn'), input({ type: 'date', required: true, max: todayWib(), value: todayWib() })),
    field('scenario', t('drill.scenario'), input({ required: true, maxlength: 500, placeholder: t('drill.scenarioHint') })),
    h('fieldset', { class: 'participants' }, h('legend', {}, t('drill.participants')),
      byRole.length ? byRole.map(p => h('label', {}, h('input', { type: 'checkbox', name: 'participant', value: p.id }), ` ${p.name} (${enumText('role', p.role)})`))
        : h('p', {}, t('roster.none')),
      h('span', { class: 'error', dataset: { errorFor: 'participants' }, 'aria-live': 'polite' })));
  const readinessCounts = heldOn => awaitView(() => api(`/api/districts/${code}/readiness`),
    row => row.lastDrillOn && row.lastDrillOn >= heldOn, { every: 700, rereads: 9, signal });
  return h('details', { class: 'drill' }, h('summary', {}, t('drill.open')), submitting(form, {
    submitText: t('drill.submit'), draft: 'drill',
    build: (values, attempt, f) => ({
      path: `/api/districts/${code}/drills`,
      body: {
        id: attempt.id, heldOn: values.heldOn, scenario: values.scenario,
        participants: [...f.querySelectorAll('input[name=participant]:checked')].map(c => c.value)
      }
    }),
    done: async (_, call) => { toast(t('drill.done')); form.reset(); await readinessCounts(call.body.heldOn); if (!signal?.aborted) await reload(); }
  }));
}

function rosterPanel(code, list, reload, kept) {
  const today = todayWib();
  const add = h('form', { class: 'grid-form' },
    field('name', t('roster.name'), input({ required: true, maxlength: 120, autocomplete: 'off' })),
    field('role', t('roster.role'), select(roles.map(r => [r, enumText('role', r)]))),
    h('fieldset', { class: 'skills' }, h('legend', {}, t('roster.skills')),
      skills.map(x => h('label', {}, h('input', { type: 'checkbox', name: 'skill', value: x }), ' ', enumText('skill', x))),
      h('span', { class: 'error', dataset: { errorFor: 'skills' } })),
    field('otherSkills', t('roster.otherSkills'), input({ maxlength: 200, placeholder: t('roster.otherSkillsHint') })));
  const addForm = submitting(add, {
    submitText: t('roster.add'), draft: 'add-person',
    build: (values, attempt, f) => ({
      path: `/api/districts/${code}/personnel`,
      body: {
        id: attempt.id, name: values.name, role: values.role,
        skills: [...[...f.querySelectorAll('input[name=skill]:checked')].map(c => c.value),
          ...values.otherSkills.split(',').map(x => x.trim()).filter(Boolean)]
      }
    }),
    // People are often added one after another: the form drawn again with the roster stays open, the name ready.
    done: async () => { toast(t('roster.added')); add.reset(); kept.adding = true; await reload(); }
  });
  const person = p => h('li', { class: 'card person', dataset: { person: p.id } },
    h('h3', {}, p.name, ' ', status('personnel', p.status)),
    h('p', {}, enumText('role', p.role), p.skills.length ? ` · ${p.skills.map(x => enumText('skill', x)).join(', ')}` : ''),
    p.status === 'unavailable' && p.unavailableReason ? h('p', { class: 'hint' }, t('roster.unavailableBecause', { reason: p.unavailableReason })) : null,
    p.status === 'deployed' && p.deploymentTeam ? h('p', { class: 'hint' }, t('roster.outWith', { team: p.deploymentTeam })) : null,
    p.trainings.length ? h('ul', { class: 'trainings' }, p.trainings.map(tr => h('li', { class: expiring(tr, today) ? 'overdue' : (lapsed(tr, today) ? 'hint' : null) },
      t('roster.training', { course: tr.course, completed: date(tr.completedOn), until: tr.validUntil ? date(tr.validUntil) : t('roster.noExpiry') }),
      expiring(tr, today) ? ` ${t('roster.expiringSoon')}` : lapsed(tr, today) ? ` ${t('roster.expired')}` : '')))
      : h('p', { class: 'hint' }, t('roster.noTrainings')),
    h('details', {}, h('summary', {}, t('roster.recordTraining')), trainingForm(p, reload)),
    p.status !== 'deployed' ? h('details', {}, h('summary', {}, t('roster.setAvailability')), availabilityForm(p, reload)) : null);
  const adding = h('details', { class: 'add-person', open: kept.adding || undefined }, h('summary', {}, t('roster.addTitle')), addForm);
  if (kept.adding) queueMicrotask(() => add.querySelector('[name=name]').focus());
  kept.adding = false;
  return [
    adding,
    ...(list.length ? rosterCards(list, person, kept) : [h('p', {}, t('roster.none'))])
  ];
}

/** The roster's cards, a hundred at a time. */
function rosterCards(list, person, kept) {
  const cards = h('ul', { class: 'cards roster' });
  return [cards, inPages(list, shown => cards.append(...shown.map(person)), kept)];
}

const wibToday = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Pontianak' });

function trainingForm(p, reload) {
  const form = h('form', { class: 'grid-form' },
    field('course', t('roster.course'), input({ required: true, maxlength: 200 })),
    // The API counts "today" on the province's calendar (WIB), as the officer does.
    field('completedOn', t('roster.completedOn'), input({ type: 'date', required: true, max: wibToday(), value: wibToday() })),
    field('validUntil', t('roster.validUntil'), input({ type: 'date' })));
  return submitting(form, {
    submitText: t('roster.saveTraining'), draft: `training:${p.id}`,
    build: values => ({
      path: `/api/personnel/${p.id}/trainings`, idempotent: true,
      body: { course: values.course, completedOn: values.completedOn, validUntil: values.validUntil || null }
    }),
    done: async () => { toast(t('roster.trainingDone')); await reload(); }
  });
}

function availabilityForm(p, reload) {
  const choice = select([['true', t('roster.isAvailable')], ['false', t('roster.isUnavailable')]]);
  const reason = field('reason', t('roster.reason'), input({ maxlength: 500, value: p.unavailableReason ?? '' }));
  const form = h('form', { class: 'grid-form' }, field('available', t('roster.available'), choice), reason);
  choice.value = String(p.available);
  // A reason is asked only for "not available"; hidden, it keeps what was typed for a switch back (and a restored draft).
  const asked = () => { reason.hidden = choice.value === 'true'; };
  choice.addEventListener('change', asked);
  queueMicrotask(asked);
  return submitting(form, {
    submitText: t('roster.saveAvailability'), draft: `availability:${p.id}`,
    build: values => ({
      path: `/api/personnel/${p.id}/availability`, idempotent: true,
      body: { available: values.available === 'true', reason: values.available === 'true' ? null : values.reason }
    }),
    done: async () => { toast(t('roster.availabilityDone')); await reload(); }
  });
}

async function recordForm(onSite, reload, signal, follow) {
  if (!onSite.length) return h('p', {}, t('record.noneOnSite'));
  const incidents = Object.fromEntries(await Promise.all([...new Set(onSite.map(d => d.incidentId))]
    .map(async id => [id, await api(`/api/incidents/${id}`)])));
  const deploymentInput = select(onSite.map(d => [d.id, `${d.teamName} · ${incidents[d.incidentId].title}`]));
  const villageInput = select([]);
  const team = () => onSite.find(x => x.id === deploymentInput.value);
  const offerVillages = chosen => clear(villageInput, incidents[team().incidentId].villages.map(v => h('option', { value: v, selected: v === chosen }, v)));
  const total = h('p', { class: 'running', 'aria-live': 'polite' });
  let shown = 0;
  // The coverage view follows the events within a second or two: after a record, wait until it counts it.
  const count = async (expected = 0) => {
    const coverage = await awaitView(() => api(`/api/incidents/${team().incidentId}/coverage`), c => c.reached.total >= expected,
      { every: 700, signal });
    total.textContent = t('record.running', { reached: number(coverage.reached.total), affected: number(coverage.affected.total), contacts: counted('record.sessions', coverage.contacts) });
    shown = coverage.reached.total;
  };
  const chooseTeam = () => { offerVillages(team().village); return count(); };
  deploymentInput.addEventListener('change', chooseTeam);
  // While the form is open, a new assessment (affected, villages) and other teams' records move what it shows: the page's
  // live update reads the incident again and counts anew, keeping the village chosen (or the team's, if the incident no
  // longer lists it).
  follow(async () => {
    if (!total.isConnected) return;
    const { incidentId, village } = team();
    const before = incidents[incidentId].villages;
    incidents[incidentId] = await api(`/api/incidents/${incidentId}`);
    const now = incidents[incidentId].villages;
    if (JSON.stringify(now) !== JSON.stringify(before)) offerVillages(now.includes(villageInput.value) ? villageInput.value : village);
    await count();
  });
  const form = h('form', { class: 'grid-form' },
    field('deployment', t('record.deployment'), deploymentInput),
    field('date', t('record.date'), input({ type: 'date', required: true, value: todayWib() })),
    field('village', t('record.village'), villageInput),
    field('service', t('record.service'), select(services.map(s => [s, enumText('service', s)]))),
    peopleFields('newlyReached', t('record.newlyReached')),
    field('contacts', t('record.contacts'), input({ type: 'number', min: 1, value: 0, required: true })),
    total);
  await chooseTeam();
  return submitting(form, {
    submitText: t('record.submit'), draft: 'service-record',
    build: (values, attempt) => ({
      path: `/api/deployments/${values.deployment}/services`,
      body: {
        id: attempt.id, date: values.date, village: values.village, service: values.service,
        newlyReached: people(values, 'newlyReached'), contacts: Number(values.contacts)
      }
    }),
    // The team's card counts the new record at once (the deployment is up to date when the call answers).
    done: async (_, call) => { toast(t('record.done')); form.reset(); await reload(); await count(shown + call.body.newlyReached.total); }
  });
}
