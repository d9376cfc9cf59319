import { Command } from 'commander';
import { CommandContext } from '../context';
import { EnvironmentFlags, environmentOptions, openTarget } from '../environment-options';
import { CliError } from '../errors';
import { adoptRelease, checkVolumeChoices } from '../helm/adopt';
import { dumpUpload } from '../helm/dump-loader';
import { planHandover } from '../helm/handover';
import { readHelmRelease } from '../helm/release';
import { formatPlan } from '../helm/report';
import { retireRelease } from '../helm/retire';
import { requireDumpFile, uploadDump } from '../helm/upload';
import { synthesizeInMemory } from '../manifests';
import { checkCluster } from '../preflight';
import { resolveTarget } from '../target';

interface ReleaseFlags extends EnvironmentFlags {
  readonly release: string;
  readonly manifest: string;
  readonly releaseNamespace?: string;
  readonly deleteVolume?: string[];
  readonly reuseVolume?: string[];
  readonly yes?: boolean;
}

const GUIDE = '\nThe whole migration, step by step: docs/migrating-from-helm.md';

/** `migrate-helm plan|adopt|upload-dump|retire`: leaving the old chart's release. */
export function registerMigrateHelm(command: Command, context: CommandContext): void {
  command.description('move an environment from a Helm release of the old chart to this '
    + 'project').addHelpText('after', GUIDE);
  registerPlan(command.command('plan'), context);
  registerAdopt(command.command('adopt'), context);
  registerUploadDump(command.command('upload-dump'), context);
  registerRetire(command.command('retire'), context);
}

function registerPlan(command: Command, context: CommandContext): void {
  releaseOptions(command)
    .option('--copy <name>', 'a short-lived copy of the environment (testing), e.g. pr-123')
    .description('print what happens to each object of the release, offline: taken over, '
      + 'recreated, replaced or removed')
    .action((environment: string, flags: ReleaseFlags) => {
      const { plan } = load(context, environment, flags);
      context.io.out(formatPlan(plan, flags.manifest));
    });
}

function registerAdopt(command: Command, context: CommandContext): void {
  environmentOptions(releaseOptions(command), true)
    .description("hand the release's objects that share our names over in place; run "
      + 'deploy --force-conflicts right after')
    .option('--delete-volume <claim>', 'a claim ours would reuse by name: delete it for a '
      + 'fresh one, once its data is dumped (repeat for each)', collect)
    .option('--reuse-volume <claim>', 'a claim ours would reuse by name: keep its data for '
      + 'ours (repeat for each)', collect)
    .option('--yes', 'do not ask; for scripts that have read --dry-run')
    .action(async (environment: string, flags: ReleaseFlags) => {
      const { plan, ours } = load(context, environment, flags);
      const choices = { deleteVolume: flags.deleteVolume ?? [],
        reuseVolume: flags.reuseVolume ?? [] };
      checkVolumeChoices(plan, choices);
      const { target, kubectl } = openTarget(context, environment, flags,
        { verb: 'adopt', changes: true });
      await checkCluster(kubectl, target, context.io);
      await adoptRelease(kubectl, target, plan, ours, choices, flags.yes === true, context.io);
    });
}

function registerUploadDump(command: Command, context: CommandContext): void {
  environmentOptions(command, true)
    .description('copy a pg_dump file onto the backup volume, for npm run restore')
    .argument('<environment>', 'development, testing, staging or production')
    .argument('<dump>', 'a custom-format dump named <database>-<UTC stamp>.dump, e.g. '
      + 'auth-20261204T020000Z.dump')
    .action(async (environment: string, dump: string, flags: EnvironmentFlags) => {
      const { target, kubectl } = openTarget(context, environment, flags,
        { verb: 'upload a dump', changes: true });
      const upload = dumpUpload(synthesizeInMemory(target.config), target.config.name, dump);
      if (!kubectl.options.dryRun) {
        requireDumpFile(context.io, dump);
      }
      await checkCluster(kubectl, target, context.io);
      await uploadDump(kubectl, target, upload, dump, context.io);
    });
}

function registerRetire(command: Command, context: CommandContext): void {
  environmentOptions(releaseOptions(command), true)
    .description('once ours is ready: delete what is left of the release, and its record; '
      + 'never the volumes unless named')
    .option('--delete-volume <claim>', "also delete this claim of the release's, and its data "
      + '(repeat for each)', collect)
    .option('--yes', 'do not ask; for scripts that have read --dry-run')
    .action(async (environment: string, flags: ReleaseFlags) => {
      const { plan, ours } = load(context, environment, flags);
      const { target, kubectl } = openTarget(context, environment, flags,
        { verb: 'retire', changes: true });
      await checkCluster(kubectl, target, context.io);
      await retireRelease(kubectl, target, plan, ours, flags.deleteVolume ?? [],
        flags.yes === true, context.io);
    });
}

function releaseOptions(command: Command): Command {
  return command
    .argument('<environment>', 'the environment that takes the release over, e.g. staging')
    .requiredOption('--release <name>', 'the Helm release of the old chart')
    .requiredOption('--manifest <file>', 'its manifest, saved with helm get manifest <release> '
      + '> <file>')
    .option('--release-namespace <namespace>', "the release's namespace; default the "
      + "environment's")
    .addHelpText('after', GUIDE);
}

// the plan needs no cluster: only the saved manifest and our synthesized objects
function load(context: CommandContext, environment: string, flags: ReleaseFlags) {
  const { config } = resolveTarget(environment, { copy: flags.copy },
    { outdir: context.outdir });
  const ours = synthesizeInMemory(config);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(flags.release)) {
    throw new CliError(`--release ${flags.release} is not a Helm release name; give the name `
      + 'helm list shows', 2);
  }
  const release = readHelmRelease(flags.manifest, flags.release,
    flags.releaseNamespace ?? config.namespace);
  return { plan: planHandover(release, config, ours), ours };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
