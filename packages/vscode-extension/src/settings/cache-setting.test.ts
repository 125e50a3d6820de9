import fs from 'node:fs';
import path from 'node:path';
import { parseSize } from '@parallel-dispatcher/core';
import { describe, expect, it } from 'vitest';
import { cacheChoice } from './cache-setting.js';

const manifest = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

describe('the result cache settings', () => {
  it("keep results in the workspace's .pdispatch/cache, capped by the size given", () => {
    expect(cacheChoice({ enabled: true, maxSize: undefined }, '/w')).toEqual({ ok: true, cache: { dir: path.join('/w', '.pdispatch', 'cache') } });
    expect(cacheChoice({ enabled: true, maxSize: '1GiB' }, '/w')).toEqual({ ok: true, cache: { dir: path.join('/w', '.pdispatch', 'cache'), maxBytes: 1024 ** 3 } });
    expect(cacheChoice({ enabled: true, maxSize: '500MB' }, '/w')).toMatchObject({ ok: true, cache: { maxBytes: 500_000_000 } });
  });

  it('turn the cache off, whatever the size says', () => {
    expect(cacheChoice({ enabled: false, maxSize: 'lots' }, '/w')).toEqual({ ok: true, cache: undefined });
  });

  it('name the setting and the value when the size is not one', () => {
    for (const bad of ['lots', '1 GiBs', '-5MB', '0']) {
      expect(cacheChoice({ enabled: true, maxSize: bad }, '/w')).toEqual({ ok: false, problem: `Setting parallelDispatcher.cache.maxSize: expected a size such as 500MB or 1GiB, got "${bad}".` });
    }
  });

  it("are checked in the settings editor by a pattern that accepts what core's parseSize does", () => {
    const pattern = new RegExp(manifest.contributes.configuration.properties['parallelDispatcher.cache.maxSize'].pattern);
    for (const size of ['1GiB', '500MB', '2048', '1.5 gb', '10kib', 'lots', '1 GiBs', '5TB', '-5MB']) {
      expect(pattern.test(size), size).toBe(parseSize(size) !== undefined);
    }
  });
});
