/*
 * The API client, who is signed in, and moving between pages. Every page reads the JSON API
 * of docs/api.md through api(); app.js installs the router and what happens when a session ends.
 */

/** The signed-in user (GET /api/user-info) and the server's service info; null when signed out. */
export const session = { me: null, serviceInfo: null };

/** Admins may launch; other users when an admin granted them the launch permission. */
export const mayLaunch = () => !!session.me && (session.me.role === 'admin' || session.me.canLaunch === true);
export const isAdmin = () => !!session.me && session.me.role === 'admin';

const hooks = { route: () => {}, signedOut: () => {} };
/** app.js tells the shared code how to draw the current page and how to end a session. */
export function install(route, signedOut) {
  hooks.route = route;
  hooks.signedOut = signedOut;
}

// ---------- the API ----------
export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}
export async function api(method, path, body) {
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
    if (r.status === 401 && session.me && path !== '/api/session') {
      hooks.signedOut('Your session ended: sign in again.');
    }
    throw new ApiError(r.status, (data && data.message) || ('HTTP ' + r.status));
  }
  return data;
}
export const apiGet = path => api('GET', path);
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') u.set(k, v);
  const q = u.toString();
  return q ? '?' + q : '';
}

// ---------- navigation ----------
export function go(path, replace) {
  if (replace) history.replaceState(null, '', path); else history.pushState(null, '', path);
  hooks.route();
}
