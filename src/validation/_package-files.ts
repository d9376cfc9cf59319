import * as fs from 'fs';
import * as path from 'path';

/**
 * A file of this package by its path from the package root. The same code
 * runs from src/validation, from lib/src/validation once compiled and from a
 * bundle in .build/, so the root is found by looking upwards.
 */
export function findPackageFile(relative: string): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}
