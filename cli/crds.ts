import { KubeObject, apiGroup } from './manifests';

/** A CustomResourceDefinition the manifests need, and who needs it. */
export interface RequiredCrd {
  /** The CRD's name, `<plural>.<group>`. */
  readonly name: string;

  /** The first object of that kind, for the message. */
  readonly neededBy: string;

  /** How to get it into the cluster, or to do without it. */
  readonly install: string;
}

// what installs the CRDs of an API group, for the error that says one is missing
const INSTALL_HINTS: Readonly<Record<string, string>> = {
  'monitoring.coreos.com': 'install the Prometheus Operator and its CRDs (for example with '
    + 'the kube-prometheus-stack Helm chart), or set monitoring.enabled: false',
};

// the groups Kubernetes serves itself: the core group, one-word groups and *.k8s.io
function isBuiltIn(group: string): boolean {
  return !group.includes('.') || group.endsWith('.k8s.io');
}

/**
 * The CRDs the objects' kinds need, each once. The plural is the kind in
 * lower case with an "s", which holds for every custom kind the platform
 * ships (ServiceMonitor, PrometheusRule).
 */
export function requiredCrds(objects: readonly KubeObject[], environmentFile: string):
  RequiredCrd[] {
  const crds = new Map<string, RequiredCrd>();
  for (const object of objects) {
    const group = apiGroup(object);
    if (isBuiltIn(group)) {
      continue;
    }

    const name = `${object.kind.toLowerCase()}s.${group}`;
    if (!crds.has(name)) {
      const hint = INSTALL_HINTS[group] ?? `install the operator that defines ${group}`;
      crds.set(name, {
        name,
        neededBy: `${object.kind} ${object.metadata.name}`,
        install: hint.replace(/monitoring\.enabled: false$/,
          `monitoring.enabled: false in ${environmentFile}`),
      });
    }
  }

  return [...crds.values()];
}
