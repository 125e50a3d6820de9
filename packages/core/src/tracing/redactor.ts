import { copyJsonValue } from './copy-json-value.js';

// AUTH but not AUTHOR: GIT_AUTHOR_NAME holds a name, not a secret.
const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|AUTH(?!OR))/i;
export const REDACTED = '***';

/** True for variable names that by convention hold secrets (`OPENAI_API_KEY`, `GITHUB_TOKEN`, …). */
export function looksLikeSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Whether a value is worth hiding. Replacing short or ordinary values
 * (`PRIVATE_MODE=success`, `AUTH_ENABLED=true`) would blank out statuses and
 * words everywhere without protecting anything, so these are left alone:
 * values under 8 characters, words of letters only under 16, numbers, and
 * values without a letter or digit.
 */
export function couldBeSecret(value: string): boolean {
  if (value.length < 8) return false;
  if (value.length < 16 && /^[a-z]+$/i.test(value)) return false;
  if (/^[-+]?\d+(\.\d+)?$/.test(value)) return false;
  return /[a-z0-9]/i.test(value);
}

/**
 * Replaces known secret values in text and in string values, never in object
 * keys or in serialised JSON, so what it returns is always as valid as what it
 * was given.
 */
export class Redactor {
  private readonly pattern: RegExp | undefined;

  constructor(secrets: Iterable<string>) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (!couldBeSecret(secret)) continue;
      forms.add(secret);
      // As a task prints it inside JSON of its own (`"key": "a\"b"`).
      forms.add(JSON.stringify(secret).slice(1, -1));
    }
    const sorted = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = sorted.length === 0 ? undefined : new RegExp(sorted.join('|'), 'g');
  }

  /** Secrets from an environment: values of variables named like secrets. */
  static fromEnvironment(env: Readonly<Record<string, string | undefined>>, extra: Iterable<string> = []): Redactor {
    const values = Object.entries(env)
      .filter(([name, value]) => value !== undefined && looksLikeSecretName(name))
      .map(([, value]) => value!);
    return new Redactor([...values, ...extra]);
  }

  /** False when there is nothing to hide: callers may then skip walking values. */
  get active(): boolean {
    return this.pattern !== undefined;
  }

  redact(text: string): string {
    return this.pattern === undefined ? text : text.replace(this.pattern, REDACTED);
  }

  /**
   * A JSON-ready copy of a value with secrets replaced in its strings and
   * nesting capped (see copyJsonValue); the value itself when there are no secrets.
   */
  redactValue<T>(value: T): T {
    return this.pattern === undefined ? value : (copyJsonValue(value, (text) => this.redact(text)) as T);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
