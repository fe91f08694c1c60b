// Administrator: every account with its role, district and whether it is enabled; create one, change its name, role and
// district, reset its password (a one-time password, shown once), disable and enable it.
import { api, clear, districtName, h, t, time, toast } from './core.js';
import { commandButton, field, input, markFields, reporting, select, submitting } from './forms.js';
import { confirming, districtSelect, inPages, readAll, section, status } from './shared.js';

const accountRoles = ['coordinator', 'district', 'analyst', 'admin'];

export async function show(main, { who }) {
  const secret = h('div', { 'aria-live': 'polite' });
  const list = h('div', { 'aria-live': 'polite' });
  const showSecret = answer => {
    clear(secret, h('div', { class: 'secret' },
      h('p', {}, t('accounts.secret', { email: answer.email })),
      h('p', {}, h('code', {}, answer.initialPassword)),
      h('p', { class: 'hint' }, t('accounts.secretHint')),
      h('button', { type: 'button', class: 'secondary', onclick: () => clear(secret) }, t('accounts.secretPassed'))));
    secret.scrollIntoView({ block: 'nearest' });
  };
  // Every account, drawn a hundred at a time; a reload shows as many as the person had shown.
  const kept = {};
  async function reload() {
    const accounts = await readAll('/api/accounts');
    if (!accounts.length) { clear(list, h('p', {}, t('accounts.none'))); return; }
    const cards = h('ul', { class: 'cards roster' });
    let drawn;
    const pages = inPages(accounts, shown => (drawn = Promise.all(shown.map(a => accountCard(a, who, reload, showSecret))).then(c => cards.append(...c))), kept);
    await drawn;
    clear(list, cards, pages);
  }

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
      done: async answer => { create.reset(); create.querySelector('[name=role]').dispatchEvent(new Event('change')); showSecret(answer); await reload(); }
    })),
    section('accounts-title', t('accounts.list'), list));
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

const profile = values => ({ name: values.name, role: values.role, district: values.role === 'district' ? values.district : null });

async function accountCard(a, who, reload, showSecret) {
  const message = h('p', { class: 'form-message', role: 'alert' });
  const run = (path, done) => reporting(message, async key => {
    const answer = await api(`/api/accounts/${a.id}/${path}`, { method: 'POST', idempotencyKey: key });
    done(answer);
    await reload();
  });
  const edit = h('form', { class: 'grid-form' }, await profileFields(a));
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
    confirming(t('accounts.reset'), t('accounts.resetConfirm', { name: a.name }), t('accounts.resetSubmit'),
      run('reset-password', showSecret)),
    !a.enabled ? commandButton(t('accounts.enable'), run('enable', () => toast(t('accounts.enableDone')))) : a.id === who.id ? null
      : confirming(t('accounts.disable'), t('accounts.disableConfirm', { name: a.name }), t('accounts.disableSubmit'),
        run('disable', () => toast(t('accounts.disableDone')))),
    message);
}
