// Docker health check of the worker container: healthy when THIS container's worker is polling its workflow task
// queue (the same signal as the "worker" field of GET /api/health, narrowed to this host). Plain Node, no tsx.
// The SDK's default worker identity is "<pid>@<hostname>", and a container's hostname is unique to it.
'use strict';
const os = require('node:os');
const { Connection } = require('@temporalio/client');

const FRESH_MS = 90_000; // a poller long-polls for at most a minute
const address = process.env.TEMPORAL_ADDRESS;
const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
const taskQueue = process.env.TEMPORAL_TASK_QUEUE || 'submissions';

async function main() {
  const connection = await Connection.connect({ address, connectTimeout: 3000 });
  try {
    const res = await connection.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue, kind: 1 /* TASK_QUEUE_KIND_NORMAL */ },
      taskQueueType: 1 /* TASK_QUEUE_TYPE_WORKFLOW */,
    });
    const host = `@${os.hostname()}`;
    const mine = (res.pollers || []).filter(
      (p) => (p.identity || '').endsWith(host) && Date.now() - Number(p.lastAccessTime?.seconds ?? 0) * 1000 < FRESH_MS,
    );
    if (mine.length === 0) throw new Error(`no poller from ${host} on task queue ${taskQueue}`);
  } finally {
    await connection.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`worker unhealthy: ${err.message}`);
    process.exit(1);
  },
);
