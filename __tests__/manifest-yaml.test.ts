import { Yaml } from 'cdk8s';
import { Document } from 'yaml';
import { ENVIRONMENTS } from '../environments';
import { IMPLICIT_TYPE_PATTERNS, directYaml, manifestYaml } from '../src/manifest-yaml';
import { synthEnvironment } from './support/manifests';

// values the serializer quotes, folds, escapes or reads as another type
const AWKWARD_STRINGS = [
  '', 'yes', 'No', 'y', 'Y', 'on', 'OFF', 'true', 'False', '~', 'null', 'NULL', 'nulls',
  '8080', '0o17', '012', '0x1F', '0b101', '1_000', '1:20', '1:20.5', '.5', '1e3', '+1', '-1',
  '.inf', '-.Inf', '.NaN', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '-', '?',
  '- a', '? a', 'a: b', 'a:b', 'a:', 'a #b', 'a#b', '#a', '%a', '@a', '`a', '*', '&a', '!a',
  '|', '>', "'a", '"a', 'a"b', "a'b", 'a\'"b', 'a ', ' a', 'a,b', '[a]', '{a}', 'a]',
  'http://x:80/y', "default-src 'self'", '0 2 * * *', '---', '--- a', '...', 'a\tb',
  'x\u0007y', '\u2028', 'é ünï 🙂', 'a\nb', 'a\nb\n', 'a\n\nb', 'a\nb\n\n', ' a\nb', '\na',
  'a \nb', 'a\nb ', 'a\n b', 'tab\tin\nblock', 'a\n---\nb', 'a\n...', '#!/bin/sh\nset -eu\n',
];
const AWKWARD_VALUES: unknown[] = [
  ...AWKWARD_STRINGS, 0, -0, 1, -1, 1.5, 0.7, 1e21, 2 ** 53, Number.NaN, true, false, null,
  [], {}, [[]], [{}], [[1, 'a\nb']], { a: [] }, new Date(0),
];

function shapes(value: unknown): unknown[] {
  return [
    { kind: 'X', value },
    { kind: 'X', list: [value, 'after'] },
    { kind: 'X', nested: { items: [{ first: value, second: [value] }] } },
  ];
}

describe('manifest YAML |', () => {
  test.each(Object.keys(ENVIRONMENTS))('%s is written directly, exactly as Yaml.stringify writes it', (name) => {
    for (const object of synthEnvironment(name)) {
      expect(directYaml(object)).toBe(Yaml.stringify(object));
    }
  });

  test.each(AWKWARD_VALUES.map((v) => [JSON.stringify(v) ?? String(v), v]))(
    'the value %s comes out as Yaml.stringify writes it', (_, value) => {
      for (const manifest of shapes(value)) {
        expect(manifestYaml(manifest)).toBe(Yaml.stringify(manifest));
      }
    });

  test.each(['', 'n', '8080', 'a b', 'a: b', '-x', 'x'.repeat(1100), 'a\nb'])(
    'the key %j comes out as Yaml.stringify writes it', (key) => {
      const manifest = { kind: 'X', data: { [key]: 'v' } };
      expect(manifestYaml(manifest)).toBe(Yaml.stringify(manifest));
    });

  test('a shared object, written with an anchor and an alias, is left to Yaml.stringify', () => {
    const shared = { a: 1 };
    const manifest = { kind: 'X', first: shared, second: shared };
    expect(directYaml(manifest)).toBeUndefined();
    expect(manifestYaml(manifest)).toBe(Yaml.stringify(manifest));
  });

  test('the strings YAML 1.1 reads as other types are those of the yaml package', () => {
    // GIVEN the yaml package's YAML 1.1 schema
    const { tags } = new Document(null, { version: '1.1' }).schema;

    // THEN the writer quotes exactly the plain scalars the package would read
    // otherwise; the merge key is left to the package
    const others = tags.filter((t) => t.default === true && t.tag !== 'tag:yaml.org,2002:str'
      && t.test).map((t) => t.test?.source);
    expect([...IMPLICIT_TYPE_PATTERNS].sort()).toEqual(others.sort());
  });
});
