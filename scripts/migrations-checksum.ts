// npm run migrations:checksum: records the checksum of each new migration
// file in src/db/migrations.sha256. It only adds lines; a landed
// migration that changed is reported, never re-recorded: restore it and put
// the change in a new migration.
import { addMissingSums, changedSums } from "../src/db/migration-sums.ts";

const added = addMissingSums();
for (const f of added) console.log(`added ${f}`);
if (added.length === 0) console.log("every migration already has its checksum");
const changed = changedSums();
if (changed.length > 0) {
  console.error(
    `these landed migrations changed (or are gone) since their checksum was recorded: ${changed.join(", ")}.\n` +
      "Restore them (git checkout main -- <file>) and put the change in a new migration.",
  );
  process.exit(1);
}
