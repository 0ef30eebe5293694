/*
 * Pharos web UI: plain JavaScript modules, no build step, no libraries. Every page is drawn from
 * the JSON API (docs/api.md); live changes come as server-sent events from /api/events.
 * This module routes between pages, draws the top bar, keeps the event stream and signs in and out;
 * the pages live in their own modules.
 */
import { api, apiGet, go, install, mayLaunch, session } from './core.js';
import { clear, h, hideTip, main } from './dom.js';
import { computeEnvsPage } from './envs.js';
import { launchPage } from './launch.js';
import { runPage } from './run.js';
import { runsPage } from './runs.js';
import { tokensPage } from './tokens.js';

const nav = document.getElementById('nav');
let page = null;        // the current page: {onEvent(e), stop()}
let events = null;      // the EventSource

// ---------- navigation ----------
document.addEventListener('click', e => {
  const a = e.target.closest && e.target.closest('a[data-nav]');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  go(a.getAttribute('href'));
});
window.addEventListener('popstate', route);

function route() {
  hideTip();
  if (page) { page.stop(); page = null; }
  if (!session.me) { signInPage(); return; }
  drawNav();
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const m = path.match(/^\/watch\/([^/]+)$/);
  if (path === '/') page = runsPage();
  else if (m) page = runPage(decodeURIComponent(m[1]));
  else if (path === '/tokens') page = tokensPage();
  else if (path === '/launch') page = launchPage();
  else if (path === '/compute-envs') page = computeEnvsPage();
  else { clear(main, h('div', { class: 'card' }, h('h1', { text: 'Not found' }), h('p', {}, 'No page at ' + path + '. ', h('a', { href: '/', 'data-nav': true, text: 'All runs' })))); page = { onEvent() {}, stop() {} }; }
  document.title = 'Pharos';
}

function drawNav() {
  const path = location.pathname;
  const me = session.me;
  const liveEl = h('span', { id: 'live', class: 'live' + (events && events.readyState === 1 ? ' on' : ''), title: 'Live updates' }, 'live');
  const link = (href, text, on, id) => h('a', { href, id, 'data-nav': true, class: on ? 'on' : '', text });
  clear(nav,
    link('/', 'Runs', path === '/' || path.startsWith('/watch')),
    // Launching runs code on the server host: only users who may launch are shown the way to it.
    mayLaunch() ? link('/launch', 'Launch', path === '/launch', 'nav-launch') : null,
    mayLaunch() ? link('/compute-envs', 'Compute environments', path === '/compute-envs', 'nav-envs') : null,
    link('/tokens', 'Access tokens', path === '/tokens'),
    h('span', { class: 'spacer' }),
    liveEl,
    h('span', { class: 'who', id: 'who' }, me.userName + (me.role === 'admin' ? ' (admin)' : '')),
    h('button', { type: 'button', id: 'signout', onclick: signOut, text: 'Sign out' }));
}
function setLive(on) {
  document.body.dataset.live = on ? 'on' : 'off';
  const el = document.getElementById('live');
  if (el) {
    el.classList.toggle('on', on);
    el.textContent = on ? 'live' : 'reconnecting…';
  }
}

// ---------- live events ----------
function connectEvents() {
  if (events) events.close();
  const es = new EventSource('/api/events');
  events = es;
  es.addEventListener('ready', () => setLive(true));
  es.addEventListener('workflow', e => {
    let ev;
    try { ev = JSON.parse(e.data); } catch (x) { return; }
    if (page) page.onEvent(ev);
  });
  es.onerror = () => {
    setLive(false);
    // The browser retries by itself unless the server refused (e.g. 401): then check the session.
    if (es.readyState === 2 && events === es) {
      setTimeout(async () => {
        if (events !== es) return;
        try { await apiGet('/api/user-info'); connectEvents(); } catch (x) { /* signedOut handles 401 */ }
      }, 5000);
    }
  };
}

// Browsers allow about 6 connections per server over HTTP/1.1, and every open stream holds one:
// a page being left, or a tab hidden for a minute, gives its stream back, and catches up on return.
let hiddenTimer = null;
function dropEvents() {
  if (events) { events.close(); events = null; }
  setLive(false);
}
function resumeEvents() {
  if (!session.me || events) return;
  connectEvents();
  if (page) page.onEvent({ type: 'resync' });
}
window.addEventListener('pagehide', dropEvents);
window.addEventListener('pageshow', e => { if (e.persisted) resumeEvents(); });
document.addEventListener('visibilitychange', () => {
  clearTimeout(hiddenTimer);
  if (document.hidden) hiddenTimer = setTimeout(dropEvents, 60000);
  else resumeEvents();
});


// ---------- sign in / out ----------
function signInPage(message) {
  clear(nav);
  const input = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'current-password',
    placeholder: 'pharos_…', required: true, 'aria-label': 'Access token' });
  const err = h('div', { class: 'err', id: 'signin-error', hidden: !message }, message || '');
  const form = h('form', {
    onsubmit: async e => {
      e.preventDefault();
      err.hidden = true;
      try {
        await api('POST', '/api/session', { token: input.value });
        await start();
      } catch (x) {
        err.textContent = x.status === 401 ? 'That access token is unknown or revoked.' : x.message;
        err.hidden = false;
      }
    }
  },
  h('label', { for: 'token', text: 'Access token' }), input,
  h('button', { type: 'submit', class: 'primary', id: 'signin', text: 'Sign in' }), err);
  clear(main, h('div', { class: 'card signin' },
    h('h1', { text: 'Sign in to Pharos' }),
    h('p', { class: 'muted' }, 'Paste one of your access tokens. On a first start the server prints the admin\'s token; ',
      'make more with ', h('code', { text: 'pharos token create' }), ' or on the Access tokens page.'),
    form));
  input.focus();
}
function signedOut(message) {
  session.me = null;
  if (events) { events.close(); events = null; }
  if (page) { page.stop(); page = null; }
  signInPage(message);
}
async function signOut() {
  try { await api('DELETE', '/api/session'); } catch (x) { /* the cookie is cleared anyway */ }
  signedOut('Signed out.');
}


// ---------- start ----------
async function start() {
  try {
    session.me = (await apiGet('/api/user-info')).user;
  } catch (x) {
    session.me = null;
    signInPage(x.status === 401 ? null : x.message);
    return;
  }
  try { session.serviceInfo = (await apiGet('/api/service-info')).serviceInfo; } catch (x) { session.serviceInfo = null; }
  connectEvents();
  route();
}
install(route, signedOut);
start();
