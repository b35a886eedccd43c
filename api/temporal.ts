import { Client, Connection } from '@temporalio/client';
import type { TemporalGateway } from './deps';

/**
 * A lazy connection: the API starts (and reports Temporal's state on /api/health) even while Temporal is down,
 * and connects on first use.
 */
export function createTemporalGateway(options: { address: string; namespace: string; taskQueue: string }): TemporalGateway {
  const connection = Connection.lazy({ address: options.address });
  const client = new Client({ connection, namespace: options.namespace });
  const callsUnderWay = new Set<Promise<unknown>>();
  return {
    connection,
    client,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    callsUnderWay,
    async close() {
      // A call the client library still retries would otherwise meet a closed channel ("Channel has been shut down").
      const bound = new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref());
      await Promise.race([Promise.allSettled([...callsUnderWay]), bound]);
      await connection.close();
    },
  };
}

/** The longest a late call can last: its deadline has passed, the library's longest wait between retries is 5 s. */
const CLOSE_WAIT_MS = 7_000;
