// Cold start of the built command line (packages/cli/dist; build with `npm run build`):
// `pdispatch --version` and `pdispatch validate` of the CI example against `node -e 0`, the three
// run in turn, round after round, so that a machine slowing down or speeding up hits all three
// alike; the ratios are taken within each round, then their median is reported. Also counts the
// files and modules each one loads (bench/loaded-modules.mjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '..');
const cliDir = path.join(repo, 'packages', 'cli');
const cli = path.join(cliDir, 'bin', 'pdispatch.js');
const WARM_UP_ROUNDS = 3;
const ROUNDS = 25;

const commands = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'pdispatch --version', args: [cli, '--version'], goal: 2 },
  { label: 'pdispatch validate examples/ci-pipeline.dispatch.json', args: [cli, 'validate', 'examples/ci-pipeline.dispatch.json'], goal: 3 },
];

function timed(args) {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', timeout: 60_000 });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed (${child.status ?? child.signal}):\n${child.stderr}`);
  return ms;
}

/**
 * What the command loads besides Node's own modules: the files Node reads (bundle files, modules
 * outside the bundle, package.json) and the source modules inside them (esbuild's bundle-meta.json).
 */
function loadedModules(args) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdispatch-modules-'));
  const list = path.join(dir, 'modules.txt');
  try {
    const hook = path.join(here, 'loaded-modules.mjs');
    const child = spawnSync(process.execPath, ['--import', hook, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, LOADED_MODULES_FILE: list }, timeout: 60_000 });
    if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed (${child.status ?? child.signal}):\n${child.stderr}`);
    const files = new Set(fs.readFileSync(list, 'utf8').split('\n').filter((line) => line !== ''));
    files.delete(hook);
    const { outputs } = JSON.parse(fs.readFileSync(path.join(cliDir, 'dist', 'bundle-meta.json'), 'utf8'));
    const sources = [...files].reduce((sum, file) => sum + Object.keys(outputs[path.relative(cliDir, file).split(path.sep).join('/')]?.inputs ?? { [file]: true }).length, 0);
    return { files: files.size, sources };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function coldStart() {
  if (!fs.existsSync(path.join(cliDir, 'dist', 'bundle-meta.json'))) {
    console.log('\nCold start: packages/cli/dist is missing; run `npm run build` first.');
    return;
  }
  console.log(`\nCold start of the command line against \`node -e 0\`: the three in turn, ${ROUNDS} rounds after ${WARM_UP_ROUNDS} not counted; ratios within each round, median of the rounds`);
  const times = commands.map(() => []);
  for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
    const ms = commands.map((command) => timed(command.args));
    if (round >= WARM_UP_ROUNDS) ms.forEach((value, index) => times[index].push(value));
  }
  const width = Math.max(...commands.map((command) => command.label.length));
  commands.forEach((command, index) => {
    const { files, sources } = loadedModules(command.args);
    const head = `    ${command.label.padEnd(width)}  ${median(times[index]).toFixed(0).padStart(4)} ms  ${String(files).padStart(3)} files, ${String(sources).padStart(3)} modules`;
    if (command.goal === undefined) {
      console.log(head);
      return;
    }
    const ratio = median(times[index].map((ms, round) => ms / times[0][round]));
    console.log(`${head}  ${ratio.toFixed(2)}× node   goal ≤ ${command.goal}×   ${ratio <= command.goal ? 'PASS' : 'MISS'}`);
  });
}
