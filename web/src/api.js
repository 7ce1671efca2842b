// The JSON API: every answer is {code, message, data}; code 0 is success. The session travels in
// the HttpOnly cookie the login sets, so nothing secret is kept in the page.
export class ApiError extends Error {
  constructor(code, message, data) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

let onUnauthenticated = () => {};
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

function withQuery(path, query) {
  if (!query) return path;
  const pairs = Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return pairs.length ? `${path}?${new URLSearchParams(pairs).toString()}` : path;
}

// The whole envelope, for callers that read data even when code is not 0 (multiplex reports).
export async function envelope(path, { method = 'GET', body, query } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json;charset=UTF-8';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const resp = await fetch(withQuery(path, query), init);
  let json;
  try {
    json = await resp.json();
  } catch {
    throw new ApiError(resp.status, `HTTP ${resp.status} ${resp.statusText}`);
  }
  if (resp.status === 401 || json.code === 401) {
    onUnauthenticated();
  }
  return json;
}

export async function api(path, options = {}) {
  const json = await envelope(path, options);
  if (json.code !== 0) throw new ApiError(json.code, json.message, json.data);
  return json.data;
}

export const get = (path, query) => api(path, { query });
export const post = (path, body, query) => api(path, { method: 'POST', body, query });
export const put = (path, body) => api(path, { method: 'PUT', body });
export const del = (path, query) => api(path, { method: 'DELETE', query });
