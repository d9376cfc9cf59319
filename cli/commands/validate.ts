import { Command } from 'commander';
import { ENVIRONMENTS } from '../../environments';
import { synthesizeEnvironments } from '../../src/synthesize';
import { CommandContext } from '../context';
import { CliError } from '../errors';
import { shownPath } from '../shell';
import { resolveEnvironments } from './synth';

/** `validate [environment...]`: synth, then the validation gate over each folder. */
export function registerValidate(command: Command, context: CommandContext): void {
  command
    .description('synth, then check each environment\'s manifests as deploy does before '
      + 'anything reaches a cluster')
    .argument('[environment...]', `any of ${Object.keys(ENVIRONMENTS).join(', ')}`)
    .option('--copy <name>', 'a short-lived copy of the environment (testing), e.g. pr-123')
    .action((names: string[], flags: { copy?: string }) => {
      const result = synthesizeEnvironments(resolveEnvironments(names, flags.copy),
        context.outdir);
      const problems: string[] = [];
      for (const s of result.environments) {
        const report = context.validate(s.folder);
        const folder = shownPath(s.folder, context.io.cwd);
        const verdict = report.problems.length === 0 ? 'all valid'
          : `${report.problems.length} invalid`;
        context.io.err(`${s.environment}: ${report.checked} objects in ${folder}/, ${verdict}\n`);
        problems.push(...report.problems.map((p) => `${s.environment}: ${p}`));
      }

      if (problems.length > 0) {
        throw new CliError(`the manifests are not valid:\n  - ${problems.join('\n  - ')}\n`
          + 'fix the constructs or the environment, then run it again');
      }
    });
}
