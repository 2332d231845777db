// Zod validators derived from the schema model: the import bundle, per-type properties and
// citations. Nothing here names a type or property by hand; adding one to model.ts is enough.
import { z } from 'zod';

import {
  CITATION_STATUSES,
  type NodeLabel,
  type RelationshipType,
  NODE_TYPES,
  RELATIONSHIP_TYPES,
  type NodeTypeSpec,
  type PropertySpec,
  type RelationshipTypeSpec,
} from './model';

export const FUZZY_DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** A date known to the day, the month or the year: "2019-09-04", "2019-06", "2017". */
export const fuzzyDate = z.string().refine(isValidFuzzyDate, {
  message: 'must be a date as YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date)',
});

export function isValidFuzzyDate(value: string): boolean {
  const m = FUZZY_DATE_PATTERN.exec(value);
  if (!m) return false;
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (month < 1 || month > 12) return false;
  // Date.UTC rolls 31 February over into March; a real date survives the round trip.
  const d = new Date(Date.UTC(Number(m[1]), month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export const entityId = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._:\-/]*$/u, 'may hold letters, digits and . _ : - / only, and start with a letter or digit');

/** An identifier in another dataset: `scheme:value`, the scheme in lower case (wikidata:Q312). */
export const IDENTIFIER_PATTERN = /^[a-z][a-z0-9_.-]{0,63}:\S.{0,400}$/;
export const identifier = z
  .string()
  .trim()
  .regex(IDENTIFIER_PATTERN, 'must be scheme:value, the scheme in lower case (wikidata:Q312, popolo:…)');

function propertyValidator(spec: PropertySpec): z.ZodType {
  switch (spec.kind) {
    case 'string':
      return z
        .string()
        .trim()
        .min(1, 'must not be empty')
        .max(500)
        .regex(/^[^\n\r]*$/, 'must be a single line');
    case 'text':
      return z.string().max(20_000);
    case 'strings':
      return spec.format === 'identifier'
        ? z.array(identifier).max(200)
        : z.array(z.string().trim().min(1, 'must not be empty').max(500)).max(200);
    case 'url':
      return z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
    case 'enum':
      return z.enum(spec.values as [string, ...string[]]);
    case 'country':
      return z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as RU or AZ');
    case 'language':
      return z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as de or en');
    case 'fuzzyDate':
      return fuzzyDate;
  }
}

function propertiesValidator(properties: Readonly<Record<string, PropertySpec>>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, spec] of Object.entries(properties)) {
    const v = propertyValidator(spec);
    shape[key] = spec.required ? v : v.optional();
  }
  // Strict: a misspelt property is an error, not silently stored.
  return z.strictObject(shape);
}

export const citationInput = z.strictObject({
  source: entityId.describe('id of the Source node'),
  quote: z.string().trim().min(1, 'must quote the sentence that states the fact').max(5_000),
  status: z.enum(CITATION_STATUSES).default('reported'),
  lang: z
    .string()
    .regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code')
    .optional(),
  note: z.string().max(2_000).optional(),
});
export type CitationInput = z.infer<typeof citationInput>;

function nodeValidator(spec: NodeTypeSpec) {
  return z.strictObject({
    id: entityId,
    type: z.literal(spec.label),
    properties: propertiesValidator(spec.properties),
    citations: z.array(citationInput).default([]),
  });
}

function relationshipValidator(spec: RelationshipTypeSpec) {
  return z.strictObject({
    id: entityId,
    type: z.literal(spec.type),
    source: entityId,
    target: entityId,
    properties: propertiesValidator(spec.properties).default({}),
    citations: z.array(citationInput).default([]),
  });
}

const nodeTypes = Object.values(NODE_TYPES) as NodeTypeSpec[];
const relTypes = Object.values(RELATIONSHIP_TYPES) as RelationshipTypeSpec[];

/** A node of the bundle after validation; `properties` match its type's schema entry. */
export interface NodeInput {
  id: string;
  type: NodeLabel;
  properties: Record<string, unknown>;
  citations: CitationInput[];
}

export interface RelationshipInput {
  id: string;
  type: RelationshipType;
  source: string;
  target: string;
  properties: Record<string, unknown>;
  citations: CitationInput[];
}

// The unions are built from the model at run time, so TypeScript cannot see their members; the
// interfaces above state what they produce.
export const nodeInput: z.ZodType<NodeInput, unknown> = z.discriminatedUnion(
  'type',
  nodeTypes.map(nodeValidator) as unknown as [ReturnType<typeof nodeValidator>, ...ReturnType<typeof nodeValidator>[]],
  { error: (iss) => (iss.code === 'invalid_union' ? `type must be one of ${nodeTypes.map((t) => t.label).join(', ')}` : undefined) },
) as unknown as z.ZodType<NodeInput, unknown>;

export const relationshipInput: z.ZodType<RelationshipInput, unknown> = z.discriminatedUnion(
  'type',
  relTypes.map(relationshipValidator) as unknown as [
    ReturnType<typeof relationshipValidator>,
    ...ReturnType<typeof relationshipValidator>[],
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? `type must be one of ${relTypes.map((t) => t.type).join(', ')}` : undefined) },
) as unknown as z.ZodType<RelationshipInput, unknown>;

/**
 * A record reference in a bundle: the dataset (a Source) and the record within it. Facts citing the
 * same record share one (:Record) node (its id is recordNodeId(source, record)).
 */
export const recordCitationInput = z.strictObject({
  source: entityId.describe('id of the Source node (the dataset)'),
  record: z.strictObject({
    file: z.string().trim().min(1, 'must name the file the record is in').max(500),
    line: z.number().int().positive().optional(),
    row: z.number().int().positive().optional(),
    recordId: z.string().min(1).max(500).optional(),
    pointer: z
      .string()
      .regex(/^(\/([^~/]|~[01])*)*$/, 'must be a JSON pointer (RFC 6901), e.g. /persons/12')
      .optional(),
    raw: z.string().max(20_000).optional(),
  }),
});
export type RecordCitationInput = z.infer<typeof recordCitationInput>;

/** A bundle citation: a quote from a text, or a reference to a record of a dataset (it has `record`). */
export type BundleCitationInput = CitationInput | RecordCitationInput;

export const isRecordCitation = (c: BundleCitationInput): c is RecordCitationInput => 'record' in c;

/**
 * Either kind, chosen by the presence of `record`, so that a problem is reported against the kind
 * the author meant (a union would report both).
 */
export const bundleCitationInput: z.ZodType<BundleCitationInput, unknown> = z.unknown().transform((value, ctx) => {
  const schema = value !== null && typeof value === 'object' && 'record' in value ? recordCitationInput : citationInput;
  const r = schema.safeParse(value);
  if (r.success) return r.data as BundleCitationInput;
  for (const issue of r.error.issues)
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as PropertyKey[], params: { code: issue.code } });
  return z.NEVER;
}) as unknown as z.ZodType<BundleCitationInput, unknown>;

/**
 * A value another source stated differently from the one a fact keeps (DERIVED_PROPERTIES.alsoStated):
 * the property, the value in bundle form, and the ids of the Sources that stated it. Exports carry
 * them so that an import reproduces the merges behind a fact, not only its kept values.
 */
export interface AlsoStatedInput {
  property: string;
  value: unknown;
  sources: string[];
}

/**
 * The alsoStated entries of a type: only single-valued properties have them (a merge unites lists),
 * and the value must be one the property could hold, as the writer would have written it.
 */
function alsoStatedValidator(properties: Readonly<Record<string, PropertySpec>>) {
  const scalars = new Map(
    Object.entries(properties)
      .filter(([, spec]) => spec.kind !== 'strings')
      .map(([key, spec]) => [key, propertyValidator(spec)] as const),
  );
  const names = [...scalars.keys()].join(', ');
  const entry = z
    .strictObject({
      property: z.string(),
      value: z.unknown(),
      sources: z.array(entityId).min(1, 'must name the Sources that stated the value').max(1_000),
    })
    .superRefine((e, ctx) => {
      const carry = (path: PropertyKey[], message: string) =>
        ctx.addIssue({ code: 'custom', message, path, params: { code: 'invalid_also_stated' } });
      const validator = typeof e.property === 'string' ? scalars.get(e.property) : undefined;
      if (!validator) {
        carry(
          ['property'],
          `${JSON.stringify(e.property)} is not ${names ? `a single-valued property of this type (${names})` : 'a property: this type has no single-valued properties'}`,
        );
        return;
      }
      const r = validator.safeParse(e.value);
      if (!r.success)
        carry(
          ['value'],
          `${e.value === undefined ? 'no value' : JSON.stringify(e.value)} is not a value of ${e.property}: ${r.error.issues[0]?.message ?? 'invalid'}`,
        );
    });
  return z.array(entry).max(1_000).optional();
}

export type BundleNodeInput = Omit<NodeInput, 'citations'> & { citations: BundleCitationInput[]; alsoStated?: AlsoStatedInput[] };
export type BundleRelationshipInput = Omit<RelationshipInput, 'citations'> & {
  citations: BundleCitationInput[];
  alsoStated?: AlsoStatedInput[];
};

function bundleNodeValidator(spec: NodeTypeSpec) {
  return nodeValidator(spec).extend({
    citations: z.array(bundleCitationInput).default([]),
    alsoStated: alsoStatedValidator(spec.properties),
  });
}

function bundleRelationshipValidator(spec: RelationshipTypeSpec) {
  return relationshipValidator(spec).extend({
    citations: z.array(bundleCitationInput).default([]),
    alsoStated: alsoStatedValidator(spec.properties),
  });
}

const bundleNodeInput: z.ZodType<BundleNodeInput, unknown> = z.discriminatedUnion(
  'type',
  nodeTypes.map(bundleNodeValidator) as unknown as [ReturnType<typeof bundleNodeValidator>, ...ReturnType<typeof bundleNodeValidator>[]],
  { error: (iss) => (iss.code === 'invalid_union' ? `type must be one of ${nodeTypes.map((t) => t.label).join(', ')}` : undefined) },
) as unknown as z.ZodType<BundleNodeInput, unknown>;

const bundleRelationshipInput: z.ZodType<BundleRelationshipInput, unknown> = z.discriminatedUnion(
  'type',
  relTypes.map(bundleRelationshipValidator) as unknown as [
    ReturnType<typeof bundleRelationshipValidator>,
    ...ReturnType<typeof bundleRelationshipValidator>[],
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? `type must be one of ${relTypes.map((t) => t.type).join(', ')}` : undefined) },
) as unknown as z.ZodType<BundleRelationshipInput, unknown>;

/**
 * The JSON import bundle: nodes (Sources among them), relationships, each fact with citations (quotes
 * or records) and, optionally, the values other sources stated differently (alsoStated).
 */
export const bundleInput = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal('liaison-bundle').optional(),
  version: z.literal(1).optional(),
  description: z.string().optional(),
  nodes: z.array(bundleNodeInput).default([]),
  relationships: z.array(bundleRelationshipInput).default([]),
});
export type BundleInput = z.infer<typeof bundleInput>;
