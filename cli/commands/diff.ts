import { Command } from 'commander';
import { FIELD_MANAGER, asApplied, documents } from '../apply';
import { CommandContext } from '../context';
import { EnvironmentFlags, environmentOptions, openTarget } from '../environment-options';
import { CliError } from '../errors';
import { kubectlReason } from '../kubectl';
import { objectName } from '../manifests';
import { namespaceExists } from '../preflight';
import { shownPath } from '../shell';
import { synthesizeForCluster } from '../synth-step';

interface DiffFlags extends EnvironmentFlags {
  readonly forceConflicts?: boolean;
}

/** `diff <environment>`: what a deploy would change, from the API server's own merge. */
export function registerDiff(command: Command, context: CommandContext): void {
  environmentOptions(command, true)
    .description('synth, validate, then show what a deploy would change on the cluster '
      + '(kubectl diff, server-side); exits 1 when something would change')
    .argument('<environment>', 'development, testing, staging or production')
    .option('--force-conflicts', 'show the change as deploy --force-conflicts would make it')
    .addHelpText('after', `
Objects a deploy would prune (removed from the code) are not shown.

Examples:
  npm run diff -- staging
  npm run diff -- staging --dry-run`)
    .action(async (environment: string, flags: DiffFlags) => {
      const { target, kubectl } = openTarget(context, environment, flags,
        { verb: 'diff', changes: false });
      const manifests = await synthesizeForCluster(context, target, kubectl, environment);

      // the API server cannot dry-run objects into a namespace it does not have
      if (!await namespaceExists(kubectl, target)) {
        const all = [...manifests.namespaceObjects, ...manifests.platformObjects];
        context.io.out(`namespace ${target.config.namespace} does not exist on context `
          + `${target.context}: a deploy creates all ${all.length} objects\n`
          + all.map((o) => `  + ${objectName(o)}\n`).join(''));
        context.session.exitCode = 1;
        return;
      }

      const cwd = context.io.cwd;
      const result = await kubectl.run(kubectl.command(['diff', '--server-side',
        `--field-manager=${FIELD_MANAGER}`,
        ...(flags.forceConflicts ? ['--force-conflicts'] : []),
        '-f', shownPath(manifests.namespaceFile, cwd), '-f', '-'], {
        stream: true,
        stdin: documents(asApplied(manifests.platformObjects, target.config.namespace),
          `the ${manifests.platformObjects.length} objects of ${shownPath(manifests.platformFile,
            cwd)} with the ApplySet's label, as deploy applies them`),
      }));
      // kubectl diff: 0 when nothing differs, 1 when something does, more on errors
      if (result.status > 1) {
        throw new CliError(`kubectl diff failed (${kubectlReason(result)}); fix the cause and `
          + 'run it again');
      }
      if (!result.printed) {
        context.io.err(result.status === 0 ? `${target.config.name}: no differences\n`
          : `${target.config.name}: a deploy would change what is shown above\n`);
      }
      context.session.exitCode = result.status;
    });
}
