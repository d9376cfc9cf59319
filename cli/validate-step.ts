import { validateManifests } from '../validation/kube-schema';
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
 * Today's gate: every object against the Kubernetes 1.28 OpenAPI schemas and
 * the vendored CRD schemas, unknown fields rejected.
 */
export const validateFolder: ValidationStep = (folder) => {
  const objects = readManifests([folder]);
  return {
    checked: objects.length,
    problems: validateManifests(objects).map((finding) => finding.message),
  };
};
