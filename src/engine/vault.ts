/**
 * The run's secret vault: a Map in this process's memory and nothing else.
 * Nothing here is ever serialized; a crash loses it by design (resume voids
 * what was lost and re-runs the step that made it).
 */
import type { SecretVault } from '../core/action.js';
import { fingerprint } from '../steps/fingerprint.js';

export class MemoryVault implements SecretVault {
  private readonly values = new Map<string, string>();

  put(name: string, value: string): string {
    this.values.set(name, value);
    return fingerprint('secret', value);
  }
  get(name: string): string | undefined {
    return this.values.get(name);
  }
  has(name: string): boolean {
    return this.values.has(name);
  }
  /** Drop everything (end of run). Strings cannot be zeroed in JS; dropping references is what we can do. */
  clear(): void {
    this.values.clear();
  }
  /** Never let a vault end up in a log or a JSON dump by accident. */
  toJSON(): string {
    return `[vault: ${this.values.size} secret(s), not serializable]`;
  }
}
