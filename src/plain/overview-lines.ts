/** The runbook overview as plain lines (the same rows the TUI shows, without styling). */
import { overviewRows } from '../screens/overview-rows.js';
import type { OverviewModel } from '../screens/overview-model.js';

export function overviewLines(model: OverviewModel, width: number): string[] {
  return overviewRows(model, width).map((r) => r.text);
}
