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

/**
 * A set of keys worked off one at a time by `work`: adding a key already
 * waiting does nothing (a storm of calls on one DT is analysed once).
 */
export function keyedQueue<K>(work: (key: K) => Promise<unknown>, onError: (err: unknown, key: K) => void) {
  const waiting = new Set<K>();
  const runner = serialRunner(
    async () => {
      while (waiting.size) {
        const [key] = waiting;
        waiting.delete(key as K);
        try {
          await work(key as K);
        } catch (err) {
          onError(err, key as K);
        }
      }
    },
    () => {},
  );
  return {
    add(key: K): void {
      waiting.add(key);
      runner.kick();
    },
    idle: () => runner.idle(),
    get size() {
      return waiting.size;
    },
  };
}
