import { k8s } from 'cdk8s-plus-28';

/**
 * One key of a Secret that this project never creates: the operator creates it
 * before applying the manifests, as the README shows.
 */
export interface SecretKeyReference {
  /** Name of the Secret in the platform's namespace. */
  readonly secretName: string;

  /** Key within the Secret. */
  readonly key: string;
}

/** An environment variable read from a Secret. */
export function secretEnvVar(name: string, ref: SecretKeyReference): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } };
}
