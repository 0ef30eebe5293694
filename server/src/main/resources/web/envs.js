/*
 * Compute environments: where head jobs run. Everyone who may launch sees them; only an admin
 * creates (POST /api/compute-envs) or deletes them, since their scripts run on the server host.
 */
import { api, apiGet, isAdmin } from './core.js';
import { clear, dialog, field, h, main, showFieldError } from './dom.js';
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
      'on this server (local-platform), in its own work folder, with its own scripts and variables, ',
      'and a limit on how many runs go at once (the rest wait in order).'),
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
    return h('section', { class: 'card env', 'data-env': e.id },
      h('h2', {}, h('span', { class: 'env-name', text: e.name }),
        e.primary ? h('span', { class: 'tag', text: 'primary' }) : null,
        h('span', { class: 'muted small plain', text: e.platform }),
        isAdmin() ? h('span', { class: 'right' },
          h('button', { type: 'button', class: 'danger env-delete', text: 'Delete…', onclick: () => confirmDelete(e) })) : null),
      e.description ? h('p', { class: 'muted', text: e.description }) : null,
      h('div', { class: 'grid' },
        e.config ? [stat('Work folder', cfg.workDir, 'workDir', true),
          stat('Nextflow command', cfg.nextflowCommand || 'nextflow (on the PATH)', 'nextflowCommand', true),
          stat('Runs at once', cfg.maxRunning || 4, 'maxRunning')] : null,
        stat('Last used', e.lastUsed ? fmtTime(e.lastUsed) : 'never', 'lastUsed'),
        stat('Created', fmtTime(e.dateCreated)),
        stat('Id', e.id, 'id', true)),
      texts.map(([k, v, field]) => [h('h3', { text: k }), h('pre', { dataset: { field }, text: v })]));
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

function createForm(done) {
  const c = {
    name: h('input', { type: 'text', id: 'env-name', autocomplete: 'off', maxlength: 100, placeholder: 'e.g. big-node' }),
    description: h('input', { type: 'text', id: 'env-description', autocomplete: 'off' }),
    workDir: h('input', { type: 'text', id: 'env-workDir', autocomplete: 'off', spellcheck: 'false', placeholder: '/scratch/pharos/work' }),
    nextflowCommand: h('input', { type: 'text', id: 'env-nextflowCommand', autocomplete: 'off', spellcheck: 'false', placeholder: 'nextflow' }),
    maxRunning: h('input', { type: 'number', id: 'env-maxRunning', min: 1, max: 1000, step: 1, placeholder: '4' }),
    environment: h('textarea', { id: 'env-environment', rows: 3, spellcheck: 'false', placeholder: 'NXF_OPTS=-Xmx2g' }),
    preRunScript: h('textarea', { id: 'env-preRunScript', rows: 3, spellcheck: 'false', placeholder: 'module load java/17' }),
    postRunScript: h('textarea', { id: 'env-postRunScript', rows: 3, spellcheck: 'false' }),
    nextflowConfig: h('textarea', { id: 'env-nextflowConfig', rows: 3, spellcheck: 'false', placeholder: 'process.executor = "slurm"' })
  };
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
      for (const k of Object.values(c)) k.removeAttribute('aria-invalid');
      done(r.computeEnv);
    } catch (x) {
      showFieldError(err, x.message, c);
    } finally { submit.disabled = false; }
  } },
  h('h2', { text: 'New compute environment' }),
  h('div', { class: 'form' },
    field('Name', c.name, 'Letters, digits, spaces, \'.\', \'_\' or \'-\'.'),
    field('Description', c.description),
    field('Work folder', c.workDir, 'Absolute path where runs keep their work folders.'),
    field('Nextflow command', c.nextflowCommand, 'Empty: nextflow on the server\'s PATH.'),
    field('Runs at once', c.maxRunning, '1 to 1000; more launches wait in order. Empty: 4.'),
    field('Environment variables', c.environment, 'One NAME=value per line, set for the head job. Values are never shown again, not even to administrators.'),
    field('Pre-run script', c.preRunScript, 'Bash, run before Nextflow.'),
    field('Post-run script', c.postRunScript, 'Bash, run after Nextflow ends.'),
    field('Extra Nextflow config', c.nextflowConfig, 'Added to the configuration of every run here.', true)),
  h('div', { class: 'formfoot' }, submit, err));
  return f;
}

/**
 * The POST body, in the Seqera Platform's shape: config.discriminator and environment as a list of
 * {name, value, head, compute}, here all for the head job (a line that is not NAME=value is refused here).
 */
function request(c) {
  const config = { discriminator: 'local-platform', workDir: c.workDir.value.trim() };
  for (const k of ['nextflowCommand']) if (c[k].value.trim()) config[k] = c[k].value.trim();
  for (const k of ['preRunScript', 'postRunScript', 'nextflowConfig']) if (c[k].value.trim()) config[k] = c[k].value;
  if (c.maxRunning.value.trim()) config.maxRunning = Number(c.maxRunning.value);
  const env = [];
  c.environment.value.split('\n').forEach((line, i) => {
    const l = line.replace(/\r$/, '');
    if (!l.trim() || l.trim().startsWith('#')) return;
    const eq = l.indexOf('=');
    if (eq <= 0) throw new Error('Invalid value for \'environment\': line ' + (i + 1) + ' is not NAME=value');
    env.push({ name: l.slice(0, eq).trim(), value: l.slice(eq + 1), head: true, compute: false });
  });
  config.environment = env;
  const body = { name: c.name.value.trim(), platform: 'local-platform', config };
  if (c.description.value.trim()) body.description = c.description.value.trim();
  return body;
}
