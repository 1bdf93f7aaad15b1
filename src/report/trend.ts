/**
 * The alert-latency trend across drills ("latency and delivery are
 * the test"). A terminal sparkline/bar chart and an inline SVG bar chart for
 * HTML — no charting library, no external assets.
 */
import { escapeHtml } from './sanitize.js';

export interface TrendPoint {
  at: string;
  /** null: the drill measured nothing (alert never fired = the worst result, shown as a gap marker). */
  ms: number | null;
  label?: string;
}

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

export function sparkline(points: TrendPoint[], ascii = false): string {
  const vals = points.map((p) => p.ms).filter((v): v is number => v !== null);
  const max = Math.max(1, ...vals);
  return points
    .map((p) => {
      if (p.ms === null) return ascii ? 'x' : '×';
      const i = Math.min(BLOCKS.length - 1, Math.floor((p.ms / max) * (BLOCKS.length - 1) + 0.5));
      return ascii ? String(Math.min(9, Math.round((p.ms / max) * 9))) : BLOCKS[i];
    })
    .join('');
}

/** Horizontal bars, one line per drill: "2025-01-10  ████████▍      2 min 10 s". */
export function barLines(points: TrendPoint[], width = 30, ascii = false): string[] {
  const vals = points.map((p) => p.ms).filter((v): v is number => v !== null);
  const max = Math.max(1, ...vals);
  return points.map((p) => {
    const date = p.at.slice(0, 10);
    if (p.ms === null) return `${date}  ${'(no alert measured)'.padEnd(width)}`;
    const n = Math.max(1, Math.round((p.ms / max) * width));
    return `${date}  ${(ascii ? '#' : '█').repeat(n).padEnd(width)}  ${fmtSec(p.ms)}`;
  });
}

function fmtSec(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

export function barChartSvg(points: TrendPoint[]): string {
  const w = 560;
  const hgt = 120;
  const pad = 24;
  const vals = points.map((p) => p.ms).filter((v): v is number => v !== null);
  const max = Math.max(1, ...vals);
  const bw = Math.min(48, (w - pad * 2) / Math.max(1, points.length) - 6);
  const bars = points
    .map((p, i) => {
      const x = pad + i * (bw + 6);
      const label = `<text x="${x + bw / 2}" y="${hgt - 4}" text-anchor="middle">${escapeHtml(p.at.slice(5, 10))}</text>`;
      if (p.ms === null)
        return `<text x="${x + bw / 2}" y="${hgt - 22}" text-anchor="middle" style="fill:#cf222e">none</text>${label}`;
      const bh = Math.max(2, ((hgt - 40) * p.ms) / max);
      return `<rect x="${x}" y="${hgt - 18 - bh}" width="${bw}" height="${bh}" fill="#0969da"><title>${escapeHtml(fmtSec(p.ms))}</title></rect><text x="${x + bw / 2}" y="${hgt - 22 - bh}" text-anchor="middle">${escapeHtml(fmtSec(p.ms))}</text>${label}`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${hgt}" viewBox="0 0 ${w} ${hgt}" role="img" aria-label="alert latency per drill">${bars}</svg>`;
}
