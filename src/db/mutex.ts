/**
 * A FIFO async mutex. PGlite is a single session, so every query and every
 * transaction must hold it; a waiter that times out most likely means code is
 * using the root database handle inside a transaction (a self-deadlock).
 */
export class Mutex {
  private locked = false;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly timeoutMs = 60_000) {}

  async acquire(): Promise<() => void> {
    if (!this.locked) {
      this.locked = true;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(
          new Error(
            `embedded database busy for ${this.timeoutMs / 1000} s: a query waited for a transaction that never ended (is code using the root handle inside a transaction?)`,
          ),
        );
      }, this.timeoutMs);
      timer.unref();
      this.waiters.push(waiter);
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.locked = false;
    };
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
