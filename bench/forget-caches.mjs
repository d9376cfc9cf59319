// Drops the type checker's and the linter's caches under .build/, so that the
// next `npm test` or `npm run typecheck` runs as on a fresh clone (jest's own
// transform cache, outside the project, is kept).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const build = fileURLToPath(new URL('../.build/', import.meta.url));
for (const cache of ['tsc.tsbuildinfo', 'eslintcache']) {
  rmSync(`${build}${cache}`, { force: true });
}
