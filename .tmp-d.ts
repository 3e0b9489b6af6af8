import { openEmbedded } from "./src/db/database.ts";
import { migrateToLatest } from "./src/db/migrate.ts";
import { loadDemo } from "./src/modules/demo/demo.service.ts";
import { createRepositories } from "./src/modules/registry.ts";

const e = await openEmbedded();
await migrateToLatest(e.db);
const repos = createRepositories(e);
let t = performance.now();
const r = await loadDemo(repos, {
  consumers: 50000,
  onStep: (s) => console.log("step", s, Math.round(performance.now() - t)),
});
console.log(
  r.summaries.map((s) => ({ ...s, errors: s.errors.length })),
  Math.round(performance.now() - t),
);
t = performance.now();
const r2 = await loadDemo(repos, { consumers: 50000 });
console.log(
  r2.summaries.map((s) => [s.kind, s.inserted, s.updated, s.unchanged, s.notes]),
  Math.round(performance.now() - t),
);
console.log(r.info.logins);
await e.close();
