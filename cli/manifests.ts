import { join } from 'node:path';
import { App } from 'cdk8s';
import { PlatformChart } from '../src/platform-chart';
import { PlatformConfig } from '../src/platform-config';
import { CHART_ID, NAMESPACE_FILE, PLATFORM_FILE, synthesizeEnvironments }
  from '../src/synthesize';
import { readManifests } from '../validation/manifest-files';

/** A Kubernetes object as the manifests hold it. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec?: Readonly<Record<string, unknown>>;
}

/** One environment's synthesized files and the objects in each. */
export interface EnvironmentManifests {
  /** `0-namespace.yaml`: the namespace and the volumes, applied without pruning. */
  readonly namespaceFile: string;

  /** `1-platform.yaml`: everything else, applied as one ApplySet. */
  readonly platformFile: string;

  readonly namespaceObjects: readonly KubeObject[];
  readonly platformObjects: readonly KubeObject[];
}

/**
 * Synthesizes one environment into its folder, as `npm run synth` does, and
 * reads back what was written: the files applied are the files validated.
 */
export function synthesizeToFolder(config: PlatformConfig, outdir: string):
  EnvironmentManifests {
  synthesizeEnvironments([config], outdir);
  return readFolder(join(outdir, config.name));
}

/** The objects of an environment's folder, as synthesized before. */
export function readFolder(folder: string): EnvironmentManifests {
  const namespaceFile = join(folder, NAMESPACE_FILE);
  const platformFile = join(folder, PLATFORM_FILE);
  return {
    namespaceFile,
    platformFile,
    namespaceObjects: readManifests([namespaceFile]) as unknown as KubeObject[],
    platformObjects: readManifests([platformFile]) as unknown as KubeObject[],
  };
}

/** An environment's objects, synthesized in memory, for commands that only read names. */
export function synthesizeInMemory(config: PlatformConfig): KubeObject[] {
  const chart = new PlatformChart(new App(), CHART_ID, { config });
  return chart.toJson() as KubeObject[];
}

/** `Kind/name`, as reports and kubectl name objects. */
export function objectName(object: KubeObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

/** The API group of an object, `''` for the core group. */
export function apiGroup(object: KubeObject): string {
  return object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
}

/** How kubectl names an object without ambiguity: `statefulset.apps/postgresql`. */
export function kubectlName(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>):
  string {
  const group = apiGroup(object as KubeObject);
  return `${object.kind.toLowerCase()}${group ? `.${group}` : ''}/${object.metadata.name}`;
}

/** The workloads a rollout waits for: data stores first, then the services. */
export function workloads(objects: readonly KubeObject[]): KubeObject[] {
  return [
    ...objects.filter((o) => o.kind === 'StatefulSet'),
    ...objects.filter((o) => o.kind === 'Deployment'),
  ];
}

/**
 * The PersistentVolumeClaims an environment has: those in its files and
 * those its StatefulSets create, `<template>-<statefulset>-<ordinal>`.
 */
export function volumeClaims(objects: readonly KubeObject[]): string[] {
  const own = objects.filter((o) => o.kind === 'PersistentVolumeClaim')
    .map((o) => o.metadata.name);
  const templated = objects.filter((o) => o.kind === 'StatefulSet').flatMap((set) => {
    const spec = set.spec as { replicas?: number; volumeClaimTemplates?: KubeObject[] };
    const ordinals = [...Array(spec.replicas ?? 1).keys()];
    return (spec.volumeClaimTemplates ?? []).flatMap((template) =>
      ordinals.map((i) => `${template.metadata.name}-${set.metadata.name}-${i}`));
  });
  return [...templated, ...own];
}

/** The labels a workload's pods are selected by. */
export function selectorOf(object: KubeObject): Record<string, string> {
  const selector = object.spec?.selector as { matchLabels?: Record<string, string> } | undefined;
  return { ...selector?.matchLabels };
}
