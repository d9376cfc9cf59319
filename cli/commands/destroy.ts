import { Command } from 'commander';
import { APPLYSET_PARENT } from '../apply';
import { confirmByName } from '../confirm';
import { CommandContext } from '../context';
import { EnvironmentFlags, environmentOptions, openTarget } from '../environment-options';
import { CliError } from '../errors';
import { Kubectl, KubectlCommand, kubectlReason } from '../kubectl';
import { synthesizeToFolder, volumeClaims } from '../manifests';
import { checkCluster } from '../preflight';
import { shownPath } from '../shell';
import { Target } from '../target';

interface DestroyFlags extends EnvironmentFlags {
  readonly yes?: boolean;
  readonly deleteVolume?: string[];
  readonly deleteNamespace?: boolean;
}

/** `destroy <environment>`: the platform goes, the data stays unless named. */
export function registerDestroy(command: Command, context: CommandContext): void {
  environmentOptions(command, true)
    .description("delete an environment's platform (1-platform.yaml); its namespace, "
      + 'Secrets and volumes stay unless named')
    .argument('<environment>', 'development, testing, staging or production')
    .option('--delete-volume <claim>', 'also delete this PersistentVolumeClaim, and its data '
      + '(repeat for each)', collect)
    .option('--delete-namespace', 'also delete the namespace with every Secret in it; every '
      + 'volume in it must then be named with --delete-volume')
    .option('--yes', 'do not ask; for scripts that have read --dry-run')
    .addHelpText('after', `
Examples:
  npm run destroy -- staging
  npm run destroy -- testing --copy pr-123 --yes
  npm run destroy -- staging --delete-volume data-postgresql-0 --delete-volume postgresql-backups`)
    .action((environment: string, flags: DestroyFlags) => destroy(context, environment, flags));
}

async function destroy(context: CommandContext, environment: string, given: DestroyFlags) {
  const flags = { ...given, deleteVolume: given.deleteVolume ?? [] };
  const { target, kubectl } = openTarget(context, environment, flags,
    { verb: 'destroy', changes: true });
  const manifests = synthesizeToFolder(target.config, context.outdir);
  const claims = volumeClaims([...manifests.namespaceObjects, ...manifests.platformObjects]);
  const unknown = flags.deleteVolume.filter((claim) => !claims.includes(claim));
  if (unknown.length > 0 && !flags.deleteNamespace) {
    throw new CliError(`${unknown.join(', ')} ${unknown.length > 1 ? 'are not volumes' : 'is '
      + 'not a volume'} of ${target.config.name}; its volumes are ${claims.join(', ')
      || 'none'}`, 2);
  }

  await checkCluster(kubectl, target, context.io);
  if (flags.deleteNamespace) {
    await refuseUnnamedVolumes(kubectl, target, flags.deleteVolume);
  }

  const platform = shownPath(manifests.platformFile, context.io.cwd);
  const kept = claims.filter((claim) => !flags.deleteVolume.includes(claim));
  if (!kubectl.options.dryRun) {
    await confirmByName(context.io, target.config.name, summary(target, platform,
      manifests.platformObjects.length, flags, kept), flags.yes === true);
  }

  for (const command of deletions(kubectl, target, platform, flags)) {
    const result = await kubectl.run(command);
    if (result.status !== 0) {
      throw new CliError(`kubectl delete failed (${kubectlReason(result)}); fix the cause and `
        + 'run destroy again: it skips what is already gone');
    }
  }
  if (!kubectl.options.dryRun) {
    context.io.err(`${target.config.name} is destroyed on context ${target.context}`
      + `${kept.length > 0 && !flags.deleteNamespace ? `; kept ${kept.join(', ')}` : ''}\n`);
  }
}

function deletions(kubectl: Kubectl, target: Target, platform: string,
  flags: DestroyFlags & { deleteVolume: string[] }):
  KubectlCommand[] {
  const namespace = target.config.namespace;
  const extra = { mutates: true, stream: true };
  return [
    kubectl.command(['delete', '--ignore-not-found', '--wait=true', '-f', platform], extra),
    // the ApplySet's parent, which deploy created beside the objects
    kubectl.command(['-n', namespace, 'delete', `${APPLYSET_PARENT.resource}/`
      + APPLYSET_PARENT.name, '--ignore-not-found'], extra),
    ...(flags.deleteVolume.length === 0 ? [] : [kubectl.command(['-n', namespace, 'delete',
      ...flags.deleteVolume.map((claim) => `persistentvolumeclaim/${claim}`),
      '--ignore-not-found', '--wait=true'], extra)]),
    ...(flags.deleteNamespace ? [kubectl.command(['delete', `namespace/${namespace}`,
      '--ignore-not-found', '--wait=true'], extra)] : []),
  ];
}

// deleting a namespace deletes every claim in it: each must have been named
async function refuseUnnamedVolumes(kubectl: Kubectl, target: Target,
  named: readonly string[]): Promise<void> {
  const result = await kubectl.run(kubectl.command(['-n', target.config.namespace, 'get',
    'persistentvolumeclaims', '-o', 'name']));
  if (result.status !== 0) {
    throw new CliError(`could not list the volumes of namespace ${target.config.namespace} `
      + `(${kubectlReason(result)}); check your access, then try again`);
  }

  const live = result.stdout.split('\n').map((line) => line.trim().split('/').pop() ?? '')
    .filter((claim) => claim !== '');
  const unnamed = live.filter((claim) => !named.includes(claim));
  if (unnamed.length > 0) {
    throw new CliError(`deleting namespace ${target.config.namespace} would delete the volumes `
      + `${unnamed.join(', ')} with it; name each with --delete-volume to delete them too, or `
      + 'leave out --delete-namespace');
  }
}

function summary(target: Target, platform: string, objects: number,
  flags: DestroyFlags & { deleteVolume: string[] }, kept: readonly string[]): string {
  const lines = [`This deletes from context ${target.context}, namespace `
    + `${target.config.namespace}:`, `  the ${objects} objects of ${platform}`];
  if (flags.deleteVolume.length > 0) {
    lines.push(`  the volumes ${flags.deleteVolume.join(', ')}, and their data`);
  }
  if (flags.deleteNamespace) {
    lines.push(`  the namespace ${target.config.namespace}, with every Secret in it`);
  } else {
    lines.push(`It keeps the namespace, its Secrets${kept.length > 0 ? ` and the volumes `
      + kept.join(', ') : ''}.`);
  }
  return `${lines.join('\n')}\n`;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
