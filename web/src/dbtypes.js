// The datasource form: which fields a db_type uses. A plugin that declares its options through
// /api/plugins (datasourceOptions) is rendered from that declaration; the table below is the
// fallback for plugins that do not declare them yet.
const NETWORK = ['host', 'port', 'db_name', 'username', 'password'];
const ODBC_OPTIONS = [
  { name: 'odbc_driver', label: 'ODBC driver' },
  { name: 'dsn', label: 'DSN' },
  { name: 'connection_string', label: 'Connection string', secret: true },
  { name: 'connect_timeout_ms', label: 'Connect timeout (ms)', type: 'integer' },
];

const FALLBACK = {
  MYSQL: { fields: NETWORK, port: 3306, options: [{ name: 'charset' }, { name: 'connect_timeout_ms', type: 'integer' }] },
  POSTGRESQL: { fields: NETWORK, port: 5432, options: [{ name: 'connect_timeout_ms', type: 'integer' }] },
  ORACLE: { fields: NETWORK, port: 1521, options: [{ name: 'service_name' }, { name: 'sid' }, ...ODBC_OPTIONS] },
  DM: { fields: NETWORK, port: 5236, options: ODBC_OPTIONS },
  OCEAN_BASE_ORACLE: { fields: NETWORK, port: 2881, options: [{ name: 'tenant' }, { name: 'cluster' }, ...ODBC_OPTIONS] },
  SQLITE: { fields: ['db_name'], options: [] },
};
const PG_FAMILY = ['LIGHTDB_ORACLE', 'GAUSSDB_ORACLE', 'GAUSSDB500_ORACLE', 'OPENGAUSS', 'LIGHTDB'];

// {fields: [...core field names], port, options: [{name, label, type, required, secret, description}]}
export function formFor(dbType, plugins) {
  const type = (dbType || '').toUpperCase();
  for (const p of plugins || []) {
    const declared = p.datasourceOptions || p.datasource_options;
    if (!declared || !(p.dialects || []).includes(type)) continue;
    const options = Array.isArray(declared) ? declared : declared[type] || [];
    const fields = Array.isArray(declared.fields) ? declared.fields : (FALLBACK[type] || {}).fields || NETWORK;
    return { fields, port: (FALLBACK[type] || {}).port, options };
  }
  if (FALLBACK[type]) return FALLBACK[type];
  if (PG_FAMILY.includes(type)) return FALLBACK.POSTGRESQL;
  return { fields: NETWORK, options: ODBC_OPTIONS };
}

export function dialectsOf(plugins) {
  const out = [];
  for (const p of plugins || []) {
    if (p.loaded) for (const d of p.dialects || []) if (!out.includes(d)) out.push(d);
  }
  return out.sort();
}
