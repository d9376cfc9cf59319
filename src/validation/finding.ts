import { RuleId } from './rules';

/** The object a finding is about, as its manifest names it. */
export interface ObjectRef {
  /** `kind` of the object. */
  readonly kind: string;

  /** `metadata.namespace`. @default - none: cluster-scoped, or kubectl's namespace */
  readonly namespace?: string;

  /** `metadata.name`. */
  readonly name: string;
}

/** One thing a rule found wrong with one object. */
export interface Finding {
  /** The rule that fired. */
  readonly rule: RuleId;

  /** The object that is wrong, which a suppression annotation goes on. */
  readonly object: ObjectRef;

  /** Where in the object, as `spec.template.spec.containers[0].image`. */
  readonly field: string;

  /** What is wrong, in a sentence. */
  readonly problem: string;

  /** How to fix it, in a sentence. */
  readonly fix: string;

  /** The manifest file the object came from. @default - not read from a file */
  readonly file?: string;

  /** The path of the construct that made the object. @default - not known */
  readonly construct?: string;
}

/** A finding that an annotation on its object suppressed, and why. */
export interface SuppressedFinding extends Finding {
  /** The reason given in the annotation. */
  readonly reason: string;
}

/** `Kind/namespace/name`, or `Kind/name` for an object without a namespace. */
export function describeObject(ref: ObjectRef): string {
  return [ref.kind, ...(ref.namespace ? [ref.namespace] : []), ref.name].join('/');
}
