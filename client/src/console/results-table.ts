// The result table: one row per record, sortable by clicking a column header, copyable as CSV.
// Nodes and relationships in cells arrive in the API's shapes and are shown by name and type.
import type { GraphEdge, GraphNode } from '../api';

type Cell = unknown;

const isNode = (v: unknown): v is GraphNode =>
  typeof v === 'object' && v !== null && 'id' in v && 'type' in v && 'name' in v && 'properties' in v && !('source' in v);
const isEdge = (v: unknown): v is GraphEdge =>
  typeof v === 'object' && v !== null && 'id' in v && 'type' in v && 'source' in v && 'target' in v && 'properties' in v;

/** A cell as readable text (the table) — nodes by name, relationships by type. */
export function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (isNode(v)) return `(:${v.type}) ${v.name}`;
  if (isEdge(v)) return `[:${v.type}] ${v.source} → ${v.target}`;
  if (Array.isArray(v)) return v.every((x) => typeof x !== 'object' || x === null) ? v.join(', ') : JSON.stringify(v.map(csvValue));
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A cell for CSV: nodes and relationships by id, so the file joins back to the graph. */
function csvValue(v: Cell): unknown {
  if (isNode(v) || isEdge(v)) return v.id;
  if (Array.isArray(v)) return v.map(csvValue);
  return v;
}

function csvField(v: Cell): string {
  const x = csvValue(v);
  const s = x === null || x === undefined ? '' : typeof x === 'object' ? JSON.stringify(x) : String(x);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: string[], rows: Cell[][]): string {
  return [columns.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\r\n') + '\r\n';
}

/** Orders cells: numbers numerically, everything else by its text; empty cells last either way. */
export function compareCells(a: Cell, b: Cell): number {
  const ea = a === null || a === undefined;
  const eb = b === null || b === undefined;
  if (ea || eb) return ea === eb ? 0 : ea ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return cellText(a).localeCompare(cellText(b), undefined, { numeric: true, sensitivity: 'base' });
}

export class ResultsTable {
  private columns: string[] = [];
  private rows: Cell[][] = [];
  private sort: { column: number; dir: 1 | -1 } | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly onNodeClick: (id: string) => void,
  ) {
    host.addEventListener('click', (e) => {
      const th = (e.target as HTMLElement).closest<HTMLElement>('th[data-column]');
      if (th) return this.sortBy(Number(th.dataset.column));
      const link = (e.target as HTMLElement).closest<HTMLElement>('[data-node-id]');
      if (link) onNodeClick(link.dataset.nodeId!);
    });
  }

  show(columns: string[], rows: Cell[][], note = ''): void {
    this.columns = columns;
    this.rows = rows;
    this.sort = null;
    this.render(note);
  }

  message(html: string): void {
    this.columns = [];
    this.rows = [];
    this.host.innerHTML = `<p class="muted">${html}</p>`;
  }

  csv(): string {
    return toCsv(this.columns, this.sortedRows());
  }

  get rowCount(): number {
    return this.rows.length;
  }

  sortBy(column: number): void {
    // First click sorts ascending, the second descending, the third restores the server's order.
    if (this.sort?.column !== column) this.sort = { column, dir: 1 };
    else if (this.sort.dir === 1) this.sort = { column, dir: -1 };
    else this.sort = null;
    this.render(this.host.querySelector('.table-note')?.textContent ?? '');
  }

  private sortedRows(): Cell[][] {
    const s = this.sort;
    if (!s) return this.rows;
    return [...this.rows].sort((a, b) => s.dir * compareCells(a[s.column], b[s.column]));
  }

  private render(note: string): void {
    const doc = this.host.ownerDocument;
    const table = doc.createElement('table');
    table.className = 'results';
    const head = table.createTHead().insertRow();
    this.columns.forEach((c, i) => {
      const th = doc.createElement('th');
      th.scope = 'col';
      th.dataset.column = String(i);
      th.tabIndex = 0;
      const sorted = this.sort?.column === i ? this.sort.dir : 0;
      th.setAttribute('aria-sort', sorted === 1 ? 'ascending' : sorted === -1 ? 'descending' : 'none');
      th.textContent = c + (sorted === 1 ? ' ▲' : sorted === -1 ? ' ▼' : '');
      th.title = 'Sort by this column';
      head.append(th);
    });
    const body = table.createTBody();
    for (const row of this.sortedRows()) {
      const tr = body.insertRow();
      for (const v of row) {
        const td = tr.insertCell();
        if (isNode(v)) {
          const chip = doc.createElement('button');
          chip.type = 'button';
          chip.className = `chip type-${v.type}`;
          chip.dataset.nodeId = v.id;
          chip.title = `${v.id}: open in the explorer`;
          chip.textContent = cellText(v);
          td.append(chip);
        } else {
          td.textContent = cellText(v);
          if (typeof v === 'number') td.className = 'num';
        }
      }
    }
    this.host.replaceChildren(table);
    if (note) {
      const p = doc.createElement('p');
      p.className = 'table-note muted';
      p.textContent = note;
      this.host.append(p);
    }
    table.querySelectorAll<HTMLElement>('th').forEach((th) =>
      th.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          this.sortBy(Number(th.dataset.column));
        }
      }),
    );
  }
}
