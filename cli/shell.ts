import { isAbsolute, relative } from 'node:path';

// characters a POSIX shell passes through unquoted
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument as a shell would need it typed. */
export function shellQuote(arg: string): string {
  return PLAIN.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command line a user can paste: environment assignments, then the words. */
export function commandLine(
  words: readonly string[],
  env: Readonly<Record<string, string>> = {},
): string {
  const assignments = Object.entries(env).map(([key, value]) => `${key}=${shellQuote(value)}`);
  return [...assignments, ...words.map(shellQuote)].join(' ');
}

/**
 * A path as short as it can be shown: relative to the working folder when it
 * lies inside it, absolute otherwise.
 */
export function shownPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown === '' ? '.' : shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}
