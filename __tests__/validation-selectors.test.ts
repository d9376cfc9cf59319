import { ManifestSet, sameNamespace, toManifest } from '../src/validation/_manifest-set';
import { matchesSelector } from '../src/validation/_selectors';

// The rules look workloads up through an index by pod label; whatever the
// index, the answer must be the one trying every workload gives.

const KEYS = ['app', 'tier', 'track'];
const VALUES = ['a', 'b'];

// a small deterministic generator, so that a failure can be run again
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const labels = () => Object.fromEntries(KEYS.filter(() => next() < 0.6)
    .map((key) => [key, pick(VALUES)]));
  return { next, pick, labels };
}

function deployment(name: string, namespace: string, labels: Record<string, string>) {
  return toManifest({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
    spec: { template: { metadata: { labels }, spec: { containers: [] } } },
  });
}

describe('validation | pod selectors', () => {
  test('workloads matching a selector are exactly those that trying each one finds', () => {
    const random = generator(7);
    for (let round = 0; round < 50; round++) {
      // GIVEN workloads in two namespaces with assorted labels
      const manifests = Array.from({ length: 12 }, (_, i) =>
        deployment(`w${i}`, random.pick(['one', 'two']), random.labels()));
      const set = new ManifestSet(manifests);

      for (let s = 0; s < 10; s++) {
        // WHEN a selector of labels, expressions, both or neither is looked up
        const expressions = random.next() < 0.4 ? [{ key: random.pick(KEYS),
          operator: random.pick(['In', 'NotIn', 'Exists', 'DoesNotExist']),
          values: [random.pick(VALUES)] }] : undefined;
        const selector = { matchLabels: random.labels(), matchExpressions: expressions };
        const namespace = random.pick(['one', 'two']);

        // THEN the index finds the same workloads, in the same order
        const expected = set.workloads.filter((w) => sameNamespace(w.manifest.ref.namespace,
          namespace) && matchesSelector(w.labels, selector)).map((w) => w.manifest.ref.name);
        expect(set.workloadsMatching(namespace, selector).map((w) => w.manifest.ref.name))
          .toEqual(expected);
      }
    }
  });

  test('a label no workload carries matches none, and an empty selector every one', () => {
    const set = new ManifestSet([deployment('api', 'one', { app: 'api' }),
      deployment('web', 'one', { app: 'web', tier: 'front' })]);
    const names = (selector: unknown) =>
      set.workloadsMatching('one', selector).map((w) => w.manifest.ref.name);

    expect(names({ matchLabels: { app: 'api', tier: 'front' } })).toEqual([]);
    expect(names({ matchLabels: { app: 'gone' } })).toEqual([]);
    expect(names({})).toEqual(['api', 'web']);
    expect(names({ matchLabels: { tier: 'front' } })).toEqual(['web']);
  });

  test('a label is matched by its key and value, never by a name every object has', () => {
    // GIVEN labels that would read alike joined with "=", and keys no pod carries
    // that every JavaScript object has
    const set = new ManifestSet([deployment('joined', 'one', { 'a': 'b=c', 'a=b': 'c' })]);
    const names = (selector: unknown) =>
      set.workloadsMatching('one', selector).map((w) => w.manifest.ref.name);

    // THEN the workload is found once, and only by what it carries
    expect(names({ matchLabels: { a: 'b=c' } })).toEqual(['joined']);
    expect(names({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }))
      .toEqual([]);
    expect(names({ matchExpressions: [{ key: 'toString', operator: 'DoesNotExist' }] }))
      .toEqual(['joined']);
    expect(names({ matchExpressions: [{ key: 'hasOwnProperty', operator: 'In',
      values: ['function hasOwnProperty() { [native code] }'] }] })).toEqual([]);
  });
});
