// A user of project A never sees project B's objects on any page of the console: two users, each
// in their own project, each with a datasource, a job config, a run and a multiplex report.
// The admin sets them up through the API; the check is what user A's pages show.
import { randomBytes } from 'node:crypto';
import { test, expect, byTest, login } from '../support/fixtures.js';
import { mysql, pg } from '../support/db.js';

const admin = { user: process.env.DBBRIDGE_WEB_ADMIN, password: process.env.DBBRIDGE_WEB_ADMIN_PASSWORD };
const tag = randomBytes(4).toString('hex');
const side = (x, records) => ({
  records,
  user: `iso-${x}-${tag}`,
  password: `iso-${x}-password-${tag}`,
  project: `project-${x}-${tag}`,
  datasource: `ds-${x}-${tag}`,
  job: `job-${x}-${tag}`,
  traceId: randomBytes(16).toString('hex'),
});
const A = side('a', 3);
const B = side('b', 40);

test.describe.configure({ mode: 'serial' });

// Calls the API with a bearer token and expects code 0.
async function call(api, token, method, path, data) {
  const response = await api.fetch(path, { method, data, headers: { Authorization: `Bearer ${token}` } });
  const body = await response.json();
  expect(body.code, `${method} ${path}: ${JSON.stringify(body)}`).toBe(0);
  return body.data;
}

async function tokenOf(api, user, password) {
  const response = await api.post('/api/auth/login', { data: { username: user, password } });
  const body = await response.json();
  expect(body.code, JSON.stringify(body)).toBe(0);
  return body.data.token;
}

// user's datasources (MariaDB, PostgreSQL) and job in their project, one run of the job and one
// multiplex report comparing the two.
async function populate(api, s) {
  const token = await tokenOf(api, s.user, s.password);
  for (const [name, type, db] of [[s.datasource, 'MYSQL', mysql], [`${s.datasource}-pg`, 'POSTGRESQL', pg]]) {
    await call(api, token, 'POST', '/api/datasource/save', {
      source_name: name, db_type: type, host: db.host, port: Number(db.port), db_name: db.database,
      username: db.user, password: db.password, project: s.project });
  }
  const job = await call(api, token, 'POST', '/api/config/save', {
    config_name: s.job, project: s.project,
    content: { job: { setting: { speed: { channel: 1 } }, content: [{
      reader: { name: 'streamreader', parameter: { sliceRecordCount: s.records, column: [{ type: 'long', value: '1' }] } },
      writer: { name: 'streamwriter', parameter: { print: false } } }] } } });
  s.runId = (await call(api, token, 'POST', `/api/config/exec?id=${job.id}`)).id;
  const mx = await api.post('/multiplex/multiplex', { headers: { Authorization: `Bearer ${token}` }, data: {
    sourceDialect: 'MYSQL', needTransform: false, bulkMode: 1, traceId: s.traceId,
    targetDialectInfos: [{ targetDialect: 'MYSQL', datasourceName: s.datasource, sql: 'select 1 as x' },
      { targetDialect: 'GAUSSDB500_ORACLE', datasourceName: `${s.datasource}-pg`, sql: 'select 1 as x' }] } });
  expect((await mx.json()).code, 'the multiplex request compares').toBe(0);
  // Each object exists for its owner, so not seeing it elsewhere means something.
  const reports = await call(api, token, 'GET', '/multiplex/reports?page=1&pageSize=100');
  expect(reports.items.map((r) => r.traceId)).toContain(s.traceId);
  const runs = await call(api, token, 'GET', '/api/runs');
  expect(runs.items.map((r) => r.id)).toContain(s.runId);
}

test.beforeAll(async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: process.env.DBBRIDGE_WEB_URL });
  const token = await tokenOf(api, admin.user, admin.password);
  for (const s of [A, B]) {
    await call(api, token, 'POST', '/api/users', { name: s.user, password: s.password, role: 'user' });
    await call(api, token, 'POST', '/api/projects', { name: s.project });
    await call(api, token, 'POST', '/api/projects/members', { project: s.project, user: s.user });
  }
  await populate(api, A);
  await populate(api, B);
  await api.dispose();
});

test.beforeEach(async ({ page }) => {
  await login(page, A.user, A.password);
});

async function showsAButNotB(page, path, table, a, b) {
  await page.goto(path);
  await expect(byTest(page, table)).toContainText(a);
  await expect(byTest(page, table)).not.toContainText(b);
}

test('datasources, jobs, runs and reports of project B are invisible to a user of project A', async ({ page }) => {
  await showsAButNotB(page, '/datasources', 'ds-table', A.datasource, B.datasource);
  await page.goto(`/datasources`);
  await expect(page.locator('body')).not.toContainText(B.project);
  await showsAButNotB(page, '/jobs', 'jobs-table', A.job, B.job);
  await showsAButNotB(page, '/runs', 'runs-table', A.job, B.job);
  await showsAButNotB(page, '/compare/reports', 'reports-table', A.traceId, B.traceId);
  await page.goto(`/runs/${A.runId}`);
  await expect(page.locator('.page-title')).toContainText(A.job);
  await expect(byTest(page, 'run-summary')).toBeVisible();
  await expect(byTest(page, 'run-log-path')).toHaveCount(0);  // server paths are for admins
  await page.goto(`/runs/${B.runId}`);
  await expect(page.locator('body')).not.toContainText(B.job);
});

test("the dashboard sums only the user's own project's runs, on the server", async ({ page }) => {
  // A's run moved 3 records, B's 40: the dashboard shows 3 once A's run has finished.
  await expect(async () => {
    const asked = page.waitForRequest((r) => /\/api\/dashboard\?days=14/.test(r.url()));
    await page.goto('/');
    await asked;
    await expect(byTest(page, 'dash-records')).toContainText(/^\D*3\D*$/, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(byTest(page, 'chart-runs')).toBeVisible();
});

test("the job builder offers only the user's own project's datasources", async ({ page }) => {
  await page.goto('/jobs/new');
  await byTest(page, 'reader-ds').click();
  const options = page.locator('.el-select-dropdown__item').filter({ visible: true });
  await expect(options.filter({ hasText: A.datasource })).toHaveCount(2);  // its MariaDB and PostgreSQL ones
  await expect(options.filter({ hasText: B.datasource })).toHaveCount(0);
  await page.keyboard.press('Escape');
});

test("an admin's report list holds every user's reports, each with its user", async ({ page }) => {
  await page.context().clearCookies();
  await login(page, admin.user, admin.password);
  await page.goto('/compare/reports');
  const table = byTest(page, 'reports-table');
  for (const s of [A, B]) {
    await expect(table.locator('tr', { hasText: s.traceId })).toContainText(s.user);
  }
});
