/**
 * What one peer tool's exporter provides. Each tool has its own file in this
 * folder (maester.ts, scubagear.ts, zta.ts, prowler.ts); `export` in
 * src/commands/export.ts resolves the declaration, picks the target and
 * writes the file.
 */
import type { Explanation } from '../core/errors.js';
import type { ResolvedDeclaration } from './declaration.js';

export type TargetId = 'maester' | 'scubagear' | 'zta' | 'prowler';

/** A file already at the output path: the export is merged into it, keeping the user's other settings. */
export interface ExistingFile {
  path: string;
  text: string;
}

export interface RenderInput {
  resolved: ResolvedDeclaration;
  /** The output path, when there is one (its extension can choose the format). */
  path?: string;
  /** The file to merge into: the output file itself, or a file the tool reads by default (seed). */
  existing?: ExistingFile;
}

export interface Rendered {
  text: string;
  /** What the user must know: what was merged, replaced or kept, what is not exported and why. */
  notes: string[];
}

export interface ExportTarget {
  id: TargetId;
  /** The tool's name as its project spells it. */
  tool: string;
  /** Where the tool documents the setting (or, where it has none, the evidence). */
  docs: string[];
  /** The file name the tool looks for, used when --output names a directory. */
  fileName(resolved: ResolvedDeclaration): string;
  /**
   * Files in the output directory that the written file replaces for the tool, so a new file starts
   * from a copy of them (Maester reads a tenant-specific file *instead of* maester-config.json).
   */
  seedFrom?: string[];
  /** The tool has no setting to write: the command explains and writes nothing. */
  unsupported?: Explanation;
  render(input: RenderInput): Rendered;
}
