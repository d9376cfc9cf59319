import { defaults } from '../environments/defaults';
import { deepMerge } from '../environments/merge';
import { staging } from '../environments/staging';
import { EnvironmentLayer } from '../environments/types';
import { validateEnvironment } from '../environments/validate';
import { validateManifests } from '../validation/kube-schema';
import { Manifest, find, ofKind, synthPlatform } from './support/manifests';

const withCanary = (canary: object) => synthPlatform(validateEnvironment('staging', defaults,
  deepMerge(staging, { services: { auth: { canary } } }) as EnvironmentLayer));
const objects = withCanary({ enabled: true, tag: '1.1.0', weight: 20 });

const selects = (selector: Record<string, string>, pod: Manifest) =>
  Object.entries(selector).every(([k, v]) => pod.spec.template.metadata.labels[k] === v);

describe('canary |', () => {
  test('runs a second Deployment on the canary tag, with its own Service', () => {
    const canary = find(objects, 'Deployment', 'auth-service-canary');
    expect(canary.spec.replicas).toBe(1);
    expect(canary.spec.template.spec.containers[0].image)
      .toBe('ghcr.io/go-chat-ai/auth-service:1.1.0');
    expect(canary.metadata.labels?.['app.kubernetes.io/version']).toBe('1.1.0');
    expect(validateManifests(objects)).toEqual([]);
  });

  test('each Service selects its own track only', () => {
    const stable = find(objects, 'Deployment', 'auth-service');
    const canary = find(objects, 'Deployment', 'auth-service-canary');
    const main = find(objects, 'Service', 'auth-service').spec.selector;
    const second = find(objects, 'Service', 'auth-service-canary').spec.selector;
    expect([selects(main, stable), selects(main, canary)]).toEqual([true, false]);
    expect([selects(second, stable), selects(second, canary)]).toEqual([false, true]);
  });

  test('ingress-nginx sends it the configured share of requests for the same host', () => {
    const ingress = find(objects, 'Ingress', 'auth-service-canary');
    expect(ingress.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '20',
    });
    expect(ingress.spec.rules[0].host)
      .toBe(find(objects, 'Ingress', 'auth-service').spec.rules[0].host);
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe('auth-service-canary');
  });

  test('is monitored and let through the network like the main pods', () => {
    const monitor = find(objects, 'ServiceMonitor', 'auth-service').spec.selector.matchLabels;
    for (const name of ['auth-service', 'auth-service-canary']) {
      expect(find(objects, 'Service', name).metadata.labels).toMatchObject(monitor);
    }
    const policy = find(objects, 'NetworkPolicy', 'auth-service').spec.podSelector.matchLabels;
    expect(selects(policy, find(objects, 'Deployment', 'auth-service-canary'))).toBe(true);
  });

  test('dropping it is a configuration change that removes only its objects', () => {
    const without = withCanary({ enabled: false, tag: '1.1.0' });
    const names = (list: Manifest[]) => list.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names(objects).filter((n) => !names(without).includes(n))).toEqual([
      'Deployment/auth-service-canary', 'Service/auth-service-canary',
      'Ingress/auth-service-canary',
    ]);
    expect(ofKind(without, 'Deployment').map((d) => d.metadata.name))
      .toEqual(['auth-service', 'chat-service', 'notification-service']);
  });

  test('the stable selector is the same with or without a canary, so either applies in place', () => {
    const without = withCanary({ enabled: false });
    expect(find(without, 'Deployment', 'auth-service').spec.selector)
      .toEqual(find(objects, 'Deployment', 'auth-service').spec.selector);
  });
});
