/** Tree ids: derived from dispatch and task ids only, so they survive refreshes and reloads. */
export const dispatchNodeId = (dispatchId: string) => `dispatch/${dispatchId}`;
export const taskNodeId = (dispatchId: string, taskId: string) => `dispatch/${dispatchId}/task/${taskId}`;
export const detailNodeId = (dispatchId: string, taskId: string, detail: string) => `${taskNodeId(dispatchId, taskId)}/${detail}`;
export const answerNodeId = (dispatchId: string) => `${dispatchNodeId(dispatchId)}/answer`;
export const planNodeId = (dispatchId: string) => `${dispatchNodeId(dispatchId)}/plan`;
