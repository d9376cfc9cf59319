import { Command } from 'commander';
import { CommandContext } from '../context';
import { EnvironmentFlags, environmentOptions, openTarget } from '../environment-options';
import { CliError } from '../errors';
import { kubectlReason } from '../kubectl';
import { checkCluster } from '../preflight';

/** The kinds `status` lists, in the order a reader scans them. */
export const STATUS_RESOURCES = 'pods,services,ingresses,horizontalpodautoscalers';

/** `status <environment>`: what is running, as kubectl's own tables. */
export function registerStatus(command: Command, context: CommandContext): void {
  environmentOptions(command, false)
    .description('list the pods, services, ingresses and HPAs of an environment as tables')
    .argument('<environment>', 'development, testing, staging or production')
    .addHelpText('after', '\nExamples:\n  npm run status -- staging\n'
      + '  npm run status -- testing --copy pr-123')
    .action(async (environment: string, flags: EnvironmentFlags) => {
      const { target, kubectl } = openTarget(context, environment, flags);
      await checkCluster(kubectl, target, context.io);
      const result = await kubectl.run(kubectl.command(['-n', target.config.namespace, 'get',
        STATUS_RESOURCES, '-o', 'wide'], { stream: true }));
      if (result.status !== 0) {
        throw new CliError(`kubectl get failed (${kubectlReason(result)}); check your access `
          + `to namespace ${target.config.namespace}`);
      }
    });
}
