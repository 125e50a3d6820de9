import fc from 'fast-check';

/** A dispatch file as bytes, with the name it is saved under (the extension picks the parser). */
export interface MalformedDispatch {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const oddNumber = fc.oneof(
  fc.constantFrom(0, -1, 1e9, 1e308, -0, 2 ** 53 + 1, 0.5),
  fc.double(),
  fc.integer(),
);
const oddString = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('', ' ', 'a\u0000b', 'x'.repeat(10_000), '../..', '/proc/nope', '{{file}}', 'é'.repeat(300)));
const oddValue: fc.Arbitrary<unknown> = fc.oneof(oddNumber, oddString, fc.boolean(), fc.constant(null), fc.array(oddString, { maxLength: 3 }), fc.dictionary(oddString, oddString, { maxKeys: 3 }));

/** A task with some fields right, some wrong, some missing, some unknown. */
const task = fc.record(
  {
    task_id: fc.oneof(fc.constantFrom('a', 'b', 'build', 'a'.repeat(250), 'ünï', 'bad id!'), oddValue),
    agent: fc.oneof(fc.constantFrom('shell', 'debug', 'coder', 'shel', ''), oddValue),
    input_data: fc.oneof(
      fc.record({ command: fc.oneof(fc.constant('true'), oddValue), cwd: fc.oneof(fc.constantFrom('.', 'missing', 'a\u0000b', 'x'.repeat(10_000)), oddValue) }, { requiredKeys: [] }),
      oddValue,
    ),
    dependencies: fc.oneof(fc.array(fc.constantFrom('a', 'b', 'build', 'ghost'), { maxLength: 4 }), oddValue),
    depends_on: fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }),
    timeout_seconds: oddNumber,
    retries: oddNumber,
    for_each: fc.oneof(fc.constant({ files: 'changed' }), fc.record({ files: fc.array(fc.constantFrom('*.txt', '../*', '/etc/*', '**'), { minLength: 1, maxLength: 2 }) }), oddValue),
    dependancies: fc.constant([]),
  },
  { requiredKeys: [] },
);

const config = fc.record(
  {
    max_workers: oddNumber,
    timeout_seconds: oddNumber,
    trace_dir: fc.oneof(fc.constantFrom('./traces', '', '../outside', '..traces', 't\u0000', 'y'.repeat(10_000)), oddValue),
    retries: oddNumber,
    fail_fast: oddValue,
    allowed_paths: fc.oneof(fc.array(oddString, { maxLength: 2 }), oddValue),
  },
  { requiredKeys: [] },
);

const dispatchValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ tasks: fc.oneof(fc.array(task, { maxLength: 4 }), oddValue), config: fc.oneof(config, oddValue), workspace_path: fc.oneof(fc.constantFrom('.', 'missing', 'a\u0000', 'w'.repeat(10_000)), oddValue) }, { requiredKeys: ['tasks'] }) },
  { weight: 1, arbitrary: oddValue },
);

const encoder = new TextEncoder();
const deep = (depth: number) => `{ "tasks": [{ "task_id": "a", "agent": "shell", "input_data": { "command": "true", "env": ${'['.repeat(depth)}${']'.repeat(depth)} } }] }`;
const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((name, n) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[n]}`).join(', ')}]`), 'tasks: *h'].join('\n');

/** Texts of dispatch files that break the rules in every way we know of, most of them invalid. */
export const malformedDispatches: fc.Arbitrary<MalformedDispatch> = fc.oneof(
  { weight: 6, arbitrary: dispatchValue.map((value) => ({ name: 'fuzz.dispatch.json', bytes: encoder.encode(JSON.stringify(value) ?? 'undefined') })) },
  // YAML reads the same JSON text, and NaN / Infinity / aliases besides.
  { weight: 2, arbitrary: dispatchValue.map((value) => ({ name: 'fuzz.dispatch.yaml', bytes: encoder.encode(JSON.stringify(value) ?? '') })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      bomb,
      'tasks: *nope\n',
      'tasks: &x [*x]\n',
      'tasks:\n  - task_id: a\n    agent: shell\n    timeout_seconds: .nan\n    retries: .inf\n',
      'tasks:\n  - task_id: a\n    task_id: b\n',
      `tasks: ${'['.repeat(5000)}${']'.repeat(5000)}`,
      '__proto__:\n  tasks: []\ntasks: []\n',
      '# nothing\n',
      '- a\n- b\n',
      '42\n',
    ).map((text) => ({ name: 'fuzz.dispatch.yaml', bytes: encoder.encode(text) })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      deep(5000),
      deep(70),
      '{ "tasks": [1, 2,] }',
      '{ "tasks": [{ "task_id": "a", "task_id": "b" }] }',
      '{ "tasks": [], "__proto__": { "x": 1 } }',
      `{ "tasks": [${'[1, 2, 3], '.repeat(100_000)}`,
      '',
      '   ',
      'null',
      '"tasks"',
    ).map((text) => ({ name: 'fuzz.dispatch.json', bytes: encoder.encode(text) })),
  },
  // Invalid UTF-8 anywhere, and BOMs.
  {
    weight: 2,
    arbitrary: fc
      .tuple(dispatchValue, fc.nat(), fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf]))
      .map(([value, at, bytes]) => {
        const text = encoder.encode(JSON.stringify(value) ?? '');
        const cut = text.length === 0 ? 0 : at % text.length;
        return { name: 'fuzz.dispatch.json', bytes: new Uint8Array([...text.subarray(0, cut), ...bytes, ...text.subarray(cut)]) };
      }),
  },
);
