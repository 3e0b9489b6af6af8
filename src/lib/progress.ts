/**
 * A one-line progress bar for long CLI jobs on a terminal (stderr):
 * percent of the input read, rows, rows/s, rejected rows and time left.
 * Off a terminal it stays silent; the final summary is printed either way.
 */
export class ProgressBar {
  private timer: NodeJS.Timeout | undefined;
  private readonly started = performance.now();
  private rows = 0;
  private rejected = 0;
  private done = 0;
  private readonly enabled: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = stream.isTTY === true;
    if (this.enabled) this.timer = setInterval(() => this.render(), 250);
  }

  update(done: number, rows: number, rejected: number): void {
    this.done = done;
    this.rows = rows;
    this.rejected = rejected;
  }

  private render(): void {
    const seconds = (performance.now() - this.started) / 1000;
    const fraction = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    const rate = seconds > 0 ? this.rows / seconds : 0;
    const eta = fraction > 0.01 ? Math.max(0, seconds / fraction - seconds) : undefined;
    const line =
      `${this.label.padEnd(10)} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%` +
      `  ${this.rows.toLocaleString("en-IN")} rows  ${Math.round(rate).toLocaleString("en-IN")} rows/s` +
      (this.rejected ? `  ${this.rejected.toLocaleString("en-IN")} rejected` : "") +
      (eta !== undefined ? `  ${Math.ceil(eta)} s left` : "");
    this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 120) - 1)}\x1b[K`);
  }

  private stopped = false;

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.enabled) {
      this.done = this.total;
      this.render();
      this.stream.write("\n");
    }
  }
}
