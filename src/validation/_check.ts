import { Manifest, ManifestSet } from './_manifest-set';

/** What a check found, before the gate adds the rule id and applies suppressions. */
export interface Issue {
  readonly manifest: Manifest;
  readonly field: string;
  readonly problem: string;
  readonly fix: string;
}

/** What every check sees. */
export interface CheckContext {
  readonly set: ManifestSet;
  /** Whether the secret rules apply: staging, production, or an unknown environment. */
  readonly protectsSecrets: boolean;
}

/** The logic of one rule. */
export type Check = (context: CheckContext) => Issue[];
