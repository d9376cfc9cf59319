import { ENVIRONMENTS, environmentConfig } from '../environments';
import { compareEnvironments, formatComparison } from '../environments/compare';

// with two names, that pair; with none, each step of the promotion order
const args = process.argv.slice(2);
const order = Object.keys(ENVIRONMENTS);
const pairs = args.length === 2 ? [[args[0], args[1]]]
  : order.slice(1).map((name, i) => [order[i], name]);

try {
  if (args.length !== 0 && args.length !== 2) {
    throw new Error('usage: npm run compare -- [<environment> <environment>]');
  }

  console.log(pairs.map(([left, right]) => formatComparison(left, right,
    compareEnvironments(environmentConfig(left), environmentConfig(right)))).join('\n\n'));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
