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
      tasks: 'ci/review.yaml',
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
    });
  });

  it('comments always on pull-request events unless told otherwise', () => {
    expect(readInputs(reader({ tasks: 'd.json' }), 'pull_request').comment).toBe('always');
    expect(readInputs(reader({ tasks: 'd.json' }), 'pull_request_target').comment).toBe('always');
    expect(readInputs(reader({ tasks: 'd.json', comment: 'on-failure' }), 'pull_request').comment).toBe('on-failure');
    expect(readInputs(reader({ tasks: 'd.json', comment: 'always' }), 'schedule').comment).toBe('always');
    expect(readInputs(reader({ tasks: 'd.json' }), 'schedule').comment).toBe('off');
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
      'tasks: required: the path of the dispatch file (JSON or YAML), relative to the repository root',
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
