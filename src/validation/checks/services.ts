import { Check, Issue } from '../_check';
import { childField } from '../_fields';
import { JsonObject, labelsOf, listOf, objectOf, stringOf } from '../_json';
import { Manifest, ManifestSet, Workload, containersOf } from '../_manifest-set';

const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'];
const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'];

/** `service-selector`: every selector of a Service matches some pod template. */
export const checkServiceSelector: Check = ({ set }) => selectingServices(set)
  .filter(({ pods }) => pods.length === 0)
  .map(({ service, selector }) => ({
    manifest: service,
    field: 'spec.selector',
    problem: `selector ${describeMap(selector)} matches no pod template in the namespace`,
    fix: 'use labels the pod template of the workload behind it carries',
  }));

/** `service-target-port`: every target port is a port the selected containers declare. */
export const checkServiceTargetPort: Check = ({ set }) => selectingServices(set)
  .filter(({ pods }) => pods.length > 0)
  .flatMap(({ service, pods }) => listOf(objectOf(service.object.spec).ports)
    .flatMap((port, i): Issue[] => {
      const target = port.targetPort ?? port.port;
      if (pods.some((pod) => declaresPort(pod, target))) return [];
      return [{
        manifest: service,
        field: `spec.ports[${i}].targetPort`,
        problem: `target port ${JSON.stringify(target)} is not a port of the selected`
          + ' containers',
        fix: `use a containerPort or port name they declare: ${describePorts(pods)}`,
      }];
    }));

/** `ingress-backend`: every backend is a Service of the namespace, on a port of it. */
export const checkIngressBackend: Check = ({ set }) => set.ofKind('Ingress')
  .flatMap((ingress) => backendsOf(ingress).flatMap(({ backend, field }) =>
    checkBackend(set, ingress, backend, field)));

/** `ingress-class`: the class given once, by `spec.ingressClassName`. */
export const checkIngressClass: Check = ({ set }) => set.ofKind('Ingress')
  .filter((ingress) => objectOf(ingress.object.spec).ingressClassName !== undefined
    && CLASS_ANNOTATION in objectOf(objectOf(ingress.object.metadata).annotations))
  .map((ingress) => ({
    manifest: ingress,
    field: childField('metadata.annotations', CLASS_ANNOTATION),
    problem: `both the ${CLASS_ANNOTATION} annotation and spec.ingressClassName are set`,
    fix: 'remove the annotation and keep spec.ingressClassName',
  }));

/** `probe-port`: every probe targets a port its own container declares. */
export const checkProbePort: Check = ({ set }) => set.workloads.flatMap((workload) =>
  containersOf(workload).flatMap(({ container, path, name }) => PROBES.flatMap((probe) =>
    PROBE_HANDLERS.flatMap((handler): Issue[] => {
      const port = objectOf(objectOf(container[probe])[handler]).port;
      if (port === undefined || containerDeclares(container, port)) return [];
      return [{
        manifest: workload.manifest,
        field: `${path}.${probe}.${handler}.port`,
        problem: `${probe} of container "${name}" targets port ${JSON.stringify(port)},`
          + ' which the container does not declare',
        fix: `use one of its ports: ${describeContainerPorts(container)}`,
      }];
    }))));

interface SelectingService {
  readonly service: Manifest;
  readonly selector: Record<string, string>;
  readonly pods: Workload[];
}

function selectingServices(set: ManifestSet): SelectingService[] {
  return set.ofKind('Service').flatMap((service) => {
    const spec = objectOf(service.object.spec);
    const selector = labelsOf(spec.selector);
    if (spec.type === 'ExternalName' || Object.keys(selector).length === 0) return [];

    const pods = set.workloadsMatching(service.ref.namespace, { matchLabels: selector });
    return [{ service, selector, pods }];
  });
}

function backendsOf(ingress: Manifest): { backend: JsonObject; field: string }[] {
  const spec = objectOf(ingress.object.spec);
  const backends = spec.defaultBackend === undefined ? []
    : [{ backend: objectOf(spec.defaultBackend), field: 'spec.defaultBackend' }];
  listOf(spec.rules).forEach((rule, r) => listOf(objectOf(rule.http).paths)
    .forEach((path, p) => backends.push({
      backend: objectOf(path.backend),
      field: `spec.rules[${r}].http.paths[${p}].backend`,
    })));
  return backends;
}

function checkBackend(
  set: ManifestSet,
  ingress: Manifest,
  backend: JsonObject,
  at: string,
): Issue[] {
  const service = objectOf(backend.service);
  const name = stringOf(service.name);
  if (name === undefined) return [];

  const target = set.find('Service', ingress.ref.namespace, name);
  if (target === undefined) {
    if (set.exists('Service', ingress.ref.namespace, name)) return [];
    return [{
      manifest: ingress,
      field: `${at}.service.name`,
      problem: `backend Service "${name}" is not in the manifests`,
      fix: `create Service "${name}" in the namespace, declare it external, or fix the`
        + ' name',
    }];
  }

  const port = objectOf(service.port);
  const ports = listOf(objectOf(target.object.spec).ports);
  const found = port.name !== undefined ? ports.some((p) => p.name === port.name)
    : ports.some((p) => p.port === port.number);
  if (found) return [];
  return [{
    manifest: ingress,
    field: `${at}.service.port`,
    problem: `Service "${name}" has no port ${JSON.stringify(port.name ?? port.number)}`,
    fix: 'use one of its ports: '
      + ports.map((p) => stringOf(p.name) ?? String(p.port)).join(', '),
  }];
}

function declaresPort(workload: Workload, port: unknown): boolean {
  return containersOf(workload).some((entry) => containerDeclares(entry.container, port));
}

function containerDeclares(container: JsonObject, port: unknown): boolean {
  return listOf(container.ports).some((p) =>
    typeof port === 'string' ? p.name === port : p.containerPort === port);
}

function describePorts(workloads: Workload[]): string {
  const ports = workloads.flatMap((w) => containersOf(w))
    .map((entry) => describeContainerPorts(entry.container));
  return [...new Set(ports)].join('; ');
}

function describeContainerPorts(container: JsonObject): string {
  const ports = listOf(container.ports)
    .map((p) => {
      const port = String(p.containerPort);
      return p.name ? `${String(p.name)} (${port})` : port;
    });
  return ports.length > 0 ? ports.join(', ') : 'none declared, so declare it under ports';
}

function describeMap(map: Record<string, string>): string {
  return Object.entries(map).map(([key, value]) => `${key}=${value}`).join(',');
}
