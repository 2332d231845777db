// PATCH /api/nodes/:id and /api/relationships/:id: a correction. The new values replace the shown
// ones (the old ones stay in the Change's `before`), validated as the fact would be in an import
// bundle (its type's validators, whole: a required property cannot be unset), with the evidence
// for the correction — a quote of a Source or a record reference — added to the fact's citations;
// search keys, date precisions and the citation status are derived again. One transaction.
import { z } from 'zod';

import type { Executor, NamedTx } from '../db/executor';
import { NotFoundError, ValidationError, type FieldIssue } from '../errors';
import type { FactSnapshot } from '../history/types';
import { recordChange } from '../history/record';
import { citationId, parseBundle, sourceRecord } from '../import/bundle';
import { citationRows } from '../import/write';
import { recordRow } from '../import/write/rows';
import { DERIVED_PROPERTIES, NODE_TYPES, isNodeLabel, type NodeLabel } from '../schema/model';
import { isRecordCitation, type BundleCitationInput } from '../schema/validators';
import { bundleProperties, correctedProps, specsOf } from './facts';
import { bundlePath, editProblem } from './paths';
import { readSnapshot, snapshotType, storedProps } from './snapshot';

export const correctBody = z.strictObject({
  /** New values in bundle form ("2019-06" for a date known to the month); null unsets, like `unset`. */
  set: z.record(z.string(), z.unknown()).default({}),
  unset: z.array(z.string().max(100)).max(50).default([]),
  /** The evidence for the corrected values: a quote citation {source, quote, status?} or a record reference {source, record}. */
  evidence: z.unknown().optional(),
  reason: z.string().trim().max(2_000).optional(),
});
export type CorrectBody = z.infer<typeof correctBody>;

export interface EditResult {
  changeId: string;
  fact: FactSnapshot | null;
}

export const factNotFound = (kind: 'node' | 'relationship', id: string) =>
  new NotFoundError(`No ${kind} with id "${id}".`, {}, [{ path: '$.params.id', message: `no ${kind} has this id`, code: 'not_found' }]);

/** Checks that the evidence's Source is stored and is a Source; issues at $.evidence.source. */
export async function checkSource(tx: NamedTx, source: string, at: string): Promise<FieldIssue[]> {
  const rows = (await tx.run('import/lookup-ids', { ids: [source] })).records;
  const labels = (rows[0]?.get('labels') as string[] | null | undefined) ?? null;
  if (!labels) return [{ path: at, message: `no Source "${source}" in the database`, code: 'unknown_reference' }];
  if (!labels.includes('Source'))
    return [{ path: at, message: `"${source}" is a ${labels.find(isNodeLabel) ?? 'node'}, not a Source`, code: 'wrong_reference_type' }];
  return [];
}

/** Writes a piece of evidence for `fact`: its quote citation, or its record (returned, for the fact's `records`). */
export async function writeEvidence(
  tx: NamedTx,
  fact: FactSnapshot,
  evidence: BundleCitationInput,
): Promise<{ record: string | null; citation: string | null }> {
  if (isRecordCitation(evidence)) {
    const rec = sourceRecord(evidence);
    await tx.run('import/merge-records', { rows: [recordRow(rec)], importId: null });
    return { record: rec.id, citation: null };
  }
  await tx.run('import/merge-citations', { rows: citationRows(fact.id, fact.kind, [evidence]), importId: null });
  return { record: null, citation: citationId(fact.id, evidence.source, evidence.quote) };
}

/** Corrects the fact `id` of `kind` as `body` says; records Change 'edit'. */
export async function correctFact(executor: Executor, kind: 'node' | 'relationship', id: string, body: CorrectBody): Promise<EditResult> {
  return executor.transaction(
    'write',
    async (tx) => {
      const before = await readSnapshot(tx, id);
      if (!before || before.kind !== kind) throw factNotFound(kind, id);
      const type = snapshotType(before);
      const specs = specsOf(before);
      const issues: FieldIssue[] = [];
      const declared = bundleProperties(before);
      for (const [key, value] of Object.entries(body.set)) {
        if (value === null) {
          if (specs[key]?.required)
            issues.push({ path: `$.set.${key}`, message: 'is required: give another value instead', code: 'required' });
          delete declared[key];
        } else declared[key] = value;
      }
      body.unset.forEach((key, i) => {
        if (!(key in specs))
          issues.push({ path: `$.unset[${i}]`, message: `"${key}" is not a property of ${type ?? 'this fact'}`, code: 'unknown_property' });
        else if (specs[key]!.required)
          issues.push({ path: `$.unset[${i}]`, message: `"${key}" is required: give another value instead`, code: 'required' });
        else delete declared[key];
      });
      const isSource = before.kind === 'node' && type === 'Source';
      if (body.evidence === undefined && !isSource)
        issues.push({
          path: '$.evidence',
          message: 'a correction needs its evidence: a quote from a Source ({source, quote}) or a record reference ({source, record})',
          code: 'missing_citation',
        });
      const citations = body.evidence === undefined ? [] : [body.evidence];
      const raw =
        before.kind === 'node'
          ? { nodes: [{ id, type, properties: declared, citations }] }
          : { relationships: [{ id, type, source: before.source, target: before.target, properties: declared, citations }] };
      let parsed: ReturnType<typeof parseBundle> | null = null;
      try {
        parsed = parseBundle(raw);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        for (const i of error.issues) {
          const at = bundlePath(i.path);
          const rest = at?.rest ?? '';
          let path = i.path;
          if (rest.startsWith('.citations[0]')) path = `$.evidence${rest.slice('.citations[0]'.length)}`;
          else if (rest.startsWith('.properties')) path = `$.set${rest.slice('.properties'.length)}`;
          issues.push({ ...i, path });
        }
      }
      if (issues.length > 0 || !parsed) throw editProblem(issues, 'The correction');
      const fact = before.kind === 'node' ? parsed.nodes[0]! : parsed.relationships[0]!;
      const evidence = fact.citations[0];
      if (evidence) {
        const wrong = await checkSource(tx, evidence.source, '$.evidence.source');
        if (wrong.length > 0) throw editProblem(wrong, 'The correction');
      }
      const names =
        before.kind === 'node' && type && isNodeLabel(type)
          ? { caption: NODE_TYPES[type as NodeLabel].caption, searchable: NODE_TYPES[type as NodeLabel].searchable }
          : null;
      const props = correctedProps({ id: before.id }, storedProps(before), fact.properties as Record<string, unknown>, specs, names);
      const written = evidence ? await writeEvidence(tx, before, evidence) : { record: null, citation: null };
      if (written.record) {
        const records = new Set([...((props[DERIVED_PROPERTIES.records] as string[] | undefined) ?? []), written.record]);
        props[DERIVED_PROPERTIES.records] = [...records];
      }
      await tx.run(before.kind === 'node' ? 'edit/set-node' : 'edit/set-relationship', { id, props });
      await tx.run('edit/refresh-citation-status', { ids: [id] });
      const after = await readSnapshot(tx, id);
      const changeId = await recordChange(tx, {
        kind: 'edit',
        reason: body.reason ?? null,
        subjects: [id, ...(written.citation ? [written.citation] : [])],
        before: [before],
        after: [after],
      });
      return { changeId, fact: after };
    },
    { context: `edit ${id}` },
  );
}
