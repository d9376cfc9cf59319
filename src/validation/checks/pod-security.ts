import { Check, Issue } from '../_check';
import { childField } from '../_fields';
import { JsonObject, listOf, objectOf, stringOf, stringsOf } from '../_json';
import { ContainerEntry, Workload, containersOf } from '../_manifest-set';

// The Pod Security Standards as of Kubernetes 1.28, baseline controls included.
// https://kubernetes.io/docs/concepts/security/pod-security-standards/
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral',
  'persistentVolumeClaim', 'projected', 'secret'];
const SAFE_SYSCTLS = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports'];
const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const HOST_NAMESPACES = { hostNetwork: 'network', hostPID: 'process', hostIPC: 'IPC' };
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

type Report = (field: string, problem: string, fix: string) => void;

/** `pod-security`: every pod template meets the `restricted` profile. */
export const checkPodSecurity: Check = ({ set }) => set.workloads.flatMap((workload) => {
  const issues: Issue[] = [];
  const report: Report = (field, problem, fix) =>
    issues.push({ manifest: workload.manifest, field, problem, fix });

  checkPod(workload, report);
  for (const entry of containersOf(workload)) checkContainer(entry, report);
  return issues;
});

function checkPod(workload: Workload, report: Report): void {
  const { podSpec: spec, specPath: at } = workload;
  for (const [host, shared] of Object.entries(HOST_NAMESPACES)) {
    if (spec[host] === true) {
      report(`${at}.${host}`, `the pod shares the node's ${shared} namespace`,
        `remove ${host}`);
    }
  }

  listOf(spec.volumes).forEach((volume, i) => {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (type !== undefined && !RESTRICTED_VOLUMES.includes(type)) {
      report(`${at}.volumes[${i}].${type}`,
        `volume "${stringOf(volume.name)}" is of type ${type}`,
        `use one of ${RESTRICTED_VOLUMES.join(', ')}`);
    }
  });

  const context = objectOf(spec.securityContext);
  const sc = `${at}.securityContext`;
  listOf(context.sysctls).forEach((sysctl, i) => {
    const name = stringOf(sysctl.name) ?? '';
    if (!SAFE_SYSCTLS.includes(name)) {
      report(`${sc}.sysctls[${i}]`, `sysctl "${name}" is not in the safe set`,
        `remove it; only ${SAFE_SYSCTLS.join(', ')} are allowed`);
    }
  });
  checkContext(context, sc, 'the pod', report);
  checkPodIdentity(workload, context, report);

  for (const [key, value] of Object.entries(objectOf(workload.podMetadata.annotations))) {
    const profile = String(value);
    if (key.startsWith(APPARMOR_PREFIX) && profile !== 'runtime/default'
      && !profile.startsWith('localhost/')) {
      report(childField(`${at.replace(/spec$/, 'metadata')}.annotations`, key),
        `AppArmor profile "${profile}" is not allowed`,
        'use runtime/default or localhost/<profile>');
    }
  }
}

// runAsNonRoot and seccomp may be set once for the pod or on every container.
function checkPodIdentity(workload: Workload, context: JsonObject, report: Report): void {
  const containers = containersOf(workload)
    .map((entry) => objectOf(entry.container.securityContext));
  const at = `${workload.specPath}.securityContext`;

  // a value the profile forbids is reported where it is set, by checkContext
  const nonRoot = context.runAsNonRoot === true
    || (containers.length > 0 && containers.every((c) => c.runAsNonRoot === true));
  if (!nonRoot && context.runAsNonRoot === undefined) {
    report(`${at}.runAsNonRoot`, 'the pod may run as root',
      'set securityContext.runAsNonRoot: true on the pod');
  }

  const confined = (c: JsonObject) =>
    SECCOMP_TYPES.includes(String(objectOf(c.seccompProfile).type));
  const seccomp = confined(context)
    || (containers.length > 0 && containers.every(confined));
  if (!seccomp && context.seccompProfile === undefined) {
    report(`${at}.seccompProfile`, 'the pod sets no seccomp profile',
      'set securityContext.seccompProfile.type: RuntimeDefault on the pod');
  }
}

function checkContainer(entry: ContainerEntry, report: Report): void {
  const { container, path, name } = entry;
  const context = objectOf(container.securityContext);
  const sc = `${path}.securityContext`;
  const who = `container "${name}"`;

  if (context.privileged === true) {
    report(`${sc}.privileged`, `${who} is privileged`, 'remove privileged');
  }
  if (context.allowPrivilegeEscalation !== false) {
    report(`${sc}.allowPrivilegeEscalation`, `${who} may gain privileges`,
      'set allowPrivilegeEscalation: false');
  }

  const capabilities = objectOf(context.capabilities);
  if (!stringsOf(capabilities.drop).includes('ALL')) {
    report(`${sc}.capabilities.drop`, `${who} keeps the default capabilities`,
      'set capabilities.drop: [ALL]');
  }
  const added = stringsOf(capabilities.add).filter((cap) => cap !== 'NET_BIND_SERVICE');
  if (added.length > 0) {
    report(`${sc}.capabilities.add`, `${who} adds ${added.join(', ')}`,
      'add no capability but NET_BIND_SERVICE');
  }

  listOf(container.ports).forEach((port, i) => {
    if (port.hostPort !== undefined && port.hostPort !== 0) {
      report(`${path}.ports[${i}].hostPort`,
        `${who} binds host port ${String(port.hostPort)}`,
        'remove hostPort and reach the pod through a Service');
    }
  });
  checkContext(context, sc, who, report);
}

// Controls that read the same at pod and container level.
function checkContext(context: JsonObject, at: string, who: string, report: Report) {
  if (context.runAsNonRoot === false) {
    report(`${at}.runAsNonRoot`, `${who} allows running as root`,
      'set runAsNonRoot: true');
  }
  if (context.runAsUser === 0) {
    report(`${at}.runAsUser`, `${who} runs as user 0 (root)`, 'use a non-zero user id');
  }

  const seccomp = stringOf(objectOf(context.seccompProfile).type);
  if (seccomp !== undefined && !SECCOMP_TYPES.includes(seccomp)) {
    report(`${at}.seccompProfile.type`, `${who} uses seccomp profile ${seccomp}`,
      'use RuntimeDefault or Localhost');
  }

  if (objectOf(context.windowsOptions).hostProcess === true) {
    report(`${at}.windowsOptions.hostProcess`, `${who} is a Windows host process`,
      'remove hostProcess');
  }
  if (context.procMount !== undefined && context.procMount !== 'Default') {
    report(`${at}.procMount`, `${who} unmasks /proc`, 'remove procMount');
  }

  const selinux = objectOf(context.seLinuxOptions);
  const type = stringOf(selinux.type) ?? '';
  if (!SELINUX_TYPES.includes(type) || selinux.user || selinux.role) {
    const types = SELINUX_TYPES.filter(Boolean).join(', ');
    report(`${at}.seLinuxOptions`, `${who} sets a custom SELinux user, role or type`,
      `set no user or role, and type only to ${types}`);
  }
}
