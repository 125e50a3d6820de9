import { describe, expect, it } from 'vitest';
import { InputError, readInputs } from './inputs.js';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('readInputs', () => {
  it('types every input and applies the defaults', () => {
    const inputs = readInputs(
      reader({ tasks: 'ci/review.yaml', 'max-workers': '4', 'timeout-seconds': '90.5', 'trace-dir': 'out/traces', 'retention-days': '7', 'upload-artifact': 'False', 'allow-shell': 'TRUE', 'model-base-url': 'http://localhost:11434/v1' }),
      'push',
    );
    expect(inputs).toEqual({
      source: { kind: 'file', tasks: 'ci/review.yaml' },
      maxWorkers: 4,
      timeoutSeconds: 90.5,
      traceDir: 'out/traces',
      model: undefined,
      modelBaseUrl: 'http://localhost:11434/v1',
      modelApiKey: undefined,
      githubToken: undefined,
      artifactName: 'dispatch-traces',
      retentionDays: 7,
      uploadArtifact: false,
      comment: 'off',
      failOnError: true,
      allowShell: true,
      cache: true,
      mcpConfig: undefined,
    });
    expect(readInputs(reader({ tasks: 'd.json', cache: 'false' }), 'push').cache).toBe(false);
  });

  it('comments always on pull-request events unless told otherwise', () => {
    expect(readInputs(reader({ tasks: 'd.json' }), 'pull_request').comment).toBe('always');
    expect(readInputs(reader({ tasks: 'd.json' }), 'pull_request_target').comment).toBe('always');
    expect(readInputs(reader({ tasks: 'd.json', comment: 'on-failure' }), 'pull_request').comment).toBe('on-failure');
    expect(readInputs(reader({ tasks: 'd.json', comment: 'always' }), 'schedule').comment).toBe('always');
    expect(readInputs(reader({ tasks: 'd.json' }), 'schedule').comment).toBe('off');
    // A comment asked for the run: the answer goes to its issue or pull request.
    expect(readInputs(reader({ request: 'why is the build slow?' }), 'issue_comment').comment).toBe('always');
  });

  it('takes a request instead of a dispatch file, with at most 20 planned tasks unless max-tasks says otherwise', () => {
    expect(readInputs(reader({ request: 'Write tests for src/math.js' }), 'push').source).toEqual({ kind: 'request', request: 'Write tests for src/math.js', maxTasks: 20 });
    expect(readInputs(reader({ request: 'Write tests', 'max-tasks': '5' }), 'push').source).toEqual({ kind: 'request', request: 'Write tests', maxTasks: 5 });
  });

  it('wants exactly one of tasks and request, and max-tasks only with request, saying so with the other wrong inputs', () => {
    const problems = (values: Record<string, string>) => {
      try {
        readInputs(reader(values), 'push');
      } catch (error) {
        if (InputError.isInstance(error)) return error.problems;
        throw error;
      }
      return [];
    };
    expect(problems({ tasks: 'd.json', request: 'do it', 'max-workers': 'many' })).toEqual([
      'tasks, request: give one of them, not both (tasks names a dispatch file to run; request asks the model to plan one from plain words)',
      'max-workers: expected a whole number from 1 to 1024, got "many"',
    ]);
    expect(problems({})[0]).toMatch(/^tasks, request: one of them is required: tasks, the path of the dispatch file .*, or request, what to do in plain words/);
    expect(problems({ tasks: 'd.json', 'max-tasks': '5' })).toEqual(['max-tasks: only limits a plan made from request; a dispatch file given as tasks runs as written']);
    expect(problems({ request: 'do it', 'max-tasks': '0' })).toEqual(['max-tasks: expected a whole number from 1 to 1024, got "0"']);
  });

  it('reports every wrong input at once, naming it and the value', () => {
    let error: unknown;
    try {
      readInputs(reader({ 'max-workers': '0', 'timeout-seconds': '-1', 'retention-days': '1.5', 'fail-on-error': 'yes', comment: 'never', 'artifact-name': 'a/b:c', 'model-base-url': 'localhost' }), 'push');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toEqual([
      'tasks, request: one of them is required: tasks, the path of the dispatch file (JSON or YAML) relative to the repository root, or request, what to do in plain words (the model plans the tasks)',
      'max-workers: expected a whole number from 1 to 1024, got "0"',
      'timeout-seconds: expected a number of seconds above 0, got "-1"',
      'model-base-url: expected an http(s) URL, got "localhost"',
      'artifact-name: "a/b:c" holds characters an artifact name cannot have: "/" ":"',
      'retention-days: expected a whole number from 1 to 400, got "1.5"',
      'comment: expected off, always or on-failure, got "never"',
      'fail-on-error: expected true or false, got "yes"',
    ]);
  });
});
