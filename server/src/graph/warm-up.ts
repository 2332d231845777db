// The explorer's first requests (search, a node, its neighbours), run once when the server starts,
// so that Neo4j has planned and compiled them before anyone clicks: on a cold JVM the first
// neighbours query can take seconds (11 s on a loaded two-core machine, past the read timeout),
// and a new user's first click should not be the one that pays for it.
import type { Executor } from '../db/executor';
import { log } from '../log';
import { getNode, neighbors, parseRelTypes, search } from './service';

export interface WarmUp {
  /** What ran, in order; empty when the graph has no entity with neighbours yet. */
  ran: Array<'search' | 'node' | 'neighbors'>;
  ms: number;
}

/** Never throws: a failure here is only a slower first click, and is logged as such. */
export async function warmUp(executor: Executor): Promise<WarmUp> {
  const started = Date.now();
  const ran: WarmUp['ran'] = [];
  try {
    const row = (await executor.read<{ id: string; name: string | null }>('queries/warm-up-entity', {})).records[0];
    if (row) {
      const id = row.get('id');
      await search(executor, row.get('name') ?? id, null, 8);
      ran.push('search');
      await getNode(executor, id);
      ran.push('node');
      await neighbors(executor, id, parseRelTypes(undefined), 25);
      ran.push('neighbors');
    }
  } catch (error) {
    log.warn('warming up the read queries failed; the first requests may be slow', { error: (error as Error).message, ran });
  }
  return { ran, ms: Date.now() - started };
}
