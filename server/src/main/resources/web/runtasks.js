/* The tasks of a run: one page at a time, sorted and searched by the server; a task's fields and files. */
import { apiGet, qs } from './core.js';
import { badge, clear, dialog, h } from './dom.js';
import { fmtBytes, fmtDur, fmtNum, fmtPct, fmtTime, throttle } from './format.js';

// key: the sortBy key sent to the server, and the task JSON's key. Both come from the one list of
// task fields, server/src/main/java/io/pharos/workflow/TaskField.java (FieldListContractTest checks these).
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
export function taskTable(id) {
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

// Every field of a task (the keys the server sends, see TaskField.API), then its files.
const BYTE_FIELDS = ['memory', 'disk', 'rss', 'vmem', 'peakRss', 'peakVmem', 'rchar', 'wchar', 'readBytes', 'writeBytes', 'syscr', 'syscw'];
const MS_FIELDS = ['duration', 'realtime', 'time'];
const TIME_FIELDS = ['submit', 'start', 'complete', 'dateCreated', 'lastUpdated'];
export async function taskDialog(id, taskId) {
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

