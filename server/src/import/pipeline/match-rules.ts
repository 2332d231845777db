// Import-time matching's vocabulary: the modes (`--match off|review|auto`) and the operator's rules
// for what an import may merge on its own (LIAISON_AUTO_MERGE, validated at start-up by config.ts).
// Kept free of database code so that the configuration can load it.
import { z } from 'zod';

import { NODE_TYPES, type NodeLabel } from '../../schema/model';

export const MATCH_MODES = ['off', 'review', 'auto'] as const;
export type MatchMode = (typeof MATCH_MODES)[number];

/** Types candidates are proposed for (those named by a `name`), as resolve/candidates.ts. */
const MATCHED_TYPES = (Object.keys(NODE_TYPES) as NodeLabel[]).filter((t) => NODE_TYPES[t].caption === 'name') as [
  NodeLabel,
  ...NodeLabel[],
];

/**
 * Below this, a score is a reviewer's call: an operator's score rule may not go lower. With the
 * scorer's weights (WEIGHTS in resolve/candidates.ts) the same name alone gives 0.85 and with the
 * same country 0.9; 0.95 takes more than a name, e.g. the same birth date too.
 */
export const MIN_AUTO_SCORE = 0.95;

/**
 * One rule: a candidate pair is merged when it satisfies every condition the rule states, and no
 * reason counts against it (different identifiers of one register, different birth dates or
 * countries): evidence against always goes to a reviewer.
 */
export const autoMergeRule = z
  .strictObject({
    /** The two share an identifier of this scheme ("wikidata", "eu-transparency-register"; "*": any scheme). */
    identifierScheme: z
      .string()
      .regex(/^(\*|[a-z0-9][a-z0-9._-]*)$/, 'must be a scheme in lower case (wikidata, popolo, …) or * for any')
      .optional(),
    /** The candidate's score is at least this (MIN_AUTO_SCORE..1). */
    minScore: z.number().min(MIN_AUTO_SCORE, `must be at least ${MIN_AUTO_SCORE}: lower scores are for reviewers`).max(1).optional(),
    /** Only pairs of this type. */
    type: z.enum(MATCHED_TYPES).optional(),
  })
  .refine((r) => r.identifierScheme !== undefined || r.minScore !== undefined, {
    message: 'a rule needs identifierScheme or minScore (a type alone would merge every pair of it)',
  });
export type AutoMergeRule = z.infer<typeof autoMergeRule>;

export const autoMergeRules = z.array(autoMergeRule).max(50);

/** Without LIAISON_AUTO_MERGE: a shared identifier of the same scheme, whatever the scheme. */
export const DEFAULT_AUTO_MERGE: AutoMergeRule[] = [{ identifierScheme: '*' }];

/** The scheme of a "scheme:value" identifier. */
export const schemeOf = (identifier: string) => {
  const i = identifier.indexOf(':');
  return i > 0 ? identifier.slice(0, i).toLowerCase() : '';
};

/** What a rule looks at of a candidate pair. */
export interface RuleInput {
  type: string;
  score: number;
  /** Weights of the candidate's reasons (a negative one counts against the pair). */
  reasons: ReadonlyArray<{ code: string; weight: number }>;
  /** Identifiers ("scheme:value") both entities carry. */
  sharedIdentifiers: readonly string[];
}

/** The first rule the pair satisfies, or null: it then goes to the review queue. */
export function ruleFor(pair: RuleInput, rules: readonly AutoMergeRule[]): AutoMergeRule | null {
  if (pair.reasons.some((r) => r.weight < 0)) return null;
  for (const rule of rules) {
    if (rule.type !== undefined && rule.type !== pair.type) continue;
    if (rule.minScore !== undefined && pair.score < rule.minScore) continue;
    if (rule.identifierScheme !== undefined) {
      const scheme = rule.identifierScheme;
      if (!pair.sharedIdentifiers.some((i) => scheme === '*' || schemeOf(i) === scheme)) continue;
    }
    return rule;
  }
  return null;
}

/** A rule in words, for reports and judgement notes: `wikidata identifier`, `score ≥ 0.97, Organization`. */
export function describeRule(rule: AutoMergeRule): string {
  const parts: string[] = [];
  if (rule.identifierScheme !== undefined)
    parts.push(rule.identifierScheme === '*' ? 'a shared identifier' : `a shared ${rule.identifierScheme} identifier`);
  if (rule.minScore !== undefined) parts.push(`score ≥ ${rule.minScore}`);
  if (rule.type !== undefined) parts.push(rule.type);
  return parts.join(', ');
}
