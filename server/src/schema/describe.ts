// The schema as the API tells it (/api/schema): types, properties, captions, directions and styles,
// read straight from the model so that the client and researchers see exactly what the server uses.
import {
  CITATION_LABEL,
  CITATION_STATUSES,
  CITES_TYPE,
  ENTITY_LABEL,
  ID_CLAIM_LABEL,
  NODE_TYPES,
  RELATIONSHIP_TYPES,
  type NodeTypeSpec,
  type PropertySpec,
  type RelationshipTypeSpec,
} from './model';

function describeProperties(props: Readonly<Record<string, PropertySpec>>) {
  return Object.entries(props).map(([name, p]) => ({
    name,
    kind: p.kind,
    required: Boolean(p.required),
    description: p.description,
    ...(p.values ? { values: [...p.values] } : {}),
    ...(p.kind === 'fuzzyDate' ? { precisionProperty: `${name}Precision` } : {}),
  }));
}

export function describeSchema() {
  return {
    version: 1,
    nodeTypes: (Object.values(NODE_TYPES) as NodeTypeSpec[]).map((t) => ({
      label: t.label,
      description: t.description,
      caption: t.caption,
      searchable: t.searchable,
      needsCitation: t.needsCitation,
      properties: describeProperties(t.properties),
      style: t.style,
    })),
    relationshipTypes: (Object.values(RELATIONSHIP_TYPES) as RelationshipTypeSpec[]).map((t) => ({
      type: t.type,
      description: t.description,
      caption: t.caption,
      reverseCaption: t.reverseCaption,
      from: [...t.from],
      to: [...t.to],
      directed: t.directed,
      labelProperty: t.labelProperty ?? null,
      properties: describeProperties(t.properties),
      style: t.style,
    })),
    provenance: {
      entityLabel: ENTITY_LABEL,
      citationLabel: CITATION_LABEL,
      citesType: CITES_TYPE,
      statuses: [...CITATION_STATUSES],
      pattern: `(:${CITATION_LABEL} {factId, quote, status, lang, note})-[:${CITES_TYPE}]->(:Source)`,
      description:
        'Every fact (node or relationship, except Sources) has one or more Citation nodes whose factId is the id of the fact; ' +
        'each links to the Source that states it and holds the quoting sentence. The fact itself carries citationStatus: ' +
        'reported if any citation reports it, else disputed if any disputes it, else speculative.',
    },
    ids: {
      claimLabel: ID_CLAIM_LABEL,
      pattern: `(:${ID_CLAIM_LABEL} {factId, kind, type, source, target})`,
      description:
        'Nodes and relationships share one id space: each id is held by one claim node, which imports check. ' +
        `Claims are bookkeeping, not facts: match :${ENTITY_LABEL} (or a type) for the domain nodes, not all nodes.`,
    },
  };
}
