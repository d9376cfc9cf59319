import { commandContext } from './context';
import { processIo } from './io';
import { runCli } from './program';

// a reader that stops early (`| head`) has all it wanted: not a failure
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') {
    throw error;
  }
  process.exit(0);
});

// npm run ops -- <verb> ...; the npm scripts deploy, diff, status, logs,
// port-forward, destroy, clean and migrate-helm name the verb themselves
runCli(process.argv.slice(2), commandContext(processIo())).then((status) => {
  process.exitCode = status;
});
