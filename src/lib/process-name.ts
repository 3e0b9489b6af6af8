import os from "node:os";

/** This process, as claims on shared work name it (job_runs, the trouble-call analysis queue). */
export const processName = `${os.hostname()}:${process.pid}`;
