import { checkManifests } from 'go-chat-ai-deploy';
import { FixtureObject, goodApp, objectsOf } from '../validation/good-app';

// Each control of the Pod Security "restricted" profile, broken on its own.

const POD = 'spec.template.spec';
const C0 = `${POD}.containers[0]`;

function podSecurityFields(edit: (pod: FixtureObject, container: FixtureObject) => void) {
  const app = goodApp();
  const pod = app.deployment.spec.template.spec;
  edit(pod, pod.containers[0]);
  return checkManifests(objectsOf(app), { environment: 'staging' }).findings
    .filter((f) => f.rule === 'pod-security')
    .map((f) => f.field);
}

describe('validation | pod security', () => {
  test.each([
    ['host network', (pod: FixtureObject) => { pod.hostNetwork = true; }, `${POD}.hostNetwork`],
    ['host PID', (pod: FixtureObject) => { pod.hostPID = true; }, `${POD}.hostPID`],
    ['a hostPath volume', (pod: FixtureObject) => {
      pod.volumes.push({ name: 'node', hostPath: { path: '/var/run' } });
    }, `${POD}.volumes[1].hostPath`],
    ['an unsafe sysctl', (pod: FixtureObject) => {
      pod.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }];
    }, `${POD}.securityContext.sysctls[0]`],
    ['root as the pod user', (pod: FixtureObject) => {
      pod.securityContext.runAsUser = 0;
    }, `${POD}.securityContext.runAsUser`],
    ['an unconfined seccomp profile', (pod: FixtureObject) => {
      pod.securityContext.seccompProfile.type = 'Unconfined';
    }, `${POD}.securityContext.seccompProfile.type`],
  ])('a pod with %s is refused', (_name, edit, field) => {
    // GIVEN the fixture's pod with one control broken
    // WHEN it is checked
    const fields = podSecurityFields(edit);

    // THEN pod-security names that field, once
    expect(fields).toEqual([field]);
  });

  test.each([
    ['a privileged container', (c: FixtureObject) => { c.securityContext.privileged = true; },
      `${C0}.securityContext.privileged`],
    ['a container adding SYS_ADMIN', (c: FixtureObject) => {
      c.securityContext.capabilities.add = ['SYS_ADMIN'];
    }, `${C0}.securityContext.capabilities.add`],
    ['a container keeping its capabilities', (c: FixtureObject) => {
      c.securityContext.capabilities.drop = ['NET_RAW'];
    }, `${C0}.securityContext.capabilities.drop`],
    ['a container on a host port', (c: FixtureObject) => { c.ports[0].hostPort = 8080; },
      `${C0}.ports[0].hostPort`],
    ['a container allowing root', (c: FixtureObject) => {
      c.securityContext.runAsNonRoot = false;
    },
      `${C0}.securityContext.runAsNonRoot`],
    ['a container unmasking /proc', (c: FixtureObject) => {
      c.securityContext.procMount = 'Unmasked';
    },
      `${C0}.securityContext.procMount`],
    ['a container with a custom SELinux type', (c: FixtureObject) => {
      c.securityContext.seLinuxOptions = { type: 'spc_t' };
    }, `${C0}.securityContext.seLinuxOptions`],
    ['a Windows host-process container', (c: FixtureObject) => {
      c.securityContext.windowsOptions = { hostProcess: true };
    }, `${C0}.securityContext.windowsOptions.hostProcess`],
  ])('%s is refused', (_name, edit, field) => {
    // GIVEN the fixture's container with one control broken
    // WHEN it is checked
    const fields = podSecurityFields((_pod, container) => edit(container));

    // THEN pod-security names that field
    expect(fields).toEqual([field]);
  });

  test('an AppArmor profile other than runtime/default or localhost/ is refused', () => {
    // GIVEN an unconfined profile on the pod template
    const app = goodApp();
    app.deployment.spec.template.metadata.annotations = {
      'container.apparmor.security.beta.kubernetes.io/api': 'unconfined',
    };

    // WHEN
    const { findings } = checkManifests(objectsOf(app), { environment: 'staging' });

    // THEN
    expect(findings.map((f) => f.field)).toEqual([
      'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/api"]',
    ]);
  });

  test('runAsNonRoot and seccomp may be set on every container instead of the pod', () => {
    // GIVEN a pod that leaves both to its one container
    const fields = podSecurityFields((pod, container) => {
      delete pod.securityContext.runAsNonRoot;
      delete pod.securityContext.seccompProfile;
      container.securityContext.seccompProfile = { type: 'RuntimeDefault' };
    });

    // THEN it is as restricted as setting them on the pod
    expect(fields).toEqual([]);
  });

  test('a pod that sets neither, anywhere, is told to set them on the pod', () => {
    const fields = podSecurityFields((pod, container) => {
      delete pod.securityContext.runAsNonRoot;
      delete container.securityContext.runAsNonRoot;
      delete pod.securityContext.seccompProfile;
    });
    expect(fields).toEqual([
      `${POD}.securityContext.runAsNonRoot`, `${POD}.securityContext.seccompProfile`,
    ]);
  });

  test('init containers are held to the profile too', () => {
    // GIVEN an init container that may escalate
    const fields = podSecurityFields((pod, container) => {
      pod.initContainers = [{ ...structuredClone(container), name: 'migrate' }];
      delete pod.initContainers[0].securityContext.allowPrivilegeEscalation;
    });

    // THEN
    expect(fields)
      .toEqual([`${POD}.initContainers[0].securityContext.allowPrivilegeEscalation`]);
  });
});
