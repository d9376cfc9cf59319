import { ENVIRONMENTS, environmentConfig } from '../environments';
import { defaults } from '../environments/defaults';
import { deepMerge, resolveEnvironment } from '../environments/merge';
import { staging } from '../environments/staging';
import { find, synthPlatform } from './support/manifests';

describe('environments | layering', () => {
  test('staging resolves the base, then staging, then per service', () => {
    // GIVEN the base and staging layers
    const config = environmentConfig('staging');

    // THEN staging's service defaults apply to both services
    expect(config.auth.replicas).toBe(2);
    expect(config.chat.autoscaling).toMatchObject({ enabled: true, minReplicas: 2 });
    // AND each service's own section wins over the defaults
    expect(config.auth.hostPrefix).toBe('auth-staging');
    expect(config.chat.image.repository).toBe('ghcr.io/go-chat-ai/chat-service');
    // AND untouched base values come through
    expect(config.auth.settings.rateLimit).toEqual(defaults.services.defaults.settings.rateLimit);
    expect(config.auth.settings.allowedOrigins).toEqual(['https://chat-staging.example.com']);
  });

  test('a service section overrides the environment\'s service defaults', () => {
    // GIVEN staging with a chat-only replica change layered after the defaults
    const layer = deepMerge(staging, { services: { chat: { autoscaling: { maxReplicas: 9 } } } });

    // WHEN resolved
    const config = resolveEnvironment('staging', defaults, layer as typeof staging);

    // THEN chat gets 9, auth keeps staging's 5
    expect(config.chat.autoscaling.maxReplicas).toBe(9);
    expect(config.auth.autoscaling.maxReplicas).toBe(5);
  });

  test('arrays replace what is below instead of appending to it', () => {
    expect(deepMerge({ a: [1, 2], b: { c: 1 } }, { a: [3] })).toEqual({ a: [3], b: { c: 1 } });
  });

  test('an override really changes the synthesized output', () => {
    // GIVEN staging, and staging with different limits and storage
    const base = synthPlatform(environmentConfig('staging'));
    const changed = synthPlatform(resolveEnvironment('staging', defaults, deepMerge(staging, {
      services: { auth: { resources: { memoryLimit: '1Gi' } } },
      postgresql: { storage: { size: '20Gi' } },
    }) as typeof staging));

    // THEN only the overridden values move
    const limit = (objects: typeof base) =>
      find(objects, 'Deployment', 'auth-service').spec.template.spec.containers[0].resources;
    const storage = (objects: typeof base) => find(objects, 'StatefulSet', 'postgresql')
      .spec.volumeClaimTemplates[0].spec.resources.requests.storage;
    expect(limit(base).limits.memory).toBe('512Mi');
    expect(limit(changed).limits.memory).toBe('1Gi');
    expect(storage(base)).toBe('5Gi');
    expect(storage(changed)).toBe('20Gi');
    expect(find(changed, 'Deployment', 'chat-service'))
      .toEqual(find(base, 'Deployment', 'chat-service'));
  });

  test('a changed setting rolls the pods through the config hash, and only those pods', () => {
    // GIVEN staging with a different auth log level
    const base = synthPlatform(environmentConfig('staging'));
    const changed = synthPlatform(resolveEnvironment('staging', defaults, deepMerge(staging, {
      services: { auth: { settings: { logLevel: 'debug' } } },
    }) as typeof staging));
    const hash = (objects: typeof base, name: string) => find(objects, 'Deployment', name)
      .spec.template.metadata.annotations['go-chat-ai/config-hash'];

    // THEN the auth pod template changes and the chat one does not
    expect(find(changed, 'ConfigMap', 'auth-service-config').data.LOG_LEVEL).toBe('debug');
    expect(hash(changed, 'auth-service')).not.toBe(hash(base, 'auth-service'));
    expect(hash(changed, 'chat-service')).toBe(hash(base, 'chat-service'));
  });

  test('asking for an unknown environment names the known ones', () => {
    expect(() => environmentConfig('prod')).toThrow(
      `unknown environment "prod"; known environments: ${Object.keys(ENVIRONMENTS).join(', ')}`);
  });
});
