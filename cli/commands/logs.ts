import { Command } from 'commander';
import { CommandContext } from '../context';
import { EnvironmentFlags, environmentOptions, openTarget } from '../environment-options';
import { CliError } from '../errors';
import { kubectlReason } from '../kubectl';
import { checkCluster } from '../preflight';
import { findWorkload, podSelector } from '../workload-names';

interface LogsFlags extends EnvironmentFlags {
  readonly follow?: boolean;
  readonly since?: string;
  readonly tail: string;
  readonly previous?: boolean;
}

/** `logs <environment> <workload>`: every pod of the workload, each line prefixed. */
export function registerLogs(command: Command, context: CommandContext): void {
  environmentOptions(command, false)
    .description('print the logs of every pod of a workload, each line prefixed with its pod')
    .argument('<environment>', 'development, testing, staging or production')
    .argument('<workload>', 'auth-service, chat-service, postgresql, redis, postgresql-backup')
    .option('-f, --follow', 'keep printing new lines until interrupted')
    .option('--since <duration>', 'only lines newer than this, e.g. 10m, 1h')
    .option('--tail <lines>', 'lines per container to start from', '200')
    .option('--previous', "the previous container's logs, after a restart")
    .addHelpText('after', '\nExamples:\n  npm run logs -- staging auth-service\n'
      + '  npm run logs -- staging chat-service -f --since 10m')
    .action(async (environment: string, workload: string, flags: LogsFlags) => {
      const { target, kubectl } = openTarget(context, environment, flags);
      const selector = podSelector(findWorkload(target, workload));
      if (!/^(-1|[0-9]+)$/.test(flags.tail)) {
        throw new CliError(`--tail ${flags.tail} is not a line count; give a number`, 2);
      }

      await checkCluster(kubectl, target, context.io);
      const result = await kubectl.run(kubectl.command(['-n', target.config.namespace, 'logs',
        '-l', selector, '--all-containers', '--prefix', '--max-log-requests=20',
        `--tail=${flags.tail}`, ...(flags.since ? [`--since=${flags.since}`] : []),
        ...(flags.follow ? ['--follow'] : []), ...(flags.previous ? ['--previous'] : [])],
      { stream: true }));
      if (result.status !== 0) {
        throw new CliError(`kubectl logs failed (${kubectlReason(result)}); check that `
          + `${workload} has pods: npm run status -- ${target.shown}`);
      }
    });
}
