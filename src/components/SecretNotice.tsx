/**
 * The step-screen side of a secret. The secret itself is NEVER rendered by
 * this Ink tree (which ends up in scrollback): the SecretSurface draws it on
 * the terminal's alternate screen buffer and wipes it on acknowledgement.
 * Here we only say where it is and which keys work.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import type { Prompt, SecretDisplay } from '../core/events.js';
import { sanitize } from '../util/sanitize.js';
import type { KeyHelp, WidgetProps } from './widget-types.js';

type P = Extract<Prompt, { type: 'secret' }>;

export const SECRET_KEYS: KeyHelp = [['Enter', 'I have recorded it: clear the secret screen (it is not shown again)']];

/** Draws a secret somewhere that is not the main screen buffer. */
export interface SecretSurface {
  show(secret: SecretDisplay): void;
  hide(): void;
}

export const SecretSurfaceContext = React.createContext<SecretSurface | null>(null);

export function SecretNotice({ prompt, active, onAnswer }: WidgetProps<P>): React.ReactElement {
  const surface = React.useContext(SecretSurfaceContext);
  const shown = React.useRef(false);
  React.useEffect(() => {
    if (!surface) return;
    // While an overlay (help, quit) has the keyboard, the main screen is back.
    if (active) {
      surface.show(prompt.secret);
      shown.current = true;
    } else if (shown.current) {
      surface.hide();
      shown.current = false;
    }
  }, [active, surface, prompt.secret]);
  React.useEffect(
    () => () => {
      if (shown.current) surface?.hide();
    },
    [surface],
  );
  useKeys(
    (_i, key) => {
      if (!key.return) return;
      if (shown.current) surface?.hide();
      shown.current = false;
      onAnswer({ acknowledged: true });
    },
    { isActive: active },
  );
  return (
    <Box flexDirection="column">
      <Text bold>🔒 {sanitize(prompt.secret.title)} — shown on a separate screen</Text>
      {!surface ? <Text color="red">No secret screen is available; the secret cannot be shown safely.</Text> : null}
      <Text dimColor>Fingerprint recorded: {sanitize(prompt.secret.fingerprint)}</Text>
      <Text dimColor>Press Enter when it is recorded; the screen is cleared and it is not shown again.</Text>
    </Box>
  );
}
