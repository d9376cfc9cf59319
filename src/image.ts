/** A container image pinned by an explicit tag, a digest, or both. */
export interface ImageReference {
  /** Registry and repository, e.g. `ghcr.io/go-chat-ai/auth-service`. */
  readonly repository: string;

  /**
   * Tag, e.g. `1.4.2`; moving tags such as `latest` or `staging` are refused.
   * @default - none; then a digest is required
   */
  readonly tag?: string;

  /** Content digest, e.g. `sha256:9f86...`. @default - none; then a tag is required */
  readonly digest?: string;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

// tags that registries conventionally move to newer builds; a pod restarted
// under one of them may run different code than its neighbours
const MOVING_TAGS = new Set([
  'latest', 'stable', 'edge', 'main', 'master', 'nightly', 'canary', 'head',
  'development', 'dev', 'testing', 'test', 'staging', 'production', 'prod',
]);
const DIGEST = /^sha256:[a-f0-9]{64}$/;
// the distribution reference grammar: an optional registry host (with a dot, a
// port or "localhost"), then lower-case path components
const REGISTRY = /^(localhost|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)(:[0-9]+)?$|^[A-Za-z0-9-]+:[0-9]+$/;
const PATH_COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;

/**
 * Renders `repository:tag`, `repository@digest` or `repository:tag@digest`,
 * refusing references that could move under a running Deployment.
 */
export function renderImage(image: ImageReference, where: string): string {
  if (!isRepository(image.repository)) {
    throw new Error(`${where}: image repository ${JSON.stringify(image.repository)} is not `
      + 'a valid reference; give an optional registry and a lower-case path, without tag '
      + 'or digest, e.g. "ghcr.io/org/app" or "localhost:5000/app"');
  }

  if (image.tag === undefined && image.digest === undefined) {
    throw new Error(`${where}: image "${image.repository}" has neither tag nor digest; `
      + 'pin it with an explicit version tag such as "1.4.2" or a sha256 digest');
  }

  if (image.tag !== undefined && (!TAG.test(image.tag) || MOVING_TAGS.has(image.tag.toLowerCase()))) {
    throw new Error(`${where}: image tag "${image.tag}" is not accepted; use an explicit `
      + 'version tag such as "1.4.2" (not a moving tag like "latest" or "staging") '
      + 'or a sha256 digest');
  }

  if (image.digest !== undefined && !DIGEST.test(image.digest)) {
    throw new Error(`${where}: image digest "${image.digest}" is not accepted; `
      + 'expected "sha256:" followed by 64 lower-case hex digits');
  }

  const tag = image.tag === undefined ? '' : `:${image.tag}`;
  const digest = image.digest === undefined ? '' : `@${image.digest}`;
  return `${image.repository}${tag}${digest}`;
}

function isRepository(repository: string): boolean {
  const parts = repository.split('/');
  const registry = parts.length > 1 && REGISTRY.test(parts[0]) ? 1 : 0;
  const path = parts.slice(registry);
  return path.length > 0 && path.every((part) => PATH_COMPONENT.test(part));
}

/**
 * Refuses an image whose tag names a major version below `minimum`, e.g.
 * PostgreSQL 13 where the services need 15. Digests cannot be checked.
 */
export function checkMajorVersion(image: ImageReference, minimum: number, what: string,
  where: string): void {
  const major = /^([0-9]+)/.exec(image.tag ?? '');
  if (major !== null && Number(major[1]) < minimum) {
    throw new Error(`${where}: image tag "${image.tag}" is ${what} ${major[1]}; the platform `
      + `needs ${what} ${minimum} or later`);
  }
}

/** The version an image runs, for the `app.kubernetes.io/version` label. */
export function imageVersion(image: ImageReference): string {
  return image.tag ?? image.digest ?? 'unknown';
}
