// Language, formatting, DOM building and the JSON API client shared by every page.
const base = new URL('..', import.meta.url).href;
const dictionaries = {};
let lang = localStorage.getItem('desk.lang') === 'en' ? 'en' : 'id';

export const development = document.querySelector('meta[name="desk-development"]')?.content === 'true';
export const language = () => lang;

export async function loadLanguage(next = lang) {
  if (!dictionaries[next]) dictionaries[next] = await (await fetch(`${base}i18n/${next}.json`)).json();
  lang = next;
  localStorage.setItem('desk.lang', next);
  document.documentElement.lang = next;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  document.title = t('app.title');
}

/** The text of a key in the current language; {name} placeholders are filled from values. */
export function t(key, values = {}) {
  const text = dictionaries[lang]?.[key] ?? dictionaries.id?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (values[name] ?? ''));
}
export const has = key => dictionaries[lang]?.[key] !== undefined;
/** A kebab-case API value shown in words, e.g. enum('phase', 'response') → "Tanggap Darurat". */
export const enumText = (kind, value) => (value == null ? '' : has(`${kind}.${value}`) ? t(`${kind}.${value}`) : value);

const locale = () => (lang === 'id' ? 'id-ID' : 'en-GB');
const zone = 'Asia/Pontianak';
export const number = n => (n == null ? '–' : new Intl.NumberFormat(locale()).format(n));
/**
 * A text with a count, {count} unless values name it otherwise: English writes "1 person", "2 people" (the key's ".one"
 * text for one); Indonesian has no plural.
 */
export const counted = (key, count, values = {}) =>
  t(new Intl.PluralRules(locale()).select(count) === 'one' && has(`${key}.one`) ? `${key}.one` : key, { count: number(count), ...values });
/** A share as a whole percent, except that a share above 0 never reads 0 % nor one below 1 reads 100 %: "0,4%", "<0,1%", "99,6%". */
export function percent(r) {
  if (r == null) return '–';
  const format = (value, digits) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: digits }).format(value);
  if (r <= 0 || r >= 1 || (r >= 0.01 && r <= 0.99)) return format(r, 0);
  if (r < 0.001) return `<${format(0.001, 1)}`;
  if (r > 0.999) return `>${format(0.999, 1)}`;
  return format(r, 1);
}
/** yyyy-MM-dd or an instant, as "27 November 2026" (instants on the WIB calendar). */
export function date(value) {
  if (!value) return '–';
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const when = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: dateOnly ? 'UTC' : zone }).format(when);
}
/** An instant as "27 November 2026, 14.05 WIB" (Indonesian writes hours and minutes with a point; English "14:05"). */
export function time(value) {
  if (!value) return '–';
  const parts = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).formatToParts(new Date(value));
  const part = type => parts.find(p => p.type === type).value;
  return `${date(value)}, ${part('hour')}${lang === 'id' ? '.' : ':'}${part('minute')} WIB`;
}
/**
 * The last moment of a WIB day, as an ISO instant to the microsecond the server stamps events with: a replay or readiness
 * "at the end of" the day then holds what was stored in its last second too (23:59:59.5 WIB), as the daily coverage does.
 */
export const endOfDayWib = day => new Date(Date.parse(`${day}T00:00:00+07:00`) + 86_400_000 - 1).toISOString().replace('Z', '999Z');
/** Today's date on the WIB calendar, yyyy-MM-dd. */
export const todayWib = () => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
/** A datetime-local value read as WIB, as an ISO instant. */
export const wibToIso = local => (local ? new Date(`${local}:00+07:00`).toISOString() : null);
export const nowWibLocal = () => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date());
  const p = Object.fromEntries(parts.map(x => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
};

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** h('p', {class: 'x', onclick}, 'text', child) — builds elements without HTML strings. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) if (child != null && child !== false) el.append(child instanceof Node ? child : String(child));
  return el;
}
export const clear = (el, ...children) => { el.replaceChildren(); for (const c of children.flat(Infinity)) if (c) el.append(c); return el; };

/**
 * A page's reload run one at a time: asked for while one runs (fourteen districts answering at once), it runs once more
 * after it, so that the page ends on what was read last and an older answer arriving late never draws over a newer one.
 * Whoever asks is answered when the page shows at least what was there when they asked.
 */
export function oneAtATime(work) {
  let running = null;
  let again = false;
  return () => {
    if (running) { again = true; return running; }
    running = (async () => {
      try {
        // A reload that failed (a read timed out) does not cancel the one asked for meanwhile: that one runs.
        do { again = false; try { await work(); } catch (error) { if (!again) throw error; } } while (again);
      } finally { running = null; }
    })();
    return running;
  };
}

let toastTimer;
export function toast(text) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.classList.add('shown');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('shown'), 4000);
}

// ---- session and API ----
let session = JSON.parse(sessionStorage.getItem('desk.session') ?? 'null');
export const currentSession = () => session;

/**
 * The last answers to reads with a weak tag (lists, views, readiness: the server tags what it said), in memory only and for
 * this session only: the API's answers are never stored on the device. A live update on a slow line then reads again in
 * headers what has not changed. Each use parses the text anew, so a page may change what it was given.
 */
const held = new Map();
const heldAtMost = 200;
function hold(key, answer) {
  held.delete(key);
  held.set(key, answer);
  if (held.size > heldAtMost) held.delete(held.keys().next().value);
  return JSON.parse(answer.text);
}

// A duplicated tab, or a link opened in a new tab, starts with a copy of its opener's session, refresh token included; a
// refresh token is used once, and a replaced one presented after the server's grace ends the session for every tab. So the
// tabs of one session hand each new pair of tokens to one another, over a channel named by the session's own random group
// (a tab of another account never hears it), and refresh one at a time.
const randomGroup = () => [...crypto.getRandomValues(new Uint8Array(16))].map(b => b.toString(16).padStart(2, '0')).join('');
let tabs = null;
function joinTabs(group) {
  const name = group ? `desk.session:${group}` : null;
  if (tabs?.name === name) return;
  tabs?.close();
  tabs = name && 'BroadcastChannel' in window ? new BroadcastChannel(name) : null;
  tabs?.addEventListener('message', ({ data }) => {
    if (session?.group === group && data.issued > (session.issued ?? 0)) store({ ...session, ...data });
  });
}
joinTabs(session?.group);

function store(next) {
  // another account, or none, starts with nothing held from the last
  if (next?.group !== session?.group) held.clear();
  session = next;
  if (next) sessionStorage.setItem('desk.session', JSON.stringify(next)); else sessionStorage.removeItem('desk.session');
  joinTabs(next?.group);
}

/** One refresh at a time among the tabs of this session (where the browser offers locks: a secure context). */
const oneTabAtATime = work => session?.group && navigator.locks ? navigator.locks.request(`desk.refresh:${session.group}`, work) : work();
/**
 * The server ended the session (the account was disabled or changed, or signed out elsewhere): the sign-in page says so,
 * and signing in again leads back to the page that was open.
 */
export function sessionEnded() {
  keepSession(null);
  sessionStorage.setItem('desk.ended', location.hash);
  window.dispatchEvent(new Event('desk:signed-out'));
}

export function keepSession(next) {
  // a session signed in anew gets a group of its own; a session kept with new tokens keeps its group
  if (next) next = { ...next, group: next.group ?? randomGroup() };
  // new tokens of the same session (a refresh, a changed password) reach its other tabs
  const renewed = Boolean(next?.refreshToken) && next.group === session?.group && next.refreshToken !== session.refreshToken;
  if (renewed) next.issued = Math.max(Date.now(), (session.issued ?? 0) + 1);
  store(next);
  if (renewed) tabs?.postMessage({ accessToken: next.accessToken, refreshToken: next.refreshToken, expiresAt: next.expiresAt, issued: next.issued });
}

export class ApiError extends Error {
  constructor(status, problem) { super(problem?.detail ?? problem?.title ?? `HTTP ${status}`); this.status = status; this.problem = problem ?? {}; }
}
export class NetworkError extends Error {}

/**
 * How long a call waits for its answer to begin. On a stalled connection the browser waits for minutes: a command's button
 * stayed busy, and a page's reload never ended, so that no live update was shown after it. Past this the answer counts as
 * lost: a command's retry sends the same id or key, so the server does it once; the page's next update reads again.
 */
export const patience = 30_000;

async function send(path, { method = 'GET', body, idempotencyKey, ifMatch, ifNoneMatch, auth = true, accept = 'application/json', raw = false } = {}) {
  const headers = { Accept: accept, 'Accept-Language': lang };
  if (ifNoneMatch) headers['If-None-Match'] = ifNoneMatch;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth && session?.accessToken) headers.Authorization = `Bearer ${session.accessToken}`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (ifMatch != null) headers['If-Match'] = `"${ifMatch}"`;
  // Only until the answer begins; a download (an export, built before its first byte) waits as long as it takes.
  const stalled = raw ? null : new AbortController();
  const waiting = stalled && setTimeout(() => stalled.abort(), patience);
  try {
    return await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: stalled?.signal });
  } catch (e) {
    throw new NetworkError(e.message);
  } finally {
    clearTimeout(waiting);
  }
}

let refreshing;
/**
 * Trades the refresh token for new tokens once, however many calls found the access token expired: false when the server
 * refuses the refresh token; a server or proxy that fails to answer (5xx) or asks to wait (429) throws, as a network loss
 * does, and ends nothing.
 */
export function refresh() {
  if (!session?.refreshToken) return Promise.resolve(false);
  const presented = session.refreshToken;
  refreshing ??= (async () => {
    try {
      return await oneTabAtATime(async () => {
        // another tab of this session refreshed while this one waited: its tokens are this tab's now
        if (session?.refreshToken !== presented) return Boolean(session?.refreshToken);
        const res = await send('/api/account/refresh', { method: 'POST', body: { refreshToken: presented }, auth: false });
        if (res.status >= 500) throw new ApiError(res.status, null);
        // too many sign-ins from this address (an office behind one): the session holds, the answer says how long to wait
        if (res.status === 429) throw new ApiError(res.status, await res.json().catch(() => null));
        if (!res.ok) return false;
        const tokens = await res.json();
        keepSession({ ...session, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: expiresAt(tokens) });
        return true;
      });
    } finally { refreshing = undefined; }
  })();
  return refreshing;
}

/** When an access token runs out, as a clock time; a minute early, so that no call meets an expired token. */
export const expiresAt = tokens => (tokens.expiresIn ? Date.now() + (tokens.expiresIn - 60) * 1000 : null);
const expiring = () => session?.refreshToken && session.expiresAt && Date.now() >= session.expiresAt;

/** Calls the API; answers the parsed JSON (or null; the response itself with raw), throws ApiError with the problem detail, or NetworkError. */
export async function api(path, options = {}) {
  if (options.auth !== false && expiring()) await refresh();
  const used = session?.accessToken;
  // A read sends the tag of its last answer; unchanged, the server says so in a few headers, and the answer held is used.
  const key = (options.method ?? 'GET') === 'GET' && !options.raw ? `${lang} ${path}` : null;
  const before = key && held.get(key);
  const sent = before ? { ...options, ifNoneMatch: before.tag } : options;
  let res = await send(path, sent);
  // A call that went out with a token another call has meanwhile refreshed retries with the new one, without a second refresh
  if (res.status === 401 && options.auth !== false && (session?.accessToken !== used || (await refresh()))) res = await send(path, sent);
  if (res.status === 401 && options.auth !== false && session) sessionEnded();
  if (options.raw && res.ok) return res;
  if (res.status === 304 && before) return hold(key, before);
  const text = await res.text();
  // A proxy or gateway in between may answer with a page of its own (502, 503, 504): that is no problem detail.
  const json = text && /json/.test(res.headers.get('Content-Type') ?? '') ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, json);
  const tag = res.headers.get('ETag');
  if (key && tag?.startsWith('W/') && json) hold(key, { tag, text });
  return json;
}

// Refusals whose detail speaks of the ids and keys the page sends, not of what the person did: the page's words alone.
const pageWords = ['id-names-another-resource', 'idempotency-key-reused', 'service-record-differs', 'idempotency-in-progress', 'id-created-concurrently'];

/** A problem detail in the page's words: a known code or status heading, then the API's own detail. */
export function problemText(error) {
  if (error instanceof NetworkError) return t('problem.network');
  const p = error.problem ?? {};
  if (pageWords.includes(p.code)) return t(`problem.code.${p.code}`);
  const heading = p.code && has(`problem.code.${p.code}`) ? t(`problem.code.${p.code}`)
    : has(`problem.${error.status}`) ? t(`problem.${error.status}`)
      : [502, 503, 504].includes(error.status) ? t('problem.unavailable') : (p.title ?? t('problem.other'));
  return p.detail ? `${heading} ${p.detail}` : heading;
}

let districtsCache;
export async function districts() {
  districtsCache ??= await (await fetch(`${base}i18n/districts.json`)).json();
  return districtsCache;
}
export const districtName = code => districtsCache?.find(d => d.code === code)?.name ?? code;
