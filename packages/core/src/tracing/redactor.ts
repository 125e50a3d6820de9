const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|AUTH)/i;
const MIN_SECRET_LENGTH = 6;
export const REDACTED = '***';

/** True for variable names that by convention hold secrets (`OPENAI_API_KEY`, `GITHUB_TOKEN`, …). */
export function looksLikeSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Replaces known secret values wherever they appear in text bound for a trace
 * or a log. Works on serialised JSON too: each secret is also matched in its
 * JSON-escaped form.
 */
export class Redactor {
  private readonly pattern: RegExp | undefined;

  constructor(secrets: Iterable<string>) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      forms.add(secret);
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

  redact(text: string): string {
    return this.pattern === undefined ? text : text.replace(this.pattern, REDACTED);
  }

  /** A copy of a JSON-serialisable value with secrets replaced (the value itself when there are none). */
  redactValue<T>(value: T): T {
    return this.pattern === undefined ? value : (JSON.parse(this.redact(JSON.stringify(value))) as T);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
