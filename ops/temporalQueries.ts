/**
 * Temporal visibility and history reads of the ops monitor and the batch operations (issue 13.1–13.2): visibility
 * queries built only from validated values, and the diagnosis of one workflow whose workflow task keeps failing —
 * read from the end of its history, never the whole of it.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import { MAX_YEAR, MIN_YEAR, provinceCodeProblem, type StuckFilter } from '../domain/stuck';
import { SUBMISSION_WORKFLOW_TYPE } from '../workflows/submission/contract';

export interface TemporalRef {
  client: Client;
  namespace: string;
  taskQueue: string;
}

/** A task queue or type name of our own configuration: refused (not escaped) if it could ever break out of quotes. */
function name(value: string): string {
  if (!/^[A-Za-z0-9_.:-]+$/.test(value)) throw new Error(`not a safe visibility literal: ${JSON.stringify(value)}`);
  return `'${value}'`;
}

/**
 * The running workflows of our task queue narrowed by the monitor's filter, plus a condition of our own. The year
 * is checked to be a whole number in range and the province to be a province of the reference data before it is
 * written into the query: user text never reaches it.
 */
export function runningQuery(taskQueue: string, filter: Pick<StuckFilter, 'year' | 'provinceCode'>, condition?: string): string {
  const parts = [`TaskQueue = ${name(taskQueue)}`, `ExecutionStatus = 'Running'`];
  if (filter.year !== undefined) {
    if (!Number.isInteger(filter.year) || filter.year < MIN_YEAR || filter.year > MAX_YEAR) throw new Error(`year out of range: ${filter.year}`);
    // `Year` in backticks: unquoted, the visibility parser reads YEAR as its date function ("invalid search attribute: year").
    parts.push(`\`Year\` = ${filter.year}`);
  }
  if (filter.provinceCode !== undefined) {
    const problem = provinceCodeProblem(filter.provinceCode);
    if (problem) throw new Error(`${problem}: ${JSON.stringify(filter.provinceCode)}`);
    parts.push(`ProvinceCode = '${filter.provinceCode}'`);
  }
  if (condition) parts.push(condition);
  return parts.join(' AND ');
}

/** Workflows Temporal itself flags for failing workflow tasks (system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute). */
export const FAILING_TASKS = 'TemporalReportedProblems IS NOT NULL';

/** Workflows of the other types (the year's campaign, reconciliation and batch runs): few, so they may be described. */
export const NOT_SUBMISSIONS = `WorkflowType != ${name(SUBMISSION_WORKFLOW_TYPE)}`;

export async function countWorkflows(ref: TemporalRef, query: string): Promise<number> {
  return (await ref.client.workflow.count(query)).count;
}

/** The ids (and search attributes) of the `offset`…`offset+limit` workflows a query lists, in visibility's order. */
export async function listWorkflows(
  ref: TemporalRef,
  query: string,
  offset: number,
  limit: number,
): Promise<{ workflowId: string; runId: string; type: string; searchAttributes: Record<string, unknown> }[]> {
  const out: { workflowId: string; runId: string; type: string; searchAttributes: Record<string, unknown> }[] = [];
  if (limit <= 0) return out;
  let seen = 0;
  for await (const info of ref.client.workflow.list({ query, pageSize: Math.min(1000, offset + limit) })) {
    if (seen++ < offset) continue;
    out.push({ workflowId: info.workflowId, runId: info.runId, type: info.type, searchAttributes: (info.searchAttributes ?? {}) as Record<string, unknown> });
    if (out.length >= limit) break;
  }
  return out;
}

const EventType = temporal.api.enums.v1.EventType;

/** Why a workflow task keeps failing, and whether the code now deployed is the code that failed. */
export interface FailingTask {
  workflowId: string;
  runId: string;
  /** Attempt of the pending workflow task (Temporal retries it by itself). */
  attempt: number;
  message: string;
  failedAt: Date | null;
  /** Build id of the worker whose workflow task failed (the SDK's default: its version and the bundle's checksum). */
  failingBuildId: string | null;
  /** Build ids of the workers polling the task queue now. */
  deployedBuildIds: string[];
  /** The deployed code is the code that failed: a retry fails the same way. */
  sameCodeDeployed: boolean;
  /** Event id of the last completed workflow task: where a reset goes back to. */
  lastGoodEventId: number | null;
}

/** Build ids of the workers polling our workflow task queue now. */
export async function deployedBuildIds(ref: TemporalRef): Promise<string[]> {
  const answer = await ref.client.workflowService.describeTaskQueue({
    namespace: ref.namespace,
    taskQueue: { name: ref.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return [...new Set((answer.pollers ?? []).map((p) => p.workerVersionCapabilities?.buildId ?? '').filter(Boolean))];
}

/**
 * The failing task of one workflow (null when its workflow task is not failing): the last WorkflowTaskFailed event,
 * the build that ran it (from its WorkflowTaskStarted event) and the last completed workflow task, read backwards
 * from the end of the history page by page until all three are found.
 */
export async function failingTask(ref: TemporalRef, workflowId: string, deployed?: string[]): Promise<FailingTask | null> {
  const handle = ref.client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  const attempt = description.raw.pendingWorkflowTask?.attempt ?? 0;
  if (description.status.name !== 'RUNNING' || attempt <= 1) return null;
  let failed: temporal.api.history.v1.IHistoryEvent | undefined;
  let failingBuildId: string | null = null;
  let lastGoodEventId: number | null = null;
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await ref.client.workflowService.getWorkflowExecutionHistoryReverse({
      namespace: ref.namespace,
      execution: { workflowId, runId: description.runId },
      maximumPageSize: 100,
      nextPageToken,
    });
    for (const event of page.history?.events ?? []) {
      // Backwards: the failure, then the task start it ended (its build), then the last task that completed.
      if (!failed) {
        if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) failed = event;
      } else if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED && String(event.eventId) === String(failed.workflowTaskFailedEventAttributes?.startedEventId)) {
        failingBuildId = event.workflowTaskStartedEventAttributes?.workerVersion?.buildId ?? null;
      } else if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
        lastGoodEventId = Number(String(event.eventId));
        break;
      }
    }
    nextPageToken = lastGoodEventId === null && page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  const buildIds = deployed ?? (await deployedBuildIds(ref));
  return {
    workflowId,
    runId: description.runId,
    attempt,
    message: failed?.workflowTaskFailedEventAttributes?.failure?.message ?? '',
    failedAt: optionalTsToDate(failed?.eventTime) ?? null,
    failingBuildId,
    deployedBuildIds: buildIds,
    // No worker polling at all: nothing new can run it either.
    sameCodeDeployed: buildIds.length === 0 || (failingBuildId !== null && buildIds.every((id) => id === failingBuildId)),
    lastGoodEventId,
  };
}
