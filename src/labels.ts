/** The `app.kubernetes.io/part-of` value shared by every object of the platform. */
export const PART_OF = 'go-chat-ai';

/** Identity of one component of the platform, from which its labels are derived. */
export interface ComponentIdentity {
  /** `app.kubernetes.io/name`, e.g. `auth-service` or `postgresql`. */
  readonly name: string;

  /** `app.kubernetes.io/component`, the role within the platform, e.g. `database`. */
  readonly component: string;

  /** `app.kubernetes.io/instance`, one installation of the platform. */
  readonly instance: string;

  /** `app.kubernetes.io/version`, the version of the software it runs. */
  readonly version: string;
}

/**
 * The labels a pod selector may use: they never change over the life of a
 * Deployment or StatefulSet, whose selectors are immutable.
 */
export function selectorLabels(identity: ComponentIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': identity.name,
    'app.kubernetes.io/instance': identity.instance,
  };
}

/** The full set of recommended labels for an object or pod of a component. */
export function componentLabels(identity: ComponentIdentity): Record<string, string> {
  return {
    ...selectorLabels(identity),
    'app.kubernetes.io/component': identity.component,
    'app.kubernetes.io/part-of': PART_OF,
    'app.kubernetes.io/version': labelValue(identity.version),
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
}

// label values allow at most 63 characters of [A-Za-z0-9_.-]; a digest-pinned
// version such as `sha256:...` has to be shortened to fit
function labelValue(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned.slice(0, 63).replace(/[^A-Za-z0-9]+$/, '');
}
