// Registers nobody here had seen, read with mappings written from docs/mappings.md alone: the
// European Commission's meetings export, a later Cabinet Office release, US visitor records, and
// damaged files (empty, header only); each case is a shape the mapping language failed on before.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ValidationError } from '../../server/src/errors';
import { createTabularReader } from '../../server/src/import/tabular';
import { collect } from './tabular/helpers';

const tmp = mkdtempSync(path.join(tmpdir(), 'liaison-tabular-variants-'));
function file(name: string, content: string | Buffer): string {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
}

describe('EC meetings export: cells listing several ids', () => {
  it('a list column split at "\\n" gives one item per line, and fill-down carries the lines', async () => {
    const mapping = {
      title: 'Lines',
      source: { id: 'src-lines', title: 'Lines' },
      columns: {
        who: { header: 'Who', fillDown: true, type: 'list', split: { separators: ['\n'] } },
        n: { header: 'N' },
      },
      entities: { t: { type: 'Topic', each: 'who.items', id: 'topic-{item|slug}-{n}', properties: { name: '{item}' } } },
    };
    const p = file('lines.csv', 'Who,N\r\n"Alpha Beta\r\n  Gamma, Delta  ",1\r\n,2\r\n');
    const units = await collect(createTabularReader({ path: p, name: 'lines.csv', params: {} }, mapping));
    expect(units[0]!.nodes.map((n) => n.properties.name)).toEqual(['Alpha Beta', 'Gamma, Delta']);
    expect(units[1]!.nodes.map((n) => n.properties.name)).toEqual(['Alpha Beta', 'Gamma, Delta']);
  });
});

describe('damaged files', () => {
  const mapping = {
    title: 'Damaged',
    source: { id: 'src-damaged-{file.stem|slug}', title: 'Damaged {file.name}' },
    columns: { name: { header: 'Name', required: true }, org: { header: 'Organisation' } },
    entities: { p: { type: 'Person', id: 'person-{name|slug}', properties: { name: '{name}' } } },
  };

  it('an empty file is refused when the mapping requires a column, naming the file and the column', async () => {
    const p = file('empty.csv', '');
    const err = await collect(createTabularReader({ path: p, name: 'empty.csv', params: {} }, mapping)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const issues = (err as ValidationError).issues;
    expect(issues).toEqual([expect.objectContaining({ path: '$.columns.name.header', code: 'missing_column' })]);
    expect(issues[0]!.message).toMatch(/empty\.csv.*no header row.*empty/);
  });

  it('a file shorter than its headerLine is refused the same way', async () => {
    const p = file('short.csv', 'A title row\n');
    const err = await collect(
      createTabularReader({ path: p, name: 'short.csv', params: {} }, { ...mapping, read: { headerLine: 3 } }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]!.message).toMatch(/no line 3/);
  });

  it('a file of only a header is read: no records, no error', async () => {
    const p = file('header-only.csv', 'Name,Organisation\r\n');
    expect(await collect(createTabularReader({ path: p, name: 'header-only.csv', params: {} }, mapping))).toEqual([]);
  });
});
