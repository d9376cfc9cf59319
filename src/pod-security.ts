import { k8s } from 'cdk8s-plus-28';

/** Where every container gets its only writable directory. */
export const TMP_MOUNT_PATH = '/tmp';

/** The numeric user the platform's own static Go images run as. */
export const NONROOT_UID = 65532;

/**
 * Pod-level security context meeting the Pod Security `restricted` profile.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export function restrictedPodSecurityContext(uid: number): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level security context meeting the Pod Security `restricted` profile. */
export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The emptyDir volume that backs `/tmp` on a read-only root file system. */
export function tmpVolume(): k8s.Volume {
  return { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } };
}

/** Mounts the `/tmp` volume of {@link tmpVolume}. */
export function tmpVolumeMount(): k8s.VolumeMount {
  return { name: 'tmp', mountPath: TMP_MOUNT_PATH };
}
