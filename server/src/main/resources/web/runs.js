/* The list of runs: newest first, searched and paged by the server, refreshed by live events. */
import { apiGet, qs, session } from './core.js';
import { badge, barCell, clear, h, main, tickDurations } from './dom.js';
import { fmtDur, fmtNum, fmtTime, isLive, runDuration, throttle } from './format.js';
import { labelChips, starButton } from './labels.js';

export function runsPage() {
  const params = new URLSearchParams(location.search);
  const state = { search: params.get('search') || '', max: +(params.get('max') || 50), offset: +(params.get('offset') || 0) };
  if (![25, 50, 100, 200].includes(state.max)) state.max = 50;
  let seq = 0; let stopped = false;
  const flash = sessionStorage.getItem('pharos.flash');
  sessionStorage.removeItem('pharos.flash');

  const search = h('input', { type: 'search', id: 'run-search', value: state.search, 'aria-label': 'Search runs',
    placeholder: 'Search: free text, status:FAILED, label:, is:starred, runName:, projectName:, username:, sessionId:, after:, before:' });
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
    h('div', { class: 'pagehead' }, h('h1', { text: session.me.role === 'admin' ? 'All runs' : 'Your runs' }), count),
    h('section', { class: 'card' },
      h('div', { class: 'toolbar' }, search, size),
      h('details', { class: 'small' }, h('summary', { text: 'Search syntax' }),
        h('p', { class: 'muted' }, 'Words match run name, project or session id. Keys narrow further and are combined: ',
          h('code', { text: 'status:FAILED' }), ', ', h('code', { text: 'label:rnaseq' }), ' (again for more labels; ',
          h('code', { text: 'label:team=genomics' }), ' for a resource label), ', h('code', { text: 'is:starred' }), ', ',
          h('code', { text: 'runName:"my run"' }), ', ', h('code', { text: 'projectName:' }),
          ', ', h('code', { text: 'username:' }), ', ', h('code', { text: 'sessionId:' }), ', ', h('code', { text: 'workflowId:' }),
          ', ', h('code', { text: 'after:2026-11-01' }), ' (on or after), ', h('code', { text: 'before:2026-11-24' }),
          '. ', h('code', { text: '*' }), ' matches any text: ', h('code', { text: 'runName:nightly_*' }),
          ' (a value with ', h('code', { text: '*' }), ' is matched whole). Click a label to see its runs.')),
      err,
      h('div', { class: 'tablewrap' }, h('table', { class: 'runs' },
        h('thead', {}, h('tr', {},
          h('th', { class: 'starcol', 'aria-label': 'Starred' }), h('th', { text: 'Status' }), h('th', { text: 'Run' }), h('th', { class: 'opt', text: 'Project' }),
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
      // The Seqera shape of the list: it carries each run's labels and whether you starred it.
      const data = await apiGet('/api/workflows' + qs({ attributes: 'labels', includeTotalSize: 'true', max: state.max,
        offset: state.offset, search: state.search }));
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
      clear(tbody, h('tr', {}, h('td', { colspan: 8, class: 'empty' },
        state.search || state.offset ? 'No runs match.' : emptyHelp())));
    } else {
      clear(tbody, rows.map(item => {
        const w = item.workflow;
        const wp = item.progress && item.progress.workflowProgress;
        return h('tr', { 'data-id': w.id },
          h('td', { class: 'starcol' }, starButton(w.id, item.starred, () => load())),
          h('td', {}, badge(w.status)),
          h('td', { class: 'name' }, h('a', { href: '/watch/' + encodeURIComponent(w.id), 'data-nav': true, class: 'run-link', text: w.runName || w.id }),
            labelChips(item.labels)),
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
    const url = (session.serviceInfo && session.serviceInfo.serverUrl) || location.origin;
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
