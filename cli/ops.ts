import { commandContext } from './context';
import { processIo } from './io';
import { runCli } from './program';

// npm run ops -- <verb> ...; the npm scripts deploy, diff, status, logs,
// port-forward, destroy, clean and migrate-helm name the verb themselves
runCli(process.argv.slice(2), commandContext(processIo())).then((status) => {
  process.exitCode = status;
});
