// The sign-in widget every page mounts in its top bar (#account): "Sign in" opens a small form (name,
// password); signed in, it names the user and role and offers the account page and "Sign out".
// Loading it also loads the session state (session.ready()) that the page's own code reads.
import './account.css';

import { SessionError, session, type SessionState } from './session';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export function mountAccount(host: HTMLElement): void {
  // Importing this module mounts it already; a page that also calls it gets the one widget.
  if (host.dataset.mounted) return;
  host.dataset.mounted = 'true';
  host.classList.add('account');
  const button = el('button', { type: 'button', class: 'account-button', 'aria-expanded': 'false', 'aria-controls': 'account-panel' });
  const panel = el('div', { id: 'account-panel', class: 'account-panel', role: 'dialog', 'aria-label': 'Account' });
  panel.hidden = true;
  host.replaceChildren(button, panel);

  const open = (focus = true) => {
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    if (focus) panel.querySelector<HTMLElement>('input, a, button')?.focus();
  };
  const close = () => {
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  };
  button.addEventListener('click', () => (panel.hidden ? open() : close()));
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
      button.focus();
    }
  });
  document.addEventListener('pointerdown', (e) => {
    if (!panel.hidden && !host.contains(e.target as Node)) close();
  });

  function signInForm(s: SessionState): HTMLFormElement {
    const form = el('form', { class: 'account-form', novalidate: '' });
    if (!s.anonymousRead) form.append(el('p', { class: 'account-note' }, 'This Liaison is open to signed-in users only.'));
    const name = el('input', {
      name: 'username',
      autocomplete: 'username',
      required: '',
      id: 'account-name',
      autocapitalize: 'none',
      spellcheck: 'false',
    });
    const password = el('input', {
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: '',
      id: 'account-password',
    });
    const error = el('p', { class: 'account-error', role: 'alert', id: 'account-error' });
    error.hidden = true;
    const submit = el('button', { type: 'submit', class: 'account-submit' }, 'Sign in');
    form.append(
      el('label', { for: 'account-name' }, 'Name'),
      name,
      el('label', { for: 'account-password' }, 'Password'),
      password,
      error,
      submit,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!name.value.trim() || !password.value) {
        error.textContent = 'Give your name and password.';
        error.hidden = false;
        return;
      }
      submit.disabled = true;
      session
        .signIn(name.value.trim(), password.value)
        .then(() => {
          close();
          // Pages that read before signing in (anonymous reads off) start again with the user.
          if (!s.anonymousRead) location.reload();
        })
        .catch((err: unknown) => {
          error.textContent =
            err instanceof SessionError && err.status === 429
              ? err.message
              : err instanceof SessionError && err.status === 401
                ? 'The name or the password is wrong.'
                : `Signing in failed: ${(err as Error).message}`;
          error.hidden = false;
          password.select();
        })
        .finally(() => (submit.disabled = false));
    });
    return form;
  }

  function signedIn(s: SessionState): HTMLElement {
    const box = el('div', { class: 'account-signed-in' });
    const who = el('p', {}, 'Signed in as ');
    who.append(el('strong', {}, s.user!.name), `, ${s.user!.role}`);
    box.append(who);
    if (s.via === 'session') {
      box.append(
        el(
          'a',
          { href: '/admin.html', class: 'account-link' },
          s.user!.role === 'admin' ? 'Users and API keys' : 'Your password and API keys',
        ),
      );
      const out = el('button', { type: 'button', class: 'account-signout' }, 'Sign out');
      out.addEventListener('click', () => {
        out.disabled = true;
        session
          .signOut()
          .then(() => close())
          .catch((err: unknown) => {
            out.disabled = false;
            box.append(el('p', { class: 'account-error', role: 'alert' }, `Signing out failed: ${(err as Error).message}`));
          });
      });
      box.append(out);
    } else
      box.append(
        el(
          'p',
          { class: 'account-note' },
          s.via === 'api-key' ? 'with the API key typed into this page.' : 'with the operator token typed into this page.',
        ),
      );
    return box;
  }

  const render = (s: SessionState) => {
    const wasOpen = !panel.hidden;
    if (s.user) {
      button.replaceChildren(el('span', { class: 'account-name' }, s.user.name));
      button.setAttribute('aria-label', s.user.name);
      button.title = `Signed in as ${s.user.name} (${s.user.role})`;
      button.dataset.role = s.user.role;
      panel.replaceChildren(signedIn(s));
    } else {
      button.replaceChildren(el('span', { class: 'account-name' }, 'Sign in'));
      button.setAttribute('aria-label', 'Sign in');
      button.title = 'Sign in to edit';
      delete button.dataset.role;
      panel.replaceChildren(signInForm(s));
    }
    if (wasOpen) open(false);
  };
  render(session.current());
  session.onChange(render);
  // Links to pages only some roles use (the Users page: pages.ts), shown once the session has that role.
  const revealPages = (s: SessionState) => {
    for (const a of document.querySelectorAll<HTMLElement>('nav.pages a[data-role]')) a.hidden = s.user?.role !== a.dataset.role;
  };
  revealPages(session.current());
  session.onChange(revealPages);
  void session.ready().then((s) => {
    if (!s.user && !s.anonymousRead) open();
  });
}

// Every page that loads this module gets the widget in its #account element.
const host = document.getElementById('account');
if (host) mountAccount(host);
