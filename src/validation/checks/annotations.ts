import { Check, Issue } from '../_check';
import { childField } from '../_fields';
import { objectOf } from '../_json';
import { Manifest } from '../_manifest-set';
import { EXTERNAL_ANNOTATION } from '../external';
import { SUPPRESS_ANNOTATION, parseSuppressions } from '../suppression';

/** The suppression annotation of an object, if it has one. */
export function suppressionOf(manifest: Manifest): string | undefined {
  const annotations = objectOf(objectOf(manifest.object.metadata).annotations);
  const value = annotations[SUPPRESS_ANNOTATION];
  return value === undefined ? undefined : String(value);
}

/** `gate-annotation`: every suppression and declaration can be read, and has a reason. */
export const checkGateAnnotations: Check = ({ set }) => [
  ...set.manifests.flatMap((manifest): Issue[] => {
    const value = suppressionOf(manifest);
    if (value === undefined) return [];
    return parseSuppressions(value).problems.map((problem) => ({
      manifest,
      field: childField('metadata.annotations', SUPPRESS_ANNOTATION),
      problem: `the annotation ${problem}, so it suppresses nothing there`,
      fix: 'write "<rule-id>: <reason>", entries separated by ";", with a rule id from'
        + ' docs/validation.md',
    }));
  }),
  ...[...set.externalDeclarations].flatMap(([manifest, parsed]) =>
    parsed.problems.map((problem) => ({
      manifest,
      field: childField('metadata.annotations', EXTERNAL_ANNOTATION),
      problem: `the annotation ${problem}`,
      fix: 'write "Kind/name" entries separated by ",", as in "Secret/db, ConfigMap/ca"',
    }))),
];
