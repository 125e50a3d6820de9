import { describe, expect, it } from 'vitest';
import { TOO_DEEP } from './copy-json-value.js';
import { couldBeSecret, looksLikeSecretName, Redactor } from './redactor.js';

function nested(depth: number): unknown {
  let value: unknown = 'sk-live-bottom-secret';
  for (let level = 0; level < depth; level++) value = { next: value };
  return value;
}

describe('Redactor', () => {
  it('leaves values too short or too common to be secrets alone', () => {
    for (const value of ['success', 'true', 'production', 'error', '12345678', '3.14159265', '": "', '-------------']) expect(couldBeSecret(value), value).toBe(false);
    for (const value of ['sk-test-123456789', '": "success', 'correcthorsebatterystaple', 'hunter22']) expect(couldBeSecret(value), value).toBe(true);
    const redactor = Redactor.fromEnvironment({ PRIVATE_MODE: 'success', AUTH_ENABLED: 'true', GIT_AUTHOR_NAME: 'Jane Q. Public' });
    expect(redactor.active).toBe(false);
    const trace = { status: 'success', output: { success: true, author: 'Jane Q. Public' } };
    expect(redactor.redactValue(trace)).toBe(trace);
    expect(looksLikeSecretName('GITHUB_TOKEN')).toBe(true);
    expect(looksLikeSecretName('GIT_AUTHOR_NAME')).toBe(false);
  });

  it('replaces secrets in string values only: keys and the JSON around them stay intact', () => {
    const redactor = new Redactor(['": "success', 'sk-test-123456789']);
    const value = { status: 'success', 'sk-test-123456789': 1, output: { stdout: 'key=sk-test-123456789 {"state": "success"}', list: ['a": "success'] } };
    const redacted = redactor.redactValue(value);
    expect(redacted).toEqual({ status: 'success', 'sk-test-123456789': 1, output: { stdout: 'key=*** {"state***"}', list: ['a***'] } });
    expect(value.output.stdout).toBe('key=sk-test-123456789 {"state": "success"}'); // a copy, not an edit
    expect(JSON.parse(JSON.stringify(redacted))).toEqual(redacted);
  });

  it('matches a secret printed inside a task’s own JSON, escaped', () => {
    const redactor = new Redactor(['pass"word-42']);
    expect(redactor.redact('{"password": "pass\\"word-42"}')).toBe('{"password": "***"}');
  });

  it('walks values nested far deeper than the stack allows, capping them with a marker', () => {
    const redactor = new Redactor(['sk-live-bottom-secret']);
    const deep = nested(20_000);
    const redacted = redactor.redactValue(deep);
    const text = JSON.stringify(redacted);
    expect(text).toContain(JSON.stringify(TOO_DEEP));
    expect(text).not.toContain('sk-live-bottom-secret');
    expect(JSON.stringify(redactor.redactValue(nested(3)))).toBe('{"next":{"next":{"next":"***"}}}');
  });

  it('keeps __proto__ keys as keys and follows JSON.stringify for dates and undefined', () => {
    const redactor = new Redactor(['sk-test-123456789']);
    const value = JSON.parse('{"__proto__": {"polluted": "sk-test-123456789"}, "list": [1]}') as Record<string, unknown>;
    value.when = new Date(0);
    value.gone = undefined;
    (value.list as unknown[]).push(undefined);
    const redacted = redactor.redactValue(value);
    expect(JSON.stringify(redacted)).toBe('{"__proto__":{"polluted":"***"},"list":[1,null],"when":"1970-01-01T00:00:00.000Z"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
