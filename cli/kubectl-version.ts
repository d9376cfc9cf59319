/** A Kubernetes minor release, e.g. 1.28. */
export interface MinorVersion {
  readonly major: number;
  readonly minor: number;
}

/**
 * The oldest kubectl the commands accept. ApplySet pruning arrived in 1.27,
 * but 1.28 changed how the ApplySet's parent lists its kinds
 * (`applyset.kubernetes.io/contains-group-kinds`), which 1.27 cannot read:
 * one teammate on 1.27 would break every later deploy. The manifests are
 * also validated against the 1.28 API.
 */
export const MINIMUM_KUBECTL: MinorVersion = { major: 1, minor: 28 };

/** One side of `kubectl version -o json`. */
interface VersionInfo {
  readonly major?: string;
  readonly minor?: string;
  readonly gitVersion?: string;
}

/**
 * The version kubectl reports for itself (`clientVersion`) or for the API
 * server (`serverVersion`). Vendors write minors like "32+", so the git
 * version ("v1.32.4-eks-...") is read first.
 */
export function parseVersion(info: VersionInfo | undefined): MinorVersion | undefined {
  const git = /^v?([0-9]+)\.([0-9]+)/.exec(info?.gitVersion ?? '');
  if (git) {
    return { major: Number(git[1]), minor: Number(git[2]) };
  }

  const major = parseInt(info?.major ?? '', 10);
  const minor = parseInt(info?.minor ?? '', 10);
  return Number.isNaN(major) || Number.isNaN(minor) ? undefined : { major, minor };
}

/** Whether `version` is `minimum` or later. */
export function atLeast(version: MinorVersion, minimum: MinorVersion): boolean {
  return version.major > minimum.major
    || (version.major === minimum.major && version.minor >= minimum.minor);
}

export function formatVersion(version: MinorVersion): string {
  return `${version.major}.${version.minor}`;
}
