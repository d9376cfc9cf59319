import { podTemplates, synthEnvironment } from './support/manifests';

const pods = podTemplates(synthEnvironment('staging'));
const rows = pods.map(({ owner, template }) => [owner, template.spec] as const);

describe('pod security | restricted profile', () => {
  test('there is a pod template for every workload', () => {
    expect(pods.map((p) => p.owner).sort()).toEqual([
      'CronJob/postgresql-backup', 'Deployment/auth-service', 'Deployment/chat-service',
      'Deployment/notification-service', 'StatefulSet/postgresql', 'StatefulSet/redis',
    ]);
  });

  test.each(rows)('%s runs as a non-root user with the RuntimeDefault seccomp profile', (_, pod) => {
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(pod.hostPID ?? false).toBe(false);
    expect(pod.hostIPC ?? false).toBe(false);
  });

  test.each(rows)('%s containers drop every capability and cannot escalate', (_, pod) => {
    for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.securityContext.capabilities.add).toBeUndefined();
      expect(container.securityContext.privileged ?? false).toBe(false);
    }
  });

  test.each(rows)('%s uses only volume types the restricted profile allows', (_, pod) => {
    const allowed = ['configMap', 'emptyDir', 'projected', 'secret', 'persistentVolumeClaim',
      'downwardAPI', 'ephemeral', 'csi', 'name'];
    for (const volume of pod.volumes ?? []) {
      expect(Object.keys(volume).filter((key) => !allowed.includes(key))).toEqual([]);
    }
  });

  test.each(rows)('%s writes only to /tmp and its data volumes, /tmp being an emptyDir', (_, pod) => {
    const tmp = pod.volumes.find((v: any) => v.name === 'tmp');
    expect(tmp.emptyDir).toBeDefined();
    for (const container of pod.containers) {
      expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    }
  });
});

describe('pod security | bounded and observable', () => {
  test.each(rows)('%s requests CPU and memory and limits memory', (_, pod) => {
    for (const container of pod.containers) {
      expect(container.resources.requests).toEqual({
        cpu: expect.any(String), memory: expect.any(String),
      });
      expect(container.resources.limits.memory).toEqual(expect.any(String));
    }
  });

  const servers = rows.filter(([owner]) => !owner.startsWith('CronJob/'));
  const jobs = pods.filter((p) => p.owner.startsWith('CronJob/'));

  test.each(servers)('%s has readiness and liveness probes', (_, pod) => {
    for (const container of pod.containers) {
      expect(container.readinessProbe).toBeDefined();
      expect(container.livenessProbe).toBeDefined();
    }
  });

  test('run-to-completion pods are bounded in time instead of probed', () => {
    // a probe restarts a server; a job needs a deadline so a hung run ends
    const objects = synthEnvironment('staging');
    expect(jobs.length).toBeGreaterThan(0);
    for (const cronJob of objects.filter((o) => o.kind === 'CronJob')) {
      expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBeGreaterThan(0);
      expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    }
  });

  test.each(rows)('%s runs images pinned by an explicit version', (_, pod) => {
    for (const container of pod.containers) {
      expect(container.image).toMatch(/^[^:@]+(:[0-9][A-Za-z0-9._-]*)?(@sha256:[a-f0-9]{64})?$/);
      expect(container.image).not.toMatch(/:latest$|^[^:@]+$/);
    }
  });
});
