import { Check, Issue } from '../_check';
import { listOf, objectOf, stringOf, stringsOf } from '../_json';
import { Manifest, ManifestSet } from '../_manifest-set';
import { describeSelector, isEmptySelector, selectorMatcher } from '../_selectors';

/**
 * `network-policy-selector`: a policy's pod selector, and every same-namespace
 * peer it allows, matches some pod template.
 */
export const checkNetworkPolicySelector: Check = ({ set }) => set.ofKind('NetworkPolicy')
  .flatMap((policy) => {
    const spec = objectOf(policy.object.spec);
    const selectors = [{ selector: spec.podSelector, field: 'spec.podSelector' }];
    for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']]) {
      listOf(spec[direction]).forEach((rule, r) => listOf(rule[peers]).forEach((peer, p) => {
        // a peer with a namespace selector or an ipBlock is outside these manifests
        if (peer.podSelector === undefined || peer.namespaceSelector) return;
        const field = `spec.${direction}[${r}].${peers}[${p}].podSelector`;
        selectors.push({ selector: peer.podSelector, field });
      }));
    }

    return selectors
      .filter(({ selector }) => !isEmptySelector(selector)
        && set.workloadsMatching(policy.ref.namespace, selector).length === 0)
      .map(({ selector, field }) => ({
        manifest: policy,
        field,
        problem: `selector ${describeSelector(selector)} matches no pod template in the`
          + ' namespace',
        fix: 'use the pod labels of the workload the rule is for, or remove the rule',
      }));
  });

/** `service-monitor-target`: a monitor matches a Service, each endpoint one of its ports. */
export const checkServiceMonitorTarget: Check = ({ set }) => set.ofKind('ServiceMonitor')
  .flatMap((monitor): Issue[] => {
    const spec = objectOf(monitor.object.spec);
    const services = monitoredServices(set, monitor);
    if (services.length === 0) {
      return [{
        manifest: monitor,
        field: 'spec.selector',
        problem: `selector ${describeSelector(spec.selector)} matches no Service labels`
          + ` in ${describeNamespaces(monitor)}`,
        fix: 'use the labels of the Service to scrape: its metadata.labels, not its'
          + ' selector',
      }];
    }

    const names = services.flatMap((s) => listOf(objectOf(s.object.spec).ports))
      .map((port) => stringOf(port.name)).filter((name) => name !== undefined);
    return listOf(spec.endpoints).flatMap((endpoint, i): Issue[] => {
      const port = stringOf(endpoint.port);
      if (port === undefined || names.includes(port)) return [];
      return [{
        manifest: monitor,
        field: `spec.endpoints[${i}].port`,
        problem: `no matched Service has a port named "${port}"`,
        fix: `use a Service port name: ${[...new Set(names)].join(', ') || 'none is named'}`,
      }];
    });
  });

function monitoredServices(set: ManifestSet, monitor: Manifest): Manifest[] {
  const spec = objectOf(monitor.object.spec);
  const namespaces = objectOf(spec.namespaceSelector);
  const names = stringsOf(namespaces.matchNames);
  const inScope = (service: Manifest) => namespaces.any === true
    || (names.length > 0 ? names.includes(service.ref.namespace ?? '')
      : (service.ref.namespace ?? '') === (monitor.ref.namespace ?? ''));

  const matches = selectorMatcher(spec.selector);
  return set.ofKind('Service').filter((service) => inScope(service)
    && matches(set.objectLabels(service)));
}

function describeNamespaces(monitor: Manifest): string {
  const namespaces = objectOf(objectOf(monitor.object.spec).namespaceSelector);
  if (namespaces.any === true) return 'any namespace';
  const names = stringsOf(namespaces.matchNames);
  return names.length > 0 ? `namespaces ${names.join(', ')}`
    : `namespace "${monitor.ref.namespace ?? ''}"`;
}
