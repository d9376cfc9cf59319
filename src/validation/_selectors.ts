import { JsonObject, labelsOf, listOf, objectOf, stringOf, stringsOf } from './_json';

/**
 * Whether labels match a LabelSelector (`matchLabels` and `matchExpressions`).
 * An empty selector matches everything, as it does for PDBs and NetworkPolicies.
 */
export function matchesSelector(labels: Record<string, string>, selector: unknown) {
  return selectorMatcher(selector)(labels);
}

/**
 * {@link matchesSelector} for one selector tried against many label sets: the
 * selector is read once, not once per workload or Service.
 */
export function selectorMatcher(selector: unknown): (labels: Record<string, string>) => boolean {
  const { matchLabels, matchExpressions } = objectOf(selector);
  const required = Object.entries(labelsOf(matchLabels));
  const expressions = listOf(matchExpressions);
  return (labels) => required.every(([key, value]) => Object.hasOwn(labels, key)
    && labels[key] === value)
    && expressions.every((e) => matchesExpression(labels, e));
}

/** Whether a LabelSelector has neither labels nor expressions. */
export function isEmptySelector(selector: unknown): boolean {
  const { matchLabels, matchExpressions } = objectOf(selector);
  return Object.keys(objectOf(matchLabels)).length === 0
    && listOf(matchExpressions).length === 0;
}

/** `a=1,b=2`, for messages. */
export function describeSelector(selector: unknown): string {
  const { matchLabels, matchExpressions } = objectOf(selector);
  const labels = Object.entries(labelsOf(matchLabels)).map(([k, v]) => `${k}=${v}`);
  const expressions = listOf(matchExpressions).map((e) =>
    `${stringOf(e.key)} ${stringOf(e.operator)} (${stringsOf(e.values).join(', ')})`);
  return [...labels, ...expressions].join(',') || '(everything)';
}

function matchesExpression(labels: Record<string, string>, expression: JsonObject) {
  const key = stringOf(expression.key) ?? '';
  const values = stringsOf(expression.values);
  switch (expression.operator) {
    case 'In': return Object.hasOwn(labels, key) && values.includes(labels[key]);
    case 'NotIn': return !Object.hasOwn(labels, key) || !values.includes(labels[key]);
    case 'Exists': return Object.hasOwn(labels, key);
    case 'DoesNotExist': return !Object.hasOwn(labels, key);
    default: return false;
  }
}
