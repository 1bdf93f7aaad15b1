/**
 * What a screen shows for a device-code sign-in: the code, the URL, a QR code
 * of the URL (qrcode-terminal, loaded on demand) and the time left. Pure
 * text, so the Ink screen and the plain front end render the same thing.
 */
import type { DeviceCodeInfo } from '../core/tenant.js';

export interface DeviceCodeView {
  /** e.g. "Open https://microsoft.com/devicelogin and enter ABCD-1234". */
  instruction: string;
  userCode: string;
  verificationUri: string;
  /** Multi-line QR code of the verification URL (block characters), or '' if unavailable. */
  qr: string;
  secondsLeft: number;
  /** "14:32 left", or "expired — start again". */
  countdown: string;
}

export function countdownText(expiresAt: Date, now: Date = new Date()): { secondsLeft: number; text: string } {
  const s = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  if (s === 0) return { secondsLeft: 0, text: 'expired — start the sign-in again' };
  return { secondsLeft: s, text: `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} left` };
}

export async function deviceCodeView(info: DeviceCodeInfo, now: Date = new Date()): Promise<DeviceCodeView> {
  let qr: string;
  try {
    const mod = (await import('qrcode-terminal')) as unknown as { default?: QrLib; generate?: QrLib['generate'] };
    const lib = (mod.generate ? mod : mod.default) as QrLib;
    qr = await new Promise<string>((resolve) => lib.generate(info.verificationUri, { small: true }, resolve));
  } catch {
    qr = ''; // a missing QR code must never block a sign-in
  }
  const c = countdownText(info.expiresAt, now);
  return {
    instruction: `Open ${info.verificationUri} and enter the code ${info.userCode}`,
    userCode: info.userCode,
    verificationUri: info.verificationUri,
    qr,
    secondsLeft: c.secondsLeft,
    countdown: c.text,
  };
}

interface QrLib {
  generate(text: string, opts: { small: boolean }, cb: (qr: string) => void): void;
}
