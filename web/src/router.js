import { createRouter, createWebHistory } from 'vue-router';
import { session, loadMe } from './session.js';
import { setUnauthenticatedHandler } from './api.js';

const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  { path: '/', name: 'dashboard', component: () => import('./views/DashboardView.vue') },
  { path: '/datasources', name: 'datasources', component: () => import('./views/DatasourcesView.vue') },
  { path: '/jobs', name: 'jobs', component: () => import('./views/JobsView.vue') },
  { path: '/jobs/new', name: 'job-builder', component: () => import('./views/JobBuilderView.vue') },
  { path: '/schedules', name: 'schedules', component: () => import('./views/SchedulesView.vue') },
  { path: '/runs', name: 'runs', component: () => import('./views/RunsView.vue') },
  { path: '/runs/:id', name: 'run', component: () => import('./views/RunView.vue'), props: true },
  { path: '/compare', name: 'multiplex', component: () => import('./views/MultiplexConsoleView.vue') },
  { path: '/compare/reports', name: 'reports', component: () => import('./views/ReportsView.vue') },
  { path: '/compare/reports/:traceId', name: 'report', component: () => import('./views/ReportView.vue'), props: true },
  { path: '/sql', name: 'sql', component: () => import('./views/SqlView.vue') },
  { path: '/plugins', name: 'plugins', component: () => import('./views/PluginsView.vue') },
  { path: '/account', name: 'account', component: () => import('./views/AccountView.vue') },
  { path: '/admin', name: 'admin', component: () => import('./views/AdminView.vue'), meta: { admin: true } },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!session.user) await loadMe();
  if (!session.user) return { name: 'login', query: { next: to.fullPath } };
  if (to.meta.admin && session.user.role !== 'admin') return { name: 'dashboard' };
  return true;
});

setUnauthenticatedHandler(() => {
  session.user = null;
  const current = router.currentRoute.value;
  if (!current.meta.public) router.push({ name: 'login', query: { next: current.fullPath } });
});
