// The benchmarks' generated graph (bench/render.ts draws it, bench/layout.ts lays it out): `size`
// nodes grown by preferential attachment with the schema's types, the same graph for the same size.
import { describeSchema } from '../server/src/schema/describe';
import { type NODE_TYPES, RELATIONSHIP_TYPES } from '../server/src/schema/model';
import type { BenchGraph } from './render/protocol';
import { prng } from '../tests/support/prng';

// Roughly the mix of a network of officials: people and meetings first, few countries.
const TYPE_MIX: Array<[keyof typeof NODE_TYPES, number]> = [
  ['Person', 0.4],
  ['Meeting', 0.3],
  ['Organization', 0.15],
  ['Topic', 0.1],
  ['Country', 0.05],
];

/**
 * A graph of `size` nodes grown by preferential attachment, two edges per new node: a few hubs and
 * many nodes of low degree, as in a network of officials. Nodes start at random positions (the
 * preset layout of the first render); types, colours and shapes come from the schema.
 */
export function generateGraph(size: number, seed = 2019): BenchGraph {
  const rnd = prng(seed + size); // every run draws the same graphs
  const pickType = () => {
    let x = rnd();
    for (const [type, share] of TYPE_MIX) if ((x -= share) < 0) return type;
    return 'Person';
  };
  const side = Math.sqrt(size) * 80;
  const nodes: BenchGraph['nodes'] = [];
  const edges: BenchGraph['edges'] = [];
  const ends: number[] = []; // every edge end once: picking from it picks nodes in proportion to their degree
  const rels = Object.values(RELATIONSHIP_TYPES);
  for (let i = 0; i < size; i++) {
    const type = pickType();
    nodes.push({ id: `n${i}`, type, label: `${type} ${i}`, x: rnd() * side, y: rnd() * side });
    if (i === 0) continue;
    const targets = new Set<number>();
    for (let tries = 0; targets.size < Math.min(2, i) && tries < 20; tries++)
      targets.add(ends.length ? ends[Math.floor(rnd() * ends.length)]! : 0);
    for (const t of targets) {
      const rel = rels[edges.length % rels.length]!;
      edges.push({ id: `e${edges.length}`, source: `n${i}`, target: `n${t}`, type: rel.type, label: rel.caption });
      ends.push(i, t);
    }
  }
  return { schema: describeSchema(), nodes, edges };
}
