/**
 * Pending device-code sign-ins. A code is approved out of band (admin API,
 * `breakglass practice approve <code>`, or the auto-approve delay), exactly
 * as a person would approve it at the verification page.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export interface DeviceCodeEntry {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scopes: string[];
  createdAt: number;
  expiresAt: number;
  approved: boolean;
  /** Who approved it (UPN); undefined = the scenario's operator. */
  approvedAs?: string;
  /** They approved with a password alone (no second factor): the token carries amr ["pwd"] only. */
  passwordOnly?: boolean;
  redeemed: boolean;
}

// Entra user codes are 9 characters from an unambiguous alphabet.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function userCode(): string {
  const b = randomBytes(9);
  return Array.from(b, (x) => ALPHABET[x % ALPHABET.length]).join('');
}

export class DeviceCodeStore {
  private readonly byDevice = new Map<string, DeviceCodeEntry>();
  private readonly byUser = new Map<string, DeviceCodeEntry>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly lifetimeSeconds: number,
    private readonly autoApproveAfterMs: number | null,
  ) {}

  create(clientId: string, scopes: string[]): DeviceCodeEntry {
    const now = Date.now();
    const e: DeviceCodeEntry = {
      deviceCode: `DAQABIQEAAAD${randomUUID().replace(/-/g, '')}${randomBytes(24).toString('base64url')}`,
      userCode: userCode(),
      clientId,
      scopes,
      createdAt: now,
      expiresAt: now + this.lifetimeSeconds * 1000,
      approved: false,
      redeemed: false,
    };
    this.byDevice.set(e.deviceCode, e);
    this.byUser.set(e.userCode, e);
    // 0 ms: approved as issued. A timer of 0 fires on a later turn of the event loop, and the client's
    // first poll can be answered before it: "authorization_pending", then a whole polling interval lost.
    if (this.autoApproveAfterMs === 0) e.approved = true;
    else if (this.autoApproveAfterMs !== null && this.autoApproveAfterMs > 0) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        // Never overrides an explicit approval (which may name who signed in).
        if (!e.approved) this.approve(e.userCode);
      }, this.autoApproveAfterMs);
      t.unref();
      this.timers.add(t);
    }
    return e;
  }

  /**
   * Approves a pending, unexpired code (case-insensitive, dashes/spaces ignored),
   * as `as.upn` — the person who signed in at the verification page — or, without
   * it, as the scenario's operator; `as.passwordOnly` when they gave a password and no second
   * factor. Whether that user may sign in is decided when
   * the code is redeemed, as Entra does.
   */
  approve(code: string, as?: { upn?: string; passwordOnly?: boolean }): boolean {
    const e = this.byUser.get(code.replace(/[\s-]/g, '').toUpperCase());
    if (!e || e.redeemed || Date.now() > e.expiresAt) return false;
    e.approved = true;
    if (as?.upn) e.approvedAs = as.upn;
    else delete e.approvedAs;
    if (as?.passwordOnly) e.passwordOnly = true;
    else delete e.passwordOnly;
    return true;
  }

  get(deviceCode: string): DeviceCodeEntry | undefined {
    return this.byDevice.get(deviceCode);
  }

  pending(): DeviceCodeEntry[] {
    const now = Date.now();
    return [...this.byDevice.values()].filter((e) => !e.approved && !e.redeemed && now <= e.expiresAt);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
