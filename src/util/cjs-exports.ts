/**
 * The exports of a package that may be CommonJS, from a dynamic import().
 * Node gives a CommonJS module's named exports beside `default`
 * (module.exports); the code-split bundle (scripts/build.mjs) gives only
 * `default`. `probe` is a name the caller uses: when the namespace lacks it,
 * `default` holds the exports.
 */
export function cjsExports<T extends object>(ns: T, probe: keyof T): T {
  if (ns[probe] !== undefined) return ns;
  const d = (ns as { default?: T }).default;
  return d ?? ns;
}
