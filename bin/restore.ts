import { environmentConfig } from '../environments';
import { restoreJobYaml } from '../src/restore-manifest';

const [environment, database, dump, ...extra] = process.argv.slice(2);
if (dump === undefined || extra.length > 0) {
  console.error('usage: npm run --silent restore -- <environment> <database> <dump file name>\n'
    + 'e.g.   npm run --silent restore -- staging auth auth-20261204T020000Z.dump'
    + ' | kubectl apply -f -');
  process.exitCode = 2;
} else {
  try {
    process.stdout.write(restoreJobYaml(environmentConfig(environment), database, dump));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
