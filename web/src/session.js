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
  } catch (e) {
    // PRE-AUTH FALLBACK (remove when /api/auth lands): a host without login endpoints.
    session.user = e.code === 404 ? { name: 'anonymous', role: 'admin', projects: [] } : null;
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
