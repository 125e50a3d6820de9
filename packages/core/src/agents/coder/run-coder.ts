import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { AgentError } from '../../errors/task-errors.js';
import type { ModelClient, ModelMessage } from '../../models/model-client.js';
import type { PathPolicy } from '../../paths/path-policy.js';
import type { AgentContext } from '../agent.js';
import { readPromptFile, type PromptFile } from '../files/read-prompt-file.js';
import { CandidateFile } from './candidate-file.js';
import type { CoderInput } from './coder-input.js';
import { countLines, describeValidation, lineCount, type CoderFailedOutput, type CoderOutput, type CoderValidation } from './coder-output.js';
import { coderMessages, repairMessages } from './coder-prompt.js';
import { extractCode } from './extract-code.js';
import { unifiedDiff } from './file-diff.js';
import { resolveLanguage } from './language.js';
import { validateCode } from './validate-code.js';

const CONTEXT_FILE_LIMIT_BYTES = 64 * 1024;
const MAX_REPAIR_ROUNDS = 2;

/** Runs one `coder` task (the agent is described in coder-agent.ts). */
export async function runCoder(input: CoderInput, context: AgentContext): Promise<CoderOutput> {
  const model = context.model;
  if (model === undefined) throw new AgentError('coder', 'the coder agent needs a model; configure one (see "Choosing a model" in the README)');
  const outputPath = await resolveOutputPath(input, context.paths);
  const language = resolveLanguage(input.language, outputPath);
  // Refuse before spending a model call on a file that cannot be written.
  const existing = await fs.stat(outputPath).catch(() => undefined);
  if (existing?.isDirectory() === true) throw new AgentError('coder', `output_path "${outputPath}" is a directory`);
  if (existing !== undefined && !input.overwrite) throw new AgentError('coder', `output_path "${outputPath}" exists and overwrite is false`);

  const contextFiles = await readContextFiles(input.context_files, context);
  const messages = coderMessages({ taskId: context.taskId, description: context.description, input, language, workspace: context.workspace, outputPath, outputExists: existing !== undefined, contextFiles, dependencies: context.dependencies });

  const candidate = await CandidateFile.beside(outputPath);
  let committed = false;
  try {
    const validation = await generateChecked(model, messages, candidate, { input, language, outputPath, context });
    if (!validation.passed) throw validationFailure(outputPath, language, validation);
    context.signal.throwIfAborted();
    context.recorder.progress(`writing ${outputPath}`);
    const text = await candidate.read();
    const previous = await fs.readFile(outputPath).catch(() => undefined);
    await candidate.commit(input.overwrite).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') throw new AgentError('coder', `output_path "${outputPath}" appeared while the file was generated and overwrite is false`, { cause: error });
      throw error;
    });
    committed = true;
    const sha256 = sha256Of(text);
    const bytes = Buffer.byteLength(text);
    context.recorder.file({
      path: outputPath,
      action: 'written',
      sha256,
      bytes,
      ...(previous === undefined ? {} : { previous_sha256: sha256Of(previous), diff: await unifiedDiff(outputPath, previous.toString('utf8'), text) }),
    });
    const lines = countLines(text);
    const replaced = previous === undefined ? '' : ' (replacing the previous file)';
    const summary = `wrote ${lineCount(lines)} of ${language} to ${outputPath}${replaced}; ${describeValidation(validation)}`;
    return { output_path: outputPath, language, bytes, lines, sha256, replaced: previous !== undefined, validation, summary };
  } finally {
    if (!committed) await candidate.discard();
  }
}

/** The allowed absolute path; a symlink there is followed, so the file it points to is the one replaced. */
async function resolveOutputPath(input: CoderInput, paths: PathPolicy): Promise<string> {
  const allowed = paths.check(input.output_path);
  if (allowed === undefined) throw new AgentError('coder', paths.describeRefusal(input.output_path, 'output_path'));
  const link = await fs.lstat(allowed).catch(() => undefined);
  return link?.isSymbolicLink() === true ? fs.realpath(allowed).catch(() => allowed) : allowed;
}

/** Reads every context file; the ones missing or unreadable fail the task together, before the model is asked. */
async function readContextFiles(files: readonly string[], context: AgentContext): Promise<PromptFile[]> {
  if (files.length === 0) return [];
  context.recorder.progress(`reading ${files.length} context file${files.length === 1 ? '' : 's'}`);
  const read: PromptFile[] = [];
  const problems: string[] = [];
  for (const [index, file] of files.entries()) {
    const where = `context_files[${index}]`;
    const allowed = context.paths.check(file);
    if (allowed === undefined) {
      problems.push(context.paths.describeRefusal(file, where));
      continue;
    }
    try {
      const content = await readPromptFile(allowed, CONTEXT_FILE_LIMIT_BYTES);
      context.recorder.file({ path: allowed, action: 'read', sha256: content.sha256, bytes: content.bytes });
      read.push(content);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') context.recorder.file({ path: allowed, action: 'not_found' });
      problems.push(code === 'ENOENT' ? `${where} "${file}" was not found (${allowed})` : `${where} "${file}" could not be read: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new AgentError('coder', `context files are missing or unreadable: ${problems.join('; ')}`);
  return read;
}

interface Generation {
  readonly input: CoderInput;
  readonly language: string;
  readonly outputPath: string;
  readonly context: AgentContext;
}

/** Asks for the file and checks it; at strict, sends failed checks back for up to two more replies. */
async function generateChecked(model: ModelClient, first: readonly ModelMessage[], candidate: CandidateFile, generation: Generation): Promise<CoderValidation> {
  const { input, language, outputPath, context } = generation;
  const { recorder } = context;
  let messages = first;
  for (let round = 0; ; round++) {
    recorder.progress(`${round === 0 ? '' : `repair round ${round} of ${MAX_REPAIR_ROUNDS}: `}asking ${model.provider}:${model.model} for ${language} code`);
    const reply = await model.generateText({ messages, signal: context.signal });
    if (reply.finishReason === 'length') recorder.progress('the reply was cut off at the output token limit');
    const code = extractCode(reply.text, language);
    if (code !== undefined) await candidate.write(code.text);
    recorder.progress(`validating (${input.validation_level})`);
    const checks = await validateCode(code, {
      level: input.validation_level,
      language,
      outputPath,
      candidatePath: code === undefined ? undefined : candidate.path,
      checkCommand: input.check_command,
      taskId: context.taskId,
      cwd: context.workspace,
      env: context.env,
      signal: context.signal,
      stopNow: context.stopNow,
      progress: (message) => recorder.progress(message),
    });
    const failed = checks.filter((check) => !check.passed && check.skipped !== true);
    const validation: CoderValidation = { level: input.validation_level, passed: failed.length === 0, checks, repair_rounds: round };
    if (validation.passed || input.validation_level !== 'strict' || round === MAX_REPAIR_ROUNDS) return validation;
    recorder.progress(`${failed.map((check) => check.name).join(', ')} failed; sending the diagnostics back`);
    messages = repairMessages(messages, reply.text, failed);
  }
}

function validationFailure(outputPath: string, language: string, validation: CoderValidation): AgentError {
  const summary = `did not write ${outputPath}: ${describeValidation(validation)}`;
  const output: CoderFailedOutput = { output_path: outputPath, language, written: false, validation, summary };
  const first = validation.checks.find((check) => !check.passed && check.skipped !== true);
  const detail = first === undefined ? '' : `; ${first.name}: ${firstLine(first.diagnostics)}`;
  return new AgentError('coder', `${summary}${detail}`, { output });
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length <= 200 ? line : `${line.slice(0, 199)}…`;
}

function sha256Of(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
