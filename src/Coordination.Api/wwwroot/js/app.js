// The desk's shell: language switch, sign-in, and a hash router that loads each page's module when first shown.
import { ApiError, NetworkError, api, clear, currentSession, development, districtName, districts, expiresAt, h, keepSession, language, loadLanguage, problemText, t } from './core.js';
import { answerLost, field, forgetDrafts, inForms, input, select, submitting, workIn } from './forms.js';

const main = document.getElementById('main');
const pages = {
  coordinator: () => import('./coordinator.js'),
  incident: () => import('./incident.js'),
  district: () => import('./district.js'),
  analyst: () => import('./analyst.js'),
  account: () => import('./account.js'),
  accounts: () => import('./accounts.js')
};
const homes = { coordinator: 'coordinator', admin: 'coordinator', district: 'district', analyst: 'analyst' };
// The pages each role may open; any other address sends them to their home page.
const allowed = {
  coordinator: ['coordinator', 'incident', 'analyst', 'account'],
  admin: ['coordinator', 'incident', 'analyst', 'account', 'accounts'],
  analyst: ['analyst', 'coordinator', 'incident', 'account'],
  district: ['district', 'incident', 'account']
};
let leave;

async function me() {
  const session = currentSession();
  if (!session) return null;
  if (!session.me) keepSession({ ...session, me: await api('/api/account/me') });
  return currentSession()?.me ?? null;
}

let routing = 0;
async function route() {
  const mine = ++routing;
  leave?.();
  leave = undefined;
  const [name = '', arg] = location.hash.replace(/^#\/?/, '').split('/');
  let who = null;
  try { who = await me(); } catch (error) {
    // A session is ended by the server's refusal only, never by a network that failed on the way.
    if (answerLost(error)) return mine === routing && couldNotLoad(error);
    keepSession(null);
  }
  header(who);
  if (!who) { main.removeAttribute('aria-busy'); return signIn(); }
  forgetDrafts(who.id);
  // A one-time password from the administrator opens nothing but the page that replaces it.
  const page = who.mustChangePassword ? 'account'
    : pages[name] && allowed[who.role]?.includes(name) ? name : homes[who.role] ?? 'coordinator';
  if (page !== name) { history.replaceState(null, '', `#/${page}`); }
  // A page that takes a moment (a slow connection) says it is loading, in place of the page left, whose updates have stopped.
  const slow = setTimeout(() => { if (mine === routing) loading(); }, 300);
  try {
    const module = await pages[page]();
    if (mine !== routing) return;
    // A page builds into its own container, so a newer navigation that overtook this one wins.
    const container = h('div');
    let left;
    try { left = await module.show(container, { who, arg }); } catch (error) {
      if (mine === routing) couldNotLoad(error);
      return;
    }
    if (mine !== routing) { left?.(); return; }
    leave = left;
    clear(main, container);
    main.focus({ preventScroll: true });
  } catch (error) {
    // The page's own script did not arrive (the network failed on the way).
    if (mine === routing) couldNotLoad(error instanceof Error && !(error instanceof ApiError) ? new NetworkError(error.message) : error);
  } finally {
    clearTimeout(slow);
    if (mine === routing) main.removeAttribute('aria-busy');
  }
}

function loading() {
  clear(main, h('p', { class: 'hint loading', role: 'status' }, t('page.loading')));
  main.setAttribute('aria-busy', 'true');
}

/** The network or the server failed while a page loaded: said in the page's words, with a button that loads it again. */
function couldNotLoad(error) {
  main.removeAttribute('aria-busy');
  clear(main, h('div', { class: 'panel' }, h('h1', {}, t('page.failed')),
    h('p', { class: 'form-message failed', role: 'alert' }, problemText(error)),
    h('button', { type: 'button', onclick: () => route() }, t('page.retry'))));
  main.focus({ preventScroll: true });
}

function header(who) {
  const nav = document.getElementById('nav');
  const links = !who || who.mustChangePassword ? [] : who.role === 'district' ? [['district', 'nav.district']]
    : who.role === 'analyst' ? [['analyst', 'nav.analyst'], ['coordinator', 'nav.coordinator']]
      : [['coordinator', 'nav.coordinator'], ['analyst', 'nav.analyst'], who.role === 'admin' && ['accounts', 'nav.accounts']];
  clear(nav, links.filter(Boolean).map(([page, key]) => h('a', { href: `#/${page}` }, t(key))));
  clear(document.getElementById('who'), who && h('a', { href: '#/account', title: t('nav.account') },
    `${who.name ?? t(`role.${who.role}`)}${who.district ? ` · ${districtName(who.district)}` : ''}`));
  document.getElementById('signout').hidden = !who;
  document.getElementById('lang').textContent = language() === 'id' ? 'English' : 'Bahasa Indonesia';
  document.getElementById('lang').setAttribute('aria-label', t('app.switchLanguage'));
}

async function signIn() {
  const accountForm = submitting(h('form', { class: 'card', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, t('signin.title')),
    field('email', t('signin.email'), input({ type: 'email', autocomplete: 'username', required: true })),
    field('password', t('signin.password'), input({ type: 'password', autocomplete: 'current-password', required: true }))), {
    submitText: t('signin.submit'),
    build: values => ({ path: '/api/account/login', body: { email: values.email, password: values.password } }),
    done: tokens => start(tokens)
  });
  const parts = [accountForm];
  if (sessionStorage.getItem('desk.ended') !== null) parts.unshift(h('p', { class: 'form-message failed', role: 'alert' }, t('signin.ended')));
  if (sessionStorage.getItem('desk.passwordMaybeChanged') !== null)
    parts.unshift(h('p', { class: 'form-message failed', role: 'alert' }, t('signin.passwordMaybeChanged')));
  if (development) {
    const list = await districts();
    parts.push(submitting(h('form', { class: 'card dev', 'aria-labelledby': 'dev-title' },
      h('h2', { id: 'dev-title' }, t('signin.devTitle')),
      h('p', { class: 'hint' }, t('signin.devHint')),
      field('role', t('signin.role'), select(['coordinator', 'district', 'analyst', 'admin'].map(r => [r, t(`role.${r}`)]))),
      field('district', t('signin.district'), select(list.map(d => [d.code, `${d.code} ${d.name}`])))), {
      submitText: t('signin.devSubmit'),
      build: values => ({ path: '/api/dev/sign-in-as', body: { role: values.role, district: values.role === 'district' ? values.district : null } }),
      done: tokens => start(tokens)
    }));
  }
  clear(main, h('div', { class: 'signin' }, parts));
}

// After signing in: the page whose session ended, or the address opened before signing in, else the role's home page.
function start(tokens) {
  keepSession({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? null, expiresAt: expiresAt(tokens) });
  const back = sessionStorage.getItem('desk.ended');
  sessionStorage.removeItem('desk.ended');
  sessionStorage.removeItem('desk.passwordMaybeChanged');
  location.hash = back || location.hash || '#/';
  return route();
}

// The page is drawn again in the other language with what was being typed in its cards (an inbox card's count and decline
// reason, a Batalkan reason) and their opened folds, and the folds of its forms opened (Tambah personel); forms with a draft
// keep what was typed by themselves.
document.getElementById('lang').addEventListener('click', async () => {
  const work = [workIn(main, { messages: false }), workIn(main, { where: inForms, messages: false })];
  await loadLanguage(language() === 'id' ? 'en' : 'id');
  await route();
  for (const kept of work) kept.give(main);
});
// Signing out ends the session on the server too (its access and refresh tokens), not only in this browser; offline, here.
document.getElementById('signout').addEventListener('click', async () => {
  if (currentSession()?.refreshToken) await api('/api/account/sign-out', { method: 'POST' }).catch(() => {});
  keepSession(null);
  forgetDrafts();
  sessionStorage.removeItem('desk.ended');
  location.hash = '#/';
  route();
});
// Escape folds away the fold the focus is in (Batalkan…, Tarik tim…, a card's form) and leaves the focus on its summary,
// as it closes a dialog; what was typed in it stays.
document.addEventListener('keydown', event => {
  if (event.key !== 'Escape' || event.defaultPrevented) return;
  const fold = document.activeElement?.closest('details[open]');
  if (!fold) return;
  event.preventDefault();
  fold.open = false;
  fold.querySelector(':scope > summary')?.focus();
});
window.addEventListener('hashchange', route);
// The person chose their own password: who they are is asked again, and the header offers their pages.
window.addEventListener('desk:me-changed', async () => header(await me()));
window.addEventListener('desk:signed-out', () => route());

await loadLanguage();
await districts();
await route();
