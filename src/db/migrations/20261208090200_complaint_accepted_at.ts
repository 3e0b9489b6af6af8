import { type Kysely, sql } from "kysely";

// When the assignee took the complaint on (issue 17): the lineman a complaint
// is assigned to accepts it first ("Accept"), another lineman's accept is a
// take-over. A new assignment or a reopen clears it.
// Backfill, open complaints only (closed ones never show the button): one
// already attended or waiting was taken on when it was assigned; an assigned
// one, if its assignee accepted it (an 'accepted' event by him since).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table complaints add column accepted_at timestamptz`.execute(db);
  await sql`
    update complaints set accepted_at = assigned_at
    where status in ('attended', 'waiting') and assigned_to is not null`.execute(db);
  await sql`
    update complaints c set accepted_at = e.at
    from (select complaint_id, actor_id, max(at) as at from complaint_events
          where action = 'accepted' group by complaint_id, actor_id) e
    where c.status = 'assigned' and e.complaint_id = c.id and e.actor_id = c.assigned_to
      and e.at >= c.assigned_at`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table complaints drop column accepted_at`.execute(db);
}
