import { Testing } from 'cdk8s';
import { environmentConfig } from '../../environments';
import { PlatformChart } from '../../src/platform-chart';
import { PlatformConfig } from '../../src/platform-config';

/** A synthesized Kubernetes object, as plain JSON. */
export type Manifest = {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string>;
    annotations?: Record<string, string> };
  readonly [field: string]: any;
};

/** Synthesizes the whole platform for a resolved configuration. */
export function synthPlatform(config: PlatformConfig): Manifest[] {
  const chart = new PlatformChart(Testing.app(), 'go-chat-ai', { config });
  return Testing.synth(chart) as Manifest[];
}

/** Synthesizes a named environment as `npm run synth` does. */
export function synthEnvironment(name: string): Manifest[] {
  return synthPlatform(environmentConfig(name));
}

/** The one object of that kind and name; fails the test if there is none. */
export function find(objects: readonly Manifest[], kind: string, name: string): Manifest {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) {
    const present = objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ');
    throw new Error(`no ${kind}/${name} among: ${present}`);
  }

  return found;
}

/** Every object of a kind. */
export function ofKind(objects: readonly Manifest[], kind: string): Manifest[] {
  return objects.filter((o) => o.kind === kind);
}

/** The pod templates of every workload, with the workload's name. */
export function podTemplates(objects: readonly Manifest[]): { owner: string; template: any }[] {
  return objects
    .filter((o) => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(o.kind))
    .map((o) => ({
      owner: `${o.kind}/${o.metadata.name}`,
      template: o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec.template,
    }));
}

/** The environment of a Deployment's container, with ConfigMap values resolved. */
export function containerEnvironment(objects: readonly Manifest[], name: string) {
  const container = find(objects, 'Deployment', name).spec.template.spec.containers[0];
  const plain: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    Object.assign(plain, find(objects, 'ConfigMap', source.configMapRef.name).data);
  }

  const secret: Record<string, { name: string; key: string }> = {};
  for (const variable of container.env ?? []) {
    if (variable.valueFrom?.secretKeyRef) {
      secret[variable.name] = variable.valueFrom.secretKeyRef;
    } else {
      plain[variable.name] = variable.value;
    }
  }

  return { container, plain, secret };
}
