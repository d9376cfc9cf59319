/** The families the gate's rules come in, as the docs group them. */
export type RuleCategory =
  | 'schema' | 'pod-security' | 'hygiene' | 'references' | 'secrets' | 'rbac' | 'gate';

/** What a rule is for: its id, its family and, in one line, why it exists. */
export interface RuleInfo {
  /** The id in reports and in suppression annotations. */
  readonly id: string;

  /** The family the rule belongs to. */
  readonly category: RuleCategory;

  /** Why the rule exists, in one line; docs/validation.md says the same. */
  readonly rationale: string;
}

/** Every rule of the gate, in report order. */
export const RULES = [
  {
    id: 'schema', category: 'schema',
    rationale: 'The API server rejects an object its Kubernetes 1.28 or CRD schema does '
      + 'not allow, unknown fields included, and a deploy that fails half-way is worse '
      + 'than none.',
  },
  {
    id: 'pod-security', category: 'pod-security',
    rationale: 'The namespace enforces Pod Security "restricted", so a pod template that '
      + 'breaks it is refused at admission, long after the synth said yes.',
  },
  {
    id: 'resources', category: 'hygiene',
    rationale: 'Without CPU and memory requests the scheduler places pods blindly, and '
      + 'without a memory limit one leak can take the memory of every pod on the node.',
  },
  {
    id: 'probes', category: 'hygiene',
    rationale: 'Without a readiness probe a rollout sends traffic to pods that are not '
      + 'up; without a liveness probe a hung process is never restarted.',
  },
  {
    id: 'image-tag', category: 'hygiene',
    rationale: 'An untagged or `latest` image changes under the same manifest, so what '
      + 'runs is neither reviewed nor reproducible, and a rollback rolls back nothing.',
  },
  {
    id: 'read-only-root', category: 'hygiene',
    rationale: 'A read-only root file system keeps an intruder from changing the binary; '
      + 'the services still need a writable /tmp, or they fail at their first temporary '
      + 'file.',
  },
  {
    id: 'hpa-replicas', category: 'hygiene',
    rationale: 'A `spec.replicas` beside a HorizontalPodAutoscaler resets the pod count '
      + 'the autoscaler chose on every apply.',
  },
  {
    id: 'pdb', category: 'hygiene',
    rationale: 'Two or more replicas are meant to survive losing one, but without a '
      + 'PodDisruptionBudget a node drain may evict them all at once.',
  },
  {
    id: 'service-selector', category: 'references',
    rationale: 'A Service whose selector matches no pod has no endpoints, and its '
      + 'clients see connection refused.',
  },
  {
    id: 'service-target-port', category: 'references',
    rationale: 'A Service port whose target port no selected container declares sends '
      + 'traffic to a port nothing listens on.',
  },
  {
    id: 'ingress-backend', category: 'references',
    rationale: 'An Ingress backend naming a missing Service or port answers 503 to every '
      + 'request on that path.',
  },
  {
    id: 'ingress-class', category: 'references',
    rationale: 'The API server rejects an Ingress that sets both the '
      + '`kubernetes.io/ingress.class` annotation and `spec.ingressClassName`.',
  },
  {
    id: 'missing-reference', category: 'references',
    rationale: 'A pod that reads a Secret, ConfigMap or ServiceAccount nobody creates '
      + 'never starts, so each one must be in the manifests or declared as a '
      + 'prerequisite.',
  },
  {
    id: 'hpa-target', category: 'references',
    rationale: 'An autoscaler whose target does not exist scales nothing, and says so '
      + 'only in its status.',
  },
  {
    id: 'pdb-selector', category: 'references',
    rationale: 'A PodDisruptionBudget that selects no pod protects nothing.',
  },
  {
    id: 'network-policy-selector', category: 'references',
    rationale: 'A NetworkPolicy that selects no pod, or allows a peer no pod matches, is '
      + 'a rule that silently does nothing.',
  },
  {
    id: 'service-monitor-target', category: 'references',
    rationale: 'A ServiceMonitor that matches no Service or port is never scraped, and '
      + 'the missing metrics look like an outage.',
  },
  {
    id: 'probe-port', category: 'references',
    rationale: 'A probe aimed at a port the container does not declare fails or, worse, '
      + 'checks the wrong listener.',
  },
  {
    id: 'secret-data', category: 'secrets',
    rationale: 'A Secret written into staging or production manifests puts its value in '
      + 'git, in CI logs and in every copy of the output.',
  },
  {
    id: 'secret-literal', category: 'secrets',
    rationale: 'A variable named like a secret but set to a literal is a secret in plain '
      + 'text in staging or production manifests.',
  },
  {
    id: 'cluster-role', category: 'rbac',
    rationale: 'The app lives in one namespace; a ClusterRole gives it reach into every '
      + 'other.',
  },
  {
    id: 'rbac-wildcard', category: 'rbac',
    rationale: 'A `*` in a role grants whatever exists now and everything added later.',
  },
  {
    id: 'gate-annotation', category: 'gate',
    rationale: 'A suppression or declaration the gate cannot read would hide or miss a '
      + 'finding silently; this one cannot be suppressed.',
  },
] as const satisfies readonly RuleInfo[];

/** The id of one of the gate's rules. */
export type RuleId = typeof RULES[number]['id'];

/** Whether a string is the id of one of the gate's rules. */
export function isRuleId(id: string): id is RuleId {
  return RULES.some((rule) => rule.id === id);
}
