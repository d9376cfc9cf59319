import { ChildProcess, spawn } from 'node:child_process';
import { FSWatcher, existsSync, readdirSync, statSync, watch } from 'node:fs';
import { basename, join, relative } from 'node:path';

/** Options of {@link watchAndSynthesize}. */
export interface WatchOptions {
  /** The project's root: `main.ts`, `scripts/run.mjs` and the watched folders. */
  readonly root: string;

  /** Arguments of each synth, as `npm run synth -- <args>` takes them. */
  readonly args: readonly string[];

  /** Folders whose changes start a synth. @default ['src', 'environments', 'imports'] */
  readonly folders?: readonly string[];
}

/** A running watch. */
export interface Watch {
  /** Stops watching, and any synth in progress. */
  close(): void;
}

// an editor's save is often several events in a row
const SETTLE_MS = 25;

// hidden files (vim's .name.swp), backups (name~) and vim's write test (4913)
const EDITOR_FILE = /^(\..*|.*~|4913)$/;

/**
 * Synthesizes now and again after every change to `main.ts` or the watched
 * folders, until closed. Each synth is a fresh `scripts/run.mjs` process, so
 * it always runs the code and configuration as they are on disk, and a failed
 * one leaves `dist/` as it was and the watch running. The runner rebuilds only
 * the project's own bundle, so a change costs a normal synth and a little more.
 */
export function watchAndSynthesize(options: WatchOptions): Watch {
  const { root } = options;
  let running: ChildProcess | undefined;
  let changed: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let since = 0;
  let closed = false;

  const synthesize = () => {
    const started = since || performance.now();
    const cause = changed;
    changed = undefined;
    since = 0;
    if (cause !== undefined) {
      console.log(`\n${cause} changed: synthesizing`);
    }

    running = spawn(process.execPath, [join(root, 'scripts', 'run.mjs'), 'main.ts',
      ...options.args], { cwd: root, stdio: 'inherit' });
    running.on('exit', (code) => {
      running = undefined;
      if (closed) return;
      const ms = Math.round(performance.now() - started);
      console.log(code === 0 ? `synthesized in ${ms} ms; watching for changes`
        : 'synth failed; dist/ left as it was, watching for changes');
      if (changed !== undefined) {
        synthesize();
      }
    });
  };

  const onChange = (file: string) => {
    // an editor's swap and backup files are not sources
    if (EDITOR_FILE.test(basename(file))) return;
    // an editor's temporary file is gone by the time its save settles; the
    // file it was renamed to is the one to name
    if (changed === undefined || existsSync(join(root, file))) changed = file;
    since ||= performance.now();
    clearTimeout(timer);
    timer = setTimeout(() => (running === undefined ? synthesize() : undefined), SETTLE_MS);
  };

  // the folder, not the file: saving by rename would end a watch on the file
  const entry = watch(root, (_, file) => (file === 'main.ts' ? onChange('main.ts') : undefined));
  const folders = new FolderWatches(root, onChange);
  for (const folder of options.folders ?? ['src', 'environments', 'imports']) {
    folders.add(join(root, folder));
  }
  synthesize();

  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      entry.close();
      folders.close();
      running?.kill();
    },
  };
}

// One plain watch per folder, and one more for each folder created later.
// Node 20's recursive watch on Linux loses a file once it has been saved by
// renaming another file over it, as many editors save; a folder's own watch
// sees every later change in it.
class FolderWatches {
  private readonly watches = new Map<string, FSWatcher>();

  constructor(
    private readonly root: string,
    private readonly onChange: (file: string) => void,
  ) {}

  add(folder: string): void {
    if (this.watches.has(folder) || !isFolder(folder)) return;

    const watcher = watch(folder, (event, name) => {
      const path = join(folder, String(name ?? ''));
      // a folder created, removed, or put in the place of another
      if (event === 'rename') this.remove(path);
      this.add(path);
      this.onChange(relative(this.root, path));
    });
    watcher.on('error', () => this.remove(folder));
    this.watches.set(folder, watcher);
    for (const child of readdirSync(folder, { withFileTypes: true })) {
      if (child.isDirectory()) this.add(join(folder, child.name));
    }
  }

  close(): void {
    [...this.watches.keys()].forEach((folder) => this.remove(folder));
  }

  private remove(folder: string): void {
    this.watches.get(folder)?.close();
    this.watches.delete(folder);
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
