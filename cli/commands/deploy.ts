import { Command } from 'commander';
import { namespaceApply, platformApplies } from '../apply';
import { CommandContext } from '../context';
import { EnvironmentFlags, environmentOptions, openTarget } from '../environment-options';
import { CliError } from '../errors';
import { Kubectl, KubectlCommand, kubectlReason } from '../kubectl';
import { workloads } from '../manifests';
import { waitForRollouts } from '../rollout';
import { synthesizeForCluster } from '../synth-step';

interface DeployFlags extends EnvironmentFlags {
  readonly timeout: string;
  readonly forceConflicts?: boolean;
}

const DURATION = /^[1-9][0-9]*(s|m|h)$/;

/** `deploy <environment>`: install and upgrade are the same thing. */
export function registerDeploy(command: Command, context: CommandContext): void {
  environmentOptions(command, true)
    .description('synth, validate, then server-side apply an environment, prune what the '
      + 'code no longer has, and wait until every workload is ready')
    .argument('<environment>', 'development, testing, staging or production')
    .option('--timeout <duration>', 'how long to wait for each workload, e.g. 90s, 5m', '5m')
    .option('--force-conflicts', 'take over fields another field manager owns (the first '
      + 'deploy after migrate-helm adopt)')
    .addHelpText('after', `
Steps: synth; validate; check kubectl, the context, the cluster and the CRDs;
apply 0-namespace.yaml; dry-run then apply 1-platform.yaml as an ApplySet with
pruning; wait for each StatefulSet and Deployment. A failed check applies nothing.

Examples:
  npm run deploy -- staging
  npm run deploy -- staging --dry-run
  npm run deploy -- testing --copy pr-123 --timeout 10m`)
    .action((environment: string, flags: DeployFlags) => deploy(context, environment, flags));
}

async function deploy(context: CommandContext, environment: string, flags: DeployFlags) {
  if (!DURATION.test(flags.timeout)) {
    throw new CliError(`--timeout ${flags.timeout} is not a duration; give one such as 90s, `
      + '5m or 1h', 2);
  }

  const { target, kubectl } = openTarget(context, environment, flags,
    { verb: 'deploy', changes: true });
  const manifests = await synthesizeForCluster(context, target, kubectl, environment);

  const options = { forceConflicts: flags.forceConflicts === true, serverDryRun: false };
  const cwd = context.io.cwd;
  await runApply(kubectl, namespaceApply(kubectl, manifests, cwd, options),
    'the namespace file');
  // the API server checks every object first (immutable fields, admission
  // webhooks, quotas), so a refusal leaves the platform as it was
  for (const check of platformApplies(kubectl, target, manifests, cwd,
    { ...options, serverDryRun: true })) {
    await runApply(kubectl, check, 'the platform file in a server-side dry run', true);
  }
  for (const apply of platformApplies(kubectl, target, manifests, cwd, options)) {
    await runApply(kubectl, apply, 'the platform file');
  }

  const notReady = await waitForRollouts(kubectl, target, workloads(manifests.platformObjects),
    flags.timeout, context.io);
  if (notReady.length > 0) {
    throw new CliError(`not ready after ${flags.timeout}: ${notReady.map((n) =>
      `${n.workload} (${n.reason})`).join(', ')}; see npm run status -- ${target.shown} and `
      + `npm run logs -- ${target.shown} <workload>, or give it longer with --timeout`);
  }
  if (!kubectl.options.dryRun) {
    context.io.err(`${target.config.name} is deployed and ready on context ${target.context}\n`);
  }
}

async function runApply(kubectl: Kubectl, command: KubectlCommand, what: string,
  check = false): Promise<void> {
  const result = await kubectl.run(command);
  if (result.status !== 0) {
    const applied = kubectl.mutated ? 'only 0-namespace.yaml (namespace and volumes) was '
      + 'applied' : 'nothing was applied';
    throw new CliError(`the API server refused ${what} (${kubectlReason(result)}); fix it and `
      + `deploy again${check ? `; ${applied}` : ''}`);
  }
}
