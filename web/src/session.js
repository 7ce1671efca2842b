// Who is logged in, as /api/auth/me tells it.
import { reactive } from 'vue';
import { get, post } from './api.js';

export const session = reactive({ user: null, checked: false });

export function isAdmin() {
  return session.user?.role === 'admin';
}

export async function loadMe() {
  try {
    session.user = await get('/api/auth/me');
  } catch {
    session.user = null;  // not logged in (401) or the session ended: the router shows the login page
  }
  session.checked = true;
  return session.user;
}

export async function login(username, password) {
  await post('/api/auth/login', { username, password });
  return loadMe();
}

export async function logout() {
  try {
    await post('/api/auth/logout', {});
  } finally {
    session.user = null;
  }
}
