// java.sql.Types codes a bind value may carry (seed 004 sends the number).
export const JDBC_TYPES = [
  ['VARCHAR', 12], ['CHAR', 1], ['INTEGER', 4], ['BIGINT', -5], ['SMALLINT', 5], ['DECIMAL', 3], ['NUMERIC', 2],
  ['DOUBLE', 8], ['FLOAT', 6], ['BOOLEAN', 16], ['DATE', 91], ['TIME', 92], ['TIMESTAMP', 93], ['NVARCHAR', -9],
  ['CLOB', 2005], ['BLOB', 2004], ['NULL', 0],
];

export const MULTIPLEX_TARGETS = {
  ORACLE: ['ORACLE', 'LIGHTDB_ORACLE', 'GAUSSDB_ORACLE', 'DM', 'OCEAN_BASE_ORACLE'],
  MYSQL: ['MYSQL', 'GAUSSDB500_ORACLE'],
};
