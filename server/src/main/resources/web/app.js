/*
 * Pharos web UI: plain JavaScript, no build step, no libraries. Every page is drawn from the
 * JSON API (docs/api.md); live changes come as server-sent events from /api/events.
 * Markup is built with DOM calls (never from strings), so run names or logs cannot inject HTML.
 */
'use strict';
(function () {
  const main = document.getElementById('main');
  const nav = document.getElementById('nav');
  const tip = document.getElementById('tip');
  const SVGNS = 'http://www.w3.org/2000/svg';
  const LIVE_STATES = ['SUBMITTED', 'RUNNING', 'UNKNOWN'];
  const TIMELINE_MAX = 3000;
  // Okabe-Ito, for process colours in the timeline.
  const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'];

  let me = null;          // the signed-in user
  let serviceInfo = null;
  let page = null;        // the current page: {onEvent(e), stop()}
  let events = null;      // the EventSource

  // ---------- DOM helpers ----------
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, kids);
    return el;
  }
  function s(tag, attrs, ...kids) {
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
  function clear(el, ...kids) {
    el.replaceChildren();
    append(el, kids);
    return el;
  }

  // ---------- formatting ----------
  const pad = n => String(n).padStart(2, '0');
  function fmtTime(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    if (isNaN(d)) return String(iso);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' '
      + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }
  function fmtDur(ms) {
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
  function fmtBytes(b) {
    if (b === null || b === undefined || isNaN(b)) return '–';
    const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let i = 0; let v = Number(b);
    while (Math.abs(v) >= 1024 && i < u.length - 1) { v /= 1024; i++; }
    return (i === 0 ? v : v.toFixed(v < 10 ? 2 : 1)) + ' ' + u[i];
  }
  const fmtNum = n => (n === null || n === undefined) ? '–' : Number(n).toLocaleString('en-US');
  const fmtPct = n => (n === null || n === undefined || isNaN(n)) ? '–' : (Math.round(n * 10) / 10) + ' %';
  function runDuration(w) {
    if (w.duration !== null && w.duration !== undefined && w.complete) return w.duration;
    const from = w.start || w.submit;
    if (!from) return null;
    const to = w.complete ? new Date(w.complete) : new Date();
    return to - new Date(from);
  }
  const isLive = w => LIVE_STATES.includes(w.status);

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
  function badge(status) {
    const st = status || 'UNKNOWN';
    return h('span', { class: 'badge s-' + st, 'data-status': st }, icon(STATUS_ICON[st] || 'unknown'),
      st.charAt(0) + st.slice(1).toLowerCase());
  }

  // ---------- the API ----------
  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }
  async function api(method, path, body) {
    // The session cookie authenticates; the header proves the request comes from this page (CSRF).
    const opts = { method, credentials: 'same-origin', headers: { 'X-Pharos-UI': '1', Accept: 'application/json' } };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    let r;
    try {
      r = await fetch(path, opts);
    } catch (e) {
      throw new ApiError(0, 'Cannot reach the Pharos server');
    }
    const text = await r.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch (e) { data = text; }
    }
    if (!r.ok) {
      if (r.status === 401 && me && path !== '/api/session') {
        signedOut('Your session ended: sign in again.');
      }
      throw new ApiError(r.status, (data && data.message) || ('HTTP ' + r.status));
    }
    return data;
  }
  const apiGet = path => api('GET', path);
  function qs(params) {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') u.set(k, v);
    const q = u.toString();
    return q ? '?' + q : '';
  }

  // ---------- navigation ----------
  function go(path, replace) {
    if (replace) history.replaceState(null, '', path); else history.pushState(null, '', path);
    route();
  }
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
    if (!me) { signInPage(); return; }
    drawNav();
    const path = location.pathname.replace(/\/+$/, '') || '/';
    const m = path.match(/^\/watch\/([^/]+)$/);
    if (path === '/') page = runsPage();
    else if (m) page = runPage(decodeURIComponent(m[1]));
    else if (path === '/tokens') page = tokensPage();
    else { clear(main, h('div', { class: 'card' }, h('h1', { text: 'Not found' }), h('p', {}, 'No page at ' + path + '. ', h('a', { href: '/', 'data-nav': true, text: 'All runs' })))); page = { onEvent() {}, stop() {} }; }
    document.title = 'Pharos';
  }

  function drawNav() {
    const path = location.pathname;
    const liveEl = h('span', { id: 'live', class: 'live' + (events && events.readyState === 1 ? ' on' : ''), title: 'Live updates' }, 'live');
    clear(nav,
      h('a', { href: '/', 'data-nav': true, class: path === '/' || path.startsWith('/watch') ? 'on' : '', text: 'Runs' }),
      h('a', { href: '/tokens', 'data-nav': true, class: path === '/tokens' ? 'on' : '', text: 'Access tokens' }),
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
    if (!me || events) return;
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

  /** Runs fn at most once per `every` ms, the last call winning; for refreshes on bursts of events. */
  function throttle(fn, every) {
    let last = 0; let timer = null;
    const t = () => {
      if (timer) return;
      const wait = Math.max(0, last + every - Date.now());
      timer = setTimeout(() => { timer = null; last = Date.now(); fn(); }, Math.max(wait, 150));
    };
    t.cancel = () => { if (timer) clearTimeout(timer); timer = null; };
    return t;
  }

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
    me = null;
    if (events) { events.close(); events = null; }
    if (page) { page.stop(); page = null; }
    signInPage(message);
  }
  async function signOut() {
    try { await api('DELETE', '/api/session'); } catch (x) { /* the cookie is cleared anyway */ }
    signedOut('Signed out.');
  }

  // ---------- progress bars ----------
  const BAR_PARTS = ['succeeded', 'cached', 'failed', 'running', 'submitted', 'pending'];
  function progressBar(p) {
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
  function barCell(p) {
    p = p || {};
    const total = BAR_PARTS.reduce((a, k) => a + (p[k] || 0), 0);
    const done = (p.succeeded || 0) + (p.cached || 0) + (p.failed || 0);
    return h('div', { class: 'barcell' }, progressBar(p), h('span', { class: 'count', text: done + '/' + total }));
  }
  function legend() {
    return h('div', { class: 'legend' }, BAR_PARTS.map(k => h('span', {}, h('i', { class: 'bar-' + k, style: { background: `var(--${{ succeeded: 'ok', cached: 'cached', failed: 'fail', running: 'run', submitted: 'wait', pending: 'pending' }[k]})` } }), k)));
  }

  // ---------- page: list of runs ----------
  function runsPage() {
    const params = new URLSearchParams(location.search);
    const state = { search: params.get('search') || '', max: +(params.get('max') || 50), offset: +(params.get('offset') || 0) };
    if (![25, 50, 100, 200].includes(state.max)) state.max = 50;
    let seq = 0; let stopped = false;
    const flash = sessionStorage.getItem('pharos.flash');
    sessionStorage.removeItem('pharos.flash');

    const search = h('input', { type: 'search', id: 'run-search', value: state.search, 'aria-label': 'Search runs',
      placeholder: 'Search: free text, status:FAILED, runName:, projectName:, username:, sessionId:, after:2026-11-01, before:' });
    const err = h('div', { class: 'err', hidden: true });
    const count = h('span', { class: 'muted small', id: 'run-count' });
    const tbody = h('tbody', { id: 'runs' });
    const pagerText = h('span', { class: 'muted small' });
    const prev = h('button', { type: 'button', id: 'runs-prev', text: '← Newer', onclick: () => move(-1) });
    const next = h('button', { type: 'button', id: 'runs-next', text: 'Older →', onclick: () => move(1) });
    const size = h('select', { 'aria-label': 'Runs per page', onchange: () => { state.max = +size.value; state.offset = 0; commit(); } },
      [25, 50, 100, 200].map(n => h('option', { value: n, selected: n === state.max, text: n + ' per page' })));
    let typing = null;
    search.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => { state.search = search.value.trim(); state.offset = 0; commit(); }, 350);
    });
    search.addEventListener('keydown', e => { if (e.key === 'Enter') { clearTimeout(typing); state.search = search.value.trim(); state.offset = 0; commit(); } });

    clear(main,
      flash ? h('div', { class: 'note', id: 'flash', text: flash }) : null,
      h('div', { class: 'pagehead' }, h('h1', { text: me.role === 'admin' ? 'All runs' : 'Your runs' }), count),
      h('section', { class: 'card' },
        h('div', { class: 'toolbar' }, search, size),
        h('details', { class: 'small' }, h('summary', { text: 'Search syntax' }),
          h('p', { class: 'muted' }, 'Words match run name, project or session id. Keys narrow further and are combined: ',
            h('code', { text: 'status:FAILED' }), ', ', h('code', { text: 'runName:"my run"' }), ', ', h('code', { text: 'projectName:' }),
            ', ', h('code', { text: 'username:' }), ', ', h('code', { text: 'sessionId:' }), ', ', h('code', { text: 'after:2026-11-01' }),
            ' (on or after), ', h('code', { text: 'before:2026-11-24' }), '.')),
        err,
        h('div', { class: 'tablewrap' }, h('table', { class: 'runs' },
          h('thead', {}, h('tr', {},
            h('th', { text: 'Status' }), h('th', { text: 'Run' }), h('th', { class: 'opt', text: 'Project' }),
            h('th', { class: 'opt', text: 'User' }), h('th', { text: 'Submitted' }), h('th', { class: 'num', text: 'Duration' }),
            h('th', { text: 'Progress' }))),
          tbody)),
        h('div', { class: 'pager' }, pagerText, prev, next)));

    function commit() {
      const q = qs({ search: state.search, offset: state.offset || null, max: state.max === 50 ? null : state.max });
      history.replaceState(null, '', '/' + q);
      load();
    }
    function move(dir) {
      state.offset = Math.max(0, state.offset + dir * state.max);
      commit();
    }
    async function load() {
      const my = ++seq;
      try {
        const data = await apiGet('/api/workflows' + qs({ max: state.max, offset: state.offset, search: state.search }));
        if (my !== seq || stopped) return;
        err.hidden = true;
        draw(data);
      } catch (x) {
        if (my !== seq || stopped) return;
        err.textContent = x.message;
        err.hidden = false;
      }
    }
    function draw(data) {
      const rows = data.workflows || [];
      const total = data.totalSize || 0;
      count.textContent = fmtNum(total) + (total === 1 ? ' run' : ' runs');
      if (!rows.length) {
        clear(tbody, h('tr', {}, h('td', { colspan: 7, class: 'empty' },
          state.search || state.offset ? 'No runs match.' : emptyHelp())));
      } else {
        clear(tbody, rows.map(item => {
          const w = item.workflow;
          const wp = item.progress && item.progress.workflowProgress;
          return h('tr', { 'data-id': w.id },
            h('td', {}, badge(w.status)),
            h('td', { class: 'name' }, h('a', { href: '/watch/' + encodeURIComponent(w.id), 'data-nav': true, class: 'run-link', text: w.runName || w.id })),
            h('td', { class: 'opt name', text: w.projectName || '–' }),
            h('td', { class: 'opt', text: w.userName || '–' }),
            h('td', { text: fmtTime(w.submit) }),
            h('td', { class: 'num', dataset: isLive(w) && (w.start || w.submit) ? { since: w.start || w.submit } : {} , text: fmtDur(runDuration(w)) }),
            h('td', {}, barCell(wp)));
        }));
      }
      const from = total ? state.offset + 1 : 0;
      pagerText.textContent = from + '–' + (state.offset + rows.length) + ' of ' + fmtNum(total);
      prev.disabled = state.offset === 0;
      next.disabled = !data.hasMore;
    }
    function emptyHelp() {
      const url = (serviceInfo && serviceInfo.serverUrl) || location.origin;
      return h('div', {}, 'No runs yet. Report one with ',
        h('code', { text: 'TOWER_ACCESS_TOKEN=<token> nextflow run <pipeline> -with-tower ' + url + '/api' }));
    }
    const refresh = throttle(load, 1000);
    const ticker = setInterval(tickDurations, 1000);
    load();
    return {
      onEvent() { refresh(); },
      stop() { stopped = true; refresh.cancel(); clearInterval(ticker); clearTimeout(typing); }
    };
  }
  function tickDurations() {
    for (const el of main.querySelectorAll('[data-since]')) {
      el.textContent = fmtDur(Date.now() - new Date(el.dataset.since));
    }
  }

  // ---------- page: one run ----------
  function runPage(id) {
    let stopped = false;
    let wf = null;
    const timers = [];
    const root = h('div', { id: 'run', 'data-id': id });
    clear(main, root, h('p', { class: 'muted', id: 'run-loading', text: 'Loading run…' }));

    const head = h('div');
    const summary = h('section', { class: 'card', id: 'summary' });
    const procs = h('section', { class: 'card', id: 'processes' });
    const tasks = taskTable(id);
    const metrics = metricsPanel(id);
    const timeline = timelinePanel(id, () => !!wf && isLive(wf));
    const consoleLog = consolePanel(id);
    const details = h('section', { class: 'card', id: 'details' });

    async function load() {
      try {
        const data = await apiGet('/api/workflow/' + encodeURIComponent(id));
        if (stopped) return;
        const first = !wf;
        wf = data.workflow;
        if (first) {
          const loading = document.getElementById('run-loading');
          if (loading) loading.remove();
          clear(root, head, summary, procs, tasks.el, metrics.el, timeline.el, consoleLog.el, details);
          drawDetails();
          tasks.load(); metrics.load(); timeline.load(); consoleLog.probe();
          probeCancel();
        }
        document.title = (wf.runName || id) + ' · Pharos';
        drawHead(); drawSummary(data.progress); drawProcesses(data.progress);
      } catch (x) {
        if (stopped) return;
        if (!wf) {
          clear(main, h('section', { class: 'card', id: 'run-error' },
            h('h1', { text: x.status === 403 ? 'Not your run' : x.status === 404 || x.status === 400 ? 'Run not found' : 'Cannot show this run' }),
            h('p', { class: 'err', text: x.message }),
            h('p', {}, h('a', { href: '/', 'data-nav': true, text: '← All runs' }))));
        }
      }
    }
    // Cancelling needs the launch feature: offered only for a run Pharos launched (its launch record answers 200).
    let cancellable = false;
    async function probeCancel() {
      try {
        const r = await fetch('/api/workflow/' + encodeURIComponent(id) + '/launch', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        cancellable = r.status === 200;
      } catch (x) { cancellable = false; }
      if (!stopped && wf && cancellable) drawHead();
    }
    function drawHead() {
      const actions = h('div', { class: 'actions' },
        cancellable && isLive(wf) ? h('button', { type: 'button', class: 'danger', id: 'cancel-run', text: 'Cancel run…', onclick: () => confirmCancel(wf) }) : null,
        h('button', { type: 'button', class: 'danger', id: 'delete-run', text: 'Delete run…', onclick: () => confirmDelete(wf) }));
      clear(head,
        h('a', { href: '/', 'data-nav': true, class: 'crumb', text: '← All runs' }),
        h('div', { class: 'pagehead' },
          h('span', { id: 'run-status' }, badge(wf.status)),
          h('h1', { id: 'run-name', text: wf.runName || id }),
          h('span', { class: 'muted' }, wf.projectName || ''),
          actions),
        wf.status === 'FAILED' || wf.errorMessage ? h('section', { class: 'card', id: 'run-error-report' },
          h('h2', { text: 'Error' }),
          h('pre', { id: 'error-message', text: wf.errorMessage || '(no message)' }),
          wf.errorReport ? h('details', {}, h('summary', { text: 'Error report' }), h('pre', { text: wf.errorReport })) : null) : null);
    }
    function stat(k, v, opts) {
      return h('div', { class: 'stat', dataset: opts && opts.key ? { key: opts.key } : {} },
        h('div', { class: 'k', text: k }),
        h('div', { class: 'v' + (opts && opts.mono ? ' mono' : ''), dataset: opts && opts.since ? { since: opts.since } : {}, text: v }));
    }
    function drawSummary(progress) {
      const p = (progress && progress.workflowProgress) || {};
      const nf = wf.nextflow || {};
      const live = isLive(wf) && (wf.start || wf.submit);
      clear(summary,
        h('h2', { text: 'Summary' }),
        h('div', { class: 'grid' },
          stat('Submitted', fmtTime(wf.submit)),
          stat('Started', fmtTime(wf.start)),
          stat('Completed', fmtTime(wf.complete)),
          stat('Duration', fmtDur(runDuration(wf)), live ? { since: wf.start || wf.submit } : null),
          stat('Nextflow', nf.version ? nf.version + (nf.build ? ' (build ' + nf.build + ')' : '') : '–'),
          stat('User', wf.userName || '–'),
          stat('Exit status', wf.exitStatus === null || wf.exitStatus === undefined ? '–' : String(wf.exitStatus)),
          stat('Profile', wf.profile || '–'),
          stat('Revision', wf.revision || wf.commitId || '–', { mono: true }),
          stat('Container', wf.container || '–', { mono: true }),
          stat('Resumed', wf.resume ? 'yes' : 'no'),
          stat('Run id', id, { mono: true })),
        h('h3', { text: 'Resources' }),
        h('div', { class: 'grid', id: 'totals' },
          stat('CPU time', fmtDur(p.cpuTime), { key: 'cpuTime' }),
          stat('Cost', p.cost ? '$' + Number(p.cost).toFixed(4) : 'not known', { key: 'cost' }),
          stat('CPU efficiency', fmtPct(p.cpuEfficiency), { key: 'cpuEfficiency' }),
          stat('Memory efficiency', p.memoryReq ? fmtPct(p.memoryEfficiency) : 'no memory requested', { key: 'memoryEfficiency' }),
          stat('Peak load', fmtNum(p.peakCpus) + ' CPUs · ' + fmtNum(p.peakTasks) + ' tasks', { key: 'peak' }),
          stat('Peak memory', fmtBytes(p.peakMemory), { key: 'peakMemory' }),
          stat('Read / written', fmtBytes(p.readBytes) + ' / ' + fmtBytes(p.writeBytes)),
          stat('Executors', (p.executors || []).join(', ') || '–')),
        h('h3', { text: 'Command line' }),
        h('pre', { id: 'command-line', text: wf.commandLine || '–' }),
        h('div', { class: 'small muted', style: { marginTop: '8px' } },
          'Work dir ', h('code', { text: wf.workDir || '–' }), ' · launch dir ', h('code', { text: wf.launchDir || '–' })));
    }
    function drawProcesses(progress) {
      const wp = (progress && progress.workflowProgress) || {};
      const list = (progress && progress.processesProgress) || [];
      const counts = k => h('span', { class: 'c-' + k, dataset: { count: k } }, fmtNum(wp[k] || 0) + ' ' + k);
      clear(procs,
        h('h2', {}, 'Processes', h('span', { class: 'right small muted', id: 'run-counts' },
          counts('pending'), ' · ', counts('submitted'), ' · ', counts('running'), ' · ',
          counts('succeeded'), ' · ', counts('cached'), ' · ', counts('failed'))),
        h('div', { class: 'proc', id: 'process-bars' },
          h('div', { class: 'pname' }, h('strong', { text: 'all processes' })), progressBar(wp),
          h('div', { class: 'pcounts' }, BAR_PARTS.filter(k => wp[k]).map(k => wp[k] + ' ' + k).join(' · ') || 'no tasks yet'),
          list.map(pp => [
            h('div', { class: 'pname', text: pp.process }),
            progressBar(pp),
            h('div', { class: 'pcounts', 'data-process': pp.process },
              BAR_PARTS.filter(k => pp[k]).map(k => pp[k] + ' ' + k).join(' · ') || 'no tasks yet')
          ])),
        list.length ? null : h('p', { class: 'muted', text: 'No per-process progress reported yet.' }),
        h('div', { style: { marginTop: '12px' } }, legend()));
    }
    function drawDetails() {
      const params = wf.params && Object.keys(wf.params).length ? JSON.stringify(wf.params, null, 2) : null;
      clear(details,
        h('h2', { text: 'Configuration' }),
        h('details', { open: true }, h('summary', { text: 'Parameters' }), h('pre', { id: 'params', text: params || '(none)' })),
        h('details', {}, h('summary', { text: 'Config text' }), h('pre', { id: 'config-text', text: wf.configText || '(none)' })),
        h('details', {}, h('summary', { text: 'Files and locations' }), h('table', { class: 'kv' }, h('tbody', {},
          ['scriptFile', 'scriptId', 'projectDir', 'launchDir', 'workDir', 'homeDir', 'repository', 'sessionId', 'containerEngine']
            .map(k => h('tr', {}, h('th', { text: k }), h('td', { text: wf[k] === null || wf[k] === undefined ? '–' : String(wf[k]) })))))));
    }

    const refresh = throttle(load, 700);
    const ticker = setInterval(tickDurations, 1000);
    load();
    return {
      onEvent(ev) {
        if (ev.type !== 'resync' && ev.workflowId !== id) return;
        if (ev.type === 'workflow.deleted') {
          stopped = true;
          clear(main, h('section', { class: 'card', id: 'run-deleted' }, h('h1', { text: 'This run was deleted' }),
            h('p', {}, h('a', { href: '/', 'data-nav': true, text: '← All runs' }))));
          return;
        }
        refresh(); tasks.refresh(); metrics.refresh(); timeline.refresh(); consoleLog.refresh();
      },
      stop() {
        stopped = true; refresh.cancel(); clearInterval(ticker); timers.forEach(clearInterval);
        tasks.stop(); metrics.stop(); timeline.stop(); consoleLog.stop();
      }
    };
  }

  function confirmDelete(wf) {
    const live = isLive(wf);
    const force = h('input', { type: 'checkbox', id: 'delete-force' });
    const err = h('div', { class: 'err', hidden: true });
    const ok = h('button', { type: 'button', class: 'danger solid', id: 'delete-confirm', text: 'Delete', disabled: live });
    force.addEventListener('change', () => { ok.disabled = !force.checked; });
    const d = dialog('Delete run ' + (wf.runName || wf.id) + '?', [
      h('p', {}, 'This removes the run, its tasks, progress, metrics and logs from Pharos. It cannot be undone. ',
        'Files in the run\'s work directory are not touched.'),
      live ? h('p', { class: 'note' }, 'This run is still ', h('strong', { text: wf.status.toLowerCase() }),
        ': Nextflow may keep reporting to a run that no longer exists. ',
        h('label', {}, force, ' Delete it anyway (force)')) : null,
      err], [h('button', { type: 'button', text: 'Cancel', onclick: () => d.close() }), ok], 'narrow');
    ok.addEventListener('click', async () => {
      ok.disabled = true;
      try {
        await api('DELETE', '/api/workflow/' + encodeURIComponent(wf.id) + (live ? '?force=true' : ''));
        d.close();
        sessionStorage.setItem('pharos.flash', 'Deleted run ' + (wf.runName || wf.id) + '.');
        go('/');
      } catch (x) {
        err.textContent = x.message; err.hidden = false; ok.disabled = false;
      }
    });
  }

  function confirmCancel(wf) {
    const err = h('div', { class: 'err', hidden: true });
    const ok = h('button', { type: 'button', class: 'danger solid', id: 'cancel-confirm', text: 'Cancel the run' });
    const d = dialog('Cancel run ' + (wf.runName || wf.id) + '?', [
      h('p', { text: 'Nextflow is stopped and kills its running tasks. Resume it later by relaunching with resume.' }), err],
    [h('button', { type: 'button', text: 'Keep running', onclick: () => d.close() }), ok], 'narrow');
    ok.addEventListener('click', async () => {
      ok.disabled = true;
      try {
        await api('POST', '/api/workflow/' + encodeURIComponent(wf.id) + '/cancel');
        d.close();
      } catch (x) { err.textContent = x.message; err.hidden = false; ok.disabled = false; }
    });
  }

  function dialog(title, body, buttons, cls) {
    const d = h('dialog', { class: cls || '' },
      h('div', { class: 'dhead' }, h('h2', {}, title), h('button', { type: 'button', class: 'close', 'aria-label': 'Close', text: '✕', onclick: () => d.close() })),
      h('div', { class: 'dbody' }, body),
      buttons ? h('div', { class: 'dfoot' }, buttons) : null);
    d.addEventListener('close', () => d.remove());
    document.body.append(d);
    d.showModal();
    return d;
  }

  // ---------- tasks table: one page at a time, sorted and searched by the server ----------
  const TASK_COLS = [
    { key: 'taskId', label: '#', num: true, v: t => t.taskId },
    { key: 'process', label: 'Process', v: t => t.process, cls: 'name' },
    { key: 'tag', label: 'Tag', v: t => t.tag || '–', cls: 'name opt' },
    { key: 'status', label: 'Status', v: t => badge(t.status) },
    { key: 'hash', label: 'Hash', v: t => h('code', { text: t.hash || '–' }), cls: 'opt' },
    { key: 'submit', label: 'Submitted', v: t => fmtTime(t.submit), cls: 'opt' },
    { key: 'duration', label: 'Duration', num: true, v: t => fmtDur(t.duration) },
    { key: 'realtime', label: 'Realtime', num: true, v: t => fmtDur(t.realtime), cls: 'opt' },
    { key: 'pcpu', label: 'CPU %', num: true, v: t => fmtPct(t.pcpu), cls: 'opt' },
    { key: 'peakRss', label: 'Peak RSS', num: true, v: t => fmtBytes(t.peakRss), cls: 'opt' },
    { key: 'exit', label: 'Exit', num: true, v: t => t.exit === null || t.exit === undefined ? '–' : t.exit }
  ];
  function taskTable(id) {
    const state = { search: '', sortBy: 'taskId', sortDir: 'asc', max: 25, offset: 0 };
    let seq = 0; let stopped = false; let typing = null;
    const search = h('input', { type: 'search', id: 'task-search', 'aria-label': 'Search tasks',
      placeholder: 'Search tasks: name, process, tag, FAILED, status:, process:, name:, tag:' });
    const err = h('div', { class: 'err', hidden: true });
    const tbody = h('tbody', { id: 'tasks' });
    const total = h('span', { class: 'right small muted', id: 'task-total' });
    const pagerText = h('span', { class: 'muted small', id: 'task-pager' });
    const prev = h('button', { type: 'button', id: 'tasks-prev', text: '← Previous', onclick: () => { state.offset = Math.max(0, state.offset - state.max); load(); } });
    const next = h('button', { type: 'button', id: 'tasks-next', text: 'Next →', onclick: () => { state.offset += state.max; load(); } });
    const size = h('select', { 'aria-label': 'Tasks per page', onchange: () => { state.max = +size.value; state.offset = 0; load(); } },
      [25, 50, 100, 250].map(n => h('option', { value: n, text: n + ' per page' })));
    const headRow = h('tr');
    // Cancelling needs the launch feature: offered only for a run Pharos launched (its launch record answers 200).
    let cancellable = false;
    async function probeCancel() {
      try {
        const r = await fetch('/api/workflow/' + encodeURIComponent(id) + '/launch', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        cancellable = r.status === 200;
      } catch (x) { cancellable = false; }
      if (!stopped && wf && cancellable) drawHead();
    }
    function drawHead() {
      clear(headRow, TASK_COLS.map(c => {
        const on = state.sortBy === c.key;
        return h('th', { class: 'sortable ' + (c.num ? 'num ' : '') + (c.cls && c.cls.includes('opt') ? 'opt' : ''), 'data-sort': c.key,
          'aria-sort': on ? (state.sortDir === 'asc' ? 'ascending' : 'descending') : 'none', tabindex: 0,
          title: 'Sort by ' + c.label,
          onclick: () => sortBy(c.key),
          onkeydown: e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(c.key); } } },
        c.label, h('span', { class: 'arrow', text: on ? (state.sortDir === 'asc' ? '▲' : '▼') : '' }));
      }));
    }
    function sortBy(key) {
      if (state.sortBy === key) state.sortDir = state.sortDir === 'asc' ? 'desc' : 'asc';
      else { state.sortBy = key; state.sortDir = 'asc'; }
      state.offset = 0;
      drawHead(); load();
    }
    search.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => { state.search = search.value.trim(); state.offset = 0; load(); }, 350);
    });
    drawHead();
    const el = h('section', { class: 'card', id: 'tasks-card' },
      h('h2', {}, 'Tasks', total),
      h('div', { class: 'toolbar' }, search, size),
      err,
      h('div', { class: 'tablewrap' }, h('table', { class: 'tasks' }, h('thead', {}, headRow), tbody)),
      h('div', { class: 'pager' }, pagerText, prev, next));

    async function load() {
      const my = ++seq;
      try {
        const data = await apiGet('/api/workflow/' + encodeURIComponent(id) + '/tasks'
          + qs({ max: state.max, offset: state.offset, sortBy: state.sortBy, sortDir: state.sortDir, search: state.search }));
        if (my !== seq || stopped) return;
        err.hidden = true;
        const rows = data.tasks || [];
        const n = data.total || 0;
        total.textContent = fmtNum(n) + (n === 1 ? ' task' : ' tasks') + (state.search ? ' match' : '');
        if (!rows.length) {
          clear(tbody, h('tr', {}, h('td', { colspan: TASK_COLS.length, class: 'empty', text: state.search ? 'No tasks match.' : 'No tasks reported yet.' })));
        } else {
          clear(tbody, rows.map(r => {
            const t = r.task;
            return h('tr', { class: 'clickable', tabindex: 0, 'data-task': t.taskId,
              onclick: () => taskDialog(id, t.taskId),
              onkeydown: e => { if (e.key === 'Enter') taskDialog(id, t.taskId); } },
            TASK_COLS.map(c => h('td', { class: (c.num ? 'num ' : '') + (c.cls || '') }, c.v(t))));
          }));
        }
        pagerText.textContent = (n ? state.offset + 1 : 0) + '–' + (state.offset + rows.length) + ' of ' + fmtNum(n);
        prev.disabled = state.offset === 0;
        next.disabled = state.offset + rows.length >= n;
      } catch (x) {
        if (my !== seq || stopped) return;
        err.textContent = x.message; err.hidden = false;
      }
    }
    const refresh = throttle(load, 1500);
    return { el, load, refresh, stop() { stopped = true; refresh.cancel(); clearTimeout(typing); } };
  }

  // Every field of a task, then its files.
  const BYTE_FIELDS = ['memory', 'disk', 'rss', 'vmem', 'peakRss', 'peakVmem', 'rchar', 'wchar', 'readBytes', 'writeBytes', 'syscr', 'syscw'];
  const MS_FIELDS = ['duration', 'realtime', 'time'];
  const TIME_FIELDS = ['submit', 'start', 'complete', 'dateCreated', 'lastUpdated'];
  async function taskDialog(id, taskId) {
    const body = h('div', { id: 'task-detail' }, h('p', { class: 'muted', text: 'Loading…' }));
    const d = dialog('Task ' + taskId, body);
    let t;
    try {
      t = (await apiGet('/api/workflow/' + encodeURIComponent(id) + '/tasks/' + taskId)).task;
    } catch (x) {
      clear(body, h('p', { class: 'err', text: x.message }));
      return;
    }
    d.querySelector('.dhead h2').replaceChildren(badge(t.status), ' ', t.name || ('Task ' + taskId));
    const fmt = (k, v) => {
      if (v === null || v === undefined) return '–';
      if (typeof v === 'object') return JSON.stringify(v);
      if (BYTE_FIELDS.includes(k) && typeof v === 'number') return fmtBytes(v) + '  (' + fmtNum(v) + ')';
      if (MS_FIELDS.includes(k) && typeof v === 'number') return fmtDur(v) + '  (' + fmtNum(v) + ' ms)';
      if (TIME_FIELDS.includes(k)) return fmtTime(v) + '  (' + v + ')';
      return String(v);
    };
    const keys = Object.keys(t).filter(k => k !== 'script');
    const fileBox = h('div', { id: 'task-files' }, h('p', { class: 'muted', text: 'Looking for the task\'s files…' }));
    clear(body,
      h('h3', { text: 'Files' }), fileBox,
      h('h3', { text: 'Script' }), h('pre', { id: 'task-script', text: t.script || '(none)' }),
      h('h3', { text: 'Fields' }),
      h('table', { class: 'kv', id: 'task-fields' }, h('tbody', {}, keys.map(k =>
        h('tr', { 'data-field': k }, h('th', { text: k }), h('td', { text: fmt(k, t[k]) }))))));
    try {
      const log = (await apiGet('/api/workflow/' + encodeURIComponent(id) + '/log/' + taskId)).log;
      const viewer = h('pre', { id: 'task-file-view', text: '' });
      const tabs = h('div', { class: 'tabs', role: 'tablist' });
      const base = '/api/workflow/' + encodeURIComponent(id) + '/download/' + taskId + '?fileName=';
      const show = async (dl, btn) => {
        for (const b of tabs.querySelectorAll('button')) b.setAttribute('aria-selected', String(b === btn));
        if (dl.fileName === '.command.log') {
          viewer.textContent = (log.entries || []).join('\n') || log.message || '(empty)';
          if (log.truncated) viewer.textContent = '… (only the end of the log is shown)\n' + viewer.textContent;
          return;
        }
        viewer.textContent = 'Loading…';
        try {
          const r = await fetch(base + encodeURIComponent(dl.fileName), { credentials: 'same-origin' });
          const text = await r.text();
          if (!r.ok) {
            let m = text; try { m = JSON.parse(text).message; } catch (e) { /* plain text */ }
            viewer.textContent = m;
          } else {
            viewer.textContent = text || '(empty)';
          }
        } catch (x) { viewer.textContent = x.message; }
      };
      const dls = log.downloads || [];
      for (const dl of dls) {
        const btn = h('button', { type: 'button', role: 'tab', 'data-file': dl.fileName, text: dl.fileName, title: dl.displayText });
        btn.addEventListener('click', () => show(dl, btn));
        tabs.append(btn);
      }
      clear(fileBox, tabs, viewer,
        h('div', { class: 'small', style: { marginTop: '6px' } }, 'Download: ',
          dls.map((dl, i) => [i ? ' · ' : '', h('a', { href: base + encodeURIComponent(dl.fileName), download: dl.saveName, text: dl.displayText })])));
      const first = dls.find(x => x.fileName === '.command.out') || dls[0];
      if (first) show(first, tabs.querySelector('[data-file="' + first.fileName + '"]'));
    } catch (x) {
      clear(fileBox, h('p', { class: 'note', id: 'task-files-missing', text: x.message }));
    }
  }

  // ---------- resource box plots ----------
  const SERIES = [
    { key: 'cpu', label: 'CPU %', f: v => fmtPct(v) },
    { key: 'mem', label: 'Memory (RSS)', f: fmtBytes },
    { key: 'vmem', label: 'Virtual memory', f: fmtBytes },
    { key: 'time', label: 'Job time', f: fmtDur },
    { key: 'reads', label: 'Reads', f: fmtBytes },
    { key: 'writes', label: 'Writes', f: fmtBytes },
    { key: 'cpuUsage', label: 'CPU usage (% of request)', f: v => fmtPct(v) },
    { key: 'memUsage', label: 'Memory usage (% of request)', f: v => fmtPct(v) },
    { key: 'timeUsage', label: 'Time usage (% of request)', f: v => fmtPct(v) }
  ];
  function metricsPanel(id) {
    let data = []; let current = 'cpu'; let stopped = false;
    const tabs = h('div', { class: 'tabs', role: 'tablist', id: 'metric-tabs' });
    const plot = h('div', { id: 'metric-plot' });
    const el = h('section', { class: 'card', id: 'metrics' },
      h('h2', {}, 'Resource usage per process', h('span', { class: 'right small muted', text: 'hover a box or whisker to see its task' })),
      tabs, plot);
    async function load() {
      try {
        const r = await apiGet('/api/workflow/' + encodeURIComponent(id) + '/metrics');
        if (stopped) return;
        data = r.metrics || [];
        draw();
      } catch (x) {
        if (!stopped) clear(plot, h('p', { class: 'err', text: x.message }));
      }
    }
    function draw() {
      clear(tabs, SERIES.map(sr => {
        const has = data.some(m => m[sr.key]);
        return h('button', { type: 'button', role: 'tab', 'data-series': sr.key, 'aria-selected': String(sr.key === current),
          class: has ? '' : 'muted', text: sr.label, onclick: () => { current = sr.key; draw(); } });
      }));
      const sr = SERIES.find(x => x.key === current);
      const rows = data.filter(m => m[sr.key]);
      if (!rows.length) {
        clear(plot, h('p', { class: 'muted empty', text: data.length ? 'No ' + sr.label + ' values reported.' : 'No metrics yet: they appear as tasks finish.' }));
        return;
      }
      clear(plot, h('div', { class: 'chartwrap' }, boxPlot(rows.map(m => ({ name: m.process, st: m[sr.key] })), sr.f)));
    }
    const refresh = throttle(load, 5000);
    return { el, load, refresh, stop() { stopped = true; refresh.cancel(); } };
  }

  function boxPlot(rows, f) {
    const W = 900; const labelW = 170; const rowH = 34; const top = 10; const axisH = 26;
    const H = top + rows.length * rowH + axisH;
    let lo = Infinity; let hi = -Infinity;
    for (const r of rows) { lo = Math.min(lo, r.st.min); hi = Math.max(hi, r.st.max); }
    lo = Math.min(0, lo);
    if (hi <= lo) hi = lo + 1;
    const x = v => labelW + (W - labelW - 20) * (v - lo) / (hi - lo);
    const svg = s('svg', { class: 'chart boxplot', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Box plots per process' });
    for (let i = 0; i <= 4; i++) {
      const v = lo + (hi - lo) * i / 4; const xx = x(v);
      svg.append(s('line', { class: 'gridline', x1: xx, x2: xx, y1: top, y2: H - axisH }));
      svg.append(s('text', { x: xx, y: H - 8, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle', text: f(v) }));
    }
    svg.append(s('line', { class: 'axis', x1: labelW, x2: W - 20, y1: H - axisH, y2: H - axisH }));
    rows.forEach((r, i) => {
      const cy = top + i * rowH + rowH / 2; const st = r.st;
      const color = PALETTE[i % PALETTE.length];
      const name = r.name.length > 24 ? r.name.slice(0, 23) + '…' : r.name;
      svg.append(s('text', { x: labelW - 10, y: cy + 4, 'text-anchor': 'end', style: { fill: '#1d2530' } }, name, s('title', { text: r.name })));
      const g = s('g', { 'data-process': r.name });
      g.append(s('line', { x1: x(st.min), x2: x(st.q1), y1: cy, y2: cy, stroke: '#6b7280' }));
      g.append(s('line', { x1: x(st.q3), x2: x(st.max), y1: cy, y2: cy, stroke: '#6b7280' }));
      g.append(s('rect', { x: x(st.q1), y: cy - 10, width: Math.max(1, x(st.q3) - x(st.q1)), height: 20, fill: color, 'fill-opacity': 0.25, stroke: color, 'stroke-width': 1.5 }));
      g.append(s('line', { x1: x(st.q2), x2: x(st.q2), y1: cy - 10, y2: cy + 10, stroke: color, 'stroke-width': 3 }));
      g.append(s('line', { x1: x(st.min), x2: x(st.min), y1: cy - 7, y2: cy + 7, stroke: '#6b7280', 'stroke-width': 1.5 }));
      g.append(s('line', { x1: x(st.max), x2: x(st.max), y1: cy - 7, y2: cy + 7, stroke: '#6b7280', 'stroke-width': 1.5 }));
      if (st.mean !== null && st.mean !== undefined) {
        const mx = x(st.mean);
        g.append(s('path', { d: `M${mx} ${cy - 4}l4 4l-4 4l-4 -4z`, fill: '#fff', stroke: '#1d2530' }));
      }
      // Transparent, wide hover targets on each edge: min, q1, median, q3, max, each naming its task.
      for (const k of ['min', 'q1', 'q2', 'q3', 'max']) {
        const name = { min: 'min', q1: 'lower quartile', q2: 'median', q3: 'upper quartile', max: 'max' }[k];
        const label = st[k + 'Label'];
        const text = r.name + '\n' + name + ': ' + f(st[k]) + (label ? '\ntask: ' + label : '');
        g.append(s('rect', { class: 'hot', x: x(st[k]) - 4, y: cy - 13, width: 8, height: 26, fill: 'transparent',
          'data-stat': k, 'data-label': label || '', onmouseenter: e => showTip(e, text), onmousemove: moveTip, onmouseleave: hideTip },
        s('title', { text })));
      }
      svg.append(g);
    });
    return svg;
  }
  function showTip(e, text) {
    tip.textContent = text;
    tip.hidden = false;
    moveTip(e);
  }
  function moveTip(e) {
    const pad = 14;
    let x = e.clientX + pad; let y = e.clientY + pad;
    const r = tip.getBoundingClientRect();
    if (x + r.width > window.innerWidth - 4) x = e.clientX - r.width - pad;
    if (y + r.height > window.innerHeight - 4) y = e.clientY - r.height - pad;
    tip.style.left = Math.max(4, x) + 'px';
    tip.style.top = Math.max(4, y) + 'px';
  }
  function hideTip() { tip.hidden = true; }

  // ---------- timeline: submit -> start -> complete per task, coloured by process ----------
  function timelinePanel(id, runLive) {
    let stopped = false; let loading = false; let lastTotal = 0;
    const note = h('p', { class: 'muted small', id: 'timeline-note' });
    const plot = h('div', { id: 'timeline-plot' });
    const leg = h('div', { class: 'legend', id: 'timeline-legend' });
    const el = h('section', { class: 'card', id: 'timeline' }, h('h2', { text: 'Timeline' }), note, plot, leg);
    async function load() {
      if (loading) return;
      loading = true;
      try {
        const all = []; let total = 0;
        // Pages of 1000 sorted by submit time, never more than TIMELINE_MAX tasks for a huge run.
        for (let offset = 0; offset < TIMELINE_MAX; offset += 1000) {
          const r = await apiGet('/api/workflow/' + encodeURIComponent(id) + '/tasks'
            + qs({ max: Math.min(1000, TIMELINE_MAX - offset), offset, sortBy: 'submit', sortDir: 'asc' }));
          if (stopped) return;
          total = r.total || 0;
          for (const t of r.tasks || []) all.push(t.task);
          if (all.length >= total || !(r.tasks || []).length) break;
        }
        lastTotal = total;
        draw(all, total);
      } catch (x) {
        if (!stopped) clear(plot, h('p', { class: 'err', text: x.message }));
      } finally { loading = false; }
    }
    function draw(tasks, total) {
      const withTimes = tasks.filter(t => t.submit || t.start);
      note.textContent = total > tasks.length
        ? 'Showing the first ' + fmtNum(tasks.length) + ' of ' + fmtNum(total) + ' tasks by submit time.'
        : fmtNum(withTimes.length) + ' tasks. Light: waiting to start; solid: running.';
      if (!withTimes.length) { clear(plot, h('p', { class: 'muted empty', text: 'No task has been submitted yet.' })); clear(leg); return; }
      const now = Date.now();
      const ts = v => v ? new Date(v).getTime() : null;
      const items = withTimes.map(t => {
        // Only a task still running grows to now; one that ended without a complete time is drawn to its start.
        const running = t.status === 'RUNNING' && runLive();
        const sub = ts(t.submit) || ts(t.start); const st = ts(t.start); const end = ts(t.complete) || (running ? now : (st || sub));
        return { t, sub, st, end: Math.max(end, sub) };
      });
      const t0 = Math.min(...items.map(i => i.sub));
      const t1 = Math.max(t0 + 1000, ...items.map(i => i.end));
      const procs = [...new Set(items.map(i => i.t.process))];
      const color = p => PALETTE[procs.indexOf(p) % PALETTE.length];
      // Few tasks: one labelled row each. Many: pack into lanes so the chart stays a sensible height.
      const rows = items.length <= 80;
      const lanes = [];
      for (const it of items) {
        if (rows) { it.lane = lanes.length; lanes.push(it.end); continue; }
        let lane = lanes.findIndex(end => end <= it.sub);
        if (lane < 0) { lane = lanes.length; lanes.push(0); }
        lanes[lane] = it.end; it.lane = lane;
      }
      const laneH = rows ? 16 : Math.max(2, Math.min(10, Math.floor(480 / lanes.length)));
      const labelW = rows ? 190 : 10; const W = 900; const top = 6; const axisH = 24;
      const H = top + lanes.length * laneH + axisH;
      const x = v => labelW + (W - labelW - 10) * (v - t0) / (t1 - t0);
      const svg = s('svg', { class: 'chart timeline', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Task timeline' });
      const step = niceStep(t1 - t0);
      for (let v = 0; v <= t1 - t0; v += step) {
        svg.append(s('line', { class: 'gridline', x1: x(t0 + v), x2: x(t0 + v), y1: top, y2: H - axisH }));
        const anchor = v === 0 ? 'start' : x(t0 + v) > W - 50 ? 'end' : 'middle';
        svg.append(s('text', { x: x(t0 + v), y: H - 8, 'text-anchor': anchor, text: v === 0 ? '0' : '+' + fmtDur(v) }));
      }
      for (const it of items) {
        const y = top + it.lane * laneH; const bh = Math.max(1, laneH - (laneH > 4 ? 3 : 1));
        const c = color(it.t.process);
        const text = (it.t.name || it.t.process) + ' · ' + it.t.status + '\nsubmitted ' + fmtTime(it.t.submit)
          + '\nstarted ' + fmtTime(it.t.start) + '\ncompleted ' + fmtTime(it.t.complete)
          + '\nwait ' + fmtDur(it.st ? it.st - it.sub : null) + ', run ' + fmtDur(it.st ? it.end - it.st : null);
        const g = s('g', { class: 'hot', 'data-task': it.t.taskId, onmouseenter: e => showTip(e, text), onmousemove: moveTip, onmouseleave: hideTip, onclick: () => taskDialog(id, it.t.taskId) });
        const runFrom = it.st || it.end;
        g.append(s('rect', { x: x(it.sub), y, width: Math.max(0.5, x(runFrom) - x(it.sub)), height: bh, fill: c, 'fill-opacity': 0.3 }));
        if (it.st) g.append(s('rect', { x: x(it.st), y, width: Math.max(1, x(it.end) - x(it.st)), height: bh, fill: c }));
        // A failed task is outlined in vermillion and marked with a cross, not told by colour alone.
        if (it.t.status === 'FAILED' && laneH >= 8) {
          const fx = Math.max(x(runFrom), x(it.end));
          g.append(s('rect', { x: x(it.sub), y, width: Math.max(2, fx - x(it.sub)), height: bh, fill: 'none', stroke: '#D55E00', 'stroke-width': 1.5 }));
          const cx = fx + bh + 6 < W ? fx + 4 : x(it.sub) - bh - 2; // beside the bar, inside the chart
          g.append(s('path', { d: `M${cx} ${y + 1}l${bh - 2} ${bh - 2}M${cx} ${y + bh - 1}l${bh - 2} ${-(bh - 2)}`, stroke: '#D55E00', 'stroke-width': 1.8 }));
        }
        if (rows) {
          const label = (it.t.name || it.t.process);
          svg.append(s('text', { x: labelW - 8, y: y + bh - 2, 'text-anchor': 'end', style: { fill: '#1d2530' }, text: label.length > 28 ? label.slice(0, 27) + '…' : label }));
        }
        svg.append(g);
      }
      clear(plot, h('div', { class: 'chartwrap' }, svg));
      clear(leg, procs.map(p => h('span', {}, h('i', { style: { background: color(p) } }), p)));
    }
    // A big run re-reads up to three pages of 1,000 tasks per refresh: do that rarely.
    const fast = throttle(load, 4000); const slow = throttle(load, 30000);
    const refresh = () => (lastTotal > 1000 ? slow : fast)();
    return { el, load, refresh, stop() { stopped = true; fast.cancel(); slow.cancel(); } };
  }
  function niceStep(span) {
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map(x => x * 1000);
    return steps.find(st => span / st <= 8) || 86400000 * Math.ceil(span / 86400000 / 8);
  }

  // ---------- console log: shown only when the server has one for this run ----------
  function consolePanel(id) {
    let stopped = false; let present = false;
    const pre = h('pre', { id: 'console-text' });
    const links = h('div', { class: 'small', style: { marginTop: '6px' } });
    const el = h('section', { class: 'card', id: 'console', hidden: true }, h('h2', { text: 'Console log' }), pre, links);
    async function probe() {
      let r;
      try {
        r = await fetch('/api/workflow/' + encodeURIComponent(id) + '/log', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      } catch (x) { return; }
      if (stopped) return;
      if (r.status !== 200) { present = false; el.hidden = true; return; }
      present = true;
      const text = await r.text();
      let lines;
      try {
        const d = JSON.parse(text);
        const log = d.log || d;
        lines = Array.isArray(log.entries) ? log.entries.join('\n') : typeof log === 'string' ? log : JSON.stringify(log, null, 2);
        if (log.truncated) lines = '… (the newest part is shown; download the whole console below)\n' + lines;
        const dls = Array.isArray(log.downloads) ? log.downloads : [];
        clear(links, dls.length ? 'Download: ' : null, dls.map((dl, i) => [i ? ' · ' : '',
          h('a', { href: '/api/workflow/' + encodeURIComponent(id) + '/download?fileName=' + encodeURIComponent(dl.fileName),
            download: dl.saveName || dl.fileName, text: dl.displayText || dl.fileName })]));
      } catch (x) { lines = text; }
      const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
      pre.textContent = lines || '(empty)';
      if (atBottom) pre.scrollTop = pre.scrollHeight;
      el.hidden = false;
    }
    const refresh = throttle(probe, 3000);
    return { el, probe, refresh, get present() { return present; }, stop() { stopped = true; refresh.cancel(); } };
  }

  // ---------- page: access tokens ----------
  function tokensPage() {
    let stopped = false;
    const tbody = h('tbody', { id: 'token-rows' });
    const err = h('div', { class: 'err', hidden: true });
    const created = h('div', { id: 'token-created' });
    const name = h('input', { type: 'text', id: 'token-name', placeholder: 'e.g. laptop, cluster', 'aria-label': 'New token name', maxlength: 80, required: true });
    const form = h('form', { class: 'toolbar', onsubmit: async e => {
      e.preventDefault();
      err.hidden = true;
      try {
        const r = await api('POST', '/api/tokens', { name: name.value });
        name.value = '';
        const url = (serviceInfo && serviceInfo.serverUrl) || location.origin;
        const secret = h('div', { class: 'secret', id: 'token-secret', text: r.accessKey });
        clear(created, h('div', { class: 'note' },
          h('p', {}, h('strong', { text: 'Copy this token now: it is shown only once.' })), secret,
          h('p', { class: 'small' }, h('button', { type: 'button', text: 'Copy', onclick: () => navigator.clipboard && navigator.clipboard.writeText(r.accessKey) }),
            ' Use it with ', h('code', { text: 'export TOWER_ACCESS_TOKEN=' + r.accessKey.slice(0, 10) + '…' }), ' and ',
            h('code', { text: 'nextflow run <pipeline> -with-tower ' + url + '/api' }))));
        load();
      } catch (x) { err.textContent = x.message; err.hidden = false; }
    } }, name, h('button', { type: 'submit', class: 'primary', id: 'token-create', text: 'Create token' }));
    clear(main,
      h('div', { class: 'pagehead' }, h('h1', { text: 'Access tokens' })),
      h('section', { class: 'card' },
        h('p', { class: 'muted' }, 'A token lets Nextflow report runs and scripts read them as you. Revoking one stops it at once.'),
        form, err, created,
        h('div', { class: 'tablewrap' }, h('table', {},
          h('thead', {}, h('tr', {}, h('th', { text: 'Name' }), h('th', { text: 'Ends with' }), h('th', { class: 'opt', text: 'Created' }),
            h('th', { text: 'Last used' }), h('th', {}))), tbody))));
    async function load() {
      try {
        const r = await apiGet('/api/tokens');
        if (stopped) return;
        const list = r.tokens || [];
        clear(tbody, list.length ? list.map(t => h('tr', { 'data-token': t.id },
          h('td', { text: t.name }), h('td', {}, h('code', { text: '…' + t.hint })), h('td', { class: 'opt', text: fmtTime(t.dateCreated) }),
          h('td', { text: t.lastUsed ? fmtTime(t.lastUsed) : 'never' }),
          h('td', { class: 'num' }, h('button', { type: 'button', class: 'danger', text: 'Revoke…', onclick: () => revoke(t) }))))
          : h('tr', {}, h('td', { colspan: 5, class: 'empty', text: 'No live tokens.' })));
      } catch (x) { err.textContent = x.message; err.hidden = false; }
    }
    function revoke(t) {
      const ok = h('button', { type: 'button', class: 'danger solid', id: 'revoke-confirm', text: 'Revoke' });
      const d = dialog('Revoke token “' + t.name + '”?', [
        h('p', {}, 'Anything using the token ending in ', h('code', { text: t.hint }), ' stops working at once, ',
          'including this browser if you signed in with it.')], [h('button', { type: 'button', text: 'Cancel', onclick: () => d.close() }), ok], 'narrow');
      ok.addEventListener('click', async () => {
        try { await api('DELETE', '/api/tokens/' + t.id); d.close(); load(); } catch (x) { d.close(); if (me) { err.textContent = x.message; err.hidden = false; } }
      });
    }
    load();
    return { onEvent() {}, stop() { stopped = true; } };
  }

  // ---------- start ----------
  async function start() {
    try {
      const r = await apiGet('/api/user-info');
      me = r.user;
    } catch (x) {
      me = null;
      signInPage(x.status === 401 ? null : x.message);
      return;
    }
    try { serviceInfo = (await apiGet('/api/service-info')).serviceInfo; } catch (x) { serviceInfo = null; }
    connectEvents();
    route();
  }
  start();
})();
