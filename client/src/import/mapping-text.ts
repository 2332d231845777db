// The mapping editor's text: YAML or JSON in, a mapping object out; and the way back, so that a
// server error at a JSON path ("entities[0].id") can be shown next to the line that holds it.
import { isMap, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';

export type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; message: string; line?: number };

/** Parses the editor's text: JSON when it starts with "{", else YAML (JSON is YAML, but JSON's errors are clearer). */
export function parseMappingText(text: string): Parsed {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: 'The mapping is empty.' };
  if (trimmed.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(trimmed);
      return isObject(value) ? { ok: true, value } : { ok: false, message: 'The mapping must be an object.' };
    } catch (error) {
      return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
    }
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const line = first.pos ? counter.linePos(first.pos[0]).line : undefined;
    return { ok: false, message: `Not valid YAML: ${first.message.split('\n')[0]}`, ...(line ? { line } : {}) };
  }
  const value: unknown = doc.toJS();
  return isObject(value) ? { ok: true, value } : { ok: false, message: 'The mapping must be a YAML map (name: …, entities: …).' };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A mapping as YAML for the editor (the server sends it as JSON). */
export const toYaml = (mapping: unknown): string => stringify(mapping, { lineWidth: 0 });

/**
 * A JSON path as the server writes it ("mapping.entities[0].id", "/entities/0/id", "body.mapping…")
 * split into keys; prefixes that name the request body rather than the mapping are dropped.
 */
export function pathKeys(path: string): Array<string | number> {
  const parts = path.startsWith('/')
    ? path
        .slice(1)
        .split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    : (path.replace(/^\$\.?/, '').match(/[^.[\]]+|\[\d+\]/g) ?? []).map((p) => p.replace(/^\[(\d+)\]$/, '$1'));
  const keys: Array<string | number> = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  while (keys[0] === 'body' || keys[0] === 'mapping') keys.shift();
  return keys;
}

/**
 * The 1-based line in the editor's text of the key (or item) at a JSON path, or of its nearest
 * ancestor that is there; undefined when not even the path's first key is (a missing top-level key).
 */
export function lineOfPath(text: string, path: string): number | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length) return undefined;
  let node: unknown = doc.contents;
  let at: Node | null = null;
  for (const key of pathKeys(path)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === String(key));
      if (!pair) break;
      at = (pair.key as Node | null) ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (!item) break;
      at = item as Node;
      node = item;
    } else break;
  }
  const offset = at?.range?.[0];
  return offset === undefined ? undefined : counter.linePos(offset).line;
}
