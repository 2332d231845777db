// The operator's token: LIAISON_API_TOKEN, else <dataDir>/api-token. Scripts send it as a bearer
// token; it acts as the operator (an admin), as it did before there were users.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { Config } from '../config';
import { log } from '../log';

export function writeToken(config: Pick<Config, 'LIAISON_API_TOKEN' | 'LIAISON_DATA_DIR'>): string | null {
  if (config.LIAISON_API_TOKEN) return config.LIAISON_API_TOKEN;
  const file = path.join(config.LIAISON_DATA_DIR, 'api-token');
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 16) return token;
    log.warn('ignoring api-token file: the token must be at least 16 characters', { file });
  }
  return null;
}
