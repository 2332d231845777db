// Who a command run on the server's machine acts as in history: 'cli:<os user>' (auth/types.ts),
// an admin, since whoever can run the CLI can read the data directory anyway.
import { userInfo } from 'node:os';

import type { Actor } from '../auth/types';

export function cliActor(): Actor {
  let user = process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  try {
    user = userInfo().username || user;
  } catch {
    // No passwd entry (a container's uid): the environment's name stands.
  }
  return { userId: `cli:${user}`, name: `cli:${user}`, role: 'admin', via: 'cli' };
}
