/*
 * Labels and stars on runs: chips that filter the runs list (label:NAME), the star toggle, and the
 * run page's label editor. Everything goes through the labels API of docs/api.md.
 */
import { api, apiGet, qs } from './core.js';
import { clear, h } from './dom.js';

/** How a label is written in a search and on a chip: name, or name=value for a resource label. */
export const labelText = l => l.value ? l.name + '=' + l.value : l.name;

/** The runs list searched for this label. */
export const labelSearch = l => '/' + qs({ search: 'label:' + labelText(l) });

/** A run's labels as chips; each is a link to the runs with that label. */
export function labelChips(labels) {
  if (!labels || !labels.length) return null;
  return h('span', { class: 'labels' }, labels.map(l => h('a', { href: labelSearch(l), 'data-nav': true,
    class: 'label', 'data-label': labelText(l), title: 'Runs labelled ' + labelText(l), text: labelText(l) })));
}

/** The star toggle of a run: POST or DELETE /api/workflow/{id}/star, then `changed(starred)`. */
export function starButton(id, starred, changed) {
  const b = h('button', { type: 'button', class: 'star' + (starred ? ' on' : ''), 'data-star': id,
    'aria-pressed': String(!!starred), 'aria-label': starred ? 'Unstar run' : 'Star run',
    title: starred ? 'Starred: click to unstar' : 'Star this run', text: starred ? '★' : '☆' });
  b.addEventListener('click', async e => {
    e.preventDefault();
    e.stopPropagation();
    b.disabled = true;
    try {
      await api(starred ? 'DELETE' : 'POST', '/api/workflow/' + encodeURIComponent(id) + '/star');
      changed(!starred);
    } catch (x) {
      b.title = x.message;
      b.disabled = false;
    }
  });
  return b;
}

/** Labels and the star of one run, from the list (the one answer that carries both). */
export async function runMarks(id) {
  const data = await apiGet('/api/workflow' + qs({ attributes: 'labels', max: 1, search: 'workflowId:' + id }));
  const item = (data.workflows || [])[0] || {};
  return { labels: item.labels || [], starred: !!item.starred };
}

/**
 * The run page's labels card: the run's labels, each removable, and a box to add one (an
 * existing label of yours, or a new one: `name`, or `name=value` for a resource label).
 */
export function labelEditor(id) {
  const el = h('section', { class: 'card', id: 'labels-card' });
  const err = h('div', { class: 'err', hidden: true });
  const input = h('input', { type: 'text', id: 'label-input', list: 'label-choices', autocomplete: 'off',
    'aria-label': 'Label to add', placeholder: 'label, or name=value' });
  const choices = h('datalist', { id: 'label-choices' });
  const add = h('button', { type: 'submit', id: 'label-add', text: 'Add label' });
  const chips = h('div', { class: 'labels edit', id: 'run-labels' });
  let onChange = () => {};
  let mine = [];

  const form = h('form', { class: 'toolbar', onsubmit: e => { e.preventDefault(); addLabel(); } }, input, choices, add);
  clear(el, h('h2', { text: 'Labels' }), chips, form, err);

  async function loadChoices() {
    try {
      mine = (await apiGet('/api/labels?max=1000')).labels || [];
      clear(choices, mine.map(l => h('option', { value: labelText(l) })));
    } catch (x) { /* the box still takes new labels */ }
  }
  async function addLabel() {
    const text = input.value.trim();
    if (!text) return;
    const eq = text.indexOf('=');
    const body = eq > 0 ? { name: text.slice(0, eq), value: text.slice(eq + 1), resource: true } : { name: text };
    add.disabled = true;
    try {
      // Creating returns the existing label of that name (and value), so this is also how one is found.
      const label = await api('POST', '/api/labels', body);
      await api('POST', '/api/workflow/labels/add', { workflowIds: [id], labelIds: [label.id] });
      input.value = '';
      err.hidden = true;
      loadChoices();
      onChange();
    } catch (x) {
      err.textContent = x.message;
      err.hidden = false;
    } finally {
      add.disabled = false;
    }
  }
  async function remove(l) {
    try {
      await api('POST', '/api/workflow/labels/remove', { workflowIds: [id], labelIds: [l.id] });
      err.hidden = true;
      onChange();
    } catch (x) {
      err.textContent = x.message;
      err.hidden = false;
    }
  }
  loadChoices();
  return {
    el,
    /** Shows the run's labels; `changed` is called after an edit, to re-read them. */
    draw(labels, changed) {
      onChange = changed;
      clear(chips, labels.length ? labels.map(l => h('span', { class: 'label', 'data-label': labelText(l) },
        h('a', { href: labelSearch(l), 'data-nav': true, title: 'Runs labelled ' + labelText(l), text: labelText(l) }),
        h('button', { type: 'button', class: 'unlabel', 'aria-label': 'Remove label ' + labelText(l), title: 'Remove',
          text: '×', onclick: () => remove(l) })))
        : h('span', { class: 'muted small', text: 'No labels yet.' }));
    }
  };
}
