/**
 * The text formats of a runbook's names and values, as plain regular
 * expressions: the zod schemas (schema.ts) use them, and so does the
 * front-matter index (front-matter-index.ts), which must not load zod.
 */
/** Names usable in expressions (`${inputs.<name>}`): a letter or _, then letters, digits, _ or -. */
export const NAME_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
export const KEBAB_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** semver.org 2.0.0 (official regex, linear). */
export const SEMVER_RE =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
/** ISO-8601 duration with at least one component: P90D, PT15M, P1Y2M, P2W. */
export const ISO_DURATION_RE = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
