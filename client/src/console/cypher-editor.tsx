// Neo4j's React CodeMirror 6 Cypher editor, mounted on demand (this module is the lazily loaded chunk).
// Server-side errors are shown as lint diagnostics beside the editor's own syntax checks.
import { setDiagnostics } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import type { EditorApi } from '@neo4j-cypher/codemirror';
import { CypherEditor } from '@neo4j-cypher/react-codemirror';
import { createRoot } from 'react-dom/client';

import type { EditorImpl, editorSchema } from './editor';

export function mountCypherEditor(
  host: HTMLElement,
  opts: { value: string; schema: ReturnType<typeof editorSchema> },
): Promise<EditorImpl> {
  return new Promise((resolve) => {
    let schema = opts.schema;
    const created = (editor: EditorApi) => {
      const view = editor.codemirror;
      resolve({
        getValue: () => view.state.doc.toString(),
        setValue: (v) => editor.setValue(v),
        focus: () => editor.focus(),
        markError: (from, to, message) => view.dispatch(setDiagnostics(view.state, [{ from, to, severity: 'error', message }])),
        clearMarks: () => view.dispatch(setDiagnostics(view.state, [])),
        setParameterNames: (names) => {
          schema = { ...schema, parameters: names };
          editor.setSchema(schema);
        },
      });
    };
    createRoot(host).render(
      <CypherEditor
        value={opts.value}
        schema={opts.schema}
        lint
        autocomplete
        autofocus={false}
        lineWrapping
        placeholder="MATCH (p:Person)-[:TAKES_PART]->(m:Meeting) RETURN p, m LIMIT 25"
        // CodeMirror's editable element is a role=textbox of its own: it needs a name for screen readers.
        preExtensions={[EditorView.contentAttributes.of({ 'aria-label': 'Cypher query' })]}
        onEditorCreated={created}
      />,
    );
  });
}
