import { confirmByName } from '../confirm';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { Kubectl, KubectlCommand, kubectlReason } from '../kubectl';
import { KubeObject, kubectlName } from '../manifests';
import { Target } from '../target';
import { Handover, HandoverPlan } from './handover';
import { HELM_ANNOTATIONS, HELM_LABEL } from './release';
import { oldPodsSelector, ourInstance } from './selectors';

/** What the user decided for each claim ours would reuse by name. */
export interface VolumeChoices {
  readonly deleteVolume: readonly string[];
  readonly reuseVolume: readonly string[];
}

/**
 * Refuses to adopt until every claim of the release that ours would reuse by
 * name has been decided on, by name: deleted (after its data was dumped) or
 * reused as it is.
 */
export function checkVolumeChoices(plan: HandoverPlan, choices: VolumeChoices): void {
  const colliding = plan.volumes.filter((v) => v.collides).map((v) => v.claim);
  const named = [...choices.deleteVolume, ...choices.reuseVolume];
  const stray = named.filter((claim) => !colliding.includes(claim));
  if (stray.length > 0) {
    throw new CliError(`${stray.join(', ')}: adopt only decides on the claims ours would reuse `
      + `(${colliding.join(', ') || 'none here'}); retire takes --delete-volume for the others`, 2);
  }

  const open = colliding.filter((claim) => !named.includes(claim));
  if (open.length > 0) {
    throw new CliError(`${open.map((c) => `${c}`).join(', ')} would be used by our StatefulSet `
      + 'as it is; dump its data first (docs/migrating-from-helm.md), then give adopt '
      + `${open.map((c) => `--delete-volume ${c}`).join(' ')} for fresh volumes, or `
      + `${open.map((c) => `--reuse-volume ${c}`).join(' ')} to keep the old data under ours`, 2);
  }
}

/**
 * Hands the release's objects that share our names over to this project:
 * Helm's ownership marks are removed, selectors that cannot stay are set to
 * ours, objects whose fixed fields differ are deleted with their pods left
 * running, and old Ingresses for our hosts are removed. Nothing else of the
 * release is touched; `deploy --force-conflicts` then takes over the rest.
 */
export async function adoptRelease(kubectl: Kubectl, target: Target, plan: HandoverPlan,
  ours: readonly KubeObject[], choices: VolumeChoices, yes: boolean, io: CliIo):
  Promise<void> {
  const acted = plan.items.filter((item) => item.fate === 'adopt' || item.fate === 'recreate'
    || (item.fate === 'replace' && item.sharedHosts.length > 0));
  const live = await existing(kubectl, plan.release.namespace, acted.map((i) => i.old));
  const instance = ourInstance(ours);
  if (!kubectl.options.dryRun) {
    await confirmByName(io, target.config.name, summary(target, plan, acted.filter((i) =>
      live(i.old)), choices), yes);
  }

  const commands = acted.flatMap((item) =>
    actions(kubectl, plan.release.namespace, item, instance, live(item.old)));
  const deleted = plan.volumes.filter((v) => choices.deleteVolume.includes(v.claim));
  if (deleted.length > 0) {
    commands.push(kubectl.command(['-n', plan.release.namespace, 'delete',
      ...deleted.map((v) => `persistentvolumeclaim/${v.claim}`), '--ignore-not-found'],
    { mutates: true, stream: true }));
  }

  await kubectl.runEach(commands, 'fix the cause and run adopt again: each step can be repeated');
  if (!kubectl.options.dryRun) {
    io.err(`adopted ${acted.filter((i) => live(i.old)).length} objects of ${plan.release.name}; `
      + `next: npm run deploy -- ${target.shown} --force-conflicts\n`);
  }
}

// what to run for one object; the pods of a recreated StatefulSet go even
// when it is gone already, so that a second run finishes what a first began
function actions(kubectl: Kubectl, namespace: string, item: Handover, instance: string,
  live: boolean): KubectlCommand[] {
  const name = kubectlName(item.old);
  const extra = { mutates: true, stream: true };
  const run = (...args: string[]) => kubectl.command(['-n', namespace, ...args], extra);
  if (item.fate === 'recreate') {
    const pods = item.old.kind === 'StatefulSet' ? oldPodsSelector(item.old, instance) : undefined;
    return [...(live ? [run('delete', name, '--cascade=orphan', '--ignore-not-found')] : []),
      ...(pods === undefined ? [] : [run('delete', 'pods', '-l', pods, '--ignore-not-found')])];
  }

  if (!live) {
    return [];
  }
  if (item.fate === 'replace') {
    return [run('delete', name, '--ignore-not-found')];
  }

  return [
    run('annotate', name, ...HELM_ANNOTATIONS.map((key) => `${key}-`)),
    run('label', name, `${HELM_LABEL}-`),
    ...(item.selectorPatch === undefined ? [] : [run('patch', name, '--type=json', '-p',
      JSON.stringify([{ op: 'replace', ...item.selectorPatch }]))]),
  ];
}

function summary(target: Target, plan: HandoverPlan, acted: readonly Handover[],
  choices: VolumeChoices): string {
  const names = (fate: string) => acted.filter((i) => i.fate === fate)
    .map((i) => `${i.old.kind} ${i.old.metadata.name}`).join(', ');
  const lines = [`This changes, on context ${target.context}, namespace `
    + `${plan.release.namespace}:`];
  const rows: [string, string][] = [['takes over', names('adopt')],
    ['deletes now, its pods left running but a StatefulSet\'s deleted too, for deploy to '
      + 'recreate', names('recreate')], ['deletes, for ours serves its hosts', names('replace')],
    ['deletes the volumes, and their data', choices.deleteVolume.join(', ')]];
  for (const [what, which] of rows.filter(([, which]) => which !== '')) {
    lines.push(`  ${what}: ${which}`);
  }
  return `${lines.join('\n')}\n`;
}

// which of the objects the cluster has; in a dry run, all of them
async function existing(kubectl: Kubectl, namespace: string, objects: readonly KubeObject[]):
  Promise<(object: KubeObject) => boolean> {
  if (objects.length === 0) {
    return () => false;
  }

  const result = await kubectl.run(kubectl.command(['-n', namespace, 'get',
    ...objects.map(kubectlName), '-o', 'name', '--ignore-not-found']));
  if (result.status !== 0) {
    throw new CliError(`could not look up the release's objects (${kubectlReason(result)}); `
      + `check your access to namespace ${namespace}, then try again`);
  }

  const found = new Set(result.stdout.split('\n').map((line) => line.trim()));
  return (object) => result.printed || found.has(kubectlName(object));
}
