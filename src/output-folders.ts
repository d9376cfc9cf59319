import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeSync }
  from 'node:fs';

/** A folder written elsewhere, to take the place of `target`. */
export interface FolderReplacement {
  readonly source: string;
  readonly target: string;
}

/**
 * Moves each source folder into place. Targets are first moved aside, and if
 * any move fails every target is put back as it was before the error is
 * rethrown. Removing the old folders comes last and cannot fail the swap.
 * @returns warnings about old folders that could not be removed
 */
export function replaceFolders(replacements: readonly FolderReplacement[]): string[] {
  const asideOf = (target: string) => `${target}.old-${process.pid}`;
  const movedAside: string[] = [];
  const placed: string[] = [];

  try {
    for (const { target } of replacements) {
      if (existsSync(target)) {
        renameSync(target, asideOf(target));
        movedAside.push(target);
      }
    }

    for (const { source, target } of replacements) {
      renameSync(source, target);
      placed.push(target);
    }
  } catch (error) {
    for (const target of placed) {
      rmSync(target, { recursive: true, force: true });
    }
    for (const target of movedAside) {
      renameSync(asideOf(target), target);
    }
    throw error;
  }

  const warnings: string[] = [];
  for (const target of movedAside) {
    try {
      rmSync(asideOf(target), { recursive: true, force: true });
    } catch (error) {
      warnings.push(`could not remove the previous ${asideOf(target)}: `
        + `${error instanceof Error ? error.message : String(error)}; delete it by hand`);
    }
  }
  return warnings;
}

/**
 * Runs `work` holding `<folder>.lock`, so that two synths never swap the same
 * folders at once. A lock whose process is gone is taken over.
 */
export function withFolderLock<T>(folder: string, work: () => T): T {
  const lock = `${folder}.lock`;
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch {
    const holder = Number(readFileSync(lock, 'utf8'));
    if (isRunning(holder)) {
      throw new Error(`another synth (process ${holder}) is writing ${folder}; wait for it `
        + `to finish, or delete ${lock} if no synth is running`);
    }
    rmSync(lock, { force: true });
    fd = openSync(lock, 'wx');
  }

  try {
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) {
    return false;
  }

  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
