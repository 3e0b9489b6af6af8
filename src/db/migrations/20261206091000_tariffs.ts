import { type Kysely, sql } from "kysely";

// The tariff table (issue 15 §2): what a unit of electricity costs, per
// category and supply type, version by version.
//
// - tariffs: one version of a category × supply type's tariff, in force from
//   effective_from to effective_to (both days included; an open end means
//   "until a later version"). Money is integer paise and percentages are
//   basis points, so both drivers read plain numbers (numeric would come back
//   as a string from pg and a number from PGlite). The energy slabs and the
//   extra lines (electricity duty, FPPAS...) are small ordered lists, kept as
//   jsonb and checked by the service (contiguous slabs, the last one open).
//   Versions of one category and supply type may not overlap: the service
//   refuses it with the field named; the unique index on the first day is
//   the database's last word.
// - tariff_events: who changed which version, when, and what it was before;
//   written in the same transaction as the change, never updated.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tariffs (
      id bigint generated always as identity primary key,
      category text not null check (category in ('domestic', 'non_domestic', 'agriculture', 'industrial')),
      supply_type text not null check (supply_type in ('lt', 'ht')),
      effective_from date not null,
      effective_to date check (effective_to is null or effective_to >= effective_from),
      name_en text not null check (length(name_en) between 1 and 120),
      name_hi text not null check (length(name_hi) between 1 and 120),
      fixed_charge_paise integer not null check (fixed_charge_paise >= 0),
      fixed_basis text not null check (fixed_basis in ('per_kw', 'per_connection')),
      slabs jsonb not null,
      extras jsonb not null default '[]',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      updated_by bigint references users (id),
      updated_by_name text
    );
    create unique index tariffs_version_idx on tariffs (category, supply_type, effective_from);

    create table tariff_events (
      id bigint generated always as identity primary key,
      tariff_id bigint not null references tariffs (id),
      at timestamptz not null,
      action text not null check (action in ('created', 'updated', 'imported')),
      actor_kind text not null check (actor_kind in ('user', 'token', 'system')),
      actor_id bigint,
      actor_name text not null,
      changes jsonb not null default '{}'
    );
    create index tariff_events_tariff_idx on tariff_events (tariff_id, at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table tariff_events; drop table tariffs;`.execute(db);
}
