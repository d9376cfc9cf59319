import { CliError } from './errors';
import { KubeObject, synthesizeInMemory } from './manifests';
import { Target } from './target';

/** The kinds whose pods `logs` reads. */
const POD_OWNERS = ['Deployment', 'StatefulSet', 'CronJob'];

/**
 * The named workload of the environment, e.g. `auth-service` or
 * `postgresql`; a name it does not have is refused with the ones it has.
 */
export function findObject(target: Target, kinds: readonly string[], name: string,
  what: string): KubeObject {
  const objects = synthesizeInMemory(target.config).filter((o) => kinds.includes(o.kind));
  const found = objects.find((o) => o.metadata.name === name);
  if (found === undefined) {
    const names = [...new Set(objects.map((o) => o.metadata.name))].join(', ');
    throw new CliError(`${target.config.name} has no ${what} "${name}"; choose one of: `
      + names, 2);
  }
  return found;
}

/** A workload whose pods have logs. */
export function findWorkload(target: Target, name: string): KubeObject {
  return findObject(target, POD_OWNERS, name, 'workload');
}

/**
 * The label selector of a workload's pods: its name and the environment's
 * instance, which every pod of the platform carries. A canary's pods share
 * the name, so they are included.
 */
export function podSelector(object: KubeObject): string {
  const labels = object.metadata.labels ?? {};
  const keys = ['app.kubernetes.io/name', 'app.kubernetes.io/instance'];
  return keys.filter((key) => labels[key] !== undefined)
    .map((key) => `${key}=${labels[key]}`).join(',');
}
