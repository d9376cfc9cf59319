import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * The annotation that declares objects the manifests use but do not create:
 * `"Secret/auth-service-db, ConfigMap/ca-bundle"`. They are taken to exist in
 * the namespace of the object carrying it (for a Namespace, in itself).
 */
export const EXTERNAL_ANNOTATION = 'validation.go-chat-ai.io/external';

/** The kinds a manifest refers to by name and that can be created outside it. */
export type ExternalKind = 'Secret' | 'ConfigMap' | 'ServiceAccount' | 'Service';

/** An object the manifests refer to but that is created some other way. */
export interface ExternalPrerequisite {
  /** Its kind. */
  readonly kind: ExternalKind;

  /** Its name, in the namespace of the object that declares it. */
  readonly name: string;
}

const EXTERNAL_KINDS: readonly string[] = [
  'Secret', 'ConfigMap', 'ServiceAccount', 'Service',
];
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** What an external-prerequisite annotation declares, and what is wrong with it. */
export interface ParsedExternals {
  readonly prerequisites: readonly ExternalPrerequisite[];
  readonly problems: readonly string[];
}

/**
 * Declares objects that are created outside the manifests, such as Secrets
 * made with `kubectl create secret`, so that references to them are not
 * reported as missing. The declaration is an annotation, visible in the output.
 *
 * @param scope the ApiObject, or a construct whose default child is one
 * @throws when a name is not a Kubernetes object name
 */
export function declareExternal(
  scope: IConstruct,
  prerequisites: readonly ExternalPrerequisite[],
): void {
  for (const { kind, name } of prerequisites) {
    if (!NAME.test(name)) {
      throw new Error(`external ${kind} "${name}" is not a valid object name: use`
        + ' lower-case letters, digits, "-" and "."');
    }
  }

  const object = ApiObject.of(scope);
  const existing = object.metadata.toJson().annotations?.[EXTERNAL_ANNOTATION];
  const entries = [...(existing ? [existing] : []),
    ...prerequisites.map(({ kind, name }) => `${kind}/${name}`)];
  object.metadata.addAnnotation(EXTERNAL_ANNOTATION, entries.join(', '));
}

/** Reads an external-prerequisite annotation. */
export function parseExternals(value: string): ParsedExternals {
  const prerequisites: ExternalPrerequisite[] = [];
  const problems: string[] = [];

  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [kind, name, ...rest] = entry.split('/');
    if (rest.length > 0 || !name || !EXTERNAL_KINDS.includes(kind) || !NAME.test(name)) {
      problems.push(`declares "${entry}", which is not Kind/name with Kind one of `
        + EXTERNAL_KINDS.join(', '));
    } else {
      prerequisites.push({ kind: kind as ExternalKind, name });
    }
  }

  if (prerequisites.length === 0 && problems.length === 0) {
    problems.push('is empty');
  }
  return { prerequisites, problems };
}
