/**
 * Runs a task in the background, one run at a time: a kick while it runs
 * asks for one more run after it, however many kicks came. `idle()` resolves
 * when nothing is running or asked for (tests, shutdown).
 */
export function serialRunner(task: () => Promise<unknown>, onError: (err: unknown) => void) {
  let running: Promise<void> | undefined;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      try {
        await task();
      } catch (err) {
        onError(err);
      }
    } while (again);
    running = undefined;
  };
  return {
    kick(): void {
      if (running) {
        again = true;
        return;
      }
      running = loop();
    },
    async idle(): Promise<void> {
      while (running) await running;
    },
  };
}
