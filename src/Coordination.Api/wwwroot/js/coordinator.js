// Coordinator: the readiness board as a tile map of the 14 districts, open incidents, reporting an incident, the 4W export.
import { api, clear, counted, date, districtName, enumText, h, number, oneAtATime, percent, problemText, t, time, todayWib, wibToIso, nowWibLocal, toast } from './core.js';
import { field, focusPlace, input, markFields, restoreFocus, select, submitting } from './forms.js';
import { districtSelect, hazards, liveMark, noticeSaid, people, peopleFields, readAll, redrawnWhenChanged, section, status } from './shared.js';
import { listen } from './stream.js';

export async function show(main, { who }) {
  const board = h('div', { class: 'tiles' });
  const reasons = h('div', { class: 'reasons', 'aria-live': 'polite' }, h('p', { class: 'hint' }, t('readiness.pick')));
  const incidents = h('div', { class: 'incident-list' });
  const [live, liveState] = liveMark();
  main.append(h('h1', {}, t('coordinator.title'), ' ', live),
    h('div', { class: 'columns' },
      section('readiness-title', t('readiness.title'), legend(), board, reasons),
      section('incidents-title', t('incidents.open'), incidents)),
    // an analyst reads the board; reporting is the coordinators'
    ...(who.role === 'coordinator' || who.role === 'admin' ? [section('report-title', t('report.title'), await reportForm())] : []),
    section('export-title', t('export.title'), exportForm()));

  const loading = () => h('p', { class: 'hint', role: 'status' }, t('history.loading'));
  clear(board, loading());
  clear(incidents, loading());
  // A refresh draws the board and the incidents again only when they changed: a tile keeps the focus while nothing moved.
  const drawn = redrawnWhenChanged();
  const load = oneAtATime(async () => {
    const changedSince = drawn.begin();
    try {
      const [rows, open] = await Promise.all([api('/api/readiness'), readAll('/api/incidents?status=open')]);
      if (!changedSince([rows, open])) return;
      tiles(board, reasons, rows);
      clear(incidents, open.length ? open.map(incidentCard) : h('p', {}, t('incidents.none')));
    } catch (error) {
      clear(incidents, h('p', { class: 'form-message failed', role: 'alert' }, problemText(error)));
    }
  });
  await load();
  return listen({
    onNotice: notice => { toast(noticeSaid(notice)); load(); },
    onReconnected: load,
    onRefresh: drawn.refresh(load),
    onState: liveState
  });
}

const legend = () => h('p', { class: 'legend' }, ['ready', 'limited', 'not-ready'].map(l => h('span', { class: `level level-${l}` }, t(`level.${l}`))));

function tiles(board, reasons, rows) {
  clear(board, rows.map(row => {
    // A district with nobody on its roster has no share certified (–), as readiness as of a date writes it, not 0 %.
    const certified = row.personnel.total ? row.certifiedCurrent / row.personnel.total : null;
    // The tile holds its button (the name and level; a click anywhere on the tile lands on it) and its figures beside it, as a
    // button may hold only words.
    return h('div', { class: `tile level-${row.level}`, dataset: { district: row.district } },
      h('button', {
        type: 'button',
        // Named by its district and level, described by its figures: a name given alone hid the figures from a screen reader.
        'aria-label': `${row.name}: ${t(`level.${row.level}`)}`, 'aria-describedby': `tile-figures-${row.district}`,
        onclick: () => {
          clear(reasons, h('h3', {}, `${row.name} — ${t(`level.${row.level}`)}`),
            row.reasons.length ? h('ul', {}, row.reasons.map(r => h('li', {}, r))) : h('p', {}, t('readiness.noReasons')),
            h('p', { class: 'hint' }, t('readiness.personnel', {
              counselor: counted('readiness.counselors', row.personnel.counselor), tagana: number(row.personnel.tagana),
              socialWorker: counted('readiness.socialWorkers', row.personnel.socialWorker), deployed: number(row.deployed)
            })));
          // On a phone the reasons lie under all fourteen tiles: brought into view, or the tap would seem to do nothing.
          reasons.scrollIntoView({ block: 'nearest' });
        }
      },
      h('strong', {}, row.name),
      h('span', { class: 'level-word' }, t(`level.${row.level}`))),
    // Each label with its value: the value stays beside its label while it fits, else goes below it; no word is broken.
    h('dl', { id: `tile-figures-${row.district}` }, [
      ['available', number(row.availableResponders)], ['certified', percent(certified)],
      ['lastDrill', date(row.lastDrillOn)], ['openRequests', number(row.openRequests)]
    ].map(([key, value]) => h('div', {}, h('dt', {}, t(`readiness.${key}`)), h('dd', {}, value)))));
  }));
}

function incidentCard(incident) {
  // On its first day an incident's age is told in hours: "0 hari lalu" said nothing in the first hours of a flood.
  const hours = Math.max(0, Math.floor((Date.now() - new Date(incident.occurredAt)) / 3_600_000));
  const since = hours < 1 ? t('incidents.sinceNow', { date: time(incident.occurredAt) })
    : hours < 24 ? counted('incidents.sinceHours', hours, { date: time(incident.occurredAt) })
    : counted('incidents.since', Math.floor(hours / 24), { date: time(incident.occurredAt) });
  return h('article', { class: 'incident' },
    h('h3', {}, h('a', { href: `#/incident/${incident.id}` }, incident.title)),
    h('p', {}, `${districtName(incident.district)} · ${enumText('hazard', incident.hazard)} · `, status('phase', incident.phase)),
    h('p', { class: 'figures' }, t('incidents.affected', {
      total: number(incident.affected.total), children: number(incident.affected.children), elderly: number(incident.affected.elderly),
      disabled: number(incident.affected.disabled), pregnant: number(incident.affected.pregnant)
    })),
    h('p', { class: 'hint' }, since,
      incident.emergency ? ` · ${t('incidents.decree', { decree: incident.emergency.decree, until: date(incident.emergency.validUntil) })}` : ''));
}

async function reportForm() {
  const form = h('form', { class: 'grid-form' },
    field('title', t('report.incidentTitle'), input({ required: true, maxlength: 200 })),
    field('district', t('report.district'), await districtSelect()),
    field('hazard', t('report.hazard'), select(hazards.map(x => [x, enumText('hazard', x)]))),
    field('phase', t('report.phase'), select(['response', 'alert'].map(x => [x, enumText('phase', x)]))),
    field('occurredAt', t('report.occurredAt'), input({ type: 'datetime-local', required: true, value: nowWibLocal() })),
    field('villages', t('report.villages'), h('textarea', { rows: 3, required: true, placeholder: t('report.villagesHint') })),
    peopleFields('affected', t('report.affected')));
  return submitting(form, {
    submitText: t('report.submit'), draft: 'report-incident',
    build: (values, attempt) => ({
      path: '/api/incidents',
      body: {
        id: attempt.id, district: values.district, hazard: values.hazard, title: values.title, phase: values.phase,
        occurredAt: wibToIso(values.occurredAt),
        villages: values.villages.split(/[\n,;]/).map(v => v.trim()).filter(Boolean),
        affected: people(values, 'affected')
      }
    }),
    done: answer => { toast(t('report.done')); location.hash = `#/incident/${answer.id}`; }
  });
}

/** The 4W and the incidents list as CSV for a range of dates; fetched with the bearer token, then saved as a file. */
function exportForm() {
  const today = todayWib();
  const from = h('input', { type: 'date', name: 'from', id: 'export-from', value: `${today.slice(0, 4)}-01-01` });
  const to = h('input', { type: 'date', name: 'to', id: 'export-to', value: today });
  const message = h('p', { class: 'form-message', role: 'alert' });
  const download = (route, button) => async () => {
    const place = focusPlace(button);
    message.className = 'form-message';
    message.textContent = '';
    for (const el of [from, to]) el.removeAttribute('aria-invalid');
    for (const slot of box.querySelectorAll('[data-error-for]')) slot.textContent = '';
    // A range the wrong way round is said beside its start in the page's words, where the API's answer named its parameters.
    if (from.value && to.value && from.value > to.value) {
      markFields(box, { from: [t('export.fromAfterTo')] });
      message.className = 'form-message failed';
      message.textContent = t('validation.summary');
      return;
    }
    button.disabled = true;
    try {
      const query = new URLSearchParams();
      if (from.value) query.set('from', from.value);
      if (to.value) query.set('to', to.value);
      const res = await api(`/api/exports/${route}?${query}`, { raw: true, accept: 'text/csv' });
      const name = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? route;
      const url = URL.createObjectURL(await res.blob());
      const link = h('a', { href: url, download: name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      message.textContent = t('export.done', { name });
    } catch (error) {
      message.className = 'form-message failed';
      message.textContent = problemText(error);
      markFields(box, error?.problem?.errors ?? {});
    } finally {
      button.disabled = false;
      restoreFocus(place);
    }
  };
  const fourW = h('button', { type: 'button' }, t('export.fourW'));
  const list = h('button', { type: 'button', class: 'secondary' }, t('export.incidents'));
  fourW.addEventListener('click', download('4w.csv', fourW));
  list.addEventListener('click', download('incidents.csv', list));
  const box = h('div', { class: 'grid-form export' },
    h('p', { class: 'hint' }, t('export.hint')),
    field('from', t('export.from'), from),
    field('to', t('export.to'), to),
    h('div', { class: 'actions' }, fourW, list), message);
  return box;
}
