import { describe, expect, it } from 'vitest';
import { scopesFor } from './permissions.js';

const resources = {
  graph: 'https://graph.microsoft.com',
  logs: 'https://api.loganalytics.io',
  arm: 'https://management.azure.com/',
};

describe('scopesFor', () => {
  it('drops a read scope that a requested write scope covers (Entra would ask consent for it separately)', () => {
    const scopes = scopesFor(
      {
        readOnly: false,
        permissions: { graph: ['User.Read.All', 'User.ReadWrite.All', 'Policy.Read.All'], logs: [], arm: [] },
      },
      'delegated',
      resources,
    );
    expect(scopes).toEqual([
      'https://graph.microsoft.com/User.ReadWrite.All',
      'https://graph.microsoft.com/Policy.Read.All',
    ]);
  });

  it('keeps read scopes in a read-only runbook and never asks for a write scope there', () => {
    const scopes = scopesFor(
      { readOnly: true, permissions: { graph: ['User.Read.All', 'User.ReadWrite.All'], logs: [], arm: [] } },
      'delegated',
      resources,
    );
    expect(scopes).toEqual(['https://graph.microsoft.com/User.Read.All']);
  });
});
