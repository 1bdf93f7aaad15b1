/**
 * The step runner: transcript of finished steps in <Static> (written once,
 * never redrawn — so it scrolls back like a log and only the live part below
 * re-renders), then the live step: header, prose, progress, and the widget
 * for the pending prompt. The live part is budgeted to the terminal height,
 * because an Ink frame taller than the screen is cleared and redrawn whole.
 */
import React from 'react';
import { Box, Static, Text, useInput, type Key } from 'ink';
import { FitToScreen } from '../components/FitToScreen.js';
import { Header } from '../components/Header.js';
import { KeyHelpPanel } from '../components/KeyHelp.js';
import { Markdown } from '../components/Markdown.js';
import { markdownToLines } from '../components/markdown-lines.js';
import { DeviceCode } from '../components/DeviceCode.js';
import { Progress } from '../components/Progress.js';
import { PromptWidget, PROMPT_KEYS, widgetRows } from '../components/PromptWidget.js';
import { MUTATING_MARK } from '../components/theme.js';
import { TranscriptEntry } from '../components/TranscriptEntry.js';
import { useTerminalSize } from '../components/use-terminal-size.js';
import { createKeyRouter, KeyRouterContext, splitKeys } from '../components/use-keys.js';
import { useSyncState } from '../components/use-sync-state.js';
import { sanitize } from '../util/sanitize.js';
import { ReportScreen } from './ReportScreen.js';
import { Overview, OVERVIEW_KEYS } from './Overview.js';
import type { RunStore } from './run-store.js';

export interface StepRunnerProps {
  store: RunStore;
  /** Tenant shown before the engine's run-started arrives. */
  tenant?: { label: string; practice: boolean };
  resumeCommand?(runId: string): string;
  /** The report's path is printed plainly after the app unmounts (real terminals). */
  reportPathsBelow?: boolean;
}

/** "enroll[2].create-tap" → 2: which item of a foreach group this is (1-based, as the journal numbers them). */
export function iterationOf(instanceId: string): number | undefined {
  const m = /\[(\d+)\]/.exec(instanceId);
  return m ? Number(m[1]) : undefined;
}

export function defaultResumeCommand(runId: string): string {
  return `breakglass resume ${runId}`;
}

export function StepRunner({
  store,
  tenant,
  resumeCommand = defaultResumeCommand,
  reportPathsBelow,
}: StepRunnerProps): React.ReactElement {
  const state = React.useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { columns, rows } = useTerminalSize();
  const [overlay, setOverlay, overlayRef] = useSyncState<'none' | 'help' | 'quit'>('none');
  const [typing, setTyping, typingRef] = useSyncState(false);
  const [scroll, setScroll] = React.useState(0);
  const router = React.useMemo(() => createKeyRouter(), []);

  const live = state.live;
  const pending = state.pending;
  const runId = state.run?.runId;
  const resumeHint = runId ? resumeCommand(runId) : 'breakglass resume';

  React.useEffect(() => setScroll(0), [live?.instanceId]);

  // The one keyboard handler: global keys first (from refs, never stale), then the widget.
  useInput((raw, rawKey) => {
    for (const [input, key] of splitKeys(raw, rawKey)) onKey(input, key);
  });
  function onKey(input: string, key: Key): void {
    const s = store.getSnapshot();
    if (s.finished || s.quitting) return;
    const overlay = overlayRef.current;
    if (key.ctrl && input === 'c') {
      if (overlay === 'quit') store.quit();
      else setOverlay('quit');
      return;
    }
    if (overlay === 'quit') {
      if (input === 'y' || input === 'Y') {
        setOverlay('none');
        store.quit();
      } else if (input === 'n' || input === 'N' || key.escape) setOverlay('none');
      return;
    }
    if (overlay === 'help') {
      if (key.escape || input === '?' || input === 'q') setOverlay('none');
      return;
    }
    if (key.pageDown) return setScroll((s) => s + Math.max(1, rows - 10));
    if (key.pageUp) return setScroll((s) => Math.max(0, s - Math.max(1, rows - 10)));
    if (!typingRef.current) {
      if (input === '?') return setOverlay('help');
      // Nothing has started on the overview: q simply does not start.
      if (input === 'q' && s.overview) return store.quit();
      if (input === 'q') return setOverlay('quit');
    }
    router.dispatch(input, key);
  }

  const width = Math.max(20, columns - 1);
  const practice = state.run?.practice ?? tenant?.practice ?? false;
  const tenantBadge = state.run ? { label: state.run.tenantLabel, practice: state.run.practice } : tenant;

  // Row budget for the live region (must stay below the terminal height).
  const usable = rows - 2; // Ink's trailing newline + one spare row
  const headerRows = 1 + (live ? 1 : 0) + 1; // header, step title, key hint line
  const deviceRows = state.deviceCode ? (rows >= 36 ? 22 : 5) : 0;
  const progressRows = live?.progress ? 2 : 0;
  const logRows = Math.min(2, live?.logs.length ?? 0);
  const widgetMax = Math.max(3, usable - headerRows - deviceRows - progressRows - logRows - 2);
  const wRows = Math.min(widgetMax, widgetRows(pending?.prompt, rows));
  const proseRows = Math.max(1, usable - headerRows - deviceRows - progressRows - logRows - wRows - (pending ? 1 : 0));
  const proseLines = React.useMemo(() => (live ? markdownToLines(live.prose, width).length : 0), [live, width]);
  const maxScroll = Math.max(0, proseLines - (proseRows - 1));

  return (
    <KeyRouterContext.Provider value={router}>
      <Static items={state.transcript}>{(item) => <TranscriptEntry key={item.key} item={item} width={width} />}</Static>
      <Box flexDirection="column" width={columns}>
        <Header
          title={state.run?.runbookTitle ?? state.overview?.model.title}
          index={live?.index}
          total={live?.total}
          iteration={live ? iterationOf(live.instanceId) : undefined}
          startedAt={state.run ? state.startedAt : undefined}
          tenant={tenantBadge}
          frozen={pending?.prompt.type === 'secret' || Boolean(state.finished) || state.quitting}
        />
        {state.overview && overlay === 'help' ? (
          <KeyHelpPanel keys={OVERVIEW_KEYS} title="overview" />
        ) : state.overview ? (
          <Overview
            key={state.overview.id}
            model={state.overview.model}
            active={overlay === 'none'}
            onStart={() => store.answerOverview(state.overview!.id, true)}
            onBack={() => store.answerOverview(state.overview!.id, false)}
          />
        ) : state.finished ? (
          <ReportScreen finished={state.finished} practice={practice} pathsBelow={reportPathsBelow} />
        ) : state.quitting ? (
          <Box flexDirection="column">
            <Text bold>Stopped. Nothing is lost: the run is saved.</Text>
            <Text>Continue later with:</Text>
            <Text bold>
              {'  '}
              {resumeHint}
            </Text>
          </Box>
        ) : (
          <>
            <FitToScreen maxRows={Math.max(3, rows - 3)}>
              {live ? (
                <Text wrap="truncate-end">
                  <Text bold>
                    {live.index}/{live.total} {sanitize(live.title)}
                  </Text>
                  {live.mutating ? <Text color="yellow"> {MUTATING_MARK}</Text> : null}
                </Text>
              ) : null}
              {overlay === 'help' ? (
                <KeyHelpPanel
                  keys={pending ? PROMPT_KEYS[pending.prompt.type] : []}
                  title={pending ? pending.prompt.type : undefined}
                />
              ) : (
                <>
                  {live && live.prose.trim() ? (
                    <Markdown
                      source={live.prose}
                      width={width}
                      height={proseRows}
                      offset={Math.min(scroll, maxScroll)}
                    />
                  ) : null}
                  {live?.logs.slice(-2).map((l, i) => (
                    <Text
                      key={i}
                      color={l.level === 'error' ? 'magenta' : l.level === 'warn' ? 'yellow' : undefined}
                      wrap="truncate-end"
                    >
                      {l.level === 'info' ? '·' : l.level === 'warn' ? '! warn:' : '⚠ error:'} {sanitize(l.message)}
                    </Text>
                  ))}
                  {live?.progress ? <Progress {...live.progress} width={width} /> : null}
                  {/* Near the bottom: if anything is clipped on a small screen, it is the prose, not the code. */}
                  {state.deviceCode ? <DeviceCode info={state.deviceCode} rows={rows} /> : null}
                  {overlay === 'quit' ? (
                    <Box flexDirection="column">
                      <Text bold>Quit now? The run is saved; nothing is lost.</Text>
                      {/* The command on a line of its own, unboxed: it must survive copy and paste. */}
                      <Text>Continue later with:</Text>
                      <Text bold>
                        {'  '}
                        {resumeHint}
                      </Text>
                      <Text>
                        <Text bold>y</Text> quit · <Text bold>n</Text> keep going
                      </Text>
                    </Box>
                  ) : null}
                  {pending ? (
                    <Box marginTop={1} flexDirection="column" display={overlay === 'quit' ? 'none' : 'flex'}>
                      <PromptWidget
                        key={pending.id}
                        prompt={pending.prompt}
                        active={overlay === 'none'}
                        width={width}
                        rows={wRows}
                        onAnswer={(a) => store.answer(pending.id, a)}
                        setTyping={setTyping}
                      />
                    </Box>
                  ) : live && !live.progress ? (
                    <Text dimColor>Working…</Text>
                  ) : null}
                </>
              )}
            </FitToScreen>
            <Text dimColor>{typing ? 'Ctrl+C quit' : '? keys · q quit'}</Text>
          </>
        )}
      </Box>
    </KeyRouterContext.Provider>
  );
}
