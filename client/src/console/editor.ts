// The query editor: a plain textarea at once, swapped for Neo4j's CodeMirror 6 Cypher editor
// (highlighting, autocomplete from the live schema, inline errors) when its 1.6 MB chunk has loaded.
import type { Schema } from '../api';
import type { ErrorPosition } from './console-api';

/** What the console needs from either editor. */
export interface EditorImpl {
  getValue(): string;
  setValue(value: string): void;
  focus(): void;
  /** Marks [from, to) as an error with a message (lint diagnostic in CodeMirror). */
  markError(from: number, to: number, message: string): void;
  clearMarks(): void;
  setParameterNames(names: string[]): void;
}

/** The schema as /api/schema tells it, with the property lists the editor's autocomplete needs. */
export type FullSchema = Schema & {
  nodeTypes: Array<Schema['nodeTypes'][number] & { properties?: Array<{ name: string; precisionProperty?: string }> }>;
  relationshipTypes: Array<Schema['relationshipTypes'][number] & { properties?: Array<{ name: string; precisionProperty?: string }> }>;
  provenance?: { entityLabel: string; citationLabel: string; citesType: string };
};

/** Labels, types and property keys for autocomplete, all derived from the served schema. */
export function editorSchema(schema: FullSchema, parameters: string[]) {
  const props = new Set(['id', 'citationStatus', 'searchKeys']);
  for (const t of [...schema.nodeTypes, ...schema.relationshipTypes])
    for (const p of t.properties ?? []) {
      props.add(p.name);
      if (p.precisionProperty) props.add(p.precisionProperty);
    }
  // The provenance pattern's own properties: (:Citation {id, factId, factKind, quote, status, lang, note}).
  for (const p of ['factId', 'factKind', 'quote', 'status', 'lang', 'note']) props.add(p);
  const prov = schema.provenance;
  return {
    labels: [...schema.nodeTypes.map((t) => t.label), ...(prov ? [prov.entityLabel, prov.citationLabel] : [])],
    relationshipTypes: [...schema.relationshipTypes.map((r) => r.type), ...(prov ? [prov.citesType] : [])],
    propertyKeys: [...props].sort(),
    parameters,
  };
}

/** The character range a server-reported position points at: from there to the end of the word. */
export function errorRange(text: string, position: ErrorPosition): { from: number; to: number } {
  let offset: number;
  if (typeof position === 'number') offset = position;
  else if (typeof position.offset === 'number') offset = position.offset;
  else {
    // Neo4j counts lines and columns from 1.
    const lines = text.split('\n');
    const line = Math.min(Math.max((position.line ?? 1) - 1, 0), lines.length - 1);
    offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + Math.max((position.column ?? 1) - 1, 0);
  }
  const from = Math.min(Math.max(offset, 0), text.length);
  const word = /^[\w$]+/.exec(text.slice(from))?.[0].length ?? 0;
  return { from, to: Math.min(text.length, from + Math.max(word, 1)) };
}

class PlainEditor implements EditorImpl {
  constructor(private readonly textarea: HTMLTextAreaElement) {}
  getValue = () => this.textarea.value;
  setValue = (v: string) => void (this.textarea.value = v);
  focus = () => this.textarea.focus();
  markError(from: number, to: number, message: string): void {
    this.textarea.classList.add('has-error');
    this.textarea.title = message;
    this.textarea.setSelectionRange(from, to);
  }
  clearMarks(): void {
    this.textarea.classList.remove('has-error');
    this.textarea.title = '';
  }
  setParameterNames(): void {}
}

/** One editor for the page; it starts plain and upgrades itself in place. */
export class QueryEditor {
  private impl: EditorImpl;
  kind: 'plain' | 'cypher' = 'plain';

  constructor(
    private readonly host: HTMLElement,
    private readonly textarea: HTMLTextAreaElement,
    onRun: () => void,
  ) {
    this.impl = new PlainEditor(textarea);
    // Capture phase: Ctrl/Cmd+Enter runs the query before CodeMirror can turn it into a new line.
    host.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          e.stopPropagation();
          onRun();
        }
      },
      true,
    );
  }

  getValue = () => this.impl.getValue();
  setValue = (v: string) => this.impl.setValue(v);
  focus = () => this.impl.focus();
  clearMarks = () => this.impl.clearMarks();
  setParameterNames = (names: string[]) => this.impl.setParameterNames(names);

  markError(position: ErrorPosition, message: string): void {
    const { from, to } = errorRange(this.getValue(), position);
    this.impl.markError(from, to, message);
  }

  /** Loads the Cypher editor chunk and replaces the textarea with it, keeping what was typed. */
  async upgrade(schema: FullSchema, parameterNames: string[]): Promise<void> {
    const { mountCypherEditor } = await import('./cypher-editor');
    const mount = document.createElement('div');
    mount.className = 'cypher-editor';
    this.host.append(mount);
    const impl = await mountCypherEditor(mount, { value: this.textarea.value, schema: editorSchema(schema, parameterNames) });
    // Whatever was typed while the chunk loaded wins over the value the editor started with.
    if (impl.getValue() !== this.textarea.value) impl.setValue(this.textarea.value);
    this.textarea.hidden = true;
    this.impl = impl;
    this.kind = 'cypher';
    this.host.dataset.editor = 'cypher';
  }
}
