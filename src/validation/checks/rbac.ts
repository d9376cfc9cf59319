import { Check, Issue } from '../_check';
import { listOf, objectOf, stringsOf } from '../_json';

const RULE_LISTS = [
  'apiGroups', 'resources', 'verbs', 'resourceNames', 'nonResourceURLs',
];

/** `cluster-role`: no ClusterRole, ClusterRoleBinding or RoleBinding to a ClusterRole. */
export const checkClusterRole: Check = ({ set }) => [
  ...set.ofKind('ClusterRole', 'ClusterRoleBinding').map((manifest) => ({
    manifest,
    field: 'kind',
    problem: `a ${manifest.ref.kind} reaches every namespace of the cluster`,
    fix: `use a Role and a RoleBinding in the app's namespace instead`,
  })),
  ...set.ofKind('RoleBinding')
    .filter((binding) => objectOf(binding.object.roleRef).kind === 'ClusterRole')
    .map((manifest) => ({
      manifest,
      field: 'roleRef.kind',
      problem: 'the binding grants ClusterRole'
        + ` "${String(objectOf(manifest.object.roleRef).name)}"`,
      fix: 'bind a Role of the namespace that lists only what the app needs',
    })),
];

/** `rbac-wildcard`: no `*` in any rule of a Role or ClusterRole. */
export const checkRbacWildcard: Check = ({ set }) => set.ofKind('Role', 'ClusterRole')
  .flatMap((role) => listOf(role.object.rules).flatMap((rule, i) => RULE_LISTS
    .filter((list) => stringsOf(rule[list]).some((item) => item.includes('*')))
    .map((list): Issue => ({
      manifest: role,
      field: `rules[${i}].${list}`,
      problem: `${list} holds a wildcard: ${stringsOf(rule[list]).join(', ')}`,
      fix: `list the ${list} the app uses, each by name`,
    }))));
