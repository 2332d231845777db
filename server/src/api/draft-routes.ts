// Drafts from articles (issue 12, item 4): POST /api/articles/draft reads a pasted article with its
// source metadata and answers proposals (entities, posts, meetings, participations, topics), each
// with the sentence that states it and, for names, the stored entities they are. Nothing is
// written: the Draft page sends what the analyst accepts to POST /api/import as one bundle.
import express from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import { draftArticle } from '../draft/draft';
import { graphLookup } from '../draft/lookup';
import { DRAFT_LANGUAGES, type DraftInput } from '../draft/types';
import { ValidationError, jsonPath } from '../errors';
import { fuzzyDate } from '../schema/validators';
import { JSON_TYPES, jsonBody, requireContentType } from './body';
import { json, jsonRequest, operation } from './openapi/common';
import type { RouterDeps } from './router-deps';

/** Longest article drafted at once (characters): a long feature; a book is not an article. */
export const MAX_ARTICLE_CHARS = 100_000;

const draftBody = z
  .strictObject({
    text: z
      .string()
      .trim()
      .min(1, 'paste the article')
      .max(MAX_ARTICLE_CHARS, `at most ${MAX_ARTICLE_CHARS.toLocaleString('en')} characters at once`)
      .meta({ description: 'The article as plain text; paragraphs separated by blank lines.' }),
    source: z
      .strictObject({
        title: z.string().trim().min(1, 'give the article a title').max(500),
        publisher: z.string().trim().min(1).max(300).optional(),
        url: z
          .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
          .max(2000)
          .optional(),
        published: fuzzyDate
          .optional()
          .meta({ description: 'YYYY, YYYY-MM or YYYY-MM-DD: relative dates ("am 4. September") are read from it.' }),
        language: z.enum(DRAFT_LANGUAGES, { message: `drafting reads ${DRAFT_LANGUAGES.join(', ')}` }),
      })
      .meta({ id: 'DraftSource', description: 'The Source the proposals will cite.' }),
  })
  .meta({ id: 'DraftRequest' });

const span = z.object({ start: z.number().int(), end: z.number().int(), text: z.string() });
const proposal = z
  .looseObject({
    id: z.string().meta({ example: 'p4' }),
    kind: z.enum(['entity', 'post', 'meeting', 'participation', 'topic', 'acquaintance']),
    quote: z.string().meta({ description: 'The sentence that states it: the quote of its citation.' }),
    sentence: z.number().int(),
    alsoIn: z.array(z.number().int()).meta({ description: 'Other sentences stating it (further citations).' }),
    status: z.enum(['reported', 'speculative', 'disputed']),
    names: z.array(z.string()).meta({ description: 'The names of the entities it involves, as written or as matched.' }),
    spans: z.array(span),
  })
  .meta({
    id: 'DraftProposal',
    description:
      'One proposal. entity: type, name, aliases, properties, match (a stored entity, or null for a new one), candidates, basis. ' +
      'post: person, organization (proposal ids), title, start. meeting: meetingKind, title, date, datePrecision, place, country, ' +
      'meetingStatus, partOf, participants. participation: person, meeting, role. topic: name, meetings. acquaintance: people.',
  });
const draftAnswer = z
  .object({
    language: z.enum(DRAFT_LANGUAGES),
    sentences: z.array(span.extend({ index: z.number().int(), paragraph: z.number().int() })),
    proposals: z.array(proposal),
    notes: z.array(z.string()),
  })
  .meta({ id: 'Draft' });

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {
  '/articles/draft': {
    post: operation('editor', 'post', {
      operationId: 'draftArticle',
      tags: ['Drafts'],
      summary: 'Draft proposals from an article',
      description:
        "Reads German, English or Russian text: known names by the graph's name keys, new people and institutions from role words " +
        'and name-like spans, posts, meetings (participants, date with precision, place, status), topics, speculation markers. ' +
        'Writes nothing; accepted proposals go to POST /import as one bundle.',
      requestBody: jsonRequest(draftBody),
      problems: [400, 413, 415],
      responses: { '200': json('The proposals, in text order, each with its sentence.', draftAnswer) },
    }),
  },
};

export function draftRouter(deps: RouterDeps): express.Router {
  const router = express.Router();
  const lookup = graphLookup(deps.executor);
  router.post(
    '/articles/draft',
    ...deps.auth.require('editor'),
    requireContentType(JSON_TYPES, 'An article to draft'),
    jsonBody({ limit: '1mb' }),
    async (req, res) => {
      const parsed = draftBody.safeParse(req.body);
      if (!parsed.success)
        throw new ValidationError(
          'The article cannot be drafted as sent.',
          parsed.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message, code: i.code })),
        );
      res.json(await draftArticle(parsed.data as DraftInput, lookup));
    },
  );
  return router;
}
