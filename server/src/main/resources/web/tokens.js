/* Access tokens: the user's live tokens, creating one (its secret shown once) and revoking one. */
import { api, apiGet, session } from './core.js';
import { clear, dialog, h, main } from './dom.js';
import { fmtTime } from './format.js';

export function tokensPage() {
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
      const url = (session.serviceInfo && session.serviceInfo.serverUrl) || location.origin;
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
      try { await api('DELETE', '/api/tokens/' + t.id); d.close(); load(); } catch (x) { d.close(); if (session.me) { err.textContent = x.message; err.hidden = false; } }
    });
  }
  load();
  return { onEvent() {}, stop() { stopped = true; } };
}

