import type { Repositories } from "../modules/registry.ts";
import type { JobDefinition } from "./scheduler.ts";

/** Every recurring job of the worker role. */
export function jobDefinitions(repos: Repositories): JobDefinition[] {
  return [
    {
      name: "sessions.cleanup",
      everyMs: 3600_000,
      async run(now) {
        return { deleted: await repos.sessions.deleteExpired(now) };
      },
    },
  ];
}
