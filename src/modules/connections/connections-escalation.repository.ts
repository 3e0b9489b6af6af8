import { type Kysely, sql } from "kysely";
import type { ApplicationStatus, DB, Language, OrgKind, Role, SopArea } from "../../db/schema.ts";

/** What the SoP sweep reads of an application (with its DC, for the ladder and the SMS). */
export interface EscalationRow {
  id: number;
  number: string;
  status: ApplicationStatus;
  sop_area: SopArea;
  status_at: Date;
  documents_complete_at: Date | null;
  demand_note_at: Date | null;
  charges_paid_at: Date | null;
  released_at: Date | null;
  stage_due_at: Date | null;
  release_due_at: Date | null;
  breached_at: Date | null;
  compensation_rs: number;
  escalation_level: number;
  next_escalation_at: Date | null;
  dc_path: string;
  dc_name_en: string;
  dc_name_hi: string;
}

export interface OfficerContact {
  id: number;
  name: string;
  phone: string | null;
  role: Role;
  language: Language;
}

export interface NewApplicationEvent {
  applicationId: number;
  at: Date;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  changes?: Record<string, unknown>;
  note?: string | null;
}

const COLUMNS = [
  "a.id",
  "a.number",
  "a.status",
  "a.sop_area",
  "a.status_at",
  "a.documents_complete_at",
  "a.demand_note_at",
  "a.charges_paid_at",
  "a.released_at",
  "a.stage_due_at",
  "a.release_due_at",
  "a.breached_at",
  "a.compensation_rs",
  "a.escalation_level",
  "a.next_escalation_at",
  "d.path as dc_path",
  "d.name_en as dc_name_en",
  "d.name_hi as dc_name_hi",
] as const;

/** The SoP clock's sweep: due applications, the ladder's officers, the history it writes. */
export class ConnectionsEscalationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Applications whose next step has come, oldest first, locked for this sweep (others skip them). */
  async dueForEscalation(now: Date, limit: number): Promise<EscalationRow[]> {
    const rows = await this.db
      .selectFrom("connection_applications as a")
      .innerJoin("org_units as d", "d.id", "a.dc_id")
      .select(COLUMNS)
      .where("a.next_escalation_at", "<=", now)
      .orderBy("a.next_escalation_at")
      .limit(limit)
      .forUpdate("a")
      .skipLocked()
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) })) as EscalationRow[];
  }

  /**
   * Applications released since `since` after their limit whose compensation
   * has not been settled yet (no `compensation` entry in their history).
   */
  async releasedLateUnsettled(since: Date, limit: number): Promise<EscalationRow[]> {
    const rows = await this.db
      .selectFrom("connection_applications as a")
      .innerJoin("org_units as d", "d.id", "a.dc_id")
      .select(COLUMNS)
      .where("a.released_at", ">=", since)
      .where("a.status", "=", "released")
      .where("a.documents_complete_at", "is not", null)
      .where((eb) =>
        eb.or([eb("a.breached_at", "is not", null), eb("a.release_due_at", "<", eb.ref("a.released_at"))]),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("connection_application_events as e")
              .select(sql`1`.as("one"))
              .whereRef("e.application_id", "=", "a.id")
              .where("e.action", "=", "compensation"),
          ),
        ),
      )
      .orderBy("a.released_at")
      .limit(limit)
      .forUpdate("a")
      .skipLocked()
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) })) as EscalationRow[];
  }

  async update(
    id: number,
    patch: Partial<{
      stage_due_at: Date | null;
      release_due_at: Date | null;
      breached_at: Date | null;
      compensation_rs: number;
      escalation_level: number;
      next_escalation_at: Date | null;
      updated_at: Date;
    }>,
  ): Promise<void> {
    await this.db.updateTable("connection_applications").set(patch).where("id", "=", id).execute();
  }

  /** After the settings changed: every running clock is looked at again by the next sweeps. */
  async retimePending(now: Date): Promise<number> {
    const r = await this.db
      .updateTable("connection_applications")
      .set({ next_escalation_at: now })
      .where("status", "not in", ["released", "rejected", "demand_note_issued"])
      .where((eb) => eb.or([eb("next_escalation_at", "is", null), eb("next_escalation_at", ">", now)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async addEvents(events: NewApplicationEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db
      .insertInto("connection_application_events")
      .values(
        events.map((e) => ({
          application_id: e.applicationId,
          at: e.at,
          action: e.action,
          actor_kind: "system" as const,
          actor_id: null,
          actor_name: "PowerDesk",
          actor_role: null,
          from_status: e.fromStatus,
          to_status: e.toStatus,
          changes: JSON.stringify(e.changes ?? {}),
          note: e.note ?? null,
        })),
      )
      .execute();
  }

  /** The active officers of `role` at the office of `kind` above (or at) the DC. */
  async officersFor(dcPath: string, role: Role, kind: OrgKind): Promise<OfficerContact[]> {
    const rows = await this.db
      .selectFrom("users as u")
      .innerJoin("org_units as o", "o.id", "u.org_unit_id")
      .select(["u.id", "u.name", "u.phone", "u.role", "u.language"])
      .where("u.role", "=", role)
      .where("u.active", "=", true)
      .where("o.kind", "=", kind)
      .where(sql<boolean>`${dcPath} like o.path || '%'`)
      .orderBy("u.id")
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }
}
