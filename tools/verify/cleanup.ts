/**
 * Undo actions for the temporary objects verify creates. Run once from `finally` and once from the
 * SIGINT handler; whichever comes first does the work, the other waits for it.
 */
export class Cleanup {
  private readonly actions: { readonly label: string; readonly undo: () => Promise<void> }[] = [];
  private running?: Promise<readonly string[]>;

  /** Registers an undo action; actions run in reverse order of registration. */
  add(label: string, undo: () => Promise<void>): void {
    this.actions.push({ label, undo });
  }

  /** Runs every action once, even when some fail; resolves to the failures' descriptions. */
  run(): Promise<readonly string[]> {
    this.running ??= (async () => {
      const failures: string[] = [];
      for (const action of [...this.actions].reverse()) {
        try {
          await action.undo();
        } catch (error) {
          failures.push(`${action.label}: ${(error as Error).message}`);
        }
      }
      return failures;
    })();
    return this.running;
  }
}
