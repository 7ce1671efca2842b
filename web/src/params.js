// Run parameters as people type them for datax.py -p: "-Dname=value other=x" <-> {name: "value", other: "x"}.
export function parseParams(text, t) {
  const params = {};
  for (const token of (text || '').split(/\s+/).filter(Boolean)) {
    const m = /^(?:-D)?([^=]+)=(.*)$/.exec(token);
    if (!m) throw new Error(t('jobs.badParam', { token }));
    params[m[1]] = m[2];
  }
  return params;
}

export function formatParams(params) {
  return Object.entries(params || {}).map(([k, v]) => `-D${k}=${v}`).join(' ');
}
