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
  'latest', 'stable', 'edge', 'main', 'master',
  'development', 'dev', 'testing', 'staging', 'production', 'prod',
]);
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._/-][a-z0-9]+)*)*$/;

/**
 * Renders `repository:tag`, `repository@digest` or `repository:tag@digest`,
 * refusing references that could move under a running Deployment.
 */
export function renderImage(image: ImageReference, where: string): string {
  if (!REPOSITORY.test(image.repository) || image.repository.includes('@')) {
    throw new Error(`${where}: image repository "${image.repository}" is not a valid `
      + 'reference; give registry and path without tag, e.g. "ghcr.io/org/app"');
  }

  if (image.tag === undefined && image.digest === undefined) {
    throw new Error(`${where}: image "${image.repository}" has neither tag nor digest; `
      + 'pin it with an explicit version tag such as "1.4.2" or a sha256 digest');
  }

  if (image.tag !== undefined && (!TAG.test(image.tag) || MOVING_TAGS.has(image.tag))) {
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

/** The version an image runs, for the `app.kubernetes.io/version` label. */
export function imageVersion(image: ImageReference): string {
  return image.tag ?? image.digest ?? 'unknown';
}
