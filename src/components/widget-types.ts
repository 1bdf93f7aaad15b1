/** What every prompt widget receives, and the keys it documents for `?`. */
import type { Answer, Prompt } from '../core/events.js';

export interface WidgetProps<P extends Prompt> {
  prompt: P;
  /** False while the help or quit overlay has the keyboard. */
  active: boolean;
  width: number;
  /** Rows the widget may use (80×24 budget). */
  rows: number;
  onAnswer(answer: Answer<P>): void;
  /** A widget with a focused text field says so, so `q` and `?` are typed, not global. */
  setTyping(typing: boolean): void;
}

export type KeyHelp = [key: string, what: string][];

/** Keys that work everywhere (shown first by `?`). */
export const GLOBAL_KEYS: KeyHelp = [
  ['?', 'show these keys (not while typing in a field)'],
  ['q', 'quit; the run is saved and can be resumed (not while typing)'],
  ['Ctrl+C', 'quit, even while typing'],
  ['PgUp/PgDn', 'scroll the step instructions'],
];
