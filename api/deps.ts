import type { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type { Client, Connection } from '@temporalio/client';
import type { Env } from '../config/env';
import type { Models } from '../db/models';

export interface TemporalGateway {
  connection: Connection;
  client: Client;
  namespace: string;
  taskQueue: string;
  /**
   * Calls under way in the client library, some of them answered already at their deadline
   * (api/temporalDeadline.ts): the connection is closed only once they have ended.
   */
  callsUnderWay: Set<Promise<unknown>>;
  /** Waits for the calls under way (each carries its deadline: seconds at most), then closes the connection. */
  close(): Promise<void>;
}

/** Everything a route needs, passed in once (tests build it against their own database and Temporal server). */
export interface AppDeps {
  env: Env;
  sequelize: Sequelize;
  models: Models;
  temporal: TemporalGateway;
  logger: Logger;
  /** Injectable clock: tests of idle timeouts and lockouts move time without sleeping. */
  clock: () => Date;
}
