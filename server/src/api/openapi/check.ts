// A structural check of an OpenAPI 3.1 document, and of Liaison's own rules for it: what the
// specification requires of paths, operations, parameters, responses, references and security, and
// what we promise (every operation names its role, errors are problem+json). It returns the
// problems found, each naming where; the writer refuses to write a document with any, and tests
// assert there are none. (No OpenAPI 3.1 meta-schema validator is installed; ajv here is draft-07.)
import { ROLE_EXTENSION, PROBLEM_TYPE } from './common';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PATH_ITEM_KEYS = new Set([...METHODS, '$ref', 'summary', 'description', 'servers', 'parameters']);
const PARAM_IN = new Set(['query', 'header', 'path', 'cookie']);
const JSON_TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'string', 'integer']);
const ROLES = new Set(['public', 'viewer', 'editor', 'admin']);
const SCHEME_TYPES = new Set(['apiKey', 'http', 'mutualTLS', 'oauth2', 'openIdConnect']);
const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/** Resolves a local reference ("#/components/schemas/Node") in `doc`, or undefined. */
export function resolveRef(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObj(at) || !(key in at)) return undefined;
    at = at[key];
  }
  return at;
}

function deref(doc: Obj, v: unknown): unknown {
  return isObj(v) && typeof v.$ref === 'string' ? resolveRef(doc, v.$ref) : v;
}

/** Schema objects: JSON Schema 2020-12 keywords with the types they must have, recursively. */
function checkSchema(schema: unknown, where: string, problems: string[]): void {
  if (typeof schema === 'boolean') return;
  if (!isObj(schema)) return void problems.push(`${where}: a schema must be an object or a boolean`);
  if ('nullable' in schema) problems.push(`${where}: "nullable" is OpenAPI 3.0; 3.1 writes type: [T, "null"]`);
  if ('type' in schema) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    for (const t of types)
      if (typeof t !== 'string' || !JSON_TYPES.has(t)) problems.push(`${where}: type ${JSON.stringify(t)} is not a JSON Schema type`);
  }
  if ('required' in schema && !(Array.isArray(schema.required) && schema.required.every((r) => typeof r === 'string')))
    problems.push(`${where}: required must be an array of property names`);
  if ('enum' in schema && !Array.isArray(schema.enum)) problems.push(`${where}: enum must be an array`);
  for (const key of ['properties', 'patternProperties', '$defs'])
    if (key in schema) {
      const props = schema[key];
      if (!isObj(props)) problems.push(`${where}: ${key} must be an object`);
      else for (const [name, s] of Object.entries(props)) checkSchema(s, `${where}.${key}.${name}`, problems);
    }
  for (const key of ['items', 'additionalProperties', 'propertyNames', 'not', 'contains', 'unevaluatedProperties', 'if', 'then', 'else'])
    if (key in schema && schema[key] !== undefined) checkSchema(schema[key], `${where}.${key}`, problems);
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems'])
    if (key in schema) {
      const list = schema[key];
      if (!Array.isArray(list) || list.length === 0) problems.push(`${where}: ${key} must be a non-empty array`);
      else list.forEach((s, i) => checkSchema(s, `${where}.${key}[${i}]`, problems));
    }
}

function checkRefs(doc: Obj, node: unknown, where: string, problems: string[]): void {
  if (Array.isArray(node)) return node.forEach((v, i) => checkRefs(doc, v, `${where}[${i}]`, problems));
  if (!isObj(node)) return;
  if (typeof node.$ref === 'string' && resolveRef(doc, node.$ref) === undefined)
    problems.push(`${where}: $ref ${node.$ref} resolves to nothing`);
  for (const [k, v] of Object.entries(node)) checkRefs(doc, v, `${where}.${k}`, problems);
}

function checkMediaTypes(doc: Obj, content: unknown, where: string, problems: string[]): void {
  if (!isObj(content)) return void problems.push(`${where}: content must be an object of media types`);
  for (const [type, media] of Object.entries(content)) {
    if (!/^[\w.+*-]+\/[\w.+*-]+(\s*;.*)?$/.test(type)) problems.push(`${where}: "${type}" is not a media type`);
    if (!isObj(media)) problems.push(`${where}.${type}: a media type object is needed`);
    else if ('schema' in media) checkSchema(deref(doc, media.schema), `${where}.${type}.schema`, problems);
  }
}

/** Every problem found in `document`; an empty list when it is a well-formed OpenAPI 3.1 description by our rules. */
export function checkOpenApiDocument(document: unknown): string[] {
  const problems: string[] = [];
  if (!isObj(document)) return ['the document is not an object'];
  const doc = document;
  if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi))
    problems.push(`openapi must be 3.1.x, not ${String(doc.openapi)}`);
  const info = doc.info;
  if (!isObj(info) || typeof info.title !== 'string' || typeof info.version !== 'string') problems.push('info needs a title and a version');
  const components = isObj(doc.components) ? doc.components : {};
  const schemes = isObj(components.securitySchemes) ? components.securitySchemes : {};
  for (const [name, scheme] of Object.entries(schemes)) {
    if (!isObj(scheme) || typeof scheme.type !== 'string' || !SCHEME_TYPES.has(scheme.type))
      problems.push(`securityScheme ${name}: unknown type`);
    else if (scheme.type === 'apiKey' && (typeof scheme.name !== 'string' || !['query', 'header', 'cookie'].includes(String(scheme.in))))
      problems.push(`securityScheme ${name}: an apiKey scheme needs a name and in: query, header or cookie`);
    else if (scheme.type === 'http' && typeof scheme.scheme !== 'string')
      problems.push(`securityScheme ${name}: an http scheme needs a scheme`);
  }
  for (const [name, s] of Object.entries(isObj(components.schemas) ? components.schemas : {}))
    checkSchema(s, `components.schemas.${name}`, problems);
  const tags = new Set((Array.isArray(doc.tags) ? doc.tags : []).map((t) => (isObj(t) ? t.name : undefined)));
  const operationIds = new Map<string, string>();
  if (!isObj(doc.paths)) problems.push('paths must be an object');
  const templates = new Map<string, string>();
  for (const [path, rawItem] of Object.entries(isObj(doc.paths) ? doc.paths : {})) {
    if (!path.startsWith('/')) problems.push(`${path}: a path must start with /`);
    if (/:\w/.test(path)) problems.push(`${path}: parameters are written {name}, not :name`);
    if (path.length > 1 && path.endsWith('/')) problems.push(`${path}: no trailing slash`);
    // Two templates that differ only in parameter names are the same path to a client.
    const shape = path.replace(/\{[^}]+\}/g, '{}');
    if (templates.has(shape)) problems.push(`${path}: the same path as ${templates.get(shape)}`);
    templates.set(shape, path);
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    if (!isObj(rawItem)) {
      problems.push(`${path}: a path item must be an object`);
      continue;
    }
    for (const key of Object.keys(rawItem))
      if (!PATH_ITEM_KEYS.has(key) && !key.startsWith('x-')) problems.push(`${path}: "${key}" is not a path item field`);
    for (const method of METHODS) {
      const op = rawItem[method];
      if (op === undefined) continue;
      const at = `${method.toUpperCase()} ${path}`;
      if (!isObj(op)) {
        problems.push(`${at}: an operation must be an object`);
        continue;
      }
      if (typeof op.operationId !== 'string') problems.push(`${at}: no operationId`);
      else if (operationIds.has(op.operationId))
        problems.push(`${at}: operationId ${op.operationId} is also ${operationIds.get(op.operationId)}'s`);
      else operationIds.set(op.operationId, at);
      if (typeof op.summary !== 'string' || !op.summary) problems.push(`${at}: no summary`);
      for (const tag of Array.isArray(op.tags) ? op.tags : [])
        if (!tags.has(tag)) problems.push(`${at}: tag ${String(tag)} is not declared`);
      // Parameters: the path's own and the operation's, unique by (in, name); every {name} declared, required.
      const params = [
        ...(Array.isArray(rawItem.parameters) ? rawItem.parameters : []),
        ...(Array.isArray(op.parameters) ? op.parameters : []),
      ].map((p) => deref(doc, p));
      const seen = new Set<string>();
      for (const p of params) {
        if (!isObj(p) || typeof p.name !== 'string' || typeof p.in !== 'string' || !PARAM_IN.has(p.in)) {
          problems.push(`${at}: a parameter needs a name and in: query, header, path or cookie`);
          continue;
        }
        const key = `${p.in}:${p.name}`;
        if (seen.has(key)) problems.push(`${at}: parameter ${key} twice`);
        seen.add(key);
        if (p.in === 'path' && (!names.includes(p.name) || p.required !== true))
          problems.push(`${at}: path parameter ${p.name} must be in the template and required`);
        if (!('schema' in p) && !('content' in p)) problems.push(`${at}: parameter ${key} has neither schema nor content`);
        if ('schema' in p) checkSchema(deref(doc, p.schema), `${at} parameter ${key}`, problems);
      }
      for (const name of names) if (!seen.has(`path:${name}`)) problems.push(`${at}: {${name}} is not declared as a path parameter`);
      const body = deref(doc, op.requestBody);
      if (body !== undefined) {
        if (!isObj(body) || !isObj(body.content)) problems.push(`${at}: requestBody needs content`);
        else checkMediaTypes(doc, body.content, `${at} requestBody`, problems);
        if (method === 'get' || method === 'delete') problems.push(`${at}: a ${method.toUpperCase()} has no request body`);
      }
      const responses = op.responses;
      if (!isObj(responses) || Object.keys(responses).length === 0) {
        problems.push(`${at}: no responses`);
        continue;
      }
      for (const [status, raw] of Object.entries(responses)) {
        if (status.startsWith('x-')) continue;
        if (status !== 'default' && !/^[1-5](\d\d|XX)$/.test(status)) problems.push(`${at}: "${status}" is not a status code`);
        const response = deref(doc, raw);
        if (!isObj(response) || typeof response.description !== 'string') {
          problems.push(`${at} ${status}: a response needs a description`);
          continue;
        }
        if ('content' in response) checkMediaTypes(doc, response.content, `${at} ${status}`, problems);
        // Our promise: every error is problem+json with the Problem schema.
        if (status === 'default' || /^[45]/.test(status)) {
          const content = isObj(response.content) ? response.content : {};
          const media = content[PROBLEM_TYPE];
          const problemSchema = isObj(media) ? media.schema : undefined;
          const isProblem = isObj(problemSchema) && problemSchema.$ref === '#/components/schemas/Problem';
          // A described error answer in JSON is allowed beside (health's 503 says why in its own shape).
          if (!isProblem && !('application/json' in content))
            problems.push(`${at} ${status}: an error answer must be ${PROBLEM_TYPE} (Problem)`);
        }
      }
      if (!Object.keys(responses).some((s) => /^2/.test(s))) problems.push(`${at}: no success answer`);
      // Roles and security.
      const role = op[ROLE_EXTENSION];
      if (typeof role !== 'string' || !ROLES.has(role)) problems.push(`${at}: ${ROLE_EXTENSION} must be one of ${[...ROLES].join(', ')}`);
      const security = op.security;
      if (!Array.isArray(security) || security.length === 0) {
        problems.push(`${at}: no security requirements`);
        continue;
      }
      for (const req of security) {
        if (!isObj(req)) {
          problems.push(`${at}: a security requirement must be an object`);
          continue;
        }
        for (const name of Object.keys(req)) if (!(name in schemes)) problems.push(`${at}: security scheme ${name} is not declared`);
        if (UNSAFE.has(method) && 'sessionCookie' in req && !('csrfToken' in req))
          problems.push(`${at}: a session writes only with its CSRF token (csrfToken beside sessionCookie)`);
      }
      const anonymous = security.some((r) => isObj(r) && Object.keys(r).length === 0);
      if ((role === 'editor' || role === 'admin') && anonymous)
        problems.push(`${at}: an ${role} operation must not allow anonymous callers`);
      if (role === 'public' && !(anonymous && security.length === 1))
        problems.push(`${at}: a public operation takes anybody (security: [{}])`);
    }
  }
  checkRefs(doc, doc, '$', problems);
  return problems;
}
