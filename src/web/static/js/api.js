// Calls Ferry's REST API with the session cookie; changes carry the CSRF token.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function csrfToken() {
  const match = /(?:^|;\s*)ferry_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]) : '';
}

let onUnauthenticated = () => {};
export function whenSignedOut(fn) {
  onUnauthenticated = fn;
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken();
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = new ApiError(
      res.status,
      data.error?.code ?? 'ERROR',
      data.error?.message ?? `HTTP ${res.status}`,
    );
    if (res.status === 401 && !path.endsWith('/session')) onUnauthenticated();
    throw error;
  }
  return data;
}

export const session = {
  current: () => api('api/v1/session'),
  login: (token) => api('api/v1/session', { method: 'POST', body: { token } }),
  logout: () => api('api/v1/session', { method: 'DELETE' }),
};

const enc = encodeURIComponent;
export const apps = {
  list: () => api('api/v1/applications?view=summary'),
  get: (name) => api(`api/v1/applications/${enc(name)}`),
  tree: (name) => api(`api/v1/applications/${enc(name)}/resource-tree`),
  managed: (name) => api(`api/v1/applications/${enc(name)}/managed-resources`),
  events: (name) => api(`api/v1/applications/${enc(name)}/events`),
  sync: (name, body) => api(`api/v1/applications/${enc(name)}/sync`, { method: 'POST', body }),
  rollback: (name, id) =>
    api(`api/v1/applications/${enc(name)}/rollback`, { method: 'POST', body: { id } }),
  terminate: (name) => api(`api/v1/applications/${enc(name)}/operation`, { method: 'DELETE' }),
};

/** Follows Application changes; reconnects on its own (EventSource does), reports state. */
export function followApps(query, onChange, onState) {
  const source = new EventSource(`api/v1/stream/applications${query}`);
  source.onopen = () => onState('live');
  source.onerror = () =>
    onState(source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting');
  source.onmessage = (event) => {
    const { result } = JSON.parse(event.data);
    onChange(result.type, result.application);
  };
  return () => source.close();
}
