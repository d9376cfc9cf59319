import { confirmByName } from '../confirm';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { Kubectl, KubectlCommand, kubectlReason } from '../kubectl';
import { KubeObject, kubectlName, workloads } from '../manifests';
import { Target } from '../target';
import { HandoverPlan } from './handover';
import { oldPodsSelector, ourInstance } from './selectors';

// enough for a rollout that has finished to say so
const READY_CHECK = '10s';

/**
 * Removes what is left of the release once ours runs: the objects ours
 * replaced or that this project has none of, the pods a recreated workload
 * left running, the volumes named, and Helm's record of the release. Not
 * `helm uninstall`, which would delete the adopted objects by name as well.
 */
export async function retireRelease(kubectl: Kubectl, target: Target, plan: HandoverPlan,
  ours: readonly KubeObject[], deleteVolume: readonly string[], yes: boolean, io: CliIo):
  Promise<void> {
  const { release } = plan;
  const claims = plan.volumes.filter((v) => !v.collides).map((v) => v.claim);
  const refused = deleteVolume.filter((claim) => !claims.includes(claim));
  if (refused.length > 0) {
    throw new CliError(`${refused.join(', ')}: retire deletes only the release's own volumes `
      + `(${claims.join(', ') || 'none here'}), never one ours uses`, 2);
  }

  await requireOursReady(kubectl, target, ours);
  const orphans = orphansOf(plan, ourInstance(ours));
  const commands = deletions(kubectl, plan, orphans, deleteVolume);
  if (!kubectl.options.dryRun) {
    const gone = plan.items.filter((i) => i.fate === 'replace' || i.fate === 'retire');
    await confirmByName(io, target.config.name, `This deletes from context ${target.context}, `
      + `namespace ${release.namespace}:\n${gone.map((i) => `  ${i.old.kind} ${i.old.metadata
        .name}\n`).join('')}${orphans.length > 0 ? '  the pods the recreated workloads left '
        + 'running\n' : ''}${deleteVolume.map((claim) => `  the volume ${claim}, and its data\n`)
        .join('')}  Helm's record of release ${release.name}\n`, yes);
  }

  await kubectl.runEach(commands,
    'fix the cause and run retire again: it skips what is already gone');
  if (!kubectl.options.dryRun) {
    const kept = claims.filter((claim) => !deleteVolume.includes(claim));
    io.err(`retired release ${release.name}${kept.length > 0 ? `; kept the volumes `
      + kept.join(', ') : ''}\n`);
  }
}

interface Orphans {
  readonly kinds: string;
  readonly selector: string;
}

// a recreated StatefulSet's pods went at adopt; a Deployment's ReplicaSets are left
function orphansOf(plan: HandoverPlan, instance: string): Orphans[] {
  return plan.items.filter((i) => i.fate === 'recreate' && i.old.kind !== 'StatefulSet')
    .map((i) => ({ kinds: i.old.kind === 'Deployment' ? 'replicasets.apps,pods' : 'pods',
      selector: oldPodsSelector(i.old, instance) }))
    .filter((o): o is Orphans => o.selector !== undefined);
}

function deletions(kubectl: Kubectl, plan: HandoverPlan, orphans: readonly Orphans[],
  deleteVolume: readonly string[]): KubectlCommand[] {
  const { release } = plan;
  const extra = { mutates: true, stream: true };
  const run = (...args: string[]) => kubectl.command(['-n', release.namespace, ...args], extra);
  const gone = plan.items.filter((i) => i.fate === 'replace' || i.fate === 'retire');

  return [
    ...(gone.length === 0 ? [] : [run('delete', ...gone.map((i) => kubectlName(i.old)),
      '--ignore-not-found', '--wait=true')]),
    ...orphans.map((o) => run('delete', o.kinds, '-l', o.selector, '--ignore-not-found')),
    ...(deleteVolume.length === 0 ? [] : [run('delete', ...deleteVolume.map((claim) =>
      `persistentvolumeclaim/${claim}`), '--ignore-not-found')]),
    // Helm 3 keeps a release as Secrets (or ConfigMaps) labelled with its name
    run('delete', 'secrets,configmaps', '-l', `owner=helm,name=${release.name}`,
      '--ignore-not-found'),
  ];
}

// the old pods may still be serving: retire only once ours are
async function requireOursReady(kubectl: Kubectl, target: Target, ours: readonly KubeObject[]) {
  for (const workload of workloads(ours)) {
    const name = `${workload.kind.toLowerCase()}/${workload.metadata.name}`;
    const result = await kubectl.run(kubectl.command(['-n', target.config.namespace, 'rollout',
      'status', name, `--timeout=${READY_CHECK}`]));
    if (result.status !== 0) {
      throw new CliError(`our ${name} is not ready (${kubectlReason(result)}), and the old pods `
        + `may still be serving; run npm run deploy -- ${target.shown} --force-conflicts `
        + 'until it is, then retire');
    }
  }
}
