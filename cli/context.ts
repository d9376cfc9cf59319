import { resolve } from 'node:path';
import { CliIo } from './io';
import { Kubectl } from './kubectl';
import { ValidationStep, validateFolder } from './validate-step';

/** What every command is given. */
export interface CommandContext {
  readonly io: CliIo;

  /** The project's root folder. */
  readonly root: string;

  /** Where environments are synthesized: `dist/`, or `CDK8S_OUTDIR` as for `npm run synth`. */
  readonly outdir: string;

  /** The gate a synthesized folder passes before it reaches a cluster. */
  readonly validate: ValidationStep;

  /** What the running command did, for the last line of an error. */
  readonly session: Session;
}

/** The state of one command's run. */
export interface Session {
  /** The kubectl the command runs, once it has one. */
  kubectl?: Kubectl;

  /** Whether the command changes a cluster, so an error says whether it did. */
  changesCluster?: boolean;

  /** The exit status the command chose, when not 0. */
  exitCode?: number;
}

/** The context of a run from this project's folder, with the defaults of `npm run synth`. */
export function commandContext(io: CliIo, overrides: Partial<CommandContext> = {}):
  CommandContext {
  const root = overrides.root ?? resolve(__dirname, '..');
  return {
    io,
    root,
    outdir: io.env.CDK8S_OUTDIR || resolve(root, 'dist'),
    validate: validateFolder,
    session: {},
    ...overrides,
  };
}
