// Loads the demo graph (data/demo/*.json) when the database holds no entities yet, so a first
// `npm start` shows something and a restart never loads it twice.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { ROOT_DIR } from '../config';
import type { Executor } from '../db/executor';
import { toJson } from '../db/values';
import { log } from '../log';
import { importBundle } from './bundle';

export const DEMO_DIR = path.join(ROOT_DIR, 'data', 'demo');

export async function graphCounts(executor: Executor): Promise<{ nodes: number; relationships: number; citations: number }> {
  const r = (await executor.read('queries/graph-counts')).records[0];
  return {
    nodes: Number(toJson(r?.get('nodes') ?? 0)),
    relationships: Number(toJson(r?.get('relationships') ?? 0)),
    citations: Number(toJson(r?.get('citations') ?? 0)),
  };
}

export async function loadDemoIfEmpty(executor: Executor, dir = DEMO_DIR): Promise<boolean> {
  const counts = await graphCounts(executor);
  if (counts.nodes > 0) {
    log.info('graph already holds data; demo not loaded', counts);
    return false;
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const file of files) {
    const summary = await importBundle(executor, JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown);
    log.info('demo loaded', { file, ...summary });
  }
  return true;
}
