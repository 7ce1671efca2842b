// A person's whole path through the console, in order: the steps share one host and database.
import { test, expect, choose, chooseMany, byTest, login, snap } from '../support/fixtures.js';
import { mysql, pg, mysqlExec, pgExec } from '../support/db.js';

const admin = { user: process.env.DBBRIDGE_WEB_ADMIN, password: process.env.DBBRIDGE_WEB_ADMIN_PASSWORD };

test.describe.configure({ mode: 'serial' });
test.use({ timezoneId: 'UTC' });

test.beforeAll(() => {
  mysqlExec(`DROP TABLE IF EXISTS e2e_orders, e2e_customers, e2e_mx, e2e_vfy;
    CREATE TABLE e2e_vfy (id INT PRIMARY KEY, name VARCHAR(20));
    INSERT INTO e2e_vfy VALUES (1, 'a'), (2, 'b'), (3, 'c');
    CREATE TABLE e2e_orders (id INT PRIMARY KEY, customer VARCHAR(40), amount DECIMAL(10,2));
    CREATE TABLE e2e_customers (id INT PRIMARY KEY, name VARCHAR(40), city VARCHAR(40));
    CREATE TABLE e2e_mx (id INT PRIMARY KEY, name VARCHAR(20));
    INSERT INTO e2e_orders WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
      SELECT i, CONCAT('客户', i % 17), i * 1.25 FROM n;
    INSERT INTO e2e_customers VALUES (1, '张三', '杭州'), (2, 'Bob', 'Berlin'), (3, 'Chloé', NULL);
    INSERT INTO e2e_mx VALUES (1, 'a'), (2, 'b'), (3, 'c');`);
  pgExec(`DROP TABLE IF EXISTS e2e_orders, e2e_customers, e2e_mx, e2e_vfy, e2e_upsert;
    CREATE TABLE e2e_vfy (id INT PRIMARY KEY, name VARCHAR(20));
    CREATE TABLE e2e_upsert (id INT PRIMARY KEY, name VARCHAR(20), hits INT NOT NULL);
    INSERT INTO e2e_upsert VALUES (1, 'a', 1);
    CREATE TABLE e2e_orders (id INT PRIMARY KEY, customer VARCHAR(40), amount NUMERIC(10,2));
    CREATE TABLE e2e_customers (id INT PRIMARY KEY, name VARCHAR(40));
    CREATE TABLE e2e_mx (id INT PRIMARY KEY, name VARCHAR(20));
    INSERT INTO e2e_mx VALUES (1, 'a'), (2, 'x'), (3, 'c');`);
});

test.beforeEach(async ({ page }) => {
  await login(page, admin.user, admin.password);
});

async function addDatasource(page, { name, type, db }) {
  await page.goto('/datasources');
  await byTest(page, 'ds-add').click();
  const dialog = page.locator('.el-dialog:visible');
  await byTest(page, 'ds-name').fill(name);
  await choose(page, dialog.locator('[data-test="ds-type"]'), type, { exact: true });
  await byTest(page, 'ds-host').fill(db.host);
  await dialog.locator('[data-test="ds-port"] input').fill(String(db.port));
  await byTest(page, 'ds-db_name').fill(db.database);
  await byTest(page, 'ds-username').fill(db.user);
  await byTest(page, 'ds-password').fill(db.password);
  await byTest(page, 'ds-save').click();
  await expect(dialog).toBeHidden();
  await expect(byTest(page, 'ds-table').getByText(name, { exact: true })).toBeVisible();
}

async function testDatasource(page, name) {
  const row = byTest(page, 'ds-table').locator('tr', { hasText: name });
  await row.locator('[data-test="ds-test"]').click();
  await expect(page.locator('.el-message--success', { hasText: name })).toContainText(/连接成功，耗时 [\d.]+ ms，版本 \S+/);
}

test('log in, add a MariaDB and a PostgreSQL datasource and test both', async ({ page }) => {
  await addDatasource(page, { name: 'e2e-mariadb', type: 'MYSQL', db: mysql });
  await addDatasource(page, { name: 'e2e-pg', type: 'POSTGRESQL', db: pg });
  await testDatasource(page, 'e2e-mariadb');
  await testDatasource(page, 'e2e-pg');
});

test('build a job for two tables with the wizard', async ({ page }) => {
  await page.goto('/jobs/new');
  await choose(page, byTest(page, 'reader-ds'), 'e2e-mariadb');
  await chooseMany(page, byTest(page, 'reader-tables'), ['e2e_orders', 'e2e_customers']);
  await expect(page.getByText('已选 2 张表')).toBeVisible();
  await byTest(page, 'next').click();
  await choose(page, byTest(page, 'writer-ds'), 'e2e-pg');
  await byTest(page, 'next').click();
  await byTest(page, 'job-name').fill('e2e-{table}');
  await byTest(page, 'next').click();
  // The PostgreSQL e2e_customers has no city column: the mismatch is shown before saving.
  await expect(page.getByText('写入表 e2e_customers 缺少列：city')).toBeVisible();
  // The preview is the DataX job the server generated (no password in it), one per table.
  const preview = byTest(page, 'preview-json');
  await expect(preview).toHaveValue(/"name": "postgresqlwriter"/);
  await expect(byTest(page, 'preview-names')).toHaveText('e2e-e2e_orders, e2e-e2e_customers');
  const jobs = JSON.parse(await preview.inputValue());
  expect(jobs).toHaveLength(2);
  expect(JSON.stringify(jobs)).not.toContain('"password"');
  expect(jobs[1].job.content[0].reader.parameter.column).toEqual(['id', 'name']);
  // An edited preview is saved as edited.
  jobs[1].job.setting.speed.channel = 2;
  await preview.fill(JSON.stringify(jobs, null, 2));
  await byTest(page, 'save-jobs').click();
  await expect(page.getByText('已保存任务：e2e-e2e_orders, e2e-e2e_customers')).toBeVisible();
  const list = await (await page.request.get('/api/config/list')).json();
  const customers = list.data.find((c) => c.config_name === 'e2e-e2e_customers');
  expect(customers.content.job.setting.speed.channel).toBe(2);
});

async function runJob(page, name) {
  await page.goto('/jobs');
  await byTest(page, 'jobs-table').locator('tr', { hasText: name }).locator('[data-test="job-run"]').click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
}

test('run it: progress reaches 100%, the log shows the summary, the rows arrive', async ({ page }) => {
  await runJob(page, 'e2e-e2e_orders');
  await expect(byTest(page, 'run-status')).toHaveText('成功', { timeout: 60_000 });
  await expect(byTest(page, 'run-progress')).toContainText('100%');
  await expect(byTest(page, 'run-records')).toHaveText('500');
  await expect(byTest(page, 'run-log')).toContainText('读出记录总数');
  await expect(byTest(page, 'run-log')).toContainText('任务总计耗时');
  await expect(byTest(page, 'run-log-path')).toHaveText(/\/config-\d+-run-\d+\.log$/);  // the admin sees it
  await snap(page, 'run page of e2e-e2e_orders');
  expect(pgExec('SELECT COUNT(*), SUM(amount) FROM e2e_orders')).toBe('500|156562.50');

  await runJob(page, 'e2e-e2e_customers');
  await expect(byTest(page, 'run-status')).toHaveText('成功', { timeout: 60_000 });
  expect(pgExec('SELECT string_agg(name, \',\' ORDER BY id) FROM e2e_customers')).toBe('张三,Bob,Chloé');

  await page.goto('/runs');
  await choose(page, byTest(page, 'runs-job'), 'e2e-e2e_orders');
  const row = byTest(page, 'runs-table').locator('.el-table__body tr').first();
  await expect(row).toContainText('成功');
  await expect(row).toContainText('500');
});

test('verify after run: the builder saves the option, the run page shows the compare and the changed row', async ({ page }) => {
  await page.goto('/jobs/new');
  await choose(page, byTest(page, 'reader-ds'), 'e2e-mariadb');
  await chooseMany(page, byTest(page, 'reader-tables'), ['e2e_vfy']);
  await byTest(page, 'next').click();
  await choose(page, byTest(page, 'writer-ds'), 'e2e-pg');
  await choose(page, byTest(page, 'writer-table'), 'e2e_vfy');
  await byTest(page, 'next').click();
  await byTest(page, 'job-name').fill('e2e-verified');
  await byTest(page, 'verify-after-run').click();
  await byTest(page, 'next').click();
  // A postSql changes a copied row behind the job's back: the verify must catch it.
  const preview = byTest(page, 'preview-json');
  await expect(preview).toHaveValue(/"name": "postgresqlwriter"/);
  const job = JSON.parse(await preview.inputValue());
  job.job.content[0].writer.parameter.postSql = ["UPDATE e2e_vfy SET name = 'changed' WHERE id = 2"];
  await preview.fill(JSON.stringify(job, null, 2));
  await byTest(page, 'save-jobs').click();
  await expect(page.getByText('已保存任务：e2e-verified')).toBeVisible();
  const list = await (await page.request.get('/api/config/list')).json();
  expect(list.data.find((c) => c.config_name === 'e2e-verified').verify_after_run).toBe(true);

  await runJob(page, 'e2e-verified');
  await expect(byTest(page, 'run-status')).toHaveText('成功', { timeout: 60_000 });
  await expect(byTest(page, 'run-verify-status')).toHaveText('不一致', { timeout: 30_000 });
  await expect(byTest(page, 'run-verify')).toContainText('不同的行 1');
  await expect(byTest(page, 'run-verify-report')).toContainText('id=2: name b vs changed [exact]');
  await snap(page, 'run page with its verify');
});

test('kill a slow job', async ({ page }) => {
  const saved = await page.request.post('/api/config/save', { data: {
    config_name: 'e2e-slow',
    content: { core: { transport: { channel: { speed: { record: 2000 } } } },
      job: { setting: { speed: { channel: 1, record: 2000 } }, content: [{
      reader: { name: 'streamreader', parameter: { sliceRecordCount: 10000000, column: [{ type: 'long', value: '1' }] } },
      writer: { name: 'streamwriter', parameter: { print: false } } }] } } } });
  expect((await saved.json()).code).toBe(0);
  await runJob(page, 'e2e-slow');
  await expect(byTest(page, 'run-status')).toHaveText('运行中');
  await expect(byTest(page, 'run-records')).not.toHaveText(/^0?$/);
  await byTest(page, 'run-kill').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await expect(byTest(page, 'run-status')).toHaveText('已终止', { timeout: 10_000 });
  await expect(byTest(page, 'run-summary')).toContainText('killed by user');
  await expect(byTest(page, 'run-log')).toContainText('cancel requested');
});

test('run a multiplex request from the console and open its report with the difference', async ({ page }) => {
  await page.goto('/compare');
  await choose(page, byTest(page, 'mx-ds-0'), 'e2e-mariadb');
  await byTest(page, 'mx-sql-0').fill('select id, name from e2e_mx where id <= @n order by id');
  await choose(page, byTest(page, 'mx-ds-1'), 'e2e-pg');
  await byTest(page, 'mx-sql-1').fill('select id, name from e2e_mx where id <= @n order by id');
  await byTest(page, 'mx-add-bind').click();
  await byTest(page, 'mx-bind-name-0').fill('n');
  await choose(page, byTest(page, 'mx-bind-type-0'), 'INTEGER (4)');
  await byTest(page, 'mx-bind-value-0').fill('3');
  await byTest(page, 'mx-send').click();
  await expect(byTest(page, 'mx-answer')).toContainText('40005');
  await byTest(page, 'mx-open-report').click();
  await expect(byTest(page, 'report-headline')).toContainText('40005');
  await expect(byTest(page, 'report-targets')).toContainText('GAUSSDB500_ORACLE');
  const differing = byTest(page, 'report-diff').locator('.diff-cell');
  await expect(differing).toHaveCount(1);
  await expect(differing).toContainText('b');
  await expect(differing).toContainText('x');
  await expect(differing).toContainText('判定规则');

  // The report list filters on the server: the inconsistent report is listed under 不一致 only.
  const traceId = page.url().split('/').pop();
  await page.goto('/compare/reports');
  const table = byTest(page, 'reports-table');
  await expect(table).toContainText(traceId);
  const complete = page.waitForRequest((r) => /\/multiplex\/reports\?.*status=complete/.test(r.url()));
  await choose(page, byTest(page, 'reports-status'), 'complete', { exact: true });
  await complete;
  await expect(table).toContainText(traceId);
  const inconsistent = page.waitForRequest((r) => /\/multiplex\/reports\?.*consistent=false/.test(r.url()));
  await choose(page, byTest(page, 'reports-consistency'), '不一致', { exact: true });
  await inconsistent;
  await expect(table.locator('tr', { hasText: traceId })).toContainText('不一致');
  const consistent = page.waitForRequest((r) => /\/multiplex\/reports\?.*consistent=true/.test(r.url()));
  await choose(page, byTest(page, 'reports-consistency'), '一致', { exact: true });
  await consistent;
  await expect(table).not.toContainText(traceId);
});

test('translate a statement', async ({ page }) => {
  await page.goto('/sql');
  await byTest(page, 'sql-input').fill("SELECT NVL(name, 'n/a') FROM e2e_mx WHERE ROWNUM <= 2");
  await byTest(page, 'sql-translate').click();
  await expect(byTest(page, 'sql-output')).toContainText('COALESCE');
  await expect(byTest(page, 'sql-output')).toContainText('LIMIT 2');
});

test('translate an upsert: refused without a datasource, ON CONFLICT with the PostgreSQL datasource that knows the key', async ({ page }) => {
  const upsert = "INSERT INTO e2e_upsert (id, name, hits) VALUES (1, 'b', 1) ON DUPLICATE KEY UPDATE name = VALUES(name), hits = hits + 1";
  await page.goto('/sql');
  await choose(page, byTest(page, 'sql-from'), 'MYSQL', { exact: true });
  await choose(page, byTest(page, 'sql-to'), 'POSTGRESQL', { exact: true });
  await byTest(page, 'sql-input').fill(upsert);
  await byTest(page, 'sql-translate').click();
  await expect(byTest(page, 'sql-error')).toContainText('the unique key of table e2e_upsert is unknown');
  await expect(byTest(page, 'sql-datasource-hint')).toContainText('未选数据源');

  await choose(page, byTest(page, 'sql-datasource'), 'e2e-pg (POSTGRESQL)', { exact: true });
  await expect(byTest(page, 'sql-to')).toContainText('POSTGRESQL');
  await expect(byTest(page, 'sql-to').locator('.is-disabled').first()).toBeVisible();
  await expect(byTest(page, 'sql-datasource-hint')).toContainText('e2e-pg');
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/sql/transpile') && r.method() === 'POST');
  await byTest(page, 'sql-translate').click();
  const list = await (await page.request.get('/api/datasource/list')).json();
  const pgId = list.data.find((d) => d.source_name === 'e2e-pg').id;
  expect((await sent).postDataJSON()).toEqual({ from: 'MYSQL', sql: upsert, datasourceId: pgId });
  const output = byTest(page, 'sql-output');
  await expect(output).toContainText('ON CONFLICT');
  await expect(page.getByText('ON DUPLICATE KEY UPDATE / INSERT IGNORE -> ON CONFLICT')).toBeVisible();
  await snap(page, 'sql translation with a datasource');
  // What the user would copy runs on PostgreSQL and updates the existing row, as MySQL would.
  pgExec(await output.innerText());
  expect(pgExec('SELECT id, name, hits FROM e2e_upsert ORDER BY id')).toBe('1|b|2');

  // Cleared, the target is the user's choice again and the upsert is refused again.
  await byTest(page, 'sql-datasource').hover();
  await byTest(page, 'sql-datasource').locator('.el-select__clear, .el-input__clear').first().click();
  await expect(byTest(page, 'sql-datasource-hint')).toContainText('未选数据源');
  await byTest(page, 'sql-translate').click();
  await expect(byTest(page, 'sql-error')).toContainText('the unique key of table e2e_upsert is unknown');
});

test('schedule a job: the next five fire times before saving, a bad expression named, enable and disable', async ({ page }) => {
  await page.goto('/jobs');
  await byTest(page, 'jobs-table').locator('tr', { hasText: 'e2e-e2e_orders' }).locator('[data-test="job-schedule"]').click();
  await expect(page).toHaveURL(/\/schedules\?configId=\d+/);
  const dialog = page.locator('.el-dialog:visible');
  await expect(dialog.locator('[data-test="sched-job"]')).toContainText('e2e-e2e_orders');
  await byTest(page, 'sched-name').fill('e2e-nightly');
  await byTest(page, 'sched-cron').fill('61 * * * *');
  await expect(byTest(page, 'sched-preview')).toContainText('cron');
  await byTest(page, 'sched-cron').fill('0 3 * * *');
  await choose(page, dialog.locator('.el-form-item', { hasText: '时区' }).locator('.el-select'), 'Asia/Shanghai', { exact: true });
  // 03:00 in Shanghai is 19:00 UTC, the browser's zone here (timezoneId below).
  await expect(byTest(page, 'sched-preview').locator('div')).toHaveCount(5);
  await expect(byTest(page, 'sched-preview').locator('div').first()).toContainText('19:00:00');
  await byTest(page, 'sched-save').click();
  await expect(dialog).toBeHidden();
  const row = byTest(page, 'sched-table').locator('.el-table__body tr', { hasText: 'e2e-nightly' });
  await expect(row).toContainText('0 3 * * *');
  await expect(row).toContainText('19:00:00');
  const saved = await (await page.request.get('/api/schedule/query?name=e2e-nightly')).json();
  expect(saved.data.items[0]).toMatchObject({ cron: '0 3 * * *', time_zone: 'Asia/Shanghai', enabled: true });
  await row.locator('[data-test="sched-enabled"]').click();
  await expect.poll(async () => (await (await page.request.get('/api/schedule/query?name=e2e-nightly')).json()).data.items[0].enabled).toBe(false);
});

test('switch the language', async ({ page }) => {
  await page.goto('/datasources');
  await expect(page.locator('.page-title')).toHaveText('数据源管理');
  await choose(page, byTest(page, 'language'), 'English');
  await expect(page.locator('.page-title')).toHaveText('Datasources');
  await expect(page.locator('.el-menu')).toContainText('Job builder');
  await page.reload();
  await expect(page.locator('.page-title')).toHaveText('Datasources');
  await choose(page, byTest(page, 'language'), '简体中文');
  await expect(page.locator('.page-title')).toHaveText('数据源管理');
});
