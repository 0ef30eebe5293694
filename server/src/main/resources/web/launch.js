/*
 * The launch form: every field of the seed's launch request, POSTed to /api/workflow/launch.
 * /launch?relaunch=ID fills it from that run's launch record, with a Resume box that reuses
 * the run's session (its cached tasks). The server checks every field; its message is shown here.
 */
import { api, apiGet, go, mayLaunch } from './core.js';
import { checkField, clear, field, h, main, showFieldError } from './dom.js';

const TEXT = ['pipeline', 'revision', 'workDir', 'sessionId', 'mainScript', 'entryName'];
const AREAS = ['paramsText', 'configText', 'preRunScript', 'postRunScript'];

export function launchPage() {
  let stopped = false;
  const from = new URLSearchParams(location.search).get('relaunch');
  const title = h('h1', { text: from ? 'Relaunch a run' : 'Launch a pipeline' });
  const body = h('div', {}, h('p', { class: 'muted', text: 'Loading…' }));
  clear(main, h('div', { class: 'pagehead' }, title), body);
  if (!mayLaunch()) {
    clear(body, h('section', { class: 'card', id: 'launch-denied' },
      h('p', {}, 'Launching runs needs the launch permission: ask an administrator ',
        '(', h('code', { text: 'pharos user add NAME --launch' }), ').'),
      h('p', {}, h('a', { href: '/', 'data-nav': true, text: '← All runs' }))));
    return { onEvent() {}, stop() {} };
  }

  (async () => {
    let envs; let record = null; let run = null;
    try {
      const asked = [apiGet('/api/compute-envs')];
      if (from) {
        const id = encodeURIComponent(from);
        asked.push(apiGet('/api/workflow/' + id + '/launch'), apiGet('/api/workflow/' + id));
      }
      const [e, l, w] = await Promise.all(asked);
      envs = e.computeEnvs || [];
      if (l) { record = l.launch; run = w.workflow; }
    } catch (x) {
      if (!stopped) clear(body, h('section', { class: 'card' }, h('p', { class: 'err', id: 'launch-error', text: x.message })));
      return;
    }
    if (stopped) return;
    if (run) {
      title.textContent = 'Relaunch ' + (run.runName || run.id);
      document.title = title.textContent + ' · Pharos';
    }
    clear(body, form(envs, record, run));
  })();
  return { onEvent() {}, stop() { stopped = true; } };
}

function form(envs, record, run) {
  const c = {};
  for (const k of TEXT) c[k] = h('input', { type: 'text', id: 'launch-' + k, name: k, autocomplete: 'off', spellcheck: 'false' });
  for (const k of AREAS) c[k] = h('textarea', { id: 'launch-' + k, name: k, rows: k === 'paramsText' ? 6 : 4, spellcheck: 'false' });
  c.configProfiles = h('input', { type: 'text', id: 'launch-configProfiles', name: 'configProfiles', autocomplete: 'off', placeholder: 'e.g. standard, test' });
  c.computeEnvId = h('select', { id: 'launch-computeEnvId', name: 'computeEnvId', required: true },
    envs.map(e => h('option', { value: e.id, text: e.name + (e.primary ? ' (primary)' : '') })));
  c.resume = h('input', { type: 'checkbox', id: 'launch-resume', name: 'resume' });
  c.pullLatest = h('input', { type: 'checkbox', id: 'launch-pullLatest', name: 'pullLatest' });
  c.pipeline.required = true;
  c.pipeline.placeholder = '/path/to/pipeline or https://github.com/org/repo';
  c.workDir.placeholder = 'the compute environment\'s';
  c.paramsText.placeholder = '{"input": "/data/samples.csv"}   (JSON or YAML)';
  c.configText.placeholder = 'process.cpus = 2';

  const notes = [];
  if (record) {
    for (const k of [...TEXT, ...AREAS]) if (k !== 'sessionId' && record[k] !== null && record[k] !== undefined) c[k].value = record[k];
    const profiles = record.configProfiles;
    c.configProfiles.value = Array.isArray(profiles) ? profiles.join(', ') : (profiles || '');
    c.pullLatest.checked = record.pullLatest === true;
    const env = record.computeEnv && envs.find(e => e.id === record.computeEnv.id);
    if (env) c.computeEnvId.value = env.id;
    else if (record.computeEnv) notes.push('The compute environment of that run, ' + record.computeEnv.name + ', no longer exists: choose another.');
    // Resume reuses the earlier session's cache; it suits a run that ended without succeeding.
    c.resume.checked = !!record.sessionId && (run.status === 'FAILED' || run.status === 'CANCELLED');
    if (c.resume.checked) c.sessionId.value = record.sessionId;
    c.resume.addEventListener('change', () => {
      if (c.resume.checked) c.sessionId.value = record.sessionId || '';
      else if (c.sessionId.value === record.sessionId) c.sessionId.value = '';
    });
  }

  const err = h('div', { class: 'err', id: 'launch-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'launch-submit', text: record ? 'Relaunch' : 'Launch' });
  const advancedUsed = ['mainScript', 'entryName', 'preRunScript', 'postRunScript'].some(k => c[k].value);
  const f = h('form', { id: 'launch-form', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    err.hidden = true;
    submit.disabled = true;
    try {
      const r = await api('POST', '/api/workflow/launch', { launch: collect(c) });
      go('/watch/' + encodeURIComponent(r.workflowId));
    } catch (x) {
      showFieldError(err, x.message, c);
      submit.disabled = false;
    }
  } },
  h('section', { class: 'card' },
    h('h2', { text: 'Pipeline' }),
    record ? h('p', { class: 'muted small' }, 'Filled in from the launch of ',
      h('a', { href: '/watch/' + encodeURIComponent(run.id), 'data-nav': true, text: run.runName || run.id }), '. Change anything before launching.') : null,
    notes.map(n => h('p', { class: 'note', text: n })),
    envs.length ? null : h('p', { class: 'note', id: 'launch-no-envs', text: 'There is no compute environment yet: an administrator adds one on the Compute environments page.' }),
    h('div', { class: 'form' },
      field('Compute environment', c.computeEnvId, 'Where the Nextflow head job runs.'),
      field('Pipeline', c.pipeline, 'A folder on the server, a git repository on it, or a git URL.'),
      field('Revision', c.revision, 'Branch, tag or commit of a git pipeline.'),
      field('Config profiles', c.configProfiles, 'Comma-separated, passed as -profile.'),
      field('Work directory', c.workDir, 'Absolute path or URI; empty: the compute environment\'s work folder.'),
      checkField('Pull the latest revision first', c.pullLatest, 'For a git pipeline (-latest).'))),
  h('section', { class: 'card' },
    h('h2', { text: 'Parameters and configuration' }),
    h('div', { class: 'form' },
      field('Pipeline parameters', c.paramsText, 'JSON or YAML; written to a params file (-params-file).', true),
      field('Nextflow config', c.configText, 'Added to the run\'s configuration (-c).', true))),
  h('section', { class: 'card' },
    h('h2', { text: 'Resume' }),
    h('div', { class: 'form' },
      checkField(record ? 'Resume: reuse the finished tasks of this run' : 'Resume an earlier run', c.resume,
        'Tasks that already succeeded come back CACHED. Needs the session id of a run launched here.'),
      field('Session id', c.sessionId, 'The Nextflow session to resume.'))),
  h('details', { class: 'card', open: advancedUsed },
    h('summary', { text: 'Advanced: main script, entry workflow, scripts around the run' }),
    h('div', { class: 'form' },
      field('Main script', c.mainScript, 'A path inside the pipeline, instead of main.nf.'),
      field('Entry workflow', c.entryName, 'A named workflow to run (-entry).'),
      field('Pre-run script', c.preRunScript, 'Bash, run before Nextflow on the compute environment.', true),
      field('Post-run script', c.postRunScript, 'Bash, run after Nextflow ends.', true))),
  h('div', { class: 'formfoot' }, submit,
    h('a', { href: record ? '/watch/' + encodeURIComponent(run.id) : '/', 'data-nav': true, text: 'Cancel' }), err));
  return f;
}

/** The request: only the fields that have a value, as the API documents them. */
function collect(c) {
  const out = {};
  if (c.computeEnvId.value) out.computeEnvId = c.computeEnvId.value;
  for (const k of TEXT) if (c[k].value.trim()) out[k] = c[k].value.trim();
  // Scripts and texts keep their own spacing; only an all-blank one is left out.
  for (const k of AREAS) if (c[k].value.trim()) out[k] = c[k].value;
  const profiles = c.configProfiles.value.split(',').map(p => p.trim()).filter(p => p);
  if (profiles.length) out.configProfiles = profiles;
  if (c.resume.checked) out.resume = true;
  if (c.pullLatest.checked) out.pullLatest = true;
  return out;
}
