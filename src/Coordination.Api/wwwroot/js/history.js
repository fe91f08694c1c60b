// Analyst: an incident's history as a whole — coverage day by day (a chart with its table) and how fast requests were answered.
import { api, clear, date, districtName, enumText, h, number, percent, problemText, t, time } from './core.js';
import { loadChart } from './incident.js';
import { section } from './shared.js';

/** Minutes as "2 jam 5 menit" / "2 h 5 min"; "–" when the moment has not come. */
export function duration(minutes) {
  if (minutes == null) return '–';
  const whole = Math.max(0, Math.round(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (!hours) return t('duration.m', { m: number(rest) });
  return rest ? t('duration.hm', { h: number(hours), m: number(rest) }) : t('duration.h', { h: number(hours) });
}

const loading = () => h('p', { class: 'hint', role: 'status' }, t('history.loading'));
const failed = error => h('p', { class: 'form-message failed', role: 'alert' }, problemText(error));
const head = keys => h('thead', {}, h('tr', {}, keys.map(k => h('th', { scope: 'col' }, t(k)))));
/** A cell carrying its column's name: on a phone each row is a card of labelled figures (see table.stacked). */
const cell = (key, ...content) => h('td', { dataset: { label: t(key) } }, h('span', {}, content));

/** The two history sections; load(id) fills them for an incident, destroy() lets the chart go. */
export function historySections() {
  const dailyBox = h('div', { 'aria-live': 'polite' });
  const timesBox = h('div', { 'aria-live': 'polite' });
  const sections = [
    section('daily-title', t('daily.title'), dailyBox),
    section('times-title', t('times.title'), timesBox)
  ];
  let chart;
  let loads = 0;

  async function load(id) {
    const mine = ++loads; // another incident picked meanwhile: only the last one is shown
    chart?.destroy();
    chart = undefined;
    clear(dailyBox, loading());
    clear(timesBox, loading());
    await Promise.all([
      api(`/api/incidents/${id}/coverage/daily`).then(
        async rows => { if (mine === loads) await daily(rows); },
        error => { if (mine === loads) clear(dailyBox, failed(error)); }),
      api(`/api/incidents/${id}/response-times`).then(
        times => { if (mine === loads) responseTimes(times); },
        error => { if (mine === loads) clear(timesBox, failed(error)); })
    ]);
  }

  async function daily(rows) {
    if (!rows.length) { clear(dailyBox, h('p', {}, t('daily.none'))); return; }
    const canvas = h('canvas', { role: 'img', 'aria-label': t('daily.chartLabel') });
    const table = h('div', { class: 'scroll' }, h('table', { class: 'numbers daily stacked figures' },
      h('caption', {}, t('daily.caption')),
      head(['daily.date', 'daily.newlyReached', 'daily.reached', 'daily.children', 'daily.contacts', 'daily.villages', 'daily.personnel', 'daily.coverage']),
      h('tbody', {}, rows.map(r => h('tr', {},
        h('th', { scope: 'row' }, date(r.date)),
        cell('daily.newlyReached', number(r.newlyReached?.total)),
        cell('daily.reached', number(r.reached?.total)),
        cell('daily.children', number(r.reached?.children)),
        cell('daily.contacts', number(r.contacts)),
        cell('daily.villages', t('daily.villagesOf', { served: number(r.villagesServed), affected: number(r.villagesAffected) })),
        cell('daily.personnel', number(r.personnelOnSite)),
        cell('daily.coverage', percent(r.coverage?.total)))))));
    clear(dailyBox, h('div', { class: 'chart' }, canvas), table);
    const Chart = await loadChart();
    chart?.destroy();
    chart = new Chart(canvas, {
      type: 'line',
      data: {
        labels: rows.map(r => date(r.date)),
        datasets: [
          { label: t('daily.affectedTotal'), data: rows.map(r => r.affected?.total ?? 0), borderColor: '#8a9ba8', borderDash: [6, 4], pointRadius: 0 },
          { label: t('daily.reached'), data: rows.map(r => r.reached?.total ?? 0), borderColor: '#0b5d7a', backgroundColor: '#0b5d7a' },
          { label: t('daily.children'), data: rows.map(r => r.reached?.children ?? 0), borderColor: '#c26a00', backgroundColor: '#c26a00' }
        ]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { beginAtZero: true, ticks: { callback: v => number(v) } } },
        plugins: { tooltip: { callbacks: { label: c => `${c.dataset.label}: ${number(c.raw)}` } } }
      }
    });
  }

  function responseTimes(times) {
    if (!times.requests.length) { clear(timesBox, h('p', {}, t('times.none'))); return; }
    const stages = ['toAnswer', 'toDeploy', 'toArrive', 'toService', 'total'];
    const stageHeads = stages.map(s => `times.${s}`);
    clear(timesBox,
      h('div', { class: 'scroll' }, h('table', { class: 'list times stacked' },
        h('caption', {}, t('times.caption')),
        head(['times.district', 'times.asked', 'times.issued', 'times.answer', ...stageHeads]),
        h('tbody', {}, times.requests.map(r => h('tr', { dataset: { request: r.requestId } },
          h('th', { scope: 'row' }, districtName(r.district)),
          cell('times.asked', `${number(r.count)} ${enumText('role', r.role)}, ${enumText('priority', r.priority)}`),
          cell('times.issued', time(r.issuedAt)),
          cell('times.answer', r.answer ? enumText('request', r.answer) : t('times.unanswered')),
          stages.map(s => cell(`times.${s}`, duration(r.minutes?.[s])))))))),
      times.districts.length ? h('div', { class: 'scroll' }, h('table', { class: 'list medians stacked figures' },
        h('caption', {}, t('times.mediansCaption')),
        head(['times.district', 'times.requests', ...stageHeads]),
        h('tbody', {}, times.districts.map(d => h('tr', {},
          h('th', { scope: 'row' }, districtName(d.district)),
          cell('times.requests', number(d.requests)),
          stages.map(s => cell(`times.${s}`, duration(d.medianMinutes?.[s])))))))) : null);
  }

  /** Nothing to show (no incident recorded yet, or none chosen): each section says so, where it stood empty under its heading. */
  function empty(text) {
    loads++;
    chart?.destroy();
    chart = undefined;
    clear(dailyBox, h('p', { class: 'hint' }, text));
    clear(timesBox, h('p', { class: 'hint' }, text));
  }

  return { sections, load, empty, destroy: () => chart?.destroy() };
}
