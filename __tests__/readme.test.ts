import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ofKind, podTemplates, synthEnvironment } from './support/manifests';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const objects = synthEnvironment('staging');

/** Secret name -> keys, from the README's `kubectl create secret generic` commands. */
function documentedSecrets(): Map<string, Set<string>> {
  const secrets = new Map<string, Set<string>>();
  const commands = README.replace(/\\\n\s*/g, ' ').split('\n')
    .filter((line) => line.includes('create secret generic'));
  for (const command of commands) {
    const [, name] = /create secret generic (\S+)/.exec(command) ?? [];
    const keys = [...command.matchAll(/--from-literal=([A-Za-z0-9._-]+)=/g)].map((m) => m[1]);
    secrets.set(name, new Set(keys));
  }

  return secrets;
}

/** Secret name -> keys, from everything the pods read. */
function referencedSecrets(): Map<string, Set<string>> {
  const secrets = new Map<string, Set<string>>();
  const add = (name: string, key?: string) => {
    const keys = secrets.get(name) ?? new Set<string>();
    if (key !== undefined) {
      keys.add(key);
    }
    secrets.set(name, keys);
  };

  for (const { template } of podTemplates(objects)) {
    for (const container of template.spec.containers) {
      for (const variable of container.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref) {
          add(ref.name, ref.key);
        }
      }
      for (const source of container.envFrom ?? []) {
        if (source.secretRef) {
          add(source.secretRef.name);
        }
      }
    }
    for (const volume of template.spec.volumes ?? []) {
      if (volume.secret) {
        add(volume.secret.secretName);
      }
    }
  }

  return secrets;
}

describe('README |', () => {
  test('tells the user how to create every Secret the pods read, with its keys', () => {
    // GIVEN what the manifests reference and what the README creates
    const documented = documentedSecrets();
    const referenced = referencedSecrets();

    // THEN each referenced Secret is created there, with at least the keys read
    expect(referenced.size).toBeGreaterThan(0);
    for (const [name, keys] of referenced) {
      expect({ name, keys: [...(documented.get(name) ?? [])].sort() })
        .toEqual({ name, keys: expect.arrayContaining([...keys]) });
    }
  });

  test('creates no Secret the manifests do not use', () => {
    const referenced = referencedSecrets();
    expect([...documentedSecrets().keys()].filter((name) => !referenced.has(name))).toEqual([]);
  });

  test('names the cert-manager TLS Secrets the Ingresses reference', () => {
    for (const ingress of ofKind(objects, 'Ingress')) {
      expect(ingress.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBeTruthy();
      for (const tls of ingress.spec.tls) {
        expect(README).toContain(`\`${tls.secretName}\``);
      }
    }
  });

  test('names the test command CI runs', () => {
    expect(README).toContain('npm test');
    expect(readFileSync(join(__dirname, '..', '.ci', 'run'), 'utf8')).toContain('npm test');
  });
});
