import { Check } from '../_check';
import { validateManifests } from '../kube-schema';

/** `schema`: the object as the API server's schema validation would see it. */
export const checkSchema: Check = ({ set }) => set.manifests.flatMap((manifest) =>
  validateManifests([manifest.object]).map((finding) => ({
    manifest,
    field: pointerToField(finding.path),
    problem: `${finding.path ? lastStep(finding.path) : 'the object'} ${finding.problem}`,
    fix: finding.fix,
  })));

/** A JSON pointer as a field path: `/spec/ports/0` as `spec.ports[0]`. */
export function pointerToField(pointer: string): string {
  const steps = pointer.split('/').slice(1)
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
  return steps.reduce((field, step) => {
    if (/^\d+$/.test(step)) return `${field}[${step}]`;
    if (/^[A-Za-z_$][\w$-]*$/.test(step)) return field ? `${field}.${step}` : step;
    return `${field}["${step}"]`;
  }, '') || '(the object)';
}

function lastStep(pointer: string): string {
  const step = (pointer.split('/').pop() ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(step) ? `item ${step}` : `"${step}"`;
}
