import { Check, Issue } from '../_check';
import { objectOf, stringOf } from '../_json';
import { Manifest, ManifestSet, Workload, sameNamespace } from '../_manifest-set';
import { describeSelector, matchesSelector } from '../_selectors';

const REPLICATED = ['Deployment', 'StatefulSet', 'ReplicaSet'];

/** `hpa-replicas`: no `spec.replicas` on a workload an autoscaler scales. */
export const checkHpaReplicas: Check = ({ set }) => set.workloads
  .filter((w) => objectOf(w.manifest.object.spec).replicas !== undefined)
  .flatMap((w) => set.autoscalersOf(w.manifest).slice(0, 1).map((hpa) => ({
    manifest: w.manifest,
    field: 'spec.replicas',
    problem: `HorizontalPodAutoscaler "${hpa.ref.name}" scales this`
      + ` ${w.manifest.ref.kind}, but spec.replicas resets the count on every apply`,
    fix: 'remove spec.replicas; the autoscaler\'s minReplicas sets the starting count',
  })));

/** `pdb`: a PodDisruptionBudget for every workload of two or more replicas. */
export const checkPdb: Check = ({ set }) => set.workloads
  .filter((w) => REPLICATED.includes(w.manifest.ref.kind) && replicas(set, w) >= 2)
  .filter((w) => !set.ofKind('PodDisruptionBudget').some((pdb) =>
    sameNamespace(pdb.ref.namespace, w.manifest.ref.namespace)
    && matchesSelector(w.labels, objectOf(pdb.object.spec).selector)))
  .map((w) => ({
    manifest: w.manifest,
    field: `${w.specPath.replace(/spec$/, 'metadata')}.labels`,
    problem: `${replicas(set, w)} replicas, but no PodDisruptionBudget selects the pods`,
    fix: 'add a PodDisruptionBudget whose selector matches the pod labels, with'
      + ' minAvailable 1 or maxUnavailable 1',
  }));

/** `hpa-target`: every autoscaler's scale target exists. */
export const checkHpaTarget: Check = ({ set }) => set.ofKind('HorizontalPodAutoscaler')
  .flatMap((hpa): Issue[] => {
    const ref = objectOf(objectOf(hpa.object.spec).scaleTargetRef);
    const kind = stringOf(ref.kind) ?? '';
    const name = stringOf(ref.name) ?? '';
    if (set.find(kind, hpa.ref.namespace, name)) return [];
    return [{
      manifest: hpa,
      field: 'spec.scaleTargetRef',
      problem: `scale target ${kind}/${name} is not in the manifests`,
      fix: `point scaleTargetRef at a workload in namespace "${hpa.ref.namespace ?? ''}"`
        + ' (kind and name as written there), or remove the autoscaler',
    }];
  });

/** `pdb-selector`: every PodDisruptionBudget selects some pod. */
export const checkPdbSelector: Check = ({ set }) => set.ofKind('PodDisruptionBudget')
  .filter((pdb) => noPods(set, pdb, objectOf(pdb.object.spec).selector))
  .map((pdb) => ({
    manifest: pdb,
    field: 'spec.selector',
    problem: `selector ${describeSelector(objectOf(pdb.object.spec).selector)}`
      + ' matches no pod template in the namespace',
    fix: 'use the labels of the workload it protects, as in its pod template',
  }));

function replicas(set: ManifestSet, workload: Workload): number {
  const own = Number(objectOf(workload.manifest.object.spec).replicas ?? 1);
  const autoscaled = set.autoscalersOf(workload.manifest)
    .map((hpa) => Number(objectOf(hpa.object.spec).minReplicas ?? 1));
  return Math.max(own, ...autoscaled);
}

function noPods(set: ManifestSet, owner: Manifest, selector: unknown): boolean {
  return set.workloadsMatching(owner.ref.namespace, selector).length === 0;
}
