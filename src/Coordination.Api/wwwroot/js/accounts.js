// Administrator: every account with its role, district and whether it is enabled; create one, change its name, role and
// district, reset its password (a one-time password, shown once), disable and enable it.
import { api, clear, counted, districtName, h, number, t, time, toast } from './core.js';
import { commandButton, field, focusPlace, input, markFields, reporting, restoreFocus, select, submitting } from './forms.js';
import { confirming, districtSelect, inPages, readAll, section, status } from './shared.js';

const accountRoles = ['coordinator', 'district', 'analyst', 'admin'];

export async function show(main, { who }) {
  const secret = h('div', { 'aria-live': 'polite' });
  const list = h('div', { id: 'account-list' });
  // The one-time password takes the focus, so that it is read (and seen on a phone, where the list is far below it);
  // once hidden, the focus goes back to the control that asked for it.
  const showSecret = (answer, from) => {
    const back = from ? focusPlace(from) : null;
    const box = h('div', { class: 'secret', tabindex: -1 },
      h('p', {}, t('accounts.secret', { email: answer.email })),
      h('p', {}, h('code', {}, answer.initialPassword)),
      h('p', { class: 'hint' }, t('accounts.secretHint')),
      h('button', { type: 'button', class: 'secondary', onclick: () => { clear(secret); restoreFocus(back); } }, t('accounts.secretPassed')));
    clear(secret, box);
    box.focus();
  };
  // Every account, read whole; the search narrows what is drawn, a hundred at a time. A reload keeps the search and shows as
  // many as the person had shown.
  let accounts = [];
  const kept = {};
  const search = h('input', { type: 'search', id: 'account-search', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('accounts.searchHint'), 'aria-describedby': 'account-search-count', 'aria-controls': 'account-list' });
  // a polite live region (not a status: a status in the page says it is still loading)
  const count = h('p', { id: 'account-search-count', class: 'hint', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const finder = h('div', { class: 'field search', role: 'search' },
    h('label', { for: search.id }, t('accounts.search')), search, count);
  let drawing = Promise.resolve();
  async function draw() {
    const words = folded(search.value).split(/\s+/).filter(Boolean);
    const found = words.length ? accounts.filter(a => words.every(w => searchText(a).includes(w))) : accounts;
    count.textContent = words.length ? t('accounts.found', { shown: number(found.length), total: number(accounts.length) })
      : counted('accounts.count', accounts.length);
    if (!accounts.length) { clear(list, h('p', {}, t('accounts.none'))); return; }
    if (!found.length) { clear(list, h('p', {}, t('accounts.noMatch'))); return; }
    const cards = h('ul', { class: 'cards roster' });
    let drawn;
    const pages = inPages(found, shown => (drawn = Promise.all(shown.map(a => accountCard(a, who, reload, showSecret))).then(c => cards.append(...c))), kept);
    await drawn;
    clear(list, cards, pages);
  }
  // One drawing at a time, the last search winning: a quick typist never sees an older search drawn over a newer one.
  let queued = false;
  const redraw = () => {
    if (queued) return drawing;
    queued = true;
    const next = () => { queued = false; return draw(); };
    return (drawing = drawing.then(next, next));
  };
  async function reload() {
    accounts = await readAll('/api/accounts');
    finder.hidden = !accounts.length;
    await redraw();
  }
  search.addEventListener('input', () => { kept.pages = 1; redraw(); });

  const create = h('form', { class: 'grid-form' },
    field('email', t('accounts.email'), input({ type: 'email', required: true, maxlength: 254, autocomplete: 'off' })),
    await profileFields());
  main.append(h('h1', {}, t('accounts.title')), secret,
    section('new-account-title', t('accounts.new'), submitting(create, {
      submitText: t('accounts.create'), draft: 'new-account',
      build: (values, attempt) => ({ path: '/api/accounts', body: { id: attempt.id, email: values.email, ...profile(values) } }),
      failed: (error, f) => {
        if (error?.problem?.code === 'email-taken') markFields(f, { email: [error.problem.detail] });
      },
      done: async answer => { create.reset(); create.querySelector('[name=role]').dispatchEvent(new Event('change')); showSecret(answer, create.querySelector('button[type=submit]:not([hidden])')); await reload(); }
    })),
    section('accounts-title', t('accounts.list'), finder, list));
  await reload();
}

/** Name, role, and the district select shown only for a district officer. */
async function profileFields(account) {
  const role = select(accountRoles.map(r => [r, t(`role.${r}`)]));
  const district = await districtSelect();
  const districtField = field('district', t('accounts.district'), district);
  role.addEventListener('change', () => { districtField.hidden = role.value !== 'district'; });
  if (account) role.value = account.role;
  if (account?.district) district.value = account.district;
  districtField.hidden = role.value !== 'district';
  return [field('name', t('accounts.name'), input({ required: true, maxlength: 120, autocomplete: 'off', value: account?.name })),
    field('role', t('accounts.role'), role), districtField];
}

/** Lower case without accents, so "sintang" finds "Sintang" and "jose" finds "José". */
const folded = text => (text ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** What the search looks through: name, email, the role in both its words and its code, and the district's name and code. */
const searchText = a => folded([a.name, a.email, t(`role.${a.role}`), a.role,
  a.district ? `${districtName(a.district)} ${a.district}` : ''].join(' '));

const profile = values => ({ name: values.name, role: values.role, district: values.role === 'district' ? values.district : null });

async function accountCard(a, who, reload, showSecret) {
  const message = h('p', { class: 'form-message', role: 'alert' });
  const run = (path, done) => reporting(message, async key => {
    const answer = await api(`/api/accounts/${a.id}/${path}`, { method: 'POST', idempotencyKey: key });
    done(answer);
    await reload();
  });
  const edit = h('form', { class: 'grid-form' }, await profileFields(a));
  const reset = confirming(t('accounts.reset'), t('accounts.resetConfirm', { name: a.name }), t('accounts.resetSubmit'),
    run('reset-password', answer => showSecret(answer, reset.querySelector('summary'))));
  return h('li', { class: 'card account', dataset: { account: a.id } },
    h('h3', {}, a.name, ' ', status('account', a.enabled ? 'enabled' : 'disabled')),
    h('p', {}, a.email),
    h('p', {}, t(`role.${a.role}`), a.district ? ` · ${districtName(a.district)} (${a.district})` : ''),
    a.lockedOutUntil ? h('p', { class: 'hint' }, t('accounts.lockedOut', { until: time(a.lockedOutUntil) })) : null,
    h('details', {}, h('summary', {}, t('accounts.edit')), submitting(edit, {
      submitText: t('accounts.save'), draft: `account:${a.id}`,
      build: values => ({ path: `/api/accounts/${a.id}`, method: 'PUT', body: profile(values) }),
      done: async () => { toast(t('accounts.saved')); await reload(); }
    })),
    reset,
    !a.enabled ? commandButton(t('accounts.enable'), run('enable', () => toast(t('accounts.enableDone')))) : a.id === who.id ? null
      : confirming(t('accounts.disable'), t('accounts.disableConfirm', { name: a.name }), t('accounts.disableSubmit'),
        run('disable', () => toast(t('accounts.disableDone')))),
    message);
}
