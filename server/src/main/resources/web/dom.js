/*
 * DOM building, status badges, progress bars, dialogs and the tooltip. Markup is built with
 * DOM calls, never from strings, so run names or logs cannot inject HTML.
 */
import { fmtDur } from './format.js';

const SVGNS = 'http://www.w3.org/2000/svg';
export const main = document.getElementById('main');
const tip = document.getElementById('tip');

// ---------- DOM helpers ----------
export function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, kids);
  return el;
}
export function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVGNS, tag);
  setAttrs(el, attrs);
  append(el, kids);
  return el;
}
function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (k === 'style') Object.assign(el.style, v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
}
function append(el, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
}
export function clear(el, ...kids) {
  el.replaceChildren();
  append(el, kids);
  return el;
}

// ---------- status badges with an icon, so colour is never the only signal ----------
const ICONS = {
  ok: 'M3 8.5l3 3 7-7',
  fail: 'M4 4l8 8M12 4l-8 8',
  run: 'M5 3.5v9l7-4.5z',
  wait: 'M8 4.5V8l2.5 1.5M8 1.8a6.2 6.2 0 1 0 0 12.4a6.2 6.2 0 1 0 0-12.4',
  cached: 'M2.5 5h11M2.5 8h11M2.5 11h11',
  stop: 'M3.6 12.4l8.8-8.8M8 1.8a6.2 6.2 0 1 0 0 12.4a6.2 6.2 0 1 0 0-12.4',
  unknown: 'M5.8 6a2.3 2.3 0 1 1 3.3 2c-.8.4-1.1 1-1.1 1.8M8 12.2v.3'
};
const STATUS_ICON = { SUCCEEDED: 'ok', COMPLETED: 'ok', FAILED: 'fail', RUNNING: 'run', SUBMITTED: 'wait',
  NEW: 'wait', CACHED: 'cached', CANCELLED: 'stop', ABORTED: 'stop', UNKNOWN: 'unknown' };
function icon(name) {
  const fill = name === 'run' ? 'currentColor' : 'none';
  return s('svg', { viewBox: '0 0 16 16', 'aria-hidden': 'true' },
    s('path', { d: ICONS[name], fill, stroke: 'currentColor', 'stroke-width': name === 'run' ? 1 : 2,
      'stroke-linecap': 'round', 'stroke-linejoin': 'round' }));
}
export function badge(status) {
  const st = status || 'UNKNOWN';
  return h('span', { class: 'badge s-' + st, 'data-status': st }, icon(STATUS_ICON[st] || 'unknown'),
    st.charAt(0) + st.slice(1).toLowerCase());
}

// ---------- progress bars ----------
export const BAR_PARTS = ['succeeded', 'cached', 'failed', 'running', 'submitted', 'pending'];
export function progressBar(p) {
  p = p || {};
  const total = BAR_PARTS.reduce((a, k) => a + (p[k] || 0), 0);
  const label = BAR_PARTS.filter(k => p[k]).map(k => p[k] + ' ' + k).join(', ') || 'no tasks yet';
  const bar = h('div', { class: 'bar', role: 'img', 'aria-label': label, title: label });
  if (total > 0) {
    for (const k of BAR_PARTS) {
      if (p[k]) bar.append(h('span', { class: k, style: { width: (100 * p[k] / total) + '%' } }));
    }
  }
  return bar;
}
export function barCell(p) {
  p = p || {};
  const total = BAR_PARTS.reduce((a, k) => a + (p[k] || 0), 0);
  const done = (p.succeeded || 0) + (p.cached || 0) + (p.failed || 0);
  return h('div', { class: 'barcell' }, progressBar(p), h('span', { class: 'count', text: done + '/' + total }));
}
export function legend() {
  return h('div', { class: 'legend' }, BAR_PARTS.map(k => h('span', {}, h('i', { class: 'bar-' + k, style: { background: `var(--${{ succeeded: 'ok', cached: 'cached', failed: 'fail', running: 'run', submitted: 'wait', pending: 'pending' }[k]})` } }), k)));
}

// ---------- dialogs: removed from the page when closed ----------
export function dialog(title, body, buttons, cls) {
  const d = h('dialog', { class: cls || '' },
    h('div', { class: 'dhead' }, h('h2', {}, title), h('button', { type: 'button', class: 'close', 'aria-label': 'Close', text: '✕', onclick: () => d.close() })),
    h('div', { class: 'dbody' }, body),
    buttons ? h('div', { class: 'dfoot' }, buttons) : null);
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  d.showModal();
  return d;
}

// ---------- the tooltip of charts ----------
export function showTip(e, text) {
  tip.textContent = text;
  tip.hidden = false;
  moveTip(e);
}
export function moveTip(e) {
  const pad = 14;
  let x = e.clientX + pad; let y = e.clientY + pad;
  const r = tip.getBoundingClientRect();
  if (x + r.width > window.innerWidth - 4) x = e.clientX - r.width - pad;
  if (y + r.height > window.innerHeight - 4) y = e.clientY - r.height - pad;
  tip.style.left = Math.max(4, x) + 'px';
  tip.style.top = Math.max(4, y) + 'px';
}
export function hideTip() { tip.hidden = true; }

/** Live durations (elements with data-since) tick every second without asking the server. */
export function tickDurations() {
  for (const el of main.querySelectorAll('[data-since]')) {
    el.textContent = fmtDur(Date.now() - new Date(el.dataset.since));
  }
}


// ---------- forms ----------
/** A labelled form control with optional help text; `wide` spans the whole row of a two-column form. */
export function field(label, control, help, wide) {
  return h('div', { class: 'field' + (wide ? ' wide' : '') },
    h('label', { for: control.id, text: label }), control,
    help ? h('div', { class: 'help', id: control.id + '-help' }, help) : null);
}
/** A checkbox with its label beside it, and optional help under both. */
export function checkField(label, box, help) {
  return h('div', { class: 'field check' }, h('label', {}, box, ' ', label),
    help ? h('div', { class: 'help', id: box.id + '-help' }, help) : null);
}
/**
 * Shows a refused request's message in `err`, and marks the control of the field it names
 * ("Invalid value for 'pipeline': ...") so the person sees where to look.
 */
export function showFieldError(err, message, controls) {
  err.textContent = message;
  err.hidden = false;
  for (const c of Object.values(controls)) c.removeAttribute('aria-invalid');
  // The server's words: "Invalid value for 'x'", "Field 'x' is required", "Invalid config.x '...'".
  const named = /(?:value for|Field) '([\w.]+)'/.exec(message) || /^Invalid (config\.\w+|name) /.exec(message);
  const key = named && named[1].replace(/^config\./, '');
  const c = key && controls[key];
  if (c) { c.setAttribute('aria-invalid', 'true'); c.focus(); }
}
