/**
 * The permission table (src/config/permission-table.ts) is well formed and
 * docs/permissions.md is its rendering. Regenerate the page with
 * BREAKGLASS_WRITE_DOCS=1 npx vitest run test/permission-table.test.ts
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LICENCE_ERRORS, PERMISSION_TABLE, permissionRow } from '../src/config/permission-table.js';
import { LICENCES } from '../src/config/licences.js';
import { isReadKey } from '../src/checks/reads.js';
import { renderPermissionsDoc } from './permission-table-doc.js';
import { allRoutes } from '../src/practice/routes/index.js';

const DOC = fileURLToPath(new URL('../docs/permissions.md', import.meta.url));
const SRC = fileURLToPath(new URL('../src', import.meta.url));

/** Every source file under src/ (tests excluded), as a path from src/. */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)
        ? [relative(SRC, join(dir, e.name))]
        : [],
  );
}

/** The source files a usedBy entry names (`checks/reads.ts#users`, `tenant/graph.ts (checks/…)`). */
const named = (u: string): string[] => [...u.matchAll(/\b((?:[\w-]+\/)+[\w.-]+\.tsx?)\b/g)].map((m) => m[1]!);

describe('permission table', () => {
  it('has unique ids, a Learn URL per row and a licence error for every licensed row', () => {
    const ids = PERMISSION_TABLE.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of PERMISSION_TABLE) {
      expect(r.docs, r.id).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      if (r.licence) {
        expect(LICENCES, r.id).toContain(r.licence);
        expect(Object.values(LICENCE_ERRORS), r.id).toContain(r.licenceError);
      } else expect(r.licenceError, r.id).toBeUndefined();
      // Every Graph call needs some delegated permission; an empty set is only for ARM and $batch.
      if (r.api === 'graph' || r.api === 'graph-beta')
        expect(r.delegated.least.length > 0 || r.id === 'batch', r.id).toBe(true);
    }
  });

  it('reads "also" for role-assignable groups as both permissions required', () => {
    const add = permissionRow('group.member.add.roleAssignable');
    expect(add.delegated.least).toEqual(['GroupMember.ReadWrite.All', 'RoleManagement.ReadWrite.Directory']);
    expect(add.application?.least).toEqual(['GroupMember.ReadWrite.All', 'RoleManagement.ReadWrite.Directory']);
    for (const set of [...add.delegated.higher, ...(add.application?.higher ?? [])])
      expect(set).toContain('RoleManagement.ReadWrite.Directory');
    expect(permissionRow('signIns.list').delegated.least).toEqual(['AuditLog.Read.All', 'Directory.Read.All']);
  });

  it('names, in usedBy, files that exist and read keys the checks have', () => {
    const problems: string[] = [];
    for (const r of PERMISSION_TABLE)
      for (const u of r.usedBy) {
        for (const f of named(u))
          if (!existsSync(join(SRC, f)) && !existsSync(join(SRC, '..', f)))
            problems.push(`${r.id}: ${f} does not exist`);
        for (const m of u.matchAll(/checks\/reads\.ts#([\w.]+)/g))
          if (!isReadKey(m[1]!)) problems.push(`${r.id}: ${m[1]} is not a read key`);
      }
    expect(problems).toEqual([]);
  });

  it('the $batch row names exactly the modules that send a $batch', () => {
    const senders = sources()
      .filter((f) => !f.startsWith('practice/') && !f.startsWith('tenant/'))
      .filter((f) => /\.graph\.batch\(/.test(readFileSync(join(SRC, f), 'utf8')))
      .sort();
    const listed = permissionRow('batch')
      .usedBy.flatMap(named)
      .filter((f) => !f.startsWith('tenant/') && !/^checks\/fetch-[\w-]+-reads\.ts$/.test(f))
      .sort();
    expect(listed).toEqual(senders);
  });

  it('the ARM workspace read that finds a workspace’s customerId has its row, at the api-version it is sent with', () => {
    const readers = sources().filter((f) =>
      /tenant\.arm\.request<\{ properties\?: \{ customerId/.test(readFileSync(join(SRC, f), 'utf8')),
    );
    expect(readers.length).toBeGreaterThan(0);
    const row = permissionRow('logAnalytics.workspace.get');
    expect(row.usedBy.flatMap(named).sort()).toEqual([...readers].sort());
    for (const f of readers) {
      const v = /const WORKSPACE_API = '([^']+)'/.exec(readFileSync(join(SRC, f), 'utf8'))?.[1];
      expect(v, f).toBe(row.apiVersion);
    }
  });

  it('every row but the $batch envelope is enforced by the practice tenant: a route names it', () => {
    // A route names its rows with table(...); the PATCH of a user picks its row by the property it sets
    // (enforceTable(req, w, [...]) in the handler).
    const enforced = new Set(allRoutes().flatMap((r) => r.rows ?? []));
    const routes = join(SRC, 'practice', 'routes');
    for (const f of readdirSync(routes))
      for (const m of readFileSync(join(routes, f), 'utf8').matchAll(/enforceTable\(req, w, \[([^\]]*)\]\)/g))
        for (const id of m[1]!.matchAll(/'([^']+)'/g)) enforced.add(id[1]!);
    expect(PERMISSION_TABLE.map((r) => r.id).filter((id) => id !== 'batch' && !enforced.has(id))).toEqual([]);
  });

  it('refuses an unknown row id', () => {
    expect(() => permissionRow('no.such.row')).toThrow(/no permission-table row/);
  });

  it('docs/permissions.md is the rendering of the table', () => {
    const rendered = renderPermissionsDoc();
    if (process.env['BREAKGLASS_WRITE_DOCS'] === '1') writeFileSync(DOC, rendered);
    expect(readFileSync(DOC, 'utf8')).toBe(rendered);
  });
});
