/** Small helpers for what @pulumi/command runs on this machine: POSIX shell and Node scripts. */

/** `/bin/sh -c`, spelled out so the shell the tests run is the shell `pulumi up` runs. */
export const SHELL: readonly string[] = ["/bin/sh", "-c"];

/** Quotes one word for a POSIX shell: the result is always a single, literal argument. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs a Node script that ships beside a component. `node` is a prerequisite of the project itself,
 * and the script resolves its imports from the project's own node_modules.
 */
export function nodeScriptCommand(scriptPath: string): string {
  return `node ${shellQuote(scriptPath)}`;
}
