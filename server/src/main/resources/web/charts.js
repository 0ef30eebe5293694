/* Charts of a run, drawn as SVG: box plots of resource use per process, and the task timeline. */
import { apiGet, qs } from './core.js';
import { clear, h, hideTip, moveTip, s, showTip } from './dom.js';
import { fmtBytes, fmtDur, fmtNum, fmtPct, fmtTime, throttle } from './format.js';
import { taskDialog } from './runtasks.js';

const TIMELINE_MAX = 3000;
// Okabe-Ito, for process colours.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'];

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
export function metricsPanel(id) {
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

// ---------- timeline: submit -> start -> complete per task, coloured by process ----------
export function timelinePanel(id, runLive) {
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

