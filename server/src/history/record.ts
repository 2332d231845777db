// Records a change in the transaction that makes it (see ./types for the contract). The history
// helper of issue 12 fills this in: a (:Change) node per change, written with cypher/history/*.
import type { NamedTx } from '../db/executor';
import type { ChangeInput } from './types';

/** Writes the (:Change) for `input` in `tx` and returns its id. */
export async function recordChange(tx: NamedTx, input: ChangeInput): Promise<string> {
  void tx;
  void input;
  throw new Error('recordChange: not built yet');
}
