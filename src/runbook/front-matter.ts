/**
 * Finding and reading a runbook's YAML front matter (between the first two
 * `---` lines). One function for the full parser (parse.ts) and the
 * front-matter index (front-matter-index.ts), so both report the same
 * problems at the same positions.
 */
import type { SourcePos } from '../core/runbook.js';
import { parseYamlSection, type YamlProblem, type YamlSection } from './yaml-section.js';

export interface FrontMatterSplit {
  /** Index of the first body line (0 when there is no front matter). */
  bodyStart: number;
  /** The parsed section, when there is a closed one. */
  section?: YamlSection;
  /** The section's value when it is a YAML map and has no problems. */
  map?: Record<string, unknown>;
  problems: YamlProblem[];
}

const at = (line: number, col: number): SourcePos => ({ line, col });

export function isPlainMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `lines` are the normalised file's lines (text.ts). Linear in the text. */
export function splitFrontMatter(lines: readonly string[]): FrontMatterSplit {
  if (lines[0]?.trimEnd() !== '---') {
    return {
      bodyStart: 0,
      problems: [
        {
          pos: at(1, 1),
          message: 'missing front matter',
          hint: 'start the file with a `---` line, the YAML front matter (id, title, version, summary…), and another `---` line',
        },
      ],
    };
  }
  let close = -1;
  for (let i = 1; i < lines.length; i++) {
    const t = lines[i]!.trimEnd();
    if (t === '---' || t === '...') {
      close = i;
      break;
    }
  }
  if (close < 0) {
    return {
      bodyStart: lines.length,
      problems: [
        {
          pos: at(1, 1),
          message: 'front matter is not closed',
          hint: 'end the front matter with a line containing only `---`',
        },
      ],
    };
  }
  const section = parseYamlSection(lines.slice(1, close).join('\n'), at(2, 1));
  if (section.problems.length) return { bodyStart: close + 1, section, problems: section.problems };
  if (!isPlainMap(section.value)) {
    return {
      bodyStart: close + 1,
      section,
      problems: [
        {
          pos: at(2, 1),
          message: 'front matter must be a YAML map (key: value lines)',
          hint: 'at least: id, title, version, summary',
        },
      ],
    };
  }
  return { bodyStart: close + 1, section, map: section.value, problems: [] };
}
