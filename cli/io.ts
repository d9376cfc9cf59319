import { createInterface } from 'node:readline/promises';

/**
 * Everything a command reads from and writes to the outside world, so that
 * tests run the commands in-process against a fake kubectl on their own PATH.
 */
export interface CliIo {
  /** Environment of the kubectl processes (PATH, KUBECONFIG) and of the synth. */
  readonly env: NodeJS.ProcessEnv;

  /** Folder that paths in printed commands are shown relative to. */
  readonly cwd: string;

  /** Whether a person can answer a question on the terminal. */
  readonly interactive: boolean;

  /** Writes results: tables, reports, and in a dry run the commands. */
  out(text: string): void;

  /** Writes progress, notes and errors. */
  err(text: string): void;

  /** Asks a question on the terminal and returns the answer. */
  ask(question: string): Promise<string>;
}

/** The process's own terminal, environment and streams. */
export function processIo(): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    ask: async (question) => {
      const terminal = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await terminal.question(question);
      } finally {
        terminal.close();
      }
    },
  };
}
