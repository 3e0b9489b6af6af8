-- The SQL of a complaint's registration: see registration-sql.test.ts.

-- 1. Where it goes, with its id, number and lineman allocated
select "dc"."id" as "dc_id", "dc"."code" as "dc_code", "dc"."name_en" as "dc_name_en", "dc"."name_hi" as "dc_name_hi", "dc"."path" as "dc_path", nextval(pg_get_serial_sequence('complaints', 'id')) as "complaint_id", nextval('complaint_number_seq') as "number_seq", (select json_build_object('id', u.id, 'name', u.name, 'login', u.login, 'phone', u.phone, 'role', u.role, 'language', u.language)
  from users u
  where u.org_unit_id = dc.id and u.role = 'lineman' and u.active and u.on_duty
  order by (select count(*)
  from complaints w
  where w.assigned_to = u.id and w.status in ('registered', 'assigned', 'attended', 'waiting')), (select max(w.assigned_at)
  from complaints w
  where w.assigned_to = u.id) nulls first, u.id
  limit 1) as "lineman", "c"."id" as "consumer_id", "c"."consumer_no", "c"."name" as "consumer_name", "c"."feeder_id", "f"."code" as "feeder_code", "c"."dt_id", "d"."code" as "dt_code", "c"."area_type", (select json_build_object('id', o.id, 'scope', o.scope, 'kind', o.kind, 'status', o.status, 'started_at', o.started_at, 'etr', o.etr)
  from outages o
  where o.feeder_id = "c"."feeder_id" and o.status in ('suspected', 'confirmed', 'in_progress') and (o.scope = 'feeder' or (o.scope = 'dt' and o.dt_id = "c"."dt_id") or (o.scope = 'consumer' and o.consumer_id = "c"."id"))
  order by case o.scope when 'feeder' then 0 when 'dt' then 1 else 2 end, o.started_at
  limit 1) as "outage", (select m.mobile
  from consumer_mobiles m
  where m.consumer_id = "c"."id"
  order by m.verified desc, m.created_at
  limit 1) as "consumer_mobile", (select m."mobile"
  from consumer_mobiles m
  where m.consumer_id = "c"."id" and m.verified
  order by m.created_at
  limit 1) as "sms_mobile", (select m."language"
  from consumer_mobiles m
  where m.consumer_id = "c"."id" and m.verified
  order by m.created_at
  limit 1) as "sms_language"
  from "org_units" as "dc"
  inner join "consumers" as "c" on "c"."dc_id" = "dc"."id"
  left join "feeders" as "f" on "f"."id" = "c"."feeder_id"
  left join "dts" as "d" on "d"."id" = "c"."dt_id"
  where "c"."consumer_no" = $1
-- parameters: 1

-- 2. Its writes, one statement
with
  "w0" as (insert into "complaints" ("id", "from_unregistered_mobile", "number", "consumer_id", "caller_name", "caller_phone", "alt_phone", "location", "landmark", "dc_id", "feeder_id", "dt_id", "area_type", "category_code", "subcategory_code", "description", "channel", "language", "priority", "emergency", "status", "assigned_to", "assigned_at", "registered_at", "due_at", "next_escalation_at", "created_by", "updated_at", "outage_id") overriding system value
  select "r"."id", "r"."from_unregistered_mobile", "r"."number", "r"."consumer_id", "r"."caller_name", "r"."caller_phone", "r"."alt_phone", "r"."location", "r"."landmark", "r"."dc_id", "r"."feeder_id", "r"."dt_id", "r"."area_type", "r"."category_code", "r"."subcategory_code", "r"."description", "r"."channel", "r"."language", "r"."priority", "r"."emergency", "r"."status", "r"."assigned_to", "r"."assigned_at", "r"."registered_at", "r"."due_at", "r"."next_escalation_at", "r"."created_by", "r"."updated_at", "r"."outage_id"
  from jsonb_populate_recordset(null::"complaints", $1::jsonb) r
  on conflict ("consumer_id", "category_code")
  where "consumer_id" is not null and "status" in ('registered', 'assigned', 'attended', 'waiting') do nothing
  returning 1 as "one"),
  "w1" as (insert into "complaint_events" ("complaint_id", "at", "action", "actor_kind", "actor_id", "actor_name", "actor_role", "channel", "from_status", "to_status", "changes", "note")
  select "r"."complaint_id", "r"."at", "r"."action", "r"."actor_kind", "r"."actor_id", "r"."actor_name", "r"."actor_role", "r"."channel", "r"."from_status", "r"."to_status", "r"."changes", "r"."note"
  from jsonb_populate_recordset(null::"complaint_events", $2::jsonb) r
  where exists (select 1
  from "w0")
  returning 1 as "one"),
  "w2" as (insert into "idempotency_keys" ("principal", "key", "request_hash", "complaint_id")
  select "r"."principal", "r"."key", "r"."request_hash", "r"."complaint_id"
  from jsonb_populate_recordset(null::"idempotency_keys", $3::jsonb) r
  where exists (select 1
  from "w0")
  returning 1 as "one"),
  "w3" as (insert into "outbox_sms" ("dedup_key", "recipient", "language", "template", "variables", "body", "urgent", "related_type", "related_id", "created_at")
  select "r"."dedup_key", "r"."recipient", "r"."language", "r"."template", "r"."variables", "r"."body", "r"."urgent", "r"."related_type", "r"."related_id", "r"."created_at"
  from jsonb_populate_recordset(null::"outbox_sms", $4::jsonb) r
  where exists (select 1
  from "w0")
  on conflict ("dedup_key") do nothing
  returning 1 as "one"),
  "w4" as (insert into "outbox_sms" ("dedup_key", "recipient", "language", "template", "variables", "body", "urgent", "related_type", "related_id", "created_at")
  select "r"."dedup_key", "r"."recipient", "r"."language", "r"."template", "r"."variables", "r"."body", "r"."urgent", "r"."related_type", "r"."related_id", "r"."created_at"
  from jsonb_populate_recordset(null::"outbox_sms", $5::jsonb) r
  where exists (select 1
  from "w0")
  on conflict ("dedup_key") do nothing
  returning 1 as "one"),
  "w5" as (insert into "dt_analysis_queue" ("dt_id", "queued_at")
  select "r"."dt_id", "r"."queued_at"
  from jsonb_populate_recordset(null::"dt_analysis_queue", $6::jsonb) r
  where exists (select 1
  from "w0")
  on conflict ("dt_id") do update set "requests" = "dt_analysis_queue"."requests" + $7, "run_after" = $8
  returning 1 as "one")
  select (select count(*)
  from "w0")::int as "w0"
-- parameters: 8
