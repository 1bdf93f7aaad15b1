/**
 * The practice tenant's KQL: parse + evaluate a query over in-memory tables,
 * and serialize results exactly as the Log Analytics query API returns them
 * (dynamic values as JSON strings, datetimes as ISO strings).
 */
import { parseQuery } from './parser.js';
import {
  evaluate,
  toKqlString,
  formatTimespan,
  type EvalContext,
  type Table,
  type Column,
  type Row,
} from './evaluate.js';

export { KqlError } from './errors.js';
export { parseQuery } from './parser.js';
export type { EvalContext, Table, Column, Row };

export function runQuery(query: string, ctx: EvalContext): Table {
  return evaluate(parseQuery(query), ctx);
}

/** One cell as the Log Analytics REST API serializes it. */
export function serializeCell(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && v && 'timespanMs' in v) return formatTimespan((v as { timespanMs: number }).timespanMs);
  if (type === 'dynamic') return typeof v === 'string' ? v : JSON.stringify(v);
  if (type === 'string') return toKqlString(v);
  return v;
}

/** `{tables:[{name:'PrimaryResult', columns, rows}]}` — the body LogsQueryClient parses. */
export function toLogsApiBody(t: Table): { tables: { name: string; columns: Column[]; rows: unknown[][] }[] } {
  return {
    tables: [
      {
        name: 'PrimaryResult',
        columns: t.columns.map((c) => ({ name: c.name, type: c.type })),
        rows: t.rows.map((r) => t.columns.map((c) => serializeCell(r[c.name], c.type))),
      },
    ],
  };
}
