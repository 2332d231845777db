// The embedded database's restart policy (doubling delays, giving up after too many crashes in a
// window) and the transaction-memory limits derived from the heap.
import { describe, expect, it } from '@jest/globals';

import { RestartPolicy, transactionMemoryLimits } from '../../server/src/db/embedded';

describe('RestartPolicy', () => {
  const options = { maxCrashes: 5, windowMs: 600_000, baseDelayMs: 1_000, maxDelayMs: 4_000 };

  it('doubles the delay after each crash, up to the cap', () => {
    const policy = new RestartPolicy(options);
    expect([0, 1, 2, 3].map((i) => policy.crashed(i * 10_000))).toEqual([1_000, 2_000, 4_000, 4_000]);
  });

  it('gives up at the fifth crash within the window', () => {
    const policy = new RestartPolicy(options);
    for (let i = 0; i < 4; i++) expect(policy.crashed(i * 1_000)).not.toBeNull();
    expect(policy.crashed(5_000)).toBeNull();
    expect(policy.recent).toBe(5);
  });

  it('forgets crashes older than the window', () => {
    const policy = new RestartPolicy(options);
    for (let i = 0; i < 4; i++) policy.crashed(i * 1_000);
    expect(policy.crashed(3_000 + 600_000)).toBe(1_000);
    expect(policy.recent).toBe(1);
  });
});

describe('transactionMemoryLimits', () => {
  it('keeps all transactions to ~55 % of the heap and one to ~45 %', () => {
    expect(transactionMemoryLimits('2g')).toEqual({ totalMb: 1126, perTransactionMb: 921 });
    expect(transactionMemoryLimits('512m')).toEqual({ totalMb: 281, perTransactionMb: 230 });
  });

  it('refuses a heap it cannot read', () => {
    expect(() => transactionMemoryLimits('lots')).toThrow(/512m or 2g/);
  });
});
