// Every JSON answer the pages receive is checked against GET /api/openapi.json's schema for that
// method and path (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses), and so is every JSON request
// body the pages send to a route that describes one.
import Ajv2020 from 'ajv/dist/2020.js';

let compiled = null;

async function load(request) {
  if (compiled) return compiled;
  const doc = await (await request.get('/api/openapi.json')).json();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'openapi', components: doc.components });
  const compile = (schema) => ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')));
  const validators = new Map();
  const bodyValidators = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const key = `${method.toUpperCase()} ${path}`;
      const schema = op.responses?.['200']?.content?.['application/json']?.schema;
      if (schema) validators.set(key, compile(schema));
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body) bodyValidators.set(key, compile(body));
    }
  }
  compiled = { validators, bodyValidators, ajv };
  return compiled;
}

// Starts watching page's API answers; returns a function giving the problems found so far.
export async function watchResponses(page, request) {
  const { validators, bodyValidators, ajv } = await load(request);
  const problems = [];
  const checked = new Set();
  page.on('request', (req) => {
    const url = new URL(req.url());
    const key = `${req.method()} ${url.pathname}`;
    const validate = bodyValidators.get(key);
    if (!validate || !(req.headers()['content-type'] || '').includes('application/json')) return;
    let body;
    try {
      body = req.postDataJSON();
    } catch {
      problems.push(`${key}: the request body is not JSON`);
      return;
    }
    checked.add(`${key} (request)`);
    if (!validate(body)) problems.push(`${key} request: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`);
  });
  page.on('response', async (resp) => {
    const url = new URL(resp.url());
    if (!url.pathname.startsWith('/api/') && !url.pathname.startsWith('/multiplex/')) return;
    if (!(resp.headers()['content-type'] || '').includes('application/json')) return;
    const key = `${resp.request().method()} ${url.pathname}`;
    if (resp.status() >= 500) problems.push(`${key}: HTTP ${resp.status()}`);
    if (resp.status() !== 200) return;  // routing answers (404, 405, 413) are not the route's schema
    const validate = validators.get(key);
    if (!validate) {
      problems.push(`${key}: answered but not described in openapi.json`);
      return;
    }
    let body;
    try {
      body = await resp.json();
    } catch {
      return;  // the page navigated away before the body was read
    }
    checked.add(key);
    if (!validate(body)) problems.push(`${key}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`);
  });
  return { problems: () => problems, checked: () => [...checked] };
}
