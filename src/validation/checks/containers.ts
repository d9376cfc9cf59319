import { Check, Issue } from '../_check';
import { JsonObject, listOf, objectOf, stringOf } from '../_json';
import { ContainerEntry, Workload, containersOf } from '../_manifest-set';

type Found = Omit<Issue, 'manifest'>;
type ContainerCheck = (entry: ContainerEntry, workload: Workload) => Found[];

/** Runs a per-container check over every workload's containers. */
function eachContainer(check: ContainerCheck): Check {
  return ({ set }) => set.workloads.flatMap((workload) => containersOf(workload)
    .flatMap((entry) => check(entry, workload))
    .map((issue) => ({ manifest: workload.manifest, ...issue })));
}

/** `resources`: CPU and memory requests and a memory limit on every container. */
export const checkResources = eachContainer(({ container, path, name, list }) => {
  // ephemeral containers cannot have resources
  if (list === 'ephemeralContainers') return [];
  const resources = objectOf(container.resources);
  const missing = [
    ['requests', 'cpu'], ['requests', 'memory'], ['limits', 'memory'],
  ].filter(([group, resource]) => objectOf(resources[group])[resource] === undefined)
    .map(([group, resource]) => `${group}.${resource}`);
  if (missing.length === 0) return [];

  return [{
    field: `${path}.resources`,
    problem: `container "${name}" sets no ${missing.join(', ')}`,
    fix: `set resources.${missing.join(' and resources.')}, from what it uses under load`,
  }];
});

/** `probes`: readiness and liveness on every long-running container. */
export const checkProbes = eachContainer(({ container, path, name, list }, workload) => {
  if (list !== 'containers' || !workload.longRunning) return [];
  return ['readinessProbe', 'livenessProbe']
    .filter((probe) => container[probe] === undefined)
    .map((probe) => ({
      field: `${path}.${probe}`,
      problem: `container "${name}" has no ${probe}`,
      fix: `add a ${probe}, such as an httpGet on the service's health endpoint`,
    }));
});

/** `image-tag`: every image pinned by a tag other than `latest`, or by a digest. */
export const checkImageTag = eachContainer(({ container, path, name }) => {
  const image = stringOf(container.image);
  const field = `${path}.image`;
  if (image === undefined) {
    const problem = `container "${name}" sets no image`;
    return [{ field, problem, fix: 'set a pinned image' }];
  }

  const [reference, digest] = image.split('@');
  const lastSegment = reference.slice(reference.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  const tag = colon < 0 ? '' : lastSegment.slice(colon + 1);
  if (digest !== undefined || (tag !== '' && tag !== 'latest')) return [];

  const fix = 'pin a release tag (repository:1.2.3) or a digest (repository@sha256:...)';
  return [{
    field,
    problem: tag === '' ? `image "${image}" has no tag, so it runs whatever latest is`
      : `image "${image}" uses the moving tag "latest"`,
    fix,
  }];
});

/** `read-only-root`: a read-only root file system, and a writable /tmp to go with it. */
export const checkReadOnlyRoot = eachContainer((entry, workload) => {
  const { container, path, name, list } = entry;
  // debugging sessions attach ephemeral containers that need to write
  if (list === 'ephemeralContainers') return [];
  const issues: Found[] = [];
  if (objectOf(container.securityContext).readOnlyRootFilesystem !== true) {
    issues.push({
      field: `${path}.securityContext.readOnlyRootFilesystem`,
      problem: `container "${name}" can write to its root file system`,
      fix: 'set securityContext.readOnlyRootFilesystem: true and mount what it writes',
    });
  }

  if (!writableTmp(container, workload)) {
    issues.push({
      field: `${path}.volumeMounts`,
      problem: `container "${name}" has no writable /tmp`,
      fix: 'mount an emptyDir volume at /tmp (readOnly unset)',
    });
  }
  return issues;
});

function writableTmp(container: JsonObject, workload: Workload): boolean {
  const mount = listOf(container.volumeMounts)
    .find((m) => String(m.mountPath).replace(/\/+$/, '') === '/tmp' && !m.readOnly);
  if (mount === undefined) return false;

  const volume = listOf(workload.podSpec.volumes).find((v) => v.name === mount.name);
  const claims = listOf(objectOf(workload.manifest.object.spec).volumeClaimTemplates)
    .map((claim) => objectOf(claim.metadata).name);
  return claims.includes(mount.name) || (volume !== undefined
    && ['emptyDir', 'ephemeral', 'persistentVolumeClaim'].some((type) => type in volume));
}
