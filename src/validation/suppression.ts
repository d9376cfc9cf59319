import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { RuleId, isRuleId } from './rules';

/**
 * The annotation that suppresses rules on the object carrying it, each with a
 * reason: `"<rule-id>: <reason>[; <rule-id>: <reason>]"`. Findings it
 * suppresses are still listed in the report, with the reason.
 */
export const SUPPRESS_ANNOTATION = 'validation.go-chat-ai.io/suppress';

/** The rules an annotation suppresses, and what is wrong with the annotation itself. */
export interface ParsedSuppressions {
  readonly reasons: ReadonlyMap<RuleId, string>;
  readonly problems: readonly string[];
}

/**
 * Suppresses a rule on one object, with the reason a reviewer will read in
 * the manifest and in every report.
 *
 * @param scope the ApiObject, or a construct whose default child is one
 * @throws when the reason is empty or holds a `;`, which separates entries
 */
export function suppressRule(scope: IConstruct, rule: RuleId, reason: string): void {
  const text = reason.trim();
  if (text.length === 0 || text.includes(';')) {
    throw new Error(`suppression of "${rule}" needs a one-sentence reason without ";", `
      + `got "${reason}"`);
  }
  if (rule === 'gate-annotation') {
    throw new Error('"gate-annotation" cannot be suppressed: fix the annotation instead');
  }

  const object = ApiObject.of(scope);
  const existing = object.metadata.toJson().annotations?.[SUPPRESS_ANNOTATION];
  const entry = `${rule}: ${text}`;
  const value = existing ? `${existing}; ${entry}` : entry;
  object.metadata.addAnnotation(SUPPRESS_ANNOTATION, value);
}

/** Reads a suppression annotation; every entry it cannot use becomes a problem. */
export function parseSuppressions(value: string): ParsedSuppressions {
  const reasons = new Map<RuleId, string>();
  const problems: string[] = [];

  for (const entry of value.split(';').map((part) => part.trim()).filter(Boolean)) {
    const colon = entry.indexOf(':');
    const id = (colon < 0 ? entry : entry.slice(0, colon)).trim();
    const reason = colon < 0 ? '' : entry.slice(colon + 1).trim();
    if (!isRuleId(id)) {
      problems.push(`suppresses "${id}", which is not a rule id`);
    } else if (id === 'gate-annotation') {
      problems.push('suppresses "gate-annotation", which cannot be suppressed');
    } else if (reason.length === 0) {
      problems.push(`suppresses "${id}" without a reason`);
    } else {
      reasons.set(id, reason);
    }
  }

  if (reasons.size === 0 && problems.length === 0) {
    problems.push('is empty');
  }
  return { reasons, problems };
}
