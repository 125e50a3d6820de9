import * as core from '@actions/core';
import type { AnnotationProperties } from '@actions/core';
import { Redactor } from '@parallel-dispatcher/core';
import { ANNOTATIONS_PER_TYPE } from './annotations.js';

/**
 * Everything the step says: log lines, annotations, outputs, the failure.
 * Secrets are replaced in all of it (the runner masks its log, but not
 * summaries, comments or outputs), and annotations are counted against
 * GitHub's 10-per-type limit so the important ones are not the ones dropped.
 */
export class StepLog {
  private warnings = 0;
  private errors = 0;
  private readonly known: string[] = [];
  private redactor = new Redactor([]);

  /** Registers values to mask in the job log and to keep out of everything the step writes. */
  addSecrets(secrets: readonly (string | undefined)[]): void {
    const values = secrets.filter((secret): secret is string => secret !== undefined && secret !== '');
    for (const value of values) core.setSecret(value);
    this.known.push(...values);
    this.redactor = new Redactor(this.known);
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  info(message: string): void {
    core.info(this.redact(message));
  }

  warning(message: string, properties?: AnnotationProperties): void {
    this.warnings++;
    core.warning(this.redact(message), this.properties(properties));
  }

  error(message: string, properties?: AnnotationProperties): void {
    this.errors++;
    core.error(this.redact(message), this.properties(properties));
  }

  /** Fails the step; its message is an error annotation too. */
  fail(message: string): void {
    this.errors++;
    core.setFailed(this.redact(message));
  }

  get warningsLeft(): number {
    return Math.max(0, ANNOTATIONS_PER_TYPE - this.warnings);
  }

  get errorsLeft(): number {
    return Math.max(0, ANNOTATIONS_PER_TYPE - this.errors);
  }

  setOutput(name: string, value: string | number): void {
    core.setOutput(name, this.redact(String(value)));
  }

  private properties(properties: AnnotationProperties | undefined): AnnotationProperties | undefined {
    return properties?.title === undefined ? properties : { ...properties, title: this.redact(properties.title) };
  }
}
