/** OData helpers for the practice Graph routes (C2's src/practice/routes call these). */
export {
  applyODataCollection,
  applyODataEntity,
  applySelect,
  type CollectionOptions,
  type CollectionBody,
} from './collection.js';
export { parseFilter, evaluateFilter, type FilterNode, type EvalOptions } from './filter.js';
export {
  graphError,
  logsError,
  armError,
  serviceError,
  graphDate,
  PracticeHttpError,
  type ErrorContext,
} from './errors.js';
