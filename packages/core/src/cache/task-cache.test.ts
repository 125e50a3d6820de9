import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import { canonicalJson } from './canonical-json.js';
import { cacheKey, cacheModel, type CacheKeyParts } from './cache-key.js';
import { CacheStore } from './cache-store.js';
import { fileSha256, sha256Of } from './content-hash.js';
import { parseSize } from './parse-size.js';
import { TaskCache, type TaskResult } from './task-cache.js';

let workspace: string;
let cache: TaskCache;

beforeEach(async () => {
  workspace = await tempWorkspace();
  cache = new TaskCache(new CacheStore(path.join(workspace, '.pdispatch/cache')), workspace);
});

const parts: CacheKeyParts = {
  agent: 'coder',
  agentVersion: 'coder@1',
  taskId: 'gen',
  description: '',
  input: { output_path: 'out.py', context_files: ['a.py'] },
  model: cacheModel('openai', 'gpt-x', 'https://api.example.com/v1'),
  dependencies: {},
  tools: null,
  declared: null,
};

async function writeFile(name: string, text: string): Promise<{ path: string; sha256: string }> {
  const file = path.join(workspace, name);
  await fs.writeFile(file, text);
  return { path: file, sha256: sha256Of(text) };
}

function result(files: TaskResult['files'], key = cacheKey(parts)): TaskResult {
  return { key, agent: 'coder', output: { ok: true }, files, declared: null, inputTokens: 10, outputTokens: 5 };
}

describe('cache keys', () => {
  it('do not depend on the order keys were written in, and change with the input, the agent version and the model', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } })).toBe('{"a":{"d":[1,{"e":3,"f":2}]},"b":1}');
    // Strings and keys come out as JSON.stringify writes them, escapes included: keys stored before stay valid.
    const awkward = ['plain', 'quote " and \\ backslash', 'tab\tnew\nline\u0001', 'lone \ud800 surrogate', 'pair 😀', 'sep \u2028', 'é'];
    for (const text of awkward) expect(canonicalJson({ [text]: [text, undefined] })).toBe(JSON.stringify({ [text]: [text, null] }));
    // The key made before canonical JSON was rewritten for speed: what is stored stays a hit.
    expect(cacheKey(parts)).toBe('cd5e1edd0333d660799f07f7598879f7a4940beecfa26ea62ae678f26a354a82');
    const same = cacheKey({ ...parts, input: { context_files: ['a.py'], output_path: 'out.py' } });
    expect(same).toBe(cacheKey(parts));
    expect(cacheKey({ ...parts, input: { output_path: 'other.py', context_files: ['a.py'] } })).not.toBe(cacheKey(parts));
    expect(cacheKey({ ...parts, agentVersion: 'coder@2' })).not.toBe(cacheKey(parts));
    expect(cacheKey({ ...parts, model: cacheModel('openai', 'gpt-y', 'https://api.example.com/v1') })).not.toBe(cacheKey(parts));
    expect(cacheKey({ ...parts, dependencies: { up: { text: 'x' } } })).not.toBe(cacheKey(parts));
  });

  it("keep a model's host and nothing else of its base URL", () => {
    expect(cacheModel('openai-compatible', 'm', 'http://user:secret@127.0.0.1:8080/v1?key=k')).toEqual({ provider: 'openai-compatible', model: 'm', host: '127.0.0.1:8080' });
    expect(cacheModel('anthropic', 'm', undefined).host).toBeNull();
  });
});

describe('TaskCache', () => {
  it('hits while every file read is unchanged and misses once one changes', async () => {
    const read = await writeFile('a.py', 'print(1)\n');
    expect(await cache.save(result([{ path: read.path, action: 'read', sha256: read.sha256 }, { path: path.join(workspace, 'gone.py'), action: 'not_found' }]))).toBeUndefined();
    expect((await cache.lookup(cacheKey(parts)))?.entry.output).toEqual({ ok: true });
    await writeFile('gone.py', 'now here');
    expect(await cache.lookup(cacheKey(parts))).toBeUndefined();
    await fs.rm(path.join(workspace, 'gone.py'));
    await writeFile('a.py', 'print(2)\n');
    expect(await cache.lookup(cacheKey(parts))).toBeUndefined();
  });

  it('writes back the files the task wrote, and hits when they are still as it left them', async () => {
    const out = await writeFile('out.py', 'class Node: pass\n');
    await cache.save(result([{ path: out.path, action: 'written', sha256: out.sha256 }]));
    expect((await cache.lookup(cacheKey(parts)))?.restored).toEqual([]);
    await fs.rm(out.path);
    expect((await cache.lookup(cacheKey(parts)))?.restored.map((write) => write.path)).toEqual([out.path]);
    expect(await fs.readFile(out.path, 'utf8')).toBe('class Node: pass\n');
    // Edited by hand since: neither what the task found nor what it wrote.
    await writeFile('out.py', 'edited');
    expect(await cache.lookup(cacheKey(parts))).toBeUndefined();
  });

  it('does not store a result when a file it read changed while it ran', async () => {
    const read = await writeFile('a.py', 'before');
    await writeFile('a.py', 'after');
    expect(await cache.save(result([{ path: read.path, action: 'read', sha256: read.sha256 }]))).toBe('a file it read changed while the task ran');
    expect(await cache.lookup(cacheKey(parts))).toBeUndefined();
  });

  it('treats a corrupt entry or a missing blob as a miss', async () => {
    const out = await writeFile('out.py', 'x = 1\n');
    await cache.save(result([{ path: out.path, action: 'written', sha256: out.sha256 }]));
    const dir = path.join(workspace, '.pdispatch/cache');
    await fs.rm(out.path);
    await fs.writeFile(path.join(dir, 'blobs', out.sha256), 'not the content');
    expect(await cache.lookup(cacheKey(parts))).toBeUndefined();
    await fs.writeFile(path.join(dir, 'entries', `${cacheKey(parts)}.json`), '[]');
    expect(await cache.lookup(cacheKey(parts))).toBeUndefined();
  });

  it('prunes the least recently used entries first, and the blobs only they named', async () => {
    const store = cache.store;
    const keys = ['a', 'b', 'c'].map((name) => cacheKey({ ...parts, taskId: name }));
    for (const [index, key] of keys.entries()) {
      const out = await writeFile(`out-${index}.py`, `x = ${index}\n`.repeat(100));
      await cache.save(result([{ path: out.path, action: 'written', sha256: out.sha256 }], key));
      const old = new Date(Date.now() - (10 - index) * 60_000);
      await fs.utimes(path.join(store.dir, 'entries', `${key}.json`), old, old);
      await fs.utimes(path.join(store.dir, 'blobs', out.sha256), old, old);
    }
    // Reading touches: the oldest entry becomes the newest.
    expect(await store.read(keys[0]!)).toBeDefined();
    const info = await store.info();
    expect(info).toMatchObject({ entries: 3, blobs: 3 });
    const pruned = await store.prune(info.bytes - 1);
    expect(pruned.removedEntries).toBe(1);
    expect(pruned.removedBlobs).toBe(1);
    expect(await store.read(keys[1]!)).toBeUndefined();
    expect(await store.read(keys[0]!)).toBeDefined();
    expect(pruned.bytesAfter).toBeLessThanOrEqual(info.bytes - 1);
  });
});

describe('parseSize', () => {
  it('reads bytes, decimal and binary units, and refuses the rest', () => {
    expect(parseSize('2048')).toBe(2048);
    expect(parseSize('500MB')).toBe(500_000_000);
    expect(parseSize('1GiB')).toBe(1024 ** 3);
    expect(parseSize('1.5 kib')).toBe(1536);
    expect(parseSize('lots')).toBeUndefined();
    expect(parseSize('3 parsecs')).toBeUndefined();
  });
});

describe('file hashes', () => {
  it('are the hash of the content for small and large files alike, and null for no file or a folder', async () => {
    const small = await writeFile('small.txt', 'x'.repeat(100));
    const large = await writeFile('large.txt', 'y'.repeat(200 * 1024));
    expect(await fileSha256(small.path)).toBe(small.sha256);
    expect(await fileSha256(large.path)).toBe(large.sha256);
    expect(await fileSha256(path.join(workspace, 'missing.txt'))).toBeNull();
    expect(await fileSha256(workspace)).toBeNull();
  });
});

describe('stats of files read', () => {
  it('skip hashing a file changed long ago while its size, time and inode hold, and hash it once they do not', async () => {
    const read = await writeFile('old.py', 'print(1)\n');
    const long = new Date(Date.now() - 60_000);
    await fs.utimes(read.path, long, long);
    await cache.save(result([{ path: read.path, action: 'read', sha256: read.sha256 }]));
    const entry = JSON.parse(await fs.readFile(path.join(workspace, '.pdispatch/cache/entries', `${cacheKey(parts)}.json`), 'utf8'));
    expect(entry.reads[0].stat.size).toBe(9);
    expect(Math.round(entry.reads[0].stat.mtime_ms)).toBe(long.getTime());
    expect(await cache.lookup(cacheKey(parts))).toBeDefined();
    // Same size, same time put back: only the inode tells, as a file replaced by another.
    const replacement = path.join(workspace, 'new.py');
    await fs.writeFile(replacement, 'print(2)\n');
    await fs.utimes(replacement, long, long);
    await fs.rename(replacement, read.path);
    expect(await cache.lookup(cacheKey(parts))).toBeUndefined();
  });

  it('are not recorded for a file changed just now', async () => {
    const read = await writeFile('fresh.py', 'print(1)\n');
    await cache.save(result([{ path: read.path, action: 'read', sha256: read.sha256 }]));
    const entry = JSON.parse(await fs.readFile(path.join(workspace, '.pdispatch/cache/entries', `${cacheKey(parts)}.json`), 'utf8'));
    expect(entry.reads[0].stat).toBeUndefined();
  });
});

describe("a task's cache in the dispatch file", () => {
  it('takes false or globs inside the workspace, and names what is wrong otherwise', async () => {
    const { taskSpecSchema } = await import('../schema/dispatch-schema.js');
    const task = (cache: unknown) => taskSpecSchema.safeParse({ task_id: 't', agent: 'shell', input_data: { command: 'true' }, cache });
    expect(task(false).success).toBe(true);
    expect(task({ inputs: ['src/**/*.ts'], outputs: ['dist/**'] }).success).toBe(true);
    for (const bad of [{ inputs: [] }, { inputs: ['/etc/*'] }, { inputs: ['../other/**'] }, { inputs: ['src/**'], output: ['dist/**'] }, true]) {
      expect(task(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(task({ inputs: ['src/../../x'] }).error?.issues[0]?.message).toContain('inside it');
  });
});
