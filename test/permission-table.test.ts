/**
 * The permission table (src/config/permission-table.ts) is well formed and
 * docs/permissions.md is its rendering. Regenerate the page with
 * BREAKGLASS_WRITE_DOCS=1 npx vitest run test/permission-table.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LICENCE_ERRORS, PERMISSION_TABLE, permissionRow } from '../src/config/permission-table.js';
import { LICENCES } from '../src/config/licences.js';
import { renderPermissionsDoc } from './permission-table-doc.js';

const DOC = fileURLToPath(new URL('../docs/permissions.md', import.meta.url));

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

  it('refuses an unknown row id', () => {
    expect(() => permissionRow('no.such.row')).toThrow(/no permission-table row/);
  });

  it('docs/permissions.md is the rendering of the table', () => {
    const rendered = renderPermissionsDoc();
    if (process.env['BREAKGLASS_WRITE_DOCS'] === '1') writeFileSync(DOC, rendered);
    expect(readFileSync(DOC, 'utf8')).toBe(rendered);
  });
});
