/**
 * Home (`breakglass` with no arguments): which tenant this is, unfinished
 * runs FIRST (offered for resume), then every runbook with its last run and
 * when the next one is due — overdue drills marked with a word. Selecting a
 * runbook opens its overview; Enter there starts it.
 */
import React from 'react';
import { Box, useInput, type Key } from 'ink';
import { KeyHelpPanel } from '../components/KeyHelp.js';
import { Lines } from '../components/Lines.js';
import { useSyncState } from '../components/use-sync-state.js';
import { useTerminalSize } from '../components/use-terminal-size.js';
import { createKeyRouter, KeyRouterContext, splitKeys } from '../components/use-keys.js';
import type { KeyHelp } from '../components/widget-types.js';
import { sanitize } from '../util/sanitize.js';
import type { HomeModel } from './home-model.js';
import { homeLines, homeLoadingLines } from './home-lines.js';
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
  const { columns } = useTerminalSize();
  return (
    <Box flexDirection="column">
      <Lines lines={homeLoadingLines(tenant, version)} width={columns} />
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

  return (
    <Box flexDirection="column">
      <Lines lines={homeLines(model, { sel, columns, rows, version, error })} width={columns} />
    </Box>
  );
}
