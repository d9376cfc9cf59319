export { ValidationGatePlugin, ValidationPluginProperties } from './cdk8s-plugin';
export {
  DEVELOPMENT_ENVIRONMENTS, ValidationOptions, ValidationReport, checkManifests,
} from './check-manifests';
export {
  EXTERNAL_ANNOTATION, ExternalKind, ExternalPrerequisite, declareExternal,
} from './external';
export { Finding, ObjectRef, SuppressedFinding, describeObject } from './finding';
export { FormatOptions, formatReport } from './report';
export { RULES, RuleCategory, RuleId, RuleInfo } from './rules';
export { SUPPRESS_ANNOTATION, suppressRule } from './suppression';
export { ValidationGate } from './validation-gate';
