import type { Migration } from "kysely";
import * as m20261128120000 from "./20261128120000_extensions.ts";
import * as m20261128120100 from "./20261128120100_org_units.ts";
import * as m20261128120200 from "./20261128120200_network.ts";
import * as m20261128120300 from "./20261128120300_consumers.ts";
import * as m20261128120400 from "./20261128120400_users.ts";
import * as m20261128120500 from "./20261128120500_auth.ts";
import * as m20261128120600 from "./20261128120600_app_settings.ts";

/** Every migration, by name; names sort in the order they run. Append, never edit. */
export const migrations: Record<string, Migration> = {
  "20261128120000_extensions": m20261128120000,
  "20261128120100_org_units": m20261128120100,
  "20261128120200_network": m20261128120200,
  "20261128120300_consumers": m20261128120300,
  "20261128120400_users": m20261128120400,
  "20261128120500_auth": m20261128120500,
  "20261128120600_app_settings": m20261128120600,
};
