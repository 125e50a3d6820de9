import type { ValidationIssue } from '../errors/validation-error.js';
import type { McpServerSpec } from '../schema/dispatch-schema.js';
import { couldBeSecret, looksLikeSecretName } from '../tracing/redactor.js';
import { jsonPath } from '../schema/json-path.js';
import { hasReference } from './expand-variables.js';

/** Headers that carry credentials whatever their value looks like. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie)$/i;

/** Values that are credentials whatever their name: a scheme and a token, or a well-known key prefix. */
const CREDENTIAL_VALUE = /^(?:(?:bearer|basic|token)\s+\S{8,}|(?:sk-|sk_|ghp_|gho_|ghs_|github_pat_|glpat-|xox[abpr]-|AKIA|AIza)[A-Za-z0-9_-]{8,})/i;

/**
 * A server's `env` or `headers` value that is a credential written out
 * (`"Authorization": "Bearer sk-…"`) rather than taken from a host variable
 * (`"Bearer ${DOCS_TOKEN}"`): such a file would leak it to everyone who reads it.
 */
export function literalSecretIssues(servers: Readonly<Record<string, McpServerSpec>>, prefix: readonly string[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [name, server] of Object.entries(servers)) {
    const values = 'command' in server ? { env: server.env } : { headers: server.headers };
    for (const [field, entries] of Object.entries(values)) {
      for (const [key, value] of Object.entries(entries ?? {})) {
        const named = looksLikeSecretName(key) || CREDENTIAL_HEADER.test(key);
        if (!hasReference(value) && ((named && couldBeSecret(value)) || CREDENTIAL_VALUE.test(value))) {
          issues.push({
            path: jsonPath([...prefix, name, field, key]),
            message: `a secret must not be written in the file; take it from a variable: "${field === 'headers' && /^authorization$/i.test(key) ? 'Bearer ${TOKEN_NAME}' : '${VARIABLE_NAME}'}"`,
          });
        }
      }
    }
  }
  return issues;
}
