import { PlatformConfig, SECRET_NAMES } from '../../src/platform-config';
import { KubeObject, volumeClaims } from '../manifests';
import { leftoverFields, sameJson } from './object-compare';
import { HELM_ANNOTATIONS, HELM_LABEL, HelmRelease } from './release';

/**
 * What happens to one object of the old release:
 * - `adopt`: ours has its kind, namespace and name; it is taken over in place;
 * - `recreate`: as adopt, but a field that cannot change differs, so it is
 *   deleted (its pods orphaned) and deploy creates ours;
 * - `replace`: ours has another name (or namespace); deploy creates ours
 *   beside it and retire deletes it;
 * - `retire`: this project has nothing like it; retire deletes it;
 * - `keep`: deleting it would delete more than itself (a namespace, a CRD)
 *   or what others share; nothing here deletes it;
 * - `volume`: a PersistentVolumeClaim, never deleted unless named.
 */
export type Fate = 'adopt' | 'recreate' | 'replace' | 'retire' | 'keep' | 'volume';

/** One old object's handover. */
export interface Handover {
  readonly old: KubeObject;
  readonly fate: Fate;
  /** Our object that takes its place. */
  readonly ours?: KubeObject;
  /** What happens to it and why, in plain words. */
  readonly note: string;
  /** An adopted object's selector that is not ours: set to ours at adopt. */
  readonly selectorPatch?: { readonly path: string; readonly value: unknown };
  /** Fields it sets that ours does not, which stay after the takeover. */
  readonly leftovers: readonly string[];
  /** The hosts a replaced Ingress serves that one of ours serves too. */
  readonly sharedHosts: readonly string[];
}

/** A claim of the old release: its own PVC or one a StatefulSet of it created. */
export interface VolumeHandover {
  readonly claim: string;
  readonly owner: string;
  /** Whether one of our StatefulSets would use a claim of that name. */
  readonly collides: boolean;
}

/** The whole handover of a release to an environment. */
export interface HandoverPlan {
  readonly release: HelmRelease;
  readonly config: PlatformConfig;
  readonly items: readonly Handover[];
  readonly volumes: readonly VolumeHandover[];
}

// fields the API server refuses to change, per kind
const IMMUTABLE: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['selector'],
  DaemonSet: ['selector'],
  StatefulSet: ['selector', 'serviceName', 'podManagementPolicy', 'volumeClaimTemplates'],
};

// selectors that may change, and that decide which pods an object applies to
const SELECTOR_PATHS: Readonly<Record<string, string>> = {
  Service: 'selector',
  NetworkPolicy: 'podSelector',
  PodDisruptionBudget: 'selector',
};

// what a selector set to ours at adopt means, per kind
const SELECTOR_NOTES: Readonly<Record<string, string>> = {
  Service: 'from then on it sends traffic to none of the old pods, and to ours once deploy has '
    + 'made them ready',
  NetworkPolicy: 'its rules apply to our pods from then on, no longer to the old ones, and deploy '
    + 'replaces the rules',
  PodDisruptionBudget: 'it protects our pods from then on, no longer the old ones',
};

// what deleting one of these would take with it
const KEPT: Readonly<Record<string, string>> = {
  Namespace: 'deleting a namespace deletes everything in it, volumes included',
  CustomResourceDefinition: 'deleting a CRD deletes every object of its kind in the cluster',
  PersistentVolume: 'a volume, with its data',
  StorageClass: 'other workloads of the cluster may use it',
  IngressClass: 'other workloads of the cluster may use it',
  PriorityClass: 'other workloads of the cluster may use it',
};

const RETIRE_NOTES: Readonly<Record<string, string>> = {
  Secret: 'holds literal values; create the Secrets the README lists, copying any value you '
    + 'keep',
  ClusterRole: 'grants API access the services do not need',
  ClusterRoleBinding: 'grants API access the services do not need',
  Role: 'grants API access the services do not need',
  RoleBinding: 'grants API access the services do not need',
};

/** Decides the fate of every object of the release against our objects. */
export function planHandover(release: HelmRelease, config: PlatformConfig,
  ours: readonly KubeObject[]): HandoverPlan {
  const ourClaims = volumeClaims(ours);
  const sameNamespace = release.namespace === config.namespace;
  const volumes = release.objects.flatMap((o) => o.kind === 'PersistentVolumeClaim'
    || o.kind === 'StatefulSet' ? volumeClaims([o]).map((claim) => ({
    claim,
    owner: o.kind === 'StatefulSet' ? `StatefulSet ${o.metadata.name}` : 'the release',
    collides: sameNamespace && ourClaims.includes(claim),
  })) : []);
  const ourHosts = ours.filter((o) => o.kind === 'Ingress').flatMap(hostsOf);
  const ourSecrets = [...Object.values(SECRET_NAMES), ...ours.flatMap(tlsSecretsOf)];

  return {
    release,
    config,
    volumes,
    items: release.objects.map((old) => handover(old, ours, release.name, ourHosts,
      sameNamespace && ourSecrets.includes(old.metadata.name))),
  };
}

function handover(old: KubeObject, ours: readonly KubeObject[], release: string,
  ourHosts: readonly string[], readByUs: boolean): Handover {
  const base = { old, leftovers: [], sharedHosts: [] };
  if (old.kind === 'PersistentVolumeClaim') {
    return { ...base, fate: 'volume', note: 'a volume: kept unless named with --delete-volume' };
  }

  // Secrets are created by hand, not in the manifests: one of the release's
  // with a name the platform reads is kept, never retired
  if (old.kind === 'Secret' && readByUs) {
    return { ...base, fate: 'adopt', note: 'has the name of a Secret the platform reads, so it '
      + 'is kept; check that it holds the keys the README lists' };
  }

  const same = ours.find((o) => o.kind === old.kind && o.metadata.name === old.metadata.name
    && o.metadata.namespace === old.metadata.namespace);
  if (same !== undefined) {
    return sameName(old, same);
  }

  if (KEPT[old.kind] !== undefined) {
    return { ...base, fate: 'keep', note: `${KEPT[old.kind]}: kept; delete it by hand once `
      + 'nothing needs it' };
  }

  const renamed = counterpart(old, ours, release);
  if (renamed !== undefined) {
    const sharedHosts = hostsOf(old).filter((host) => ourHosts.includes(host));
    return { ...base, fate: 'replace', ours: renamed, sharedHosts, note: `ours is ${renamed.kind} `
      + `${renamed.metadata.name}, created beside it by deploy; retire deletes this one`
      + (sharedHosts.length === 0 ? '' : `; it serves ${sharedHosts.join(', ')} as ours does, `
      + 'and ingress-nginx refuses a second Ingress for a host and path, so adopt deletes it if '
      + 'it exists (the API server refuses to create it as written, with both the ingress class '
      + 'annotation and ingressClassName, so usually it does not)') };
  }

  return { ...base, fate: 'retire', note: `${RETIRE_NOTES[old.kind]
    ?? 'this project has nothing like it'}; retire deletes it` };
}

function sameName(old: KubeObject, ours: KubeObject): Handover {
  const differing = (IMMUTABLE[old.kind] ?? []).filter((field) =>
    !sameJson(old.spec?.[field], ours.spec?.[field]));
  if (differing.length > 0) {
    const pods = old.kind === 'StatefulSet' ? 'its pods are deleted too, since ours take their '
      + 'names: it serves nothing from adopt until ours is ready' : 'its pods keep running '
      + 'until retire';
    return { old, ours, fate: 'recreate', leftovers: [], sharedHosts: [], note: `${differing
      .join(', ')} differ${differing.length === 1 ? 's' : ''} from ours and cannot change, so `
      + `it must be recreated: adopt deletes it with --cascade=orphan and ${pods}` };
  }

  const field = SELECTOR_PATHS[old.kind];
  const patch = field !== undefined && !sameJson(old.spec?.[field], ours.spec?.[field])
    ? { path: `/spec/${field}`, value: ours.spec?.[field] } : undefined;
  const skip = [...HELM_ANNOTATIONS.map((a) => `metadata.annotations[${a}]`),
    `metadata.labels[${HELM_LABEL}]`, ...(patch ? [`spec.${field}`] : [])];
  return {
    old, ours, fate: 'adopt', selectorPatch: patch, sharedHosts: [],
    leftovers: leftoverFields(old, ours, skip),
    note: 'taken over in place' + (patch === undefined ? '' : `; its ${field} becomes ours at `
      + `adopt: ${SELECTOR_NOTES[old.kind]}`),
  };
}

// ours under another name: without the release's prefix, or by its name label
function counterpart(old: KubeObject, ours: readonly KubeObject[], release: string):
  KubeObject | undefined {
  const kind = ours.filter((o) => o.kind === old.kind);
  const name = old.metadata.name;
  const stripped = name.startsWith(`${release}-`) ? name.slice(release.length + 1) : name;
  return kind.find((o) => o.metadata.name === stripped)
    ?? kind.find((o) => o.metadata.name === old.metadata.labels?.['app.kubernetes.io/name']);
}

function tlsSecretsOf(ingress: KubeObject): string[] {
  const tls = (ingress.kind === 'Ingress' ? ingress.spec?.tls ?? [] : []) as
    { secretName?: string }[];
  return tls.flatMap((entry) => (entry.secretName ? [entry.secretName] : []));
}

function hostsOf(ingress: KubeObject): string[] {
  if (ingress.kind !== 'Ingress') {
    return [];
  }
  const rules = (ingress.spec?.rules ?? []) as { host?: string }[];
  return rules.flatMap((rule) => (rule.host ? [rule.host] : []));
}
