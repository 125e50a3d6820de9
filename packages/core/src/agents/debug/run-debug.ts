import { AgentError } from '../../errors/task-errors.js';
import type { ModelClient } from '../../models/model-client.js';
import type { AgentContext } from '../agent.js';
import { modelFindingsSchema, modelHypothesesSchema, type DebugFindings, type EvidenceGathered, type HypothesisVerdict, type ModelFindings } from './debug-findings.js';
import type { DebugInput } from './debug-input.js';
import { findingsMessages, hypothesesMessages, userHypothesis, verdictMessages, type DebugPromptParts } from './debug-prompt.js';
import type { Evidence } from './evidence.js';
import { gatherEvidence } from './gather-evidence.js';

/** Runs one `debug` task (the agent is described in debug-agent.ts). */
export async function runDebug(input: DebugInput, context: AgentContext): Promise<DebugFindings> {
  const model = context.model;
  if (model === undefined) throw new AgentError('debug', 'debug needs a model; configure one (see "Choosing a model" in the README)');
  const evidence = await gatherEvidence({ input, workspace: context.workspace, paths: context.paths, env: context.env, signal: context.signal, stopNow: context.stopNow, recorder: context.recorder });
  const parts: DebugPromptParts = { taskId: context.taskId, description: context.description, input, evidence, workspace: context.workspace, dependencies: context.dependencies };
  const findings = input.analysis_depth === 'deep' ? await deepPasses(model, parts, context) : await singlePass(model, parts, context);
  return { ...withUserHypothesis(findings, input), evidence_gathered: gathered(evidence) };
}

async function singlePass(model: ModelClient, parts: DebugPromptParts, context: AgentContext): Promise<ModelFindings> {
  context.recorder.progress(`asking ${model.provider}:${model.model} for the root cause`);
  const reply = await model.generateObject({ messages: findingsMessages(parts), signal: context.signal, schema: modelFindingsSchema, schemaName: 'debug_findings' });
  return reply.object;
}

async function deepPasses(model: ModelClient, parts: DebugPromptParts, context: AgentContext): Promise<ModelFindings> {
  context.recorder.progress(`asking ${model.provider}:${model.model} for hypotheses`);
  const first = hypothesesMessages(parts);
  const proposed = await model.generateObject({ messages: first, signal: context.signal, schema: modelHypothesesSchema, schemaName: 'debug_hypotheses' });
  const hypotheses = proposed.object.hypotheses.map((hypothesis) => hypothesis.trim()).filter((hypothesis) => hypothesis !== '');
  const own = userHypothesis(parts.input);
  // The user's suspicion always gets a verdict, whether or not the model thought of it.
  if (own !== undefined && !hypotheses.some((hypothesis) => sameHypothesis(hypothesis, own))) hypotheses.push(own);
  context.recorder.progress(`asking ${model.provider}:${model.model} for a verdict on ${hypotheses.length} hypothes${hypotheses.length === 1 ? 'is' : 'es'}`);
  const reply = await model.generateObject({ messages: verdictMessages(first, hypotheses), signal: context.signal, schema: modelFindingsSchema, schemaName: 'debug_findings' });
  return reply.object;
}

/** Adds the user's hypothesis as inconclusive when the model gave it no verdict. */
function withUserHypothesis(findings: ModelFindings, input: DebugInput): ModelFindings {
  const own = userHypothesis(input);
  if (own === undefined || findings.hypotheses.some((entry) => sameHypothesis(entry.hypothesis, own))) return findings;
  const missing: HypothesisVerdict = { hypothesis: own, verdict: 'inconclusive', reasoning: 'The model gave no verdict on this hypothesis.' };
  return { ...findings, hypotheses: [...findings.hypotheses, missing] };
}

/** Equal once case, spacing and end punctuation are set aside: models often restate a hypothesis that way. */
function sameHypothesis(a: string, b: string): boolean {
  const normal = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').replace(/[.!?\s]+$/, '').trim();
  return normal(a) === normal(b);
}

function gathered(evidence: Evidence): EvidenceGathered {
  return {
    files_read: evidence.filesRead,
    files_missing: evidence.files.filter((file) => file.status === 'not_found').map((file) => file.given),
    frames: evidence.frames.length + evidence.framesOmitted,
    symbol_matches: evidence.search?.matches.length ?? 0,
    history_entries: (evidence.history ?? []).reduce((sum, history) => sum + history.entries.length, 0),
  };
}
