import { basename } from 'node:path';
import { checkManifests } from '../src/validation/check-manifests';
import { formatFinding } from '../src/validation/report';
import { readManifests } from '../validation/manifest-files';

/** What the validation gate found in one environment's folder. */
export interface ValidationReport {
  /** Objects checked. */
  readonly checked: number;

  /** One line per problem, naming the object and the field; empty when valid. */
  readonly problems: readonly string[];
}

/**
 * The gate `validate` and `deploy` pass a synthesized folder through before
 * anything reaches a cluster. Kept behind this one signature so that a fuller
 * gate can take the place of the schema check without the commands changing.
 */
export type ValidationStep = (folder: string) => ValidationReport;

/**
 * The synth's own validation gate (schema, Pod Security, hygiene,
 * references, secrets, RBAC), run again over what was written, with the
 * folder's name as the environment.
 */
export const validateFolder: ValidationStep = (folder) => {
  const report = checkManifests(readManifests([folder]), { environment: basename(folder) });
  return {
    checked: report.objects,
    problems: report.findings.map((finding) => formatFinding(finding).join('\n')),
  };
};
