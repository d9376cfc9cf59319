import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { CommandContext } from '../context';
import { shellQuote, shownPath } from '../shell';

/** `clean`: removes what synth, the runner and the build wrote. Nothing on a cluster. */
export function registerClean(command: Command, context: CommandContext): void {
  command
    .description('remove generated files: dist/ (synth), .build/ (bundled commands), lib/ '
      + '(npm run build); touches no cluster')
    .option('--dry-run', 'print what would be removed and remove nothing')
    .action((flags: { dryRun?: boolean }) => {
      const folders = [context.outdir, resolve(context.root, '.build'),
        resolve(context.root, 'lib')].filter((folder) => existsSync(folder));
      for (const folder of folders) {
        const shown = shownPath(folder, context.io.cwd);
        if (flags.dryRun) {
          context.io.out(`rm -rf ${shellQuote(shown)}\n`);
        } else {
          rmSync(folder, { recursive: true, force: true });
          context.io.err(`removed ${shown}/\n`);
        }
      }
      if (folders.length === 0) {
        context.io.err('nothing to remove\n');
      }
    });
}
