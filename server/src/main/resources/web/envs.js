/*
 * Compute environments: where head jobs run, on this server (local-platform) or as Slurm jobs
 * (slurm-platform, submitted here or on a login node over SSH). Everyone who may launch sees
 * them; only an admin creates (POST /api/compute-envs), tests (POST .../test) or deletes them,
 * since their scripts run on the server host or the cluster.
 */
import { api, apiGet, isAdmin } from './core.js';
import { checkField, clear, dialog, field, h, main, showFieldError } from './dom.js';
import { fmtTime } from './format.js';

export function computeEnvsPage() {
  let stopped = false;
  const count = h('span', { class: 'muted small', id: 'env-count' });
  const list = h('div', { id: 'envs' }, h('p', { class: 'muted', text: 'Loading…' }));
  const err = h('div', { class: 'err', id: 'envs-error', hidden: true });
  const flash = h('div', { class: 'note', id: 'env-flash', hidden: true });
  clear(main,
    h('div', { class: 'pagehead' }, h('h1', { text: 'Compute environments' }), count),
    h('p', { class: 'muted' }, 'A compute environment is where Pharos starts a launched run\'s Nextflow head job: ',
      'on this server (local-platform) or as a Slurm job (slurm-platform), in its own work folder, with its own ',
      'scripts and variables, and a limit on how many runs go at once (the rest wait in order).'),
    flash, err, list,
    isAdmin() ? createForm(created) : h('p', { class: 'muted small', id: 'env-admin-only',
      text: 'Only an administrator can add or delete compute environments.' }));

  function created(env) {
    flash.textContent = 'Created compute environment ' + env.name + '.';
    flash.hidden = false;
    load();
  }
  async function load() {
    try {
      const r = await apiGet('/api/compute-envs');
      if (stopped) return;
      err.hidden = true;
      const envs = r.computeEnvs || [];
      count.textContent = envs.length + (envs.length === 1 ? ' environment' : ' environments');
      clear(list, envs.length ? envs.map(card)
        : h('section', { class: 'card empty', text: 'No compute environments: runs cannot be launched until an administrator adds one.' }));
    } catch (x) {
      if (!stopped) { err.textContent = x.message; err.hidden = false; }
    }
  }
  function card(e) {
    // The server leaves config out for users who may not launch, and never sends variable values.
    const cfg = e.config || {};
    // Variables are the spec's list of {name, value, head, compute}; every value comes back masked.
    const vars = (cfg.environment || []).map(v => v.name + '=' + v.value
      + (v.compute ? (v.head ? '   (head job and tasks)' : '   (tasks)') : '')).join('\n');
    const stat = (k, v, field, mono) => h('div', { class: 'stat', dataset: field ? { field } : {} },
      h('div', { class: 'k', text: k }), h('div', { class: 'v' + (mono ? ' mono' : ''), text: v === null || v === undefined || v === '' ? '–' : String(v) }));
    // Scripts, config and variables only when set: most environments have none of them.
    const texts = [['Environment variables', vars, 'environment'], ['Pre-run script', cfg.preRunScript, 'preRunScript'],
      ['Post-run script', cfg.postRunScript, 'postRunScript'], ['Extra Nextflow config', cfg.nextflowConfig, 'nextflowConfig']]
      .filter(t => t[1]);
    const slurm = e.platform === 'slurm-platform';
    const testResult = h('div', { class: 'note env-test-result', role: 'status', hidden: true });
    const testButton = h('button', { type: 'button', class: 'env-test', text: 'Test connection',
      title: 'Reach the cluster, find sbatch, squeue, scancel and nextflow, read the Slurm version' });
    testButton.addEventListener('click', () => testConnection(e, testButton, testResult));
    return h('section', { class: 'card env', 'data-env': e.id },
      h('h2', {}, h('span', { class: 'env-name', text: e.name }),
        e.primary ? h('span', { class: 'tag', text: 'primary' }) : null,
        h('span', { class: 'muted small plain', text: e.platform }),
        isAdmin() ? h('span', { class: 'right' }, slurm ? testButton : null, ' ',
          h('button', { type: 'button', class: 'danger env-delete', text: 'Delete…', onclick: () => confirmDelete(e) })) : null),
      e.description ? h('p', { class: 'muted', text: e.description }) : null,
      h('div', { class: 'grid' },
        e.config ? [stat('Work folder', cfg.workDir, 'workDir', true),
          stat('Nextflow command', cfg.nextflowCommand || 'nextflow (on the PATH)', 'nextflowCommand', true),
          stat('Runs at once', cfg.maxRunning || 4, 'maxRunning')] : null,
        e.config && slurm ? slurmStats(cfg, stat) : null,
        e.status && e.status !== 'AVAILABLE' ? stat('Status', e.status + (e.message ? ': ' + e.message : ''), 'status') : null,
        stat('Last used', e.lastUsed ? fmtTime(e.lastUsed) : 'never', 'lastUsed'),
        stat('Created', fmtTime(e.dateCreated)),
        stat('Id', e.id, 'id', true)),
      texts.map(([k, v, field]) => [h('h3', { text: k }), h('pre', { dataset: { field }, text: v })]),
      testResult);
  }
  /** POST /api/compute-envs/{id}/test: the Slurm version and commands found, or the server's reason. */
  async function testConnection(e, button, out) {
    button.disabled = true;
    out.hidden = false;
    out.className = 'note env-test-result';
    out.textContent = 'Testing the connection…';
    try {
      const c = (await api('POST', '/api/compute-envs/' + encodeURIComponent(e.id) + '/test')).connection || {};
      const cmds = Object.entries(c.commands || {}).map(([k, v]) => k + ': ' + v).join(' · ');
      out.textContent = 'Connection OK' + (c.hostName ? ' to ' + c.hostName : '')
        + (c.slurmVersion ? ' · Slurm ' + c.slurmVersion : '') + (cmds ? ' · ' + cmds : '')
        + (c.hostKey ? ' · host key ' + c.hostKey + (c.hostKeyRecorded ? ' (recorded now)' : '') : '');
      out.dataset.ok = 'true';
    } catch (x) {
      out.className = 'err env-test-result';
      out.textContent = x.message;
      out.dataset.ok = 'false';
    } finally { button.disabled = false; }
  }
  function confirmDelete(e) {
    const derr = h('div', { class: 'err', hidden: true });
    const ok = h('button', { type: 'button', class: 'danger solid', id: 'env-delete-confirm', text: 'Delete' });
    const d = dialog('Delete compute environment “' + e.name + '”?', [
      h('p', { text: 'New runs can no longer be launched on it. Runs launched on it before keep running and keep their records.' }),
      e.primary ? h('p', { class: 'note', text: 'This is the primary environment, chosen by default in the launch form.' }) : null,
      derr], [h('button', { type: 'button', text: 'Cancel', onclick: () => d.close() }), ok], 'narrow');
    ok.addEventListener('click', async () => {
      ok.disabled = true;
      try {
        await api('DELETE', '/api/compute-envs/' + encodeURIComponent(e.id));
        d.close();
        flash.textContent = 'Deleted compute environment ' + e.name + '.';
        flash.hidden = false;
        load();
      } catch (x) { derr.textContent = x.message; derr.hidden = false; ok.disabled = false; }
    });
  }
  load();
  return { onEvent() {}, stop() { stopped = true; } };
}

/** A Slurm environment's own settings on its card (those set). */
function slurmStats(cfg, stat) {
  const where = cfg.hostName ? (cfg.userName ? cfg.userName + '@' : '') + cfg.hostName + (cfg.port ? ':' + cfg.port : '')
    : 'this server (a submit host)';
  return [stat('Submits on', where, 'hostName', true),
    stat('Launch folder', cfg.launchDir || '(the work folder)', 'launchDir', true),
    stat('Head job queue', cfg.headQueue || '(the default partition)', 'headQueue', true),
    stat('Task queue', cfg.computeQueue || '(the default partition)', 'computeQueue', true),
    cfg.headJobOptions ? stat('Head job options', cfg.headJobOptions + (cfg.propagateHeadJobOptions ? ' (also for tasks)' : ''),
      'headJobOptions', true) : null,
    cfg.maxQueueSize ? stat('Tasks queued at once', cfg.maxQueueSize, 'maxQueueSize') : null];
}

function createForm(done) {
  const c = {
    name: h('input', { type: 'text', id: 'env-name', autocomplete: 'off', maxlength: 100, placeholder: 'e.g. big-node' }),
    platform: h('select', { id: 'env-platform' },
      h('option', { value: 'local-platform', text: 'On this server (local-platform)' }),
      h('option', { value: 'slurm-platform', text: 'Slurm cluster (slurm-platform)' })),
    description: h('input', { type: 'text', id: 'env-description', autocomplete: 'off' }),
    workDir: h('input', { type: 'text', id: 'env-workDir', autocomplete: 'off', spellcheck: 'false', placeholder: '/scratch/pharos/work' }),
    nextflowCommand: h('input', { type: 'text', id: 'env-nextflowCommand', autocomplete: 'off', spellcheck: 'false', placeholder: 'nextflow' }),
    maxRunning: h('input', { type: 'number', id: 'env-maxRunning', min: 1, max: 1000, step: 1, placeholder: '4' }),
    environment: h('textarea', { id: 'env-environment', rows: 3, spellcheck: 'false', placeholder: 'NXF_OPTS=-Xmx2g' }),
    preRunScript: h('textarea', { id: 'env-preRunScript', rows: 3, spellcheck: 'false', placeholder: 'module load java/17' }),
    postRunScript: h('textarea', { id: 'env-postRunScript', rows: 3, spellcheck: 'false' }),
    nextflowConfig: h('textarea', { id: 'env-nextflowConfig', rows: 3, spellcheck: 'false', placeholder: 'process.cpus = 2' }),
    // Slurm (the Seqera Platform's SlurmComputeConfig)
    launchDir: h('input', { type: 'text', id: 'env-launchDir', autocomplete: 'off', spellcheck: 'false', placeholder: '(the work folder)' }),
    headQueue: h('input', { type: 'text', id: 'env-headQueue', autocomplete: 'off', spellcheck: 'false', placeholder: 'short' }),
    computeQueue: h('input', { type: 'text', id: 'env-computeQueue', autocomplete: 'off', spellcheck: 'false', placeholder: 'batch' }),
    headJobOptions: h('input', { type: 'text', id: 'env-headJobOptions', autocomplete: 'off', spellcheck: 'false', placeholder: '--mem=4G --time=2-00:00:00' }),
    propagateHeadJobOptions: h('input', { type: 'checkbox', id: 'env-propagateHeadJobOptions' }),
    maxQueueSize: h('input', { type: 'number', id: 'env-maxQueueSize', min: 1, step: 1, placeholder: '100' }),
    hostName: h('input', { type: 'text', id: 'env-hostName', autocomplete: 'off', spellcheck: 'false', placeholder: 'login.hpc.example.org' }),
    port: h('input', { type: 'number', id: 'env-port', min: 1, max: 65535, step: 1, placeholder: '22' }),
    userName: h('input', { type: 'text', id: 'env-userName', autocomplete: 'off', spellcheck: 'false' }),
    credentialsId: h('select', { id: 'env-credentialsId' }, h('option', { value: '', text: '(none)' }))
  };
  // The stored SSH keys, by name (GET /api/credentials names them; their keys are never sent back).
  apiGet('/api/credentials').then(r => (r.credentials || []).forEach(k =>
    c.credentialsId.append(h('option', { value: k.id, text: k.name + ' (' + k.provider + ')' })))).catch(() => {});
  const slurmFields = h('div', { class: 'form', id: 'env-slurm-fields', hidden: true },
    field('Launch folder', c.launchDir, 'Absolute, on the cluster\'s shared file system; Pharos keeps its run folders under .pharos/ in it. Empty: the work folder.'),
    field('Head job queue', c.headQueue, 'The partition the head job is submitted to. Empty: the cluster\'s default.'),
    field('Task queue', c.computeQueue, 'The partition of the pipeline\'s tasks (process.queue), unless the pipeline says otherwise.'),
    field('Head job options', c.headJobOptions, 'sbatch options for the head job, as written.'),
    checkField('Use the head job options for the tasks too', c.propagateHeadJobOptions),
    field('Tasks queued at once', c.maxQueueSize, 'Nextflow\'s executor.queueSize. Empty: Nextflow\'s default.'),
    field('Login node', c.hostName, 'Submit over SSH on this host. Empty: submit on this server (it must be a submit host).'),
    field('SSH port', c.port, 'Empty: 22.'),
    field('SSH user', c.userName),
    field('SSH key', c.credentialsId, 'A stored credential (POST /api/credentials). After creating, use Test connection: it records the host key.'));
  c.platform.addEventListener('change', () => { slurmFields.hidden = c.platform.value !== 'slurm-platform'; });
  const err = h('div', { class: 'err', id: 'env-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'env-create', text: 'Create compute environment' });
  const f = h('form', { id: 'env-form', class: 'card', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    err.hidden = true;
    let body;
    try { body = request(c); } catch (x) { showFieldError(err, x.message, c); return; }
    submit.disabled = true;
    try {
      const r = await api('POST', '/api/compute-envs', body);
      f.reset();
      slurmFields.hidden = true;
      for (const k of Object.values(c)) k.removeAttribute('aria-invalid');
      done(r.computeEnv);
    } catch (x) {
      showFieldError(err, x.message, c);
    } finally { submit.disabled = false; }
  } },
  h('h2', { text: 'New compute environment' }),
  h('div', { class: 'form' },
    field('Name', c.name, 'Letters, digits, spaces, \'.\', \'_\' or \'-\'.'),
    field('Platform', c.platform, 'Where head jobs run: processes of this server, or Slurm jobs.'),
    field('Description', c.description),
    field('Work folder', c.workDir, 'Absolute path where runs keep their work folders.'),
    field('Nextflow command', c.nextflowCommand, 'Empty: nextflow on the server\'s PATH.'),
    field('Runs at once', c.maxRunning, '1 to 1000; more launches wait in order. Empty: 4.'),
    field('Environment variables', c.environment, 'One NAME=value per line, set for the head job. Values are never shown again, not even to administrators.'),
    field('Pre-run script', c.preRunScript, 'Bash, run before Nextflow.'),
    field('Post-run script', c.postRunScript, 'Bash, run after Nextflow ends.'),
    field('Extra Nextflow config', c.nextflowConfig, 'Added to the configuration of every run here.', true)),
  slurmFields,
  h('div', { class: 'formfoot' }, submit, err));
  return f;
}

/**
 * The POST body, in the Seqera Platform's shape: config.discriminator and environment as a list of
 * {name, value, head, compute}, here all for the head job (a line that is not NAME=value is refused here).
 */
function request(c) {
  const platform = c.platform.value;
  const config = { discriminator: platform, workDir: c.workDir.value.trim() };
  for (const k of ['nextflowCommand']) if (c[k].value.trim()) config[k] = c[k].value.trim();
  for (const k of ['preRunScript', 'postRunScript', 'nextflowConfig']) if (c[k].value.trim()) config[k] = c[k].value;
  if (c.maxRunning.value.trim()) config.maxRunning = Number(c.maxRunning.value);
  if (platform === 'slurm-platform') {
    for (const k of ['launchDir', 'headQueue', 'computeQueue', 'headJobOptions', 'hostName', 'userName']) {
      if (c[k].value.trim()) config[k] = c[k].value.trim();
    }
    for (const k of ['maxQueueSize', 'port']) if (c[k].value.trim()) config[k] = Number(c[k].value);
    config.propagateHeadJobOptions = c.propagateHeadJobOptions.checked;
  }
  const env = [];
  c.environment.value.split('\n').forEach((line, i) => {
    const l = line.replace(/\r$/, '');
    if (!l.trim() || l.trim().startsWith('#')) return;
    const eq = l.indexOf('=');
    if (eq <= 0) throw new Error('Invalid value for \'environment\': line ' + (i + 1) + ' is not NAME=value');
    env.push({ name: l.slice(0, eq).trim(), value: l.slice(eq + 1), head: true, compute: false });
  });
  config.environment = env;
  const body = { name: c.name.value.trim(), platform, config };
  if (c.description.value.trim()) body.description = c.description.value.trim();
  if (platform === 'slurm-platform' && c.credentialsId.value) body.credentialsId = c.credentialsId.value;
  return body;
}
