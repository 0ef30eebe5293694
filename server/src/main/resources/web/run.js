/*
 * One run's page: status and actions, summary, processes, tasks, charts, console log and
 * configuration, each part re-read when a live event says the run changed.
 */
import { api, apiGet, go, mayLaunch } from './core.js';
import { badge, BAR_PARTS, clear, dialog, h, legend, main, progressBar, tickDurations } from './dom.js';
import { fmtBytes, fmtDur, fmtNum, fmtPct, fmtTime, isLive, runDuration, throttle } from './format.js';
import { metricsPanel, timelinePanel } from './charts.js';
import { taskTable } from './runtasks.js';
import { labelEditor, runMarks, starButton } from './labels.js';

// ---------- page: one run ----------
const DETAIL_FIELDS = ['scriptFile', 'scriptId', 'projectDir', 'launchDir', 'workDir', 'homeDir', 'repository',
  'sessionId', 'containerEngine'];

export function runPage(id) {
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
  const labels = labelEditor(id);
  let marks = { labels: [], starred: false };

  async function load() {
    try {
      const data = await apiGet('/api/workflow/' + encodeURIComponent(id));
      // A launched run's head job on a scheduler (Slurm): the Seqera shape of describe has it as jobInfo.
      if (launched && (!job || isLive(data.workflow) || job.status === 'RUNNING' || job.status === 'PENDING')) {
        try {
          job = (await apiGet('/api/workflow/' + encodeURIComponent(id) + '?workspaceId=')).jobInfo || null;
        } catch (x) { /* the summary shows it at the next load */ }
      }
      if (stopped) return;
      const first = !wf;
      wf = data.workflow;
      if (first) {
        const loading = document.getElementById('run-loading');
        if (loading) loading.remove();
        clear(root, head, labels.el, summary, procs, tasks.el, metrics.el, timeline.el, consoleLog.el, details);
        tasks.load(); metrics.load(); timeline.load(); consoleLog.probe();
        probeLaunch(); loadMarks();
      }
      document.title = (wf.runName || id) + ' · Pharos';
      drawHead(); drawSummary(data.progress); drawProcesses(data.progress);
      // A launched run has no params or config until Nextflow begins: redraw when they arrive
      // (only then, so that open or closed sections stay as the user left them).
      const key = JSON.stringify(DETAIL_FIELDS.map(k => wf[k]).concat([wf.params, wf.configText]));
      if (key !== detailsKey) { detailsKey = key; drawDetails(); }
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
  // Cancel and relaunch need the launch feature: offered only for a run Pharos launched (its launch record has an id).
  let launched = false;
  let job = null;
  async function probeLaunch() {
    try {
      const r = await fetch('/api/workflow/' + encodeURIComponent(id) + '/launch', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      // Every run has a launch record; only one launched here has an id (and a compute environment).
      launched = r.status === 200 && !!(await r.json()).launch?.id;
    } catch (x) { launched = false; }
    if (stopped) return;
    root.dataset.launched = String(launched); // tells tests (and curious readers) the probe has answered
    if (wf && launched) { drawHead(); refresh(); }
  }
  // Labels and the star are the caller's own marks on the run: re-read after each change of them.
  async function loadMarks() {
    try {
      marks = await runMarks(id);
    } catch (x) { return; }
    if (stopped) return;
    labels.draw(marks.labels, loadMarks);
    drawHead();
  }
  function drawHead() { clear(head, ...headParts(wf, id, launched, starButton(id, marks.starred, loadMarks))); }
  function drawSummary(progress) { clear(summary, ...summaryParts(wf, id, progress, job)); }
  function drawProcesses(progress) { clear(procs, ...processParts(progress)); }
  let detailsKey = null;
  function drawDetails() { clear(details, ...detailParts(wf)); }

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

/** The crumb, the status and name with the run's actions, and the error report of a failed run. */
function headParts(wf, id, launched, star) {
  const actions = h('div', { class: 'actions' },
    launched && mayLaunch() ? h('button', { type: 'button', id: 'relaunch-run', text: 'Relaunch…', title: 'Open the launch form filled in from this run',
      onclick: () => go('/launch?relaunch=' + encodeURIComponent(id)) }) : null,
    launched && isLive(wf) ? h('button', { type: 'button', class: 'danger', id: 'cancel-run', text: 'Cancel run…', onclick: () => confirmCancel(wf) }) : null,
    h('button', { type: 'button', class: 'danger', id: 'delete-run', text: 'Delete run…', onclick: () => confirmDelete(wf) }));
  return [
    h('a', { href: '/', 'data-nav': true, class: 'crumb', text: '← All runs' }),
    h('div', { class: 'pagehead' },
      h('span', { id: 'run-status' }, badge(wf.status)),
      star,
      h('h1', { id: 'run-name', text: wf.runName || id }),
      h('span', { class: 'muted' }, wf.projectName || ''),
      actions),
    wf.status === 'FAILED' || wf.errorMessage ? h('section', { class: 'card', id: 'run-error-report' },
      h('h2', { text: 'Error' }),
      h('pre', { id: 'error-message', text: wf.errorMessage || '(no message)' }),
      wf.errorReport ? h('details', {}, h('summary', { text: 'Error report' }), h('pre', { text: wf.errorReport })) : null) : null];
}

function stat(k, v, opts) {
  return h('div', { class: 'stat', dataset: opts && opts.key ? { key: opts.key } : {} },
    h('div', { class: 'k', text: k }),
    h('div', { class: 'v' + (opts && opts.mono ? ' mono' : ''), dataset: opts && opts.since ? { since: opts.since } : {}, text: v }));
}

/** The summary card's children: times, versions, resource totals and the command line. */
function summaryParts(wf, id, progress, job) {
  const p = (progress && progress.workflowProgress) || {};
  const nf = wf.nextflow || {};
  const live = isLive(wf) && (wf.start || wf.submit);
  return [
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
      stat('Run id', id, { mono: true }),
      job ? stat('Head job', 'Slurm job ' + job.id + (job.status ? ' · ' + job.status : ''), { key: 'headJob', mono: true }) : null),
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
      'Work dir ', h('code', { text: wf.workDir || '–' }), ' · launch dir ', h('code', { text: wf.launchDir || '–' }))];
}

/** The processes card's children: counts, one progress bar for the run and one per process. */
function processParts(progress) {
  const wp = (progress && progress.workflowProgress) || {};
  const list = (progress && progress.processesProgress) || [];
  const counts = k => h('span', { class: 'c-' + k, dataset: { count: k } }, fmtNum(wp[k] || 0) + ' ' + k);
  return [
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
    h('div', { style: { marginTop: '12px' } }, legend())];
}

/** The configuration card's children: parameters, config text, files and locations. */
function detailParts(wf) {
  const params = wf.params && Object.keys(wf.params).length ? JSON.stringify(wf.params, null, 2) : null;
  return [
    h('h2', { text: 'Configuration' }),
    h('details', { open: true }, h('summary', { text: 'Parameters' }), h('pre', { id: 'params', text: params || '(none)' })),
    h('details', {}, h('summary', { text: 'Config text' }), h('pre', { id: 'config-text', text: wf.configText || '(none)' })),
    h('details', {}, h('summary', { text: 'Files and locations' }), h('table', { class: 'kv' }, h('tbody', {},
      DETAIL_FIELDS.map(k => h('tr', {}, h('th', { text: k }), h('td', { text: wf[k] === null || wf[k] === undefined ? '–' : String(wf[k]) }))))))];
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


// ---------- console log: shown only when the server has one for this run ----------
// Re-read on the run's events, and every 3 s while the head job runs (it prints between events).
function consolePanel(id) {
  let stopped = false; let present = false; let pending = false; let message = null;
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
      pending = log.pending === true;
      message = log.message || null;
      lines = Array.isArray(log.entries) ? log.entries.join('\n') : typeof log === 'string' ? log : JSON.stringify(log, null, 2);
      if (log.truncated) lines = '… (the newest part is shown; download the whole console below)\n' + lines;
      const dls = Array.isArray(log.downloads) ? log.downloads : [];
      clear(links, dls.length ? 'Download: ' : null, dls.map((dl, i) => [i ? ' · ' : '',
        h('a', { href: '/api/workflow/' + encodeURIComponent(id) + '/download?fileName=' + encodeURIComponent(dl.fileName),
          download: dl.saveName || dl.fileName, text: dl.displayText || dl.fileName })]));
    } catch (x) { lines = text; }
    const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
    pre.textContent = lines || message || '(empty)';
    if (atBottom) pre.scrollTop = pre.scrollHeight;
    el.hidden = false;
    if (pending) refresh();
  }
  const refresh = throttle(probe, 3000);
  return { el, probe, refresh, get present() { return present; }, stop() { stopped = true; refresh.cancel(); } };
}

