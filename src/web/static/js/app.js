// Ferry dashboard: sign-in, then the app list (#/) or one app (#/apps/<name>).
import { session, whenSignedOut } from './api.js';
import { fill, h } from './dom.js';
import { showDetail } from './detail-view.js';
import { showList } from './list-view.js';

const view = document.querySelector('#view');
const user = document.querySelector('#user');
const logout = document.querySelector('#logout');
const connection = document.querySelector('#connection');
const crumbs = document.querySelector('#crumbs');

let teardown = () => {};
let me;

function setConnection(state) {
  connection.textContent =
    state === 'live' ? '● live' : state === 'reconnecting' ? '◌ reconnecting' : '○ offline';
  connection.className = `connection ${state}`;
}

function showLogin(message) {
  teardown();
  teardown = () => {};
  me = undefined;
  user.textContent = '';
  logout.hidden = true;
  fill(crumbs);
  const error = h('p.error', { role: 'alert' }, message ?? '');
  const input = h('input', {
    id: 'token',
    type: 'password',
    name: 'token',
    autocomplete: 'current-password',
    placeholder: 'ferry_…',
    required: true,
  });
  const form = h(
    'form.login',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          me = await session.login(input.value.trim());
          route();
        } catch (err) {
          error.textContent = err.status === 401 ? 'That token is not valid.' : err.message;
        }
      },
    },
    h('h1', {}, 'Sign in to Ferry'),
    h('label', { for: 'token' }, 'Access token'),
    input,
    h('p.hint', {}, 'Use the admin token printed when Ferry first started, or a readonly token.'),
    error,
    h('button.primary', { type: 'submit' }, 'Sign in'),
  );
  fill(view, form);
  input.focus();
}

async function route() {
  if (me === undefined) {
    try {
      me = await session.current();
    } catch {
      showLogin();
      return;
    }
  }
  user.textContent = `${me.user} (${me.role})`;
  logout.hidden = false;
  teardown();
  const match = /^#\/apps\/([^/?]+)/.exec(location.hash);
  const ctx = { view, crumbs, role: me.role, setConnection };
  teardown = match ? showDetail(ctx, decodeURIComponent(match[1])) : showList(ctx);
}

logout.addEventListener('click', async () => {
  await session.logout().catch(() => undefined);
  showLogin('Signed out.');
});
whenSignedOut(() => showLogin('Your session ended; sign in again.'));
window.addEventListener('hashchange', route);
route();
