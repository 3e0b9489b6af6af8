import { type Kysely, sql } from "kysely";

// 20261208090200 backfilled accepted_at for an assigned complaint only from
// an 'accepted' entry of its assignee: one he had already been on site for,
// then waited and resumed, would ask him to Accept again. Any step he took
// on it since the assignment (accepted, on site, waiting, resumed) counts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update complaints c set accepted_at = (
      select min(e.at) from complaint_events e
      where e.complaint_id = c.id and e.actor_id = c.assigned_to and e.actor_kind = 'user'
        and e.action in ('accepted', 'attended', 'waiting', 'resumed') and e.at >= c.assigned_at)
    where c.status = 'assigned' and c.assigned_to is not null and c.accepted_at is null`.execute(db);
}

export async function down(): Promise<void> {}
