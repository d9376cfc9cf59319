import { KubeObject, selectorOf } from '../manifests';

/** The instance label every pod of ours carries, with the environment's value. */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** Our instance label's value, read off our objects. */
export function ourInstance(ours: readonly KubeObject[]): string {
  const labelled = ours.find((o) => o.metadata.labels?.[INSTANCE_LABEL] !== undefined);
  if (labelled === undefined) {
    throw new Error(`none of our objects carries ${INSTANCE_LABEL}`);
  }
  return labelled.metadata.labels?.[INSTANCE_LABEL] as string;
}

/**
 * The label selector of an old workload's pods that can never match one of
 * ours: its own labels, and not our instance. Undefined when it selects by
 * expressions, which a command line would not capture faithfully.
 */
export function oldPodsSelector(old: KubeObject, instance: string): string | undefined {
  const selector = old.spec?.selector as { matchExpressions?: unknown[] } | undefined;
  const labels = Object.entries(selectorOf(old));
  if (labels.length === 0 || (selector?.matchExpressions ?? []).length > 0) {
    return undefined;
  }
  return [...labels.map(([key, value]) => `${key}=${value}`), `${INSTANCE_LABEL}!=${instance}`]
    .join(',');
}
