/** The export targets, one file each; `breakglass export --to <id>`. */
import { maester } from './maester.js';
import { prowler } from './prowler.js';
import { scubagear } from './scubagear.js';
import type { ExportTarget, TargetId } from './target.js';
import { zta } from './zta.js';

export const EXPORT_TARGETS: Record<TargetId, ExportTarget> = { maester, scubagear, zta, prowler };

export type { ExportTarget, TargetId } from './target.js';
