// The Users page (/admin.html): your own password and API keys for every signed-in user; for admins
// also every user — create, change the role, disable, reset the password, and their API keys.
// Everything goes through /api/users and /api/keys with the session's CSRF header (writeHeaders()).
import { SessionError, session, writeHeaders, type Role, type SessionState } from '../shared/session';

interface User {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
}
interface Key {
  id: string;
  label: string;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const ROLES: Role[] = ['viewer', 'editor', 'admin'];

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(method === 'GET' ? {} : writeHeaders()),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as {
    detail?: string;
    rule?: string;
    errors?: Array<{ path: string; message: string }>;
  };
  if (!res.ok)
    throw new SessionError(data.detail ?? `The server answered ${res.status}.`, res.status, data.rule ?? null, data.errors ?? []);
  return data as T;
}

/** The server's words, with each field's problem ("password: must be at least 12 characters"). */
function describe(error: unknown): string {
  if (!(error instanceof SessionError)) return (error as Error).message;
  const fields = error.issues.map((i) => `${i.path.replace(/^\$\./, '')}: ${i.message}`);
  return fields.length ? `${error.message} ${fields.join('; ')}` : error.message;
}

function showError(id: string, error: unknown | null): void {
  const p = $(id);
  p.hidden = error === null;
  p.textContent = error === null ? '' : describe(error);
}

function banner(message: string | null): void {
  const b = $('banner');
  b.hidden = message === null;
  b.textContent = message ?? '';
}

let me: SessionState['user'] = null;
/** Whose keys the keys section shows. */
let keysOf: User | null = null;

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : 'never';
}

async function loadKeys(): Promise<void> {
  if (!keysOf) return;
  $('keys').hidden = false;
  $('keys-title').textContent = keysOf.id === me?.id ? 'Your API keys' : `API keys of ${keysOf.name}`;
  const { keys } = await api<{ keys: Key[] }>('GET', `/api/users/${encodeURIComponent(keysOf.id)}/keys`);
  const list = $('keys-list');
  list.replaceChildren();
  if (keys.length === 0) list.append(Object.assign(document.createElement('li'), { className: 'muted', textContent: 'No keys yet.' }));
  for (const k of keys) {
    const li = document.createElement('li');
    const text = document.createElement('span');
    text.textContent = `${k.label} — ${k.hint}… · made ${when(k.createdAt)} · last used ${when(k.lastUsedAt)}`;
    const revoke = document.createElement('button');
    revoke.type = 'button';
    revoke.textContent = 'Revoke';
    revoke.setAttribute('aria-label', `Revoke the key ${k.label}`);
    revoke.addEventListener('click', () => {
      if (!confirm(`Revoke the key "${k.label}"? Scripts using it stop working.`)) return;
      api('DELETE', `/api/keys/${encodeURIComponent(k.id)}`)
        .then(loadKeys)
        .catch((e: unknown) => banner(describe(e)));
    });
    li.append(text, revoke);
    list.append(li);
  }
}

function userRow(u: User): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.userId = u.id;
  const name = document.createElement('th');
  name.scope = 'row';
  name.textContent = u.name + (u.id === me?.id ? ' (you)' : '');
  const roleCell = document.createElement('td');
  const role = document.createElement('select');
  role.setAttribute('aria-label', `Role of ${u.name}`);
  for (const r of ROLES) role.append(new Option(r, r, r === u.role, r === u.role));
  role.addEventListener('change', () => {
    api('PATCH', `/api/users/${encodeURIComponent(u.id)}`, { role: role.value })
      .then(() => banner(null))
      .catch((e: unknown) => {
        role.value = u.role;
        banner(describe(e));
      })
      .finally(() => void loadUsers());
  });
  roleCell.append(role);
  const status = document.createElement('td');
  status.textContent = u.disabled ? 'disabled' : 'active';
  const actions = document.createElement('td');
  actions.className = 'row-actions';
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.textContent = u.disabled ? 'Enable' : 'Disable';
  toggle.setAttribute('aria-label', `${toggle.textContent} ${u.name}`);
  toggle.addEventListener('click', () => {
    api('PATCH', `/api/users/${encodeURIComponent(u.id)}`, { disabled: !u.disabled })
      .then(() => banner(null))
      .catch((e: unknown) => banner(describe(e)))
      .finally(() => void loadUsers());
  });
  const keys = document.createElement('button');
  keys.type = 'button';
  keys.textContent = 'Keys';
  keys.setAttribute('aria-label', `API keys of ${u.name}`);
  keys.addEventListener('click', () => {
    keysOf = u;
    void loadKeys().then(() => $('key-label').focus());
  });
  const reset = document.createElement('button');
  reset.type = 'button';
  reset.textContent = 'New password';
  reset.setAttribute('aria-label', `Set a new password for ${u.name}`);
  reset.addEventListener('click', () => {
    const password = prompt(`New password for ${u.name} (12 characters or more):`);
    if (!password) return;
    api('PATCH', `/api/users/${encodeURIComponent(u.id)}`, { password })
      .then(() => banner(`${u.name} has a new password; their sessions ended.`))
      .catch((e: unknown) => banner(describe(e)));
  });
  actions.append(toggle, keys, reset);
  tr.append(name, roleCell, status, actions);
  return tr;
}

async function loadUsers(): Promise<void> {
  const { users } = await api<{ users: User[] }>('GET', '/api/users');
  $('users-body').replaceChildren(...users.map(userRow));
}

async function show(s: SessionState): Promise<void> {
  me = s.via === 'session' ? s.user : null;
  $('signed-out').hidden = me !== null;
  $('me').hidden = me === null;
  $('users').hidden = me?.role !== 'admin';
  $('keys').hidden = me === null;
  if (!me) return;
  $('me-who').textContent = `Signed in as ${me.name}, ${me.role}.`;
  keysOf = { id: me.id, name: me.name, role: me.role, disabled: false };
  try {
    await loadKeys();
    if (me.role === 'admin') await loadUsers();
  } catch (e) {
    banner(describe(e));
  }
}

$<HTMLFormElement>('password-form').addEventListener('submit', (e) => {
  e.preventDefault();
  if (!me) return;
  $('password-ok').hidden = true;
  const currentPassword = $<HTMLInputElement>('current-password').value;
  const password = $<HTMLInputElement>('new-password').value;
  api('PATCH', `/api/users/${encodeURIComponent(me.id)}`, { password, currentPassword })
    .then(() => {
      showError('password-error', null);
      $('password-ok').hidden = false;
      $<HTMLFormElement>('password-form').reset();
    })
    .catch((err: unknown) => showError('password-error', err));
});

$<HTMLFormElement>('create-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = $<HTMLInputElement>('create-name').value.trim();
  const role = $<HTMLSelectElement>('create-role').value;
  const password = $<HTMLInputElement>('create-password').value;
  api<{ user: User; password?: string }>('POST', '/api/users', { name, role, ...(password ? { password } : {}) })
    .then((r) => {
      showError('create-error', null);
      const ok = $('create-ok');
      ok.hidden = false;
      ok.textContent = r.password
        ? `Created ${r.user.name} (${r.user.role}). Their password, shown this once: ${r.password}`
        : `Created ${r.user.name} (${r.user.role}).`;
      $<HTMLFormElement>('create-form').reset();
      return loadUsers();
    })
    .catch((err: unknown) => showError('create-error', err));
});

$<HTMLFormElement>('key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  if (!keysOf) return;
  const label = $<HTMLInputElement>('key-label').value.trim();
  api<{ secret: string }>('POST', `/api/users/${encodeURIComponent(keysOf.id)}/keys`, { label })
    .then((r) => {
      showError('key-error', null);
      $('key-secret').hidden = false;
      $('key-secret-value').textContent = r.secret;
      $<HTMLFormElement>('key-form').reset();
      return loadKeys();
    })
    .catch((err: unknown) => showError('key-error', err));
});

$('key-copy').addEventListener('click', () => {
  void navigator.clipboard?.writeText($('key-secret-value').textContent ?? '').then(() => ($('key-copy').textContent = 'Copied'));
});

session.onChange((s) => void show(s));
void session.ready().then(show);
