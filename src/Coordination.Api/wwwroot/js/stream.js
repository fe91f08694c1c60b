// GET /api/events/stream read with fetch and a ReadableStream (EventSource cannot send Authorization);
// reconnects with back-off after a network loss and tells the page, which then reloads what it shows.
import { currentSession, language, refresh, sessionEnded } from './core.js';

const quietLimit = 40_000; // the server sends a heartbeat every 15 s
export const refreshEvery = 15_000;

// A busy hour moves the views every second: a page reads again at most this often on their account.
export const changedGap = 2_000;

/**
 * Listens to the caller's notices. What no notice announces (a team deployed, arrived or stood down, a service record, a
 * roster's change) reaches a page through onRefresh: at once when the stream says "changed" (at most every 2 s, the last
 * change always read), every 15 s while the page is in view unless `poll` is false, and at once when it comes back into
 * view. The province's stream says "changed" when the views took in anything; a district officer's when something of
 * their own district changed, so their page, often on a slow line, does not poll.
 */
export function listen({ onNotice, onState, onReconnected, onRefresh, poll = true }) {
  let stopped = false;
  let controller;
  let delay = 1000;
  // A phone that loses its signal says so at once; a half-open connection would otherwise wait out the watchdog.
  const lost = () => controller?.abort();
  window.addEventListener('offline', lost);
  const inView = () => document.visibilityState === 'visible';
  const refresher = onRefresh && poll ? setInterval(() => { if (inView()) onRefresh(); }, refreshEvery) : null;
  const shown = () => { if (inView()) onRefresh?.(); };
  let lastChanged = 0;
  let pending;
  const changed = () => {
    if (!onRefresh || pending) return;
    const wait = lastChanged + changedGap - Date.now();
    const read = () => { pending = undefined; lastChanged = Date.now(); if (inView()) onRefresh(); };
    if (wait <= 0) read(); else pending = setTimeout(read, wait);
  };
  document.addEventListener('visibilitychange', shown);

  // Until the stream first answers (a slow connection), the live mark says it is connecting rather than nothing.
  onState?.('connecting');
  (async () => {
    let connectedBefore = false;
    while (!stopped) {
      controller = new AbortController();
      let watchdog;
      const quiet = () => { clearTimeout(watchdog); watchdog = setTimeout(() => controller.abort(), quietLimit); };
      try {
        const session = currentSession();
        if (session?.refreshToken && session.expiresAt && Date.now() >= session.expiresAt) await refresh();
        const used = currentSession()?.accessToken;
        const res = await fetch('/api/events/stream', {
          headers: { Accept: 'text/event-stream', 'Accept-Language': language(), Authorization: `Bearer ${used}` },
          signal: controller.signal, cache: 'no-store'
        });
        // Another call may have refreshed the token meanwhile: then reconnect with it, without a second refresh
        if (res.status === 401 && (currentSession()?.accessToken !== used || (await refresh()))) continue;
        if (res.status === 401 && currentSession()) { sessionEnded(); return; }
        if (!res.ok || !res.body) throw new Error(`stream ${res.status}`);
        onState?.('live');
        delay = 1000;
        if (connectedBefore) onReconnected?.();
        connectedBefore = true;
        quiet();
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          quiet();
          buffer += value.replace(/\r\n/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const type = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
            const data = [...block.matchAll(/^data: ?(.*)$/gm)].map(m => m[1]).join('\n');
            if (type === 'notice' && data) onNotice?.(JSON.parse(data));
            else if (type === 'changed') changed();
          }
        }
      } catch {
        // network loss, server restart or a silent connection: reconnect below
      } finally { clearTimeout(watchdog); }
      if (stopped) return;
      onState?.('reconnecting');
      // The browser saying it is online again cuts the wait short.
      await new Promise(resolve => {
        const back = () => { clearTimeout(timer); window.removeEventListener('online', back); resolve(); };
        const timer = setTimeout(back, delay);
        window.addEventListener('online', back);
      });
      delay = Math.min(delay * 2, 15_000);
    }
  })();

  return () => {
    stopped = true; window.removeEventListener('offline', lost); controller?.abort();
    clearInterval(refresher); clearTimeout(pending); document.removeEventListener('visibilitychange', shown);
  };
}
