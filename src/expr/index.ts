/**
 * Runbook expressions: `${path}` lookups and tiny `when:` conditions.
 * Data only — nothing from a runbook is ever evaluated as code.
 * See docs/runbook-format.md § Expressions.
 */
export { ExprError } from './errors.js';
export {
  parsePath,
  formatPath,
  FORBIDDEN_SEGMENTS,
  MAX_EXPRESSION_LENGTH,
  type ParsedPath,
  type PathSegment,
} from './path.js';
export { parseTemplate, isSingleReference, hasExpression, type TemplatePart } from './template.js';
export { resolveValue, resolveString, lookup, type Scope } from './resolve.js';
export {
  evaluateCondition,
  parseCondition,
  isTruthy,
  type Condition,
  type ConditionOptions,
  type Literal,
} from './condition.js';
export { findReferences, scanExpressions, type ExprReference, type ExprProblem } from './references.js';

import { parseTemplate } from './template.js';
import { parseCondition } from './condition.js';
/** Parse a value string or a condition, throwing ExprError on bad syntax. */
export function parseExpression(text: string, as: 'value' | 'condition' = 'value'): unknown {
  return as === 'condition' ? parseCondition(text) : parseTemplate(text);
}
