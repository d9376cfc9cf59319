import { JsonObject, isObject, labelsOf, listOf, objectOf, stringOf } from './_json';
import { selectorMatcher } from './_selectors';
import { EXTERNAL_ANNOTATION, ParsedExternals, parseExternals } from './external';
import { ObjectRef } from './finding';

/** One object to validate, and where it came from. */
export interface Manifest {
  readonly object: JsonObject;
  readonly ref: ObjectRef;
  /** The file it was read from, when it was. */
  readonly file?: string;
  /** The path of the construct that made it, when known. */
  readonly construct?: string;
}

/** An object with a pod template, or a Pod. */
export interface Workload {
  readonly manifest: Manifest;
  /** Field path of the pod spec, such as `spec.template.spec`. */
  readonly specPath: string;
  readonly podSpec: JsonObject;
  /** The pod template's metadata (the Pod's own, for a Pod). */
  readonly podMetadata: JsonObject;
  readonly labels: Record<string, string>;
  /** False for Jobs and CronJobs, whose pods are meant to finish. */
  readonly longRunning: boolean;
}

/** A container of a workload, with the path of its field. */
export interface ContainerEntry {
  readonly container: JsonObject;
  /** Such as `spec.template.spec.containers[0]`. */
  readonly path: string;
  readonly name: string;
  /** The list it is in: init and ephemeral containers run to completion. */
  readonly list: ContainerList;
}

/** The three lists of containers a pod has. */
export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';

const TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

const CONTAINER_LISTS: ContainerList[] = [
  'containers', 'initContainers', 'ephemeralContainers',
];

/** Where an object came from. */
export interface SourceOptions {
  readonly file?: string;
  readonly construct?: string;
}

/** A parsed object as a manifest; callers drop what is not an object. */
export function toManifest(object: JsonObject, source: SourceOptions = {}): Manifest {
  const metadata = objectOf(object.metadata);
  const namespace = stringOf(metadata.namespace);
  const ref: ObjectRef = {
    kind: stringOf(object.kind) ?? '(no kind)',
    ...(namespace ? { namespace } : {}),
    name: stringOf(metadata.name) ?? '(no name)',
  };
  return { object, ref, ...source };
}

/** The objects validated together, with the lookups the rules share. */
export class ManifestSet {

  readonly workloads: readonly Workload[];

  /** What the external-prerequisite annotations said, by the manifest carrying them. */
  readonly externalDeclarations: ReadonlyMap<Manifest, ParsedExternals>;

  private readonly byKey = new Map<string, Manifest>();
  private readonly byManifest = new Map<Manifest, Workload>();
  private readonly external = new Set<string>();
  private readonly labels = new Map<Manifest, Record<string, string>>();
  private readonly byKind = new Map<string, Manifest[]>();
  private readonly byPodLabel = new Map<string, Map<string, Workload[]>>();

  constructor(readonly manifests: readonly Manifest[]) {
    for (const manifest of manifests) {
      const { kind, namespace, name } = manifest.ref;
      this.byKey.set(key(kind, namespace, name), manifest);
      const ofKind = this.byKind.get(kind);
      if (ofKind) ofKind.push(manifest);
      else this.byKind.set(kind, [manifest]);
    }

    this.workloads = manifests.flatMap((manifest) => workloadOf(manifest) ?? []);
    for (const workload of this.workloads) {
      this.byManifest.set(workload.manifest, workload);
      for (const [k, v] of Object.entries(workload.labels)) {
        const byValue = this.byPodLabel.get(k) ?? new Map<string, Workload[]>();
        this.byPodLabel.set(k, byValue);
        const withLabel = byValue.get(v);
        if (withLabel) withLabel.push(workload);
        else byValue.set(v, [workload]);
      }
    }
    this.externalDeclarations = this.readExternalDeclarations();
  }

  /** The manifests of any of these kinds, in the set's order. */
  ofKind(...kinds: string[]): Manifest[] {
    if (kinds.length === 1) return [...this.byKind.get(kinds[0]) ?? []];
    return this.manifests.filter((m) => kinds.includes(m.ref.kind));
  }

  /** The object of that kind, namespace and name, if the set has it. */
  find(kind: string, namespace: string | undefined, name: string): Manifest | undefined {
    return this.byKey.get(key(kind, namespace, name));
  }

  /** Whether the object is in the set or declared to exist outside it. */
  exists(kind: string, namespace: string | undefined, name: string): boolean {
    return this.byKey.has(key(kind, namespace, name))
      || this.external.has(key(kind, namespace, name));
  }

  /** Workloads in a namespace whose pod labels match a LabelSelector. */
  workloadsMatching(namespace: string | undefined, selector: unknown): Workload[] {
    // a workload that matches carries every one of matchLabels, so only those
    // with the rarest of them need the full test: policies and Services of a
    // hundred services are not each tried against every workload
    const required = Object.entries(labelsOf(objectOf(selector).matchLabels));
    const candidates = required.map(([k, v]) => this.byPodLabel.get(k)?.get(v) ?? [])
      .reduce((a, b) => (b.length < a.length ? b : a), this.workloads);
    const matches = selectorMatcher(selector);
    return candidates.filter((w) => sameNamespace(w.manifest.ref.namespace, namespace)
      && matches(w.labels));
  }

  /** An object's own labels (`metadata.labels`), read once per object. */
  objectLabels(manifest: Manifest): Record<string, string> {
    let labels = this.labels.get(manifest);
    if (labels === undefined) {
      labels = labelsOf(objectOf(manifest.object.metadata).labels);
      this.labels.set(manifest, labels);
    }
    return labels;
  }

  /** The workload view of a manifest that has a pod template. */
  workloadOf(manifest: Manifest): Workload | undefined {
    return this.byManifest.get(manifest);
  }

  /** The HorizontalPodAutoscalers whose scale target is this object. */
  autoscalersOf(target: Manifest): Manifest[] {
    return this.ofKind('HorizontalPodAutoscaler').filter((hpa) => {
      const ref = objectOf(objectOf(hpa.object.spec).scaleTargetRef);
      return sameNamespace(hpa.ref.namespace, target.ref.namespace)
        && ref.kind === target.ref.kind && ref.name === target.ref.name;
    });
  }

  private readExternalDeclarations(): Map<Manifest, ParsedExternals> {
    const declarations = new Map<Manifest, ParsedExternals>();
    for (const manifest of this.manifests) {
      const annotations = objectOf(objectOf(manifest.object.metadata).annotations);
      const value = annotations[EXTERNAL_ANNOTATION];
      if (value === undefined) continue;

      const parsed = parseExternals(String(value));
      declarations.set(manifest, parsed);
      const { kind, namespace, name } = manifest.ref;
      const scope = kind === 'Namespace' ? name : namespace;
      for (const prerequisite of parsed.prerequisites) {
        this.external.add(key(prerequisite.kind, scope, prerequisite.name));
      }
    }
    return declarations;
  }
}

/** Every container of a workload: regular, then init, then ephemeral. */
export function containersOf(workload: Workload): ContainerEntry[] {
  return CONTAINER_LISTS.flatMap((list) => listOf(workload.podSpec[list])
    .map((container, i) => ({
      container,
      path: `${workload.specPath}.${list}[${i}]`,
      name: stringOf(container.name) ?? `#${i}`,
      list,
    })));
}

/** Namespaces compare equal when both are unset, too. */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '') === (b ?? '');
}

function workloadOf(manifest: Manifest): Workload | undefined {
  const steps = TEMPLATE_PATHS[manifest.ref.kind];
  if (steps === undefined) return undefined;

  let template: unknown = manifest.object;
  for (const step of steps) template = objectOf(template)[step];
  if (!isObject(template)) return undefined;

  const podMetadata = objectOf(template.metadata);
  return {
    manifest,
    specPath: [...steps, 'spec'].join('.'),
    podSpec: objectOf(template.spec),
    podMetadata,
    labels: labelsOf(podMetadata.labels),
    longRunning: !['Job', 'CronJob'].includes(manifest.ref.kind),
  };
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}|${namespace ?? ''}|${name}`;
}
