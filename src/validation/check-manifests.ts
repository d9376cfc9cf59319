import { Check, Issue } from './_check';
import { isObject } from './_json';
import { Manifest, ManifestSet, toManifest } from './_manifest-set';
import { checkGateAnnotations, suppressionOf } from './checks/annotations';
import {
  checkImageTag, checkProbes, checkReadOnlyRoot, checkResources,
} from './checks/containers';
import { checkPodSecurity } from './checks/pod-security';
import { checkClusterRole, checkRbacWildcard } from './checks/rbac';
import { checkMissingReference } from './checks/references';
import {
  checkHpaReplicas, checkHpaTarget, checkPdb, checkPdbSelector,
} from './checks/scaling';
import { checkSchema } from './checks/schema';
import { checkSecretData, checkSecretLiteral } from './checks/secrets';
import {
  checkNetworkPolicySelector, checkServiceMonitorTarget,
} from './checks/selectors';
import {
  checkIngressBackend, checkIngressClass, checkProbePort, checkServiceSelector,
  checkServiceTargetPort,
} from './checks/services';
import { Finding, SuppressedFinding } from './finding';
import { RULES, RuleId } from './rules';
import { parseSuppressions } from './suppression';

/** How the gate reads the manifests it is given. */
export interface ValidationOptions {
  /**
   * The environment the manifests are for. The secret rules apply to every
   * environment but those in {@link DEVELOPMENT_ENVIRONMENTS}: to staging and
   * production, and to one not known, since a gate that cannot tell should
   * not let a secret through.
   * @default - not known
   */
  readonly environment?: string;
}

/** What the gate found in one set of manifests. */
export interface ValidationReport {
  /** The environment, when it was given. */
  readonly environment?: string;

  /** How many objects were checked. */
  readonly objects: number;

  /** What is wrong; the gate passes when this is empty. */
  readonly findings: readonly Finding[];

  /** What an annotation suppressed, with its reason. */
  readonly suppressed: readonly SuppressedFinding[];
}

/** Environments whose output may hold secrets: {@link ValidationOptions.environment}. */
export const DEVELOPMENT_ENVIRONMENTS: readonly string[] = ['development', 'testing'];

const CHECKS: Record<RuleId, Check> = {
  'schema': checkSchema,
  'pod-security': checkPodSecurity,
  'resources': checkResources,
  'probes': checkProbes,
  'image-tag': checkImageTag,
  'read-only-root': checkReadOnlyRoot,
  'hpa-replicas': checkHpaReplicas,
  'pdb': checkPdb,
  'service-selector': checkServiceSelector,
  'service-target-port': checkServiceTargetPort,
  'ingress-backend': checkIngressBackend,
  'ingress-class': checkIngressClass,
  'missing-reference': checkMissingReference,
  'hpa-target': checkHpaTarget,
  'pdb-selector': checkPdbSelector,
  'network-policy-selector': checkNetworkPolicySelector,
  'service-monitor-target': checkServiceMonitorTarget,
  'probe-port': checkProbePort,
  'secret-data': checkSecretData,
  'secret-literal': checkSecretLiteral,
  'cluster-role': checkClusterRole,
  'rbac-wildcard': checkRbacWildcard,
  'gate-annotation': checkGateAnnotations,
};

/**
 * Runs every rule over a set of Kubernetes objects that are deployed together,
 * such as one chart or one folder of manifests: references are resolved within
 * the set. Findings on an object that suppresses their rule, with a reason,
 * are moved to `suppressed`.
 */
export function checkManifests(
  objects: readonly unknown[],
  options: ValidationOptions = {},
): ValidationReport {
  const manifests = objects.filter((o) => o !== null && o !== undefined)
    .map((o) => toManifest(isObject(o) ? o : {}));
  return checkManifestSet(manifests, options);
}

/** {@link checkManifests} over manifests that know their file or construct. */
export function checkManifestSet(
  manifests: readonly Manifest[],
  options: ValidationOptions = {},
): ValidationReport {
  const { environment } = options;
  const set = new ManifestSet(manifests);
  const context = {
    set,
    protectsSecrets: !DEVELOPMENT_ENVIRONMENTS.includes(environment ?? ''),
  };

  const order = new Map(manifests.map((manifest, index) => [manifest, index]));
  const findings = RULES.flatMap(({ id }) => unique(CHECKS[id](context))
    .map((issue) => ({ issue, finding: toFinding(id, issue) })))
    .sort((a, b) => (order.get(a.issue.manifest) ?? 0)
      - (order.get(b.issue.manifest) ?? 0));

  const reported: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const { issue, finding } of findings) {
    const reason = reasonFor(issue.manifest, finding.rule);
    if (reason === undefined) reported.push(finding);
    else suppressed.push({ ...finding, reason });
  }
  return { ...(environment ? { environment } : {}), objects: manifests.length,
    findings: reported, suppressed };
}

function toFinding(rule: RuleId, { manifest, field, problem, fix }: Issue): Finding {
  return { rule, object: manifest.ref, field, problem, fix,
    ...(manifest.file ? { file: manifest.file } : {}),
    ...(manifest.construct ? { construct: manifest.construct } : {}) };
}

function reasonFor(manifest: Manifest, rule: RuleId): string | undefined {
  const value = suppressionOf(manifest);
  return value === undefined ? undefined : parseSuppressions(value).reasons.get(rule);
}

// a ConfigMap key that two containers of one workload load is one finding
function unique(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter(({ manifest, field, problem }) => {
    const { kind, namespace, name } = manifest.ref;
    const key = [kind, namespace, name, field, problem].join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
