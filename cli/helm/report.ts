import { Fate, HandoverPlan } from './handover';

const SECTIONS: readonly { fate: Fate; title: string }[] = [
  { fate: 'adopt', title: 'Taken over in place (same kind, namespace and name as ours)' },
  { fate: 'recreate', title: 'Must be recreated (same name, but a field that cannot change '
    + 'differs)' },
  { fate: 'replace', title: 'Replaced by ours under another name' },
  { fate: 'retire', title: 'Not in this project' },
  { fate: 'keep', title: 'Kept (never deleted by these commands)' },
];

/** What the migration will do to each object of the release, and the steps to take. */
export function formatPlan(plan: HandoverPlan, manifestFile: string): string {
  const { release, config } = plan;
  const lines = [`Helm release ${release.name} (namespace ${release.namespace}) to `
    + `${config.name} (namespace ${config.namespace}, context ${config.cluster.context})`];

  for (const { fate, title } of SECTIONS) {
    const items = plan.items.filter((item) => item.fate === fate);
    if (items.length > 0) {
      lines.push('', `${title}:`);
    }
    for (const item of items) {
      lines.push(`  ${item.old.kind} ${item.old.metadata.name}: ${item.note}`);
      if (item.leftovers.length > 0) {
        lines.push(`    stays after the takeover, set by the old chart only (remove by hand if `
          + `it matters): ${item.leftovers.join(', ')}`);
      }
    }
  }

  if (plan.volumes.length > 0) {
    lines.push('', 'Volumes (never deleted unless named with --delete-volume):');
  }
  for (const volume of plan.volumes) {
    lines.push(`  ${volume.claim} (${volume.owner}): ${volume.collides
      ? 'ours uses this name and would start on the old data; once it is dumped, give adopt '
        + `--delete-volume ${volume.claim} for a fresh one (or --reuse-volume ${volume.claim})`
      : 'ours does not use it; retire keeps it unless given --delete-volume'}`);
  }

  lines.push('', 'Downtime:', ...downtime(plan).map((line) => `  ${line}`));

  const args = `${config.name} --release ${release.name} --manifest ${manifestFile}`
    + (release.namespace === config.namespace ? '' : ` --release-namespace ${release.namespace}`);
  const volumeFlags = plan.volumes.filter((v) => v.collides)
    .map((v) => ` --delete-volume ${v.claim}`).join('');
  const helm = `helm --kube-context ${config.cluster.context} -n ${release.namespace}`;
  lines.push('', 'Steps, handing over in place (docs/migrating-from-helm.md, 4B):',
    `  1. back up: ${helm} get values ${release.name} --all -o yaml > values.yaml`,
    `     ${helm} get manifest ${release.name} > manifest.yaml`,
    '     and a pg_dump of each database, without owners (the guide, step 1)',
    `  2. create the Secrets the README lists, in namespace ${config.namespace}`,
    `  3. npm run migrate-helm -- adopt ${args}${volumeFlags}`,
    `  4. npm run deploy -- ${config.name} --force-conflicts`,
    '  5. restore each dump as its database\'s user: kubectl exec -i postgresql-0 -- '
      + 'pg_restore --role=<user> ... (the guide, step 5)',
    `  6. npm run migrate-helm -- retire ${args}`,
    'Never run helm uninstall once adopt has run: it deletes every object the release '
      + 'recorded, by name, the adopted ones too; retire deletes the release record instead. '
      + 'To start afresh instead, uninstall first and deploy (the guide, 4A).');
  return `${lines.join('\n')}\n`;
}

// when the old pods stop serving before ours do, said plainly
function downtime(plan: HandoverPlan): string[] {
  const lines: string[] = [];
  const switched = plan.items.filter((i) => i.fate === 'recreate'
    || (i.fate === 'adopt' && i.old.kind === 'Service' && i.selectorPatch !== undefined));
  if (switched.length > 0) {
    lines.push(`${[...new Set(switched.map((i) => i.old.metadata.name))].join(', ')}: from adopt `
      + '(old pods deleted or no longer selected) until deploy has made ours ready');
  }
  if (plan.release.namespace === plan.config.namespace && plan.items.some((i) =>
    i.old.kind === 'Deployment' || i.old.kind === 'StatefulSet')) {
    lines.push('every old pod still running is cut off by our default-deny NetworkPolicy as '
      + 'soon as deploy applies it: expect the old release to serve nothing from then on');
  }
  return lines.length > 0 ? lines : ['none expected: ours starts beside the old objects; move '
    + 'clients to ours, then retire'];
}
