/**
 * Deterministic ids for the practice tenant. A seeded PRNG makes a scenario
 * load to the same GUIDs every time (tests and docs can rely on them) while
 * still looking like Entra's random object ids.
 */
import { createHash } from 'node:crypto';

export class IdSource {
  private state: number;
  constructor(seed = 1) {
    this.state = seed >>> 0 || 1;
  }
  /** Where the sequence stands, so a saved practice tenant goes on with the same ids (see persist.ts). */
  get position(): number {
    return this.state;
  }
  /** Continue from a saved position. */
  moveTo(position: number): void {
    this.state = position >>> 0;
  }
  /** mulberry32: tiny, fast, good enough for ids (NOT for secrets). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
  /** 32-bit unsigned integer (one PRNG step). */
  u32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
  guid(): string {
    // 4 PRNG steps per GUID: generating 50k users must stay fast.
    const h =
      this.u32().toString(16).padStart(8, '0') +
      this.u32().toString(16).padStart(8, '0') +
      this.u32().toString(16).padStart(8, '0') +
      this.u32().toString(16).padStart(8, '0');
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/** A stable GUID derived from a name (for well-known objects named in scenarios). */
export function nameGuid(namespace: string, name: string): string {
  const h = createHash('sha256').update(`${namespace}\u0000${name}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function sha256Hex(s: string | Buffer): string {
  return createHash('sha256').update(s).digest('hex');
}
