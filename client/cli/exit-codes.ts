// Exit codes of `blox`, documented in `blox --help` and client/README.md.
// Pipelines branch on these, so they never change meaning.

export const EXIT = {
  /** Success; for wait-environment: the awaited state was reached. */
  OK: 0,
  /** The server returned an error (its code and message go to stderr). */
  ERROR: 1,
  /** Bad command line or bad input file (a flag, the YAML). */
  USAGE: 2,
  /** wait-environment: the environment became Failing. */
  FAILING: 3,
  /** wait-environment: a revision became Stuck. */
  STUCK: 4,
  /** wait-environment: --timeout passed first. */
  TIMEOUT: 5,
  /** watch/wait: the connection was lost and reconnecting did not succeed. */
  CONNECTION_LOST: 6,
  /** wait-environment: the awaited state cannot come any more (target superseded, environment deleted). */
  SUPERSEDED: 7,
  /** Interrupted (Ctrl-C) while waiting. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_HELP = `Exit codes:
  0    success (wait-environment: the awaited state was reached)
  1    the server returned an error; its code and message are printed
  2    usage error: a bad or missing flag, or an invalid YAML file
  3    wait-environment: the environment became Failing
  4    wait-environment: a revision became Stuck
  5    wait-environment: --timeout passed
  6    watch/wait: connection lost and reconnecting failed
  7    wait-environment: the target revision was superseded or the environment deleted
  130  wait-environment: interrupted`;
