/** Every workflow type the worker runs. Workflow code imports only @temporalio/workflow, contracts and pure domain/. */
export { submissionWorkflow } from './submission/workflow';
export { campaignWorkflow } from './campaign/workflow';
export { reconcileProjectionsWorkflow } from './maintenance/workflow';
export { registrationEscalationWorkflow } from './registrations/workflow';
export { batchOperationWorkflow } from './batch/workflow';
