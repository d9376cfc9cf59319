// The schema check moved into the library (src/validation) so that the gate
// ships with the constructs; tests and tools keep importing it from here.
export { SchemaFinding, validateManifests } from '../src/validation/kube-schema';
