/**
 * Home (`breakglass` with no arguments): which tenant this is, unfinished
 * runs FIRST (offered for resume), then every runbook with its last run and
 * when the next one is due — overdue drills marked with a word. Selecting a
 * runbook opens its overview; Enter there starts it.
 */
import React from 'react';
import { Box, Text, useInput, type Key } from 'ink';
import { TenantBadge } from '../components/Header.js';
import { KeyHelpPanel } from '../components/KeyHelp.js';
import { useSyncState } from '../components/use-sync-state.js';
import { useTerminalSize } from '../components/use-terminal-size.js';
import { createKeyRouter, KeyRouterContext, splitKeys } from '../components/use-keys.js';
import type { KeyHelp } from '../components/widget-types.js';
import { sanitize } from '../util/sanitize.js';
import { dueWords, lastWords, type HomeModel } from './home-model.js';
import { fitHomeRow } from './home-row.js';
import type { OverviewModel } from './overview-model.js';

export type HomeChoice =
  { action: 'resume'; runId: string } | { action: 'run'; path: string; sha256?: string } | { action: 'quit' };

export const HOME_KEYS: KeyHelp = [
  ['↑/↓', 'select'],
  ['Enter', 'resume the run / open the runbook overview'],
  ['q or Esc', 'leave'],
];

export interface HomeProps {
  /** Undefined while the library and history load: the screen is up (and q works) at once. */
  model: HomeModel | undefined;
  tenant: { label: string; practice: boolean };
  /** Builds the overview of a runbook (parses it; may fail). */
  describe(path: string): Promise<OverviewModel>;
  onChoose(choice: HomeChoice): void;
  version?: string;
}

export function Home(props: HomeProps): React.ReactElement {
  if (!props.model) return <HomeLoading {...props} />;
  return <HomeList {...props} model={props.model} />;
}

function HomeLoading({ tenant, onChoose, version }: HomeProps): React.ReactElement {
  useInput((input, key) => {
    if (input === 'q' || key.escape || (key.ctrl && input === 'c')) onChoose({ action: 'quit' });
  });
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <TenantBadge {...tenant} />
        <Text bold> · breakglass{version ? ` ${version}` : ''}</Text>
      </Text>
      <Text dimColor>Reading runbooks and past runs…</Text>
      <Text dimColor>q quit</Text>
    </Box>
  );
}

function HomeList({ model, describe, onChoose, version }: HomeProps & { model: HomeModel }): React.ReactElement {
  const { rows, columns } = useTerminalSize();
  const items = model.unfinished.length + model.runbooks.length;
  const [sel, setSel, selRef] = useSyncState(0);
  const [help, setHelp, helpRef] = useSyncState(false);
  // The overview (and the markdown parser it needs) loads on first use, not before the first frame.
  const [overview, setOverview, overviewRef] = useSyncState<
    { model: OverviewModel; path: string; ui: typeof import('./Overview.js') } | undefined
  >(undefined);
  const [error, setError] = React.useState('');
  const router = React.useMemo(() => createKeyRouter(), []);

  const open = (i: number) => {
    if (i < model.unfinished.length) {
      const r = model.unfinished[i]!;
      if (r.problem) return setError(`Run ${r.runId} cannot be resumed: ${r.problem}`);
      return onChoose({ action: 'resume', runId: r.runId });
    }
    const rb = model.runbooks[i - model.unfinished.length];
    if (!rb) return;
    // Opening parses and validates the runbook in full; a broken one says where (file:line:col).
    Promise.all([describe(rb.path), import('./Overview.js')]).then(
      ([m, ui]) => setOverview({ model: m, path: rb.path, ui }),
      (e: Error) => setError(`${sanitize(rb.title)} cannot be opened:\n${sanitize(e.message, { multiline: true })}`),
    );
  };

  useInput((raw, rawKey) => {
    for (const [input, key] of splitKeys(raw, rawKey)) onKey(input, key);
  });
  function onKey(input: string, key: Key): void {
    if (helpRef.current) {
      if (key.escape || input === '?' || input === 'q') setHelp(false);
      return;
    }
    if (input === '?') return setHelp(true);
    if (overviewRef.current) {
      if (input === 'q') return onChoose({ action: 'quit' });
      return router.dispatch(input, key);
    }
    setError('');
    if (input === 'q' || key.escape || (key.ctrl && input === 'c')) return onChoose({ action: 'quit' });
    if (key.upArrow) setSel((s) => Math.max(0, s - 1));
    else if (key.downArrow) setSel((s) => Math.min(items - 1, s + 1));
    else if (key.return) open(selRef.current);
  }

  if (help)
    return (
      <KeyHelpPanel keys={overview ? overview.ui.OVERVIEW_KEYS : HOME_KEYS} title={overview ? 'overview' : 'home'} />
    );
  if (overview) {
    const { Overview } = overview.ui;
    return (
      <KeyRouterContext.Provider value={router}>
        <Overview
          model={overview.model}
          tenant={model.tenant}
          onStart={() => onChoose({ action: 'run', path: overview.path, sha256: overview.model.sha256 })}
          onBack={() => setOverview(undefined)}
        />
      </KeyRouterContext.Provider>
    );
  }

  // Keep the list inside the screen: a window around the selection.
  const header = 3 + (model.unfinished.length ? 1 : 0) + 1 + (model.needsSetup ? 1 : 0);
  const window = Math.max(3, rows - header - 3);
  const start = Math.max(0, Math.min(sel - Math.floor(window / 2), items - window));
  const visible = (i: number) => i >= start && i < start + window;

  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <TenantBadge {...model.tenant} />
        <Text bold> · breakglass{version ? ` ${version}` : ''}</Text>
      </Text>
      {model.tenant.practice ? (
        <Text dimColor>Practice tenant: nothing here touches a real directory. Use --tenant &lt;id&gt; for live.</Text>
      ) : (
        <Text color="red">LIVE tenant: runbooks here change a real directory.</Text>
      )}
      {model.unfinished.length ? (
        <Text bold color="yellow">
          Unfinished runs — resume these first:
        </Text>
      ) : null}
      {model.unfinished.map((r, i) =>
        visible(i) ? (
          <Text key={r.runId} inverse={i === sel} wrap="truncate-end">
            {i === sel ? '▸ ' : '  '}↻ RESUME {sanitize(r.runbookTitle)}
            {r.currentStep ? ` · at ${sanitize(r.currentStep)}` : ''} ·{' '}
            {r.practice ? 'PRACTICE' : sanitize(r.tenantLabel)} · {r.lastActivity.slice(0, 16).replace('T', ' ')}
            {r.problem ? ' · CANNOT RESUME (journal does not verify)' : ''}
          </Text>
        ) : null,
      )}
      {model.needsSetup ? (
        <Text wrap="truncate-end">No break-glass set-up found for this tenant: start with a set-up runbook.</Text>
      ) : null}
      <Text bold>Runbooks:</Text>
      {model.runbooks.length === 0 ? <Text>No runbooks found.</Text> : null}
      {model.runbooks.map((r, j) => {
        const i = model.unfinished.length + j;
        if (!visible(i)) return null;
        const urgent = !r.startHere && (r.due === 'overdue' || r.due === 'never-done-live');
        const fit = fitHomeRow(
          {
            title: sanitize(r.title),
            tag: r.source === 'user' ? ' (yours)' : '',
            due: r.problem ? `INVALID: ${r.problem}` : dueWords(r),
            last: r.problem ? '' : lastWords(r),
          },
          columns - 2,
        );
        return (
          <Text key={r.path} inverse={i === sel} wrap="truncate-end">
            {i === sel ? '▸ ' : '  '}
            <Text bold>{fit.title}</Text>
            {fit.tag}
            {' · '}
            <Text
              color={r.problem || urgent ? 'red' : r.due === 'due-soon' || r.startHere ? 'yellow' : undefined}
              bold={urgent || r.startHere}
            >
              {fit.due}
            </Text>
            {fit.last ? <Text dimColor> · {fit.last}</Text> : null}
          </Text>
        );
      })}
      {error ? <Text color="red">{error}</Text> : null}
      <Text dimColor>↑/↓ select · Enter open · ? keys · q quit</Text>
    </Box>
  );
}
