/**
 * The command line's usage error, in a module of its own (no imports) so that main.ts can tell it
 * apart (exit status 2) without loading any command's module.
 */

/** Thrown for a usage error: the command was asked something it cannot do (e.g. XLSX to a terminal); exit status 2. */
export class CliUsageError extends Error {}
