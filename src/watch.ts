import { ChildProcess, spawn } from 'node:child_process';
import { FSWatcher, existsSync, watch } from 'node:fs';
import { join } from 'node:path';

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
      const ms = Math.round(performance.now() - started);
      console.log(code === 0 ? `synthesized in ${ms} ms; watching for changes`
        : 'synth failed; dist/ left as it was, watching for changes');
      if (changed !== undefined) {
        synthesize();
      }
    });
  };

  const onChange = (file: string) => {
    changed = file;
    since ||= performance.now();
    clearTimeout(timer);
    timer = setTimeout(() => (running === undefined ? synthesize() : undefined), SETTLE_MS);
  };

  const watchers: FSWatcher[] = [
    // the folder, not the file: saving by rename would end a watch on the file
    watch(root, (_, file) => (file === 'main.ts' ? onChange('main.ts') : undefined)),
    ...(options.folders ?? ['src', 'environments', 'imports'])
      .filter((folder) => existsSync(join(root, folder)))
      .map((folder) => watch(join(root, folder), { recursive: true },
        (_, file) => onChange(join(folder, String(file ?? ''))))),
  ];
  synthesize();

  return {
    close: () => {
      clearTimeout(timer);
      watchers.forEach((w) => w.close());
      running?.kill();
    },
  };
}
