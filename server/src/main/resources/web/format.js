/* Formatting of times, durations, sizes and counts, and a throttle for refreshes. No DOM here. */

export const LIVE_STATES = ['SUBMITTED', 'RUNNING', 'UNKNOWN'];

const pad = n => String(n).padStart(2, '0');
export function fmtTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' '
    + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
}
export function fmtDur(ms) {
  if (ms === null || ms === undefined || isNaN(ms)) return '–';
  ms = Math.max(0, Math.round(ms));
  if (ms < 1000) return ms + ' ms';
  let sec = Math.floor(ms / 1000);
  if (sec < 60) return (ms / 1000).toFixed(ms < 10000 ? 1 : 0) + ' s';
  const d = Math.floor(sec / 86400); sec %= 86400;
  const hr = Math.floor(sec / 3600); sec %= 3600;
  const m = Math.floor(sec / 60); sec %= 60;
  if (d) return d + 'd ' + hr + 'h ' + m + 'm';
  if (hr) return hr + 'h ' + m + 'm ' + sec + 's';
  return m + 'm ' + sec + 's';
}
export function fmtBytes(b) {
  if (b === null || b === undefined || isNaN(b)) return '–';
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0; let v = Number(b);
  while (Math.abs(v) >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v : v.toFixed(v < 10 ? 2 : 1)) + ' ' + u[i];
}
export const fmtNum = n => (n === null || n === undefined) ? '–' : Number(n).toLocaleString('en-US');
export const fmtPct = n => (n === null || n === undefined || isNaN(n)) ? '–' : (Math.round(n * 10) / 10) + ' %';
export function runDuration(w) {
  if (w.duration !== null && w.duration !== undefined && w.complete) return w.duration;
  const from = w.start || w.submit;
  if (!from) return null;
  const to = w.complete ? new Date(w.complete) : new Date();
  return to - new Date(from);
}
export const isLive = w => LIVE_STATES.includes(w.status);


/** Runs fn at most once per `every` ms, the last call winning; for refreshes on bursts of events. */
export function throttle(fn, every) {
  let last = 0; let timer = null;
  const t = () => {
    if (timer) return;
    const wait = Math.max(0, last + every - Date.now());
    timer = setTimeout(() => { timer = null; last = Date.now(); fn(); }, Math.max(wait, 150));
  };
  t.cancel = () => { if (timer) clearTimeout(timer); timer = null; };
  return t;
}

