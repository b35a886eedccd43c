import { Client, Connection } from '@temporalio/client';
import type { TemporalGateway } from './deps';

/**
 * A lazy connection: the API starts (and reports Temporal's state on /api/health) even while Temporal is down,
 * and connects on first use.
 */
export function createTemporalGateway(options: { address: string; namespace: string; taskQueue: string }): TemporalGateway {
  const connection = Connection.lazy({ address: options.address });
  const client = new Client({ connection, namespace: options.namespace });
  return { connection, client, namespace: options.namespace, taskQueue: options.taskQueue };
}
