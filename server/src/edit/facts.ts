// What the edits share: a fact's declared properties in bundle form (as a form shows them and the
// validators take them), their stored form, and the citation rows of a piece of evidence.
import { randomBytes } from 'node:crypto';

import { nameKeys } from '../names/keys';
import { formatFuzzyDate, parseFuzzyDate, precisionKey } from '../schema/fuzzy-date';
import { DERIVED_PROPERTIES, NODE_TYPES, RELATIONSHIP_TYPES, isNodeLabel, isRelationshipType, type PropertySpec } from '../schema/model';
import type { FactSnapshot } from '../history/types';
import { plainFact, snapshotType } from './snapshot';

/** The declared properties of a snapshot's type (none for a type the schema does not know). */
export function specsOf(s: FactSnapshot): Readonly<Record<string, PropertySpec>> {
  const type = snapshotType(s);
  if (!type) return {};
  if (s.kind === 'node') return isNodeLabel(type) ? NODE_TYPES[type].properties : {};
  return isRelationshipType(type) ? RELATIONSHIP_TYPES[type].properties : {};
}

/** A snapshot's declared properties as a bundle (and a form) states them: fuzzy dates as "2019-06". */
export function bundleProperties(s: FactSnapshot): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = plainFact(s).props;
  for (const [key, spec] of Object.entries(specsOf(s))) {
    const value = props[key];
    if (value === undefined || value === null) continue;
    out[key] = spec.kind === 'fuzzyDate' && typeof value === 'string' ? formatFuzzyDate(value, props[precisionKey(key)]) : value;
  }
  return out;
}

/**
 * The properties a corrected fact keeps, in stored form: the stored ones that are not declared
 * (derived lists, alsoStated, records) as they are, the declared ones from `declared` (bundle form,
 * validated), fuzzy dates as a Date and their precision, and the search keys derived again from the
 * caption and aliases, as the writer derives them.
 */
export function correctedProps(
  before: Record<string, unknown>,
  stored: Record<string, unknown>,
  declared: Record<string, unknown>,
  specs: Readonly<Record<string, PropertySpec>>,
  names: { caption: string; searchable: boolean } | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const precisions = new Set(Object.entries(specs).flatMap(([k, s]) => (s.kind === 'fuzzyDate' ? [precisionKey(k)] : [])));
  for (const [key, value] of Object.entries(stored)) if (!(key in specs) && !precisions.has(key)) out[key] = value;
  for (const [key, value] of Object.entries(declared)) {
    if (value === undefined || value === null) continue;
    if (specs[key]?.kind === 'fuzzyDate' && typeof value === 'string') {
      const { date, precision } = parseFuzzyDate(value);
      out[key] = date;
      out[precisionKey(key)] = precision;
    } else out[key] = value;
  }
  out.id = before.id;
  if (names?.searchable) {
    const list = [declared[names.caption], ...((declared.aliases as string[] | undefined) ?? [])] as Array<string | undefined>;
    out[DERIVED_PROPERTIES.searchKeys] = nameKeys(list);
  }
  return out;
}

/** A fresh id for a fact made in the app: its type, a word of its caption, random letters ("meeting-baku-talks-x7k2q9"). */
export function newFactId(type: string, caption: unknown): string {
  const word =
    typeof caption === 'string'
      ? caption
          .normalize('NFKD')
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '')
          .slice(0, 32)
          .replace(/-+$/, '')
      : '';
  const suffix = randomBytes(6)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');
  return [type.toLowerCase().replace(/_/g, '-'), word, suffix].filter(Boolean).join('-');
}
