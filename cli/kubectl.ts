import { spawn } from 'node:child_process';
import { CliError } from './errors';
import { CliIo } from './io';
import { commandLine } from './shell';

/** One kubectl invocation, built before it runs so a dry run can print it. */
export interface KubectlCommand {
  /** Arguments after `kubectl`. */
  readonly args: readonly string[];

  /** Variables set for this command only, e.g. `KUBECTL_APPLYSET=true`. */
  readonly env?: Readonly<Record<string, string>>;

  /** Text fed to kubectl's standard input, and how to describe it in a dry run. */
  readonly stdin?: { readonly text: string; readonly describe: string };

  /** Whether it changes the cluster. */
  readonly mutates?: boolean;

  /** Whether its output goes to the user as it comes, rather than being read. */
  readonly stream?: boolean;
}

/** How a command ended; a dry run reports success with no output. */
export interface KubectlResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the command was only printed. */
  readonly printed: boolean;
}

/** Settings of one CLI run's kubectl. */
export interface KubectlOptions {
  /** Print each command, one a line, instead of running it. */
  readonly dryRun: boolean;

  /** Kubeconfig context passed to every command that talks to a cluster. */
  readonly context?: string;
}

/** What to say when the kubectl binary cannot be started at all. */
export const KUBECTL_MISSING = 'kubectl is not installed or not on PATH; install kubectl '
  + '1.28 or later (https://kubernetes.io/docs/tasks/tools/) and run this again';

// stderr kept from a streamed command, enough for its last lines
const STREAMED_STDERR_KEPT = 4096;

/**
 * Runs kubectl, or in a dry run prints what it would run. Every command that
 * talks to a cluster names the context explicitly, so kubectl's current
 * context, which another terminal may switch at any time, never decides.
 */
export class Kubectl {

  /** Whether a command that changes the cluster has run. */
  public mutated = false;

  constructor(private readonly io: CliIo, public readonly options: KubectlOptions) {}

  /** A command against the cluster: `kubectl --context <context> <args...>`. */
  public command(args: readonly string[], extra: Omit<KubectlCommand, 'args'> = {}):
    KubectlCommand {
    const context = this.options.context;
    if (context === undefined) {
      throw new Error('a cluster command was built without a context');
    }
    return { ...extra, args: ['--context', context, ...args] };
  }

  /** The command as a user would type it. */
  public line(command: KubectlCommand): string {
    const line = commandLine(['kubectl', ...command.args], command.env);
    return command.stdin ? `${line}  # stdin: ${command.stdin.describe}` : line;
  }

  public async run(command: KubectlCommand): Promise<KubectlResult> {
    if (this.options.dryRun) {
      this.io.out(`${this.line(command)}\n`);
      return { status: 0, stdout: '', stderr: '', printed: true };
    }

    if (command.mutates) {
      this.mutated = true;
    }
    return this.spawn(command);
  }

  /**
   * Runs the commands in turn and stops at the first that fails, with an
   * error naming it, why it failed, and `fix`: what to do before trying again.
   */
  public async runEach(commands: readonly KubectlCommand[], fix: string): Promise<void> {
    for (const command of commands) {
      const result = await this.run(command);
      if (result.status !== 0) {
        throw new CliError(`${this.line(command)} failed (${kubectlReason(result)}); ${fix}`);
      }
    }
  }

  private spawn(command: KubectlCommand): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('kubectl', command.args, {
        cwd: this.io.cwd,
        env: { ...this.io.env, ...command.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (command.stream) {
          this.io.out(chunk);
        } else {
          stdout += chunk;
        }
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (command.stream) {
          this.io.err(chunk);
          stderr = stderr.slice(-STREAMED_STDERR_KEPT);
        }
      });
      child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT'
        ? new CliError(KUBECTL_MISSING) : error));
      child.on('close', (status) => resolve({ status: status ?? 1, stdout, stderr,
        printed: false }));
      // kubectl may exit before it reads its input; that is its answer, not ours
      child.stdin.on('error', () => undefined);
      child.stdin.end(command.stdin?.text ?? '');
    });
  }
}

/** The line of kubectl's error output that says what went wrong. */
export function kubectlReason(result: KubectlResult): string {
  const lines = result.stderr.split('\n').map((line) => line.trim()).filter((line) => line);
  // klog lines ("E1204 12:00:00.000 ...") come first; kubectl's own sentence comes last
  const reason = lines.reverse().find((line) => !/^[EWI][0-9]{4} /.test(line)) ?? lines[0];
  return (reason ?? `kubectl exited with status ${result.status}`).replace(/^error: /, '');
}
