/**
 * Styled lines (styled-lines.ts) drawn by Ink: one <Text> per line, a nested <Text> per styled
 * span. paintLines() draws the same cells without Ink, for a first frame before Ink has loaded;
 * paint-lines.test.ts holds the two to the same screen.
 */
import React from 'react';
import { Text } from 'ink';
import { hasStyle, lineText, runsOfLines, type LineStyle, type StyledLine } from './styled-lines.js';

function inkStyle(s: LineStyle): React.ComponentProps<typeof Text> {
  return { bold: s.bold, dimColor: s.dim, color: s.color, backgroundColor: s.backgroundColor, inverse: s.inverse };
}

export function Spans({ line }: { line: StyledLine }): React.ReactElement {
  return (
    <>
      {line.spans.map((s, i) =>
        hasStyle(s) ? (
          <Text key={i} {...inkStyle(s)}>
            {s.text}
          </Text>
        ) : (
          <React.Fragment key={i}>{s.text}</React.Fragment>
        ),
      )}
    </>
  );
}

/** One line. An empty one is a space: an empty <Text> takes no row. */
export function LineText({ line }: { line: StyledLine }): React.ReactElement {
  return (
    <Text {...inkStyle(line)} wrap={line.wrap}>
      {lineText(line) ? <Spans line={line} /> : ' '}
    </Text>
  );
}

/**
 * The lines, in a column `width` wide. Lines that certainly fit go into one <Text> together: each
 * <Text> is a layout node Ink measures, and laying out a screenful one by one was a fifth of a
 * first frame's render.
 */
export function Lines({ lines, width }: { lines: readonly StyledLine[]; width: number }): React.ReactElement {
  return (
    <>
      {runsOfLines(lines, width).map((run) =>
        run.alone ? (
          <LineText key={run.from} line={run.lines[0]!} />
        ) : (
          <Text key={run.from}>
            {run.lines.map((l, i) => (
              <React.Fragment key={i}>
                {i > 0 ? '\n' : ''}
                <Text {...inkStyle(l)}>{lineText(l) ? <Spans line={l} /> : ' '}</Text>
              </React.Fragment>
            ))}
          </Text>
        ),
      )}
    </>
  );
}
