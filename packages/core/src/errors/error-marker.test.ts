import { describe, expect, it } from 'vitest';
import { ModelError } from '../models/model-error.js';
import { TraceReadError } from '../tracing/trace-reader.js';
import { DispatchError } from './dispatch-error.js';
import { errorMarker } from './error-marker.js';
import { AgentError, TaskCancelledError, TaskTimeoutError } from './task-errors.js';
import { DispatchValidationError } from './validation-error.js';

describe('isInstance', () => {
  const errors = {
    agent: new AgentError('shell', 'exit 1'),
    timeout: new TaskTimeoutError(1000),
    cancelled: new TaskCancelledError('stopped'),
    validation: new DispatchValidationError([{ path: 'tasks', message: 'empty' }]),
    model: new ModelError({ provider: 'openai', model: 'gpt', message: 'rate limited' }),
  };

  it('recognises each class, and only it, among its siblings; every one is a DispatchError', () => {
    const classes = { agent: AgentError, timeout: TaskTimeoutError, cancelled: TaskCancelledError, validation: DispatchValidationError, model: ModelError };
    for (const [name, type] of Object.entries(classes)) {
      for (const [other, error] of Object.entries(errors)) expect(type.isInstance(error), `${name}.isInstance(${other})`).toBe(name === other);
    }
    for (const error of Object.values(errors)) expect(DispatchError.isInstance(error)).toBe(true);
    expect(DispatchError.isInstance(new TraceReadError('index.json', 'not JSON'))).toBe(false);
    expect(TraceReadError.isInstance(new TraceReadError('index.json', 'not JSON'))).toBe(true);
  });

  it('recognises an error thrown by another copy of core (a bundle), which instanceof does not', () => {
    // What another bundle's AgentError looks like from here: a different class carrying the same registered symbols.
    const foreign = Object.assign(new Error('exit 1'), { [errorMarker('DispatchError')]: true, [errorMarker('AgentError')]: true, kind: 'agent' });
    expect(foreign instanceof AgentError).toBe(false);
    expect(AgentError.isInstance(foreign)).toBe(true);
    expect(DispatchError.isInstance(foreign)).toBe(true);
    expect(TaskTimeoutError.isInstance(foreign)).toBe(false);
  });

  it('is false for plain errors and non-objects', () => {
    for (const value of [new Error('x'), 'AgentError', null, undefined, 42, { name: 'AgentError' }]) expect(AgentError.isInstance(value)).toBe(false);
  });
});
