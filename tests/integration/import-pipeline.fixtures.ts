// A generated register of meetings and its mapping object, shared by the pipeline, API and CLI tests.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const MEETINGS_MAPPING = {
  title: 'Test register of meetings',
  columns: {
    id: { header: 'id', required: true },
    person: { header: 'person', required: true },
    date: { header: 'date', required: true, type: 'date', date: { formats: ['dd-MM-yyyy'] } },
    org: { header: 'organisation', required: true },
  },
  recordId: '{id}',
  source: { id: 'src-test-{file.stem|slug}', title: 'Test register {file.name}', publisher: 'Liaison tests', kind: 'register' },
  entities: {
    person: { type: 'Person', id: 'person-{person|slug}', properties: { name: '{person}' } },
    org: { type: 'Organization', id: 'org-{org|slug}', properties: { name: '{org}', kind: 'company' } },
    meeting: {
      type: 'Meeting',
      id: 'meeting-{id}',
      properties: { title: '{person} meets {org}', kind: 'talks', status: 'held', date: '{date}' },
    },
  },
  relationships: [
    { type: 'TAKES_PART', source: 'person-{person|slug}', target: 'meeting-{id}', properties: { role: 'host' } },
    { type: 'TAKES_PART', source: 'org-{org|slug}', target: 'meeting-{id}', properties: { role: 'guest' } },
  ],
};

export const PEOPLE = 20;
export const ORGS = 50;

/** n rows of meetings; `bad` (1-based row) gets a date that is no calendar date. Returns the file and the bad line. */
export function meetingsCsv(dir: string, name: string, n: number, bad?: number): { file: string; badLine?: string; header: string } {
  const header = 'id,person,date,organisation';
  const lines = [header];
  let badLine: string | undefined;
  for (let i = 1; i <= n; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    const date = i === bad ? '31-02-2021' : `${day}-${month}-20${10 + (i % 10)}`;
    // Quoted cells with a comma inside, so that the quarantine must keep the line exactly as written.
    const line = `r${i},Minister ${i % PEOPLE},${date},"Company ${i % ORGS}, Ltd"`;
    if (i === bad) badLine = line;
    lines.push(line);
  }
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, header, ...(badLine ? { badLine } : {}) };
}
