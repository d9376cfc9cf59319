/**
 * A failure the user can act on: one line that gives the cause and the fix.
 * The command prints it after `error: ` and exits with `exitCode`.
 */
export class CliError extends Error {

  constructor(message: string, public readonly exitCode = 1) {
    super(message);
  }
}

/** The message of anything thrown, without a stack. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
