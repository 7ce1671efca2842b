// The real MariaDB and PostgreSQL of the test run, through their command-line clients (set-up
// and checking that rows arrived; the browser never talks to them).
import { execFileSync } from 'node:child_process';

function parse(url) {
  const u = new URL(url);
  return { host: u.hostname, port: u.port, user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: u.pathname.slice(1) };
}

export const mysql = parse(process.env.DBBRIDGE_TEST_MYSQL);
export const pg = parse(process.env.DBBRIDGE_TEST_PG);

export function mysqlExec(sql) {
  return execFileSync('mariadb', ['-h', mysql.host, '-P', mysql.port, '-u', mysql.user, mysql.database, '-N', '-B', '-e', sql],
    { env: { ...process.env, MYSQL_PWD: mysql.password }, encoding: 'utf8' }).trim();
}

export function pgExec(sql) {
  return execFileSync('psql', ['-h', pg.host, '-p', pg.port, '-U', pg.user, '-d', pg.database, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql],
    { env: { ...process.env, PGPASSWORD: pg.password }, encoding: 'utf8' }).trim();
}
