import { Command } from 'commander';
import { CommandContext } from '../context';
import { EnvironmentFlags, environmentOptions, openTarget } from '../environment-options';
import { CliError } from '../errors';
import { kubectlReason } from '../kubectl';
import { checkCluster } from '../preflight';
import { findObject } from '../workload-names';

interface PortForwardFlags extends EnvironmentFlags {
  readonly port?: string;
  readonly localPort?: string;
}

interface ServicePort {
  readonly name?: string;
  readonly port: number;
}

/** `port-forward <environment> <service>`: a Service's port on this machine. */
export function registerPortForward(command: Command, context: CommandContext): void {
  environmentOptions(command, false)
    .description("forward a Service's port to this machine, on 127.0.0.1, until interrupted")
    .argument('<environment>', 'development, testing, staging or production')
    .argument('<service>', 'auth-service, chat-service, postgresql or redis')
    .option('--port <name|number>', "the Service's port: its name (http, grpc) or number; "
      + 'default http, or the only one')
    .option('--local-port <number>', 'the port on this machine; default the same number')
    .addHelpText('after', '\nExamples:\n  npm run port-forward -- staging auth-service\n'
      + '  npm run port-forward -- staging postgresql --local-port 15432')
    .action(async (environment: string, service: string, flags: PortForwardFlags) => {
      const { target, kubectl } = openTarget(context, environment, flags);
      const object = findObject(target, ['Service'], service, 'Service');
      const port = choosePort(service, (object.spec?.ports ?? []) as ServicePort[], flags.port);
      const local = flags.localPort ?? String(port.port);
      if (!/^[1-9][0-9]{0,4}$/.test(local) || Number(local) > 65535) {
        throw new CliError(`--local-port ${local} is not a port; give 1-65535`, 2);
      }

      await checkCluster(kubectl, target, context.io);
      if (!kubectl.options.dryRun) {
        context.io.err(`forwarding 127.0.0.1:${local} to ${service}:${port.port} `
          + `on context ${target.context}; stop with Ctrl-C\n`);
      }
      const result = await kubectl.run(kubectl.command(['-n', target.config.namespace,
        'port-forward', `service/${service}`, `${local}:${port.port}`], { stream: true }));
      if (result.status !== 0) {
        throw new CliError(`kubectl port-forward stopped (${kubectlReason(result)}); check that `
          + `${service} has a ready pod (npm run status -- ${target.shown}) and that port `
          + `${local} is free here`);
      }
    });
}

function choosePort(service: string, ports: readonly ServicePort[], wanted?: string):
  ServicePort {
  const found = wanted === undefined
    ? ports.find((p) => p.name === 'http') ?? (ports.length === 1 ? ports[0] : undefined)
    : ports.find((p) => p.name === wanted || String(p.port) === wanted);
  if (found === undefined) {
    const known = ports.map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port)));
    throw new CliError(`${service} has no port ${wanted ?? 'named http'}; choose one with `
      + `--port: ${known.join(', ')}`, 2);
  }
  return found;
}
