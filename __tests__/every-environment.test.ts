import { ENVIRONMENTS } from '../environments';
import { validateManifests } from '../validation/kube-schema';
import { flowMatrix } from '../validation/flow-matrix';
import { podTemplates, synthEnvironment } from './support/manifests';

const names = Object.keys(ENVIRONMENTS);
const synthesized = Object.fromEntries(names.map((name) => [name, synthEnvironment(name)]));

describe.each(names)('%s |', (name) => {
  const objects = synthesized[name];

  test('the synthesized manifests match the reviewed snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every object is valid for Kubernetes 1.28 or its CRD', () => {
    expect(validateManifests(objects).map((f) => f.message)).toEqual([]);
  });

  test('the Namespace comes first and holds everything else', () => {
    expect(objects[0].kind).toBe('Namespace');
    expect(objects.slice(1).filter((o) => o.metadata.namespace !== objects[0].metadata.name))
      .toEqual([]);
  });

  test('every pod is Pod Security restricted, bounded and pinned', () => {
    for (const { owner, template } of podTemplates(objects)) {
      const pod = template.spec;
      expect({ owner, pod: pod.securityContext }).toEqual({ owner, pod: expect.objectContaining({
        runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }) });
      for (const c of pod.containers) {
        expect({ owner, security: c.securityContext }).toEqual({ owner, security: {
          runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } } });
        expect(c.resources.requests.cpu && c.resources.requests.memory
          && c.resources.limits.memory).toBeTruthy();
        expect(c.image).not.toMatch(/:latest$/);
      }
    }
  });

  test('no pod but chat-service reaches the internet', () => {
    const out = flowMatrix(objects).filter((c) => c.allowed && c.to.startsWith('internet'));
    expect([...new Set(out.map((c) => c.from))]).toEqual(['chat-service']);
  });

  test('no object is a Secret, and no RBAC is granted', () => {
    expect(objects.filter((o) => o.kind === 'Secret' || o.apiVersion.startsWith('rbac.')))
      .toEqual([]);
  });
});
