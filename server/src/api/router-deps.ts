// What every API router is built from: the executor, the auth guards, and the configuration.
import type { Auth } from '../auth';
import type { Executor } from '../db/executor';
import type { AppDeps } from './app';

export interface RouterDeps {
  executor: Executor;
  auth: Auth;
  config: AppDeps['config'];
}
