/** Picks the widget for a Prompt, and the keys `?` shows for it. */
import type React from 'react';
import type { Prompt } from '../core/events.js';
import { ActionPreview, ACTION_KEYS } from './ActionPreview.js';
import { Choice, CHOICE_KEYS } from './Choice.js';
import { Confirm, CONFIRM_KEYS } from './Confirm.js';
import { Failure, FAILURE_KEYS } from './Failure.js';
import { Form, FORM_KEYS } from './Form.js';
import { SecretNotice, SECRET_KEYS } from './SecretNotice.js';
import { Show, SHOW_KEYS } from './Show.js';
import { Signoff, SIGNOFF_KEYS } from './Signoff.js';
import type { KeyHelp } from './widget-types.js';

export const PROMPT_KEYS: Record<Prompt['type'], KeyHelp> = {
  confirm: CONFIRM_KEYS,
  form: FORM_KEYS,
  choice: CHOICE_KEYS,
  action: ACTION_KEYS,
  secret: SECRET_KEYS,
  show: SHOW_KEYS,
  failure: FAILURE_KEYS,
  signoff: SIGNOFF_KEYS,
};

/** Rows a widget would like (the step screen gives the rest to the prose). */
export function widgetRows(p: Prompt | undefined, rows: number): number {
  if (!p) return 0;
  switch (p.type) {
    case 'confirm':
      return 1;
    case 'choice':
      return p.choices.length + 1;
    case 'form':
      return p.fields.length * 2 + 2;
    case 'action':
      return (
        4 +
        (p.preview.diff ? p.preview.diff.before.length + p.preview.diff.after.length : 0) +
        (p.preview.destructive || p.preview.risk === 'privilege' ? 2 : 0) +
        (p.preview.risk === 'privilege' ? 2 * (p.preview.grants?.length ?? 1) : 0)
      );
    case 'secret':
      return 3;
    case 'show':
      return p.lines.length + 2 + (p.qr && rows >= 30 ? 17 : p.qr ? 1 : 0);
    case 'failure': {
      const bad = p.result.checks?.filter((c) => c.verdict !== 'pass' && c.verdict !== 'not-applicable').length ?? 0;
      return failureFixedRows(p) + (bad > 0 ? Math.min(bad + 1 + 8, rows) : 0);
    }
    case 'signoff':
      return p.roles.length + 3;
  }
}

/** Rows the failure widget needs besides its checks table. */
export function failureFixedRows(p: Extract<Prompt, { type: 'failure' }>): number {
  return 2 + (p.result.error ? 3 + (p.result.error.requestId ? 1 : 0) : 0);
}

export interface PromptWidgetProps {
  prompt: Prompt;
  active: boolean;
  width: number;
  rows: number;
  onAnswer(answer: unknown): void;
  setTyping(typing: boolean): void;
}

export function PromptWidget({ prompt, ...rest }: PromptWidgetProps): React.ReactElement {
  const on = rest.onAnswer;
  const common = { ...rest, onAnswer: on };
  switch (prompt.type) {
    case 'confirm':
      return <Confirm prompt={prompt} {...common} />;
    case 'choice':
      return <Choice prompt={prompt} {...common} />;
    case 'form':
      return <Form prompt={prompt} {...common} />;
    case 'action':
      return <ActionPreview prompt={prompt} {...common} />;
    case 'secret':
      return <SecretNotice prompt={prompt} {...common} />;
    case 'show':
      return <Show prompt={prompt} {...common} />;
    case 'failure':
      return <Failure prompt={prompt} {...common} />;
    case 'signoff':
      return <Signoff prompt={prompt} {...common} />;
  }
}
