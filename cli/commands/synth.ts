import { Command } from 'commander';
import { ENVIRONMENTS, environmentConfig } from '../../environments';
import { ConfigurationError } from '../../environments/validate';
import { PlatformConfig } from '../../src/platform-config';
import { synthesizeEnvironments } from '../../src/synthesize';
import { CommandContext } from '../context';
import { CliError } from '../errors';
import { shownPath } from '../shell';

/** `synth [environment...]`: what `npm run synth` does, from the same code. */
export function registerSynth(command: Command, context: CommandContext): void {
  command
    .description('write dist/<environment>/ for each environment named, or for all')
    .argument('[environment...]', `any of ${Object.keys(ENVIRONMENTS).join(', ')}`)
    .option('--copy <name>', 'a short-lived copy of the environment (testing), e.g. pr-123')
    .addHelpText('after', '\nExamples:\n  npm run ops -- synth\n'
      + '  npm run ops -- synth testing --copy pr-123')
    .action((names: string[], flags: { copy?: string }) => {
      const configs = resolveEnvironments(names, flags.copy);
      const result = synthesizeEnvironments(configs, context.outdir);
      for (const s of result.environments) {
        context.io.err(`${s.environment}: ${s.objects} objects written to `
          + `${shownPath(s.folder, context.io.cwd)}/\n`);
      }
      for (const warning of result.warnings) {
        context.io.err(`warning: ${warning}\n`);
      }
    });
}

/**
 * Every named environment's configuration, or all of them; the problems of
 * all are reported together, as `npm run synth` does.
 */
export function resolveEnvironments(names: readonly string[], copy?: string):
  PlatformConfig[] {
  const problems: string[] = [];
  const configs: PlatformConfig[] = [];
  for (const name of names.length > 0 ? names : Object.keys(ENVIRONMENTS)) {
    try {
      configs.push(environmentConfig(name, copy));
    } catch (error) {
      if (!(error instanceof ConfigurationError)) {
        throw new CliError(error instanceof Error ? error.message : String(error), 2);
      }
      problems.push(...error.problems);
    }
  }

  if (problems.length > 0) {
    throw new ConfigurationError(problems);
  }
  return configs;
}
