// Import resolver for the boundaries rule: our sources import each other as
// './x.js' (ESM as emitted by tsc) while the files are x.ts / x.tsx.
// Only relative imports are resolved; packages are not ours to place on a floor.
const { existsSync } = require('node:fs');
const { dirname, resolve } = require('node:path');

exports.interfaceVersion = 2;
exports.resolve = function (source, file) {
  if (!source.startsWith('.')) return { found: false };
  const base = resolve(dirname(file), source);
  const stem = base.replace(/\.(js|jsx|mjs)$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`]) {
    if (existsSync(candidate)) return { found: true, path: candidate };
  }
  return { found: false };
};
