import type { Migration } from "kysely";
import * as m20261128120000 from "./20261128120000_extensions.ts";
import * as m20261128120100 from "./20261128120100_org_units.ts";
import * as m20261128120200 from "./20261128120200_network.ts";
import * as m20261128120300 from "./20261128120300_consumers.ts";
import * as m20261128120400 from "./20261128120400_users.ts";
import * as m20261128120500 from "./20261128120500_auth.ts";
import * as m20261128120600 from "./20261128120600_app_settings.ts";
import * as m20261128140000 from "./20261128140000_complaint_catalogue.ts";
import * as m20261128140100 from "./20261128140100_users_on_duty.ts";
import * as m20261128140200 from "./20261128140200_complaints.ts";
import * as m20261128140300 from "./20261128140300_complaint_events.ts";
import * as m20261128140400 from "./20261128140400_outbox_sms.ts";
import * as m20261128160000 from "./20261128160000_outages.ts";
import * as m20261128160100 from "./20261128160100_network_signals.ts";
import * as m20261128160200 from "./20261128160200_complaints_outage_link.ts";
import * as m20261128180000 from "./20261128180000_sms_delivery.ts";
import * as m20261128200000 from "./20261128200000_sms_templates_more.ts";
import * as m20261128200100 from "./20261128200100_bills.ts";
import * as m20261128200200 from "./20261128200200_mobile_verification.ts";
import * as m20261128220000 from "./20261128220000_callbacks.ts";
import * as m20261129000000 from "./20261129000000_survey.ts";
import * as m20261202090000 from "./20261202090000_throttle_backoff.ts";
import * as m20261203100000 from "./20261203100000_user_events.ts";
import * as m20261203100100 from "./20261203100100_tracking_links.ts";
import * as m20261203120000 from "./20261203120000_sms_cancelled.ts";
import * as m20261203120100 from "./20261203120100_outage_owner.ts";
import * as m20261203130000 from "./20261203130000_sms_workers.ts";
import * as m20261203130100 from "./20261203130100_inbound_sms_replies.ts";
import * as m20261203140000 from "./20261203140000_complaints_assignee_history_idx.ts";
import * as m20261203140100 from "./20261203140100_survey_targets_link_sent_idx.ts";
import * as m20261203140200 from "./20261203140200_job_runs.ts";
import * as m20261204200000 from "./20261204200000_dt_analysis_queue.ts";
import * as m20261205090000 from "./20261205090000_consumer_channels.ts";
import * as m20261205110000 from "./20261205110000_inbox_escalation_sms.ts";
import * as m20261205110100 from "./20261205110100_inbox_active_idx.ts";
import * as m20261205120000 from "./20261205120000_whatsapp_bot_otp.ts";
import * as m20261205130000 from "./20261205130000_consumer_portal.ts";
import * as m20261205140000 from "./20261205140000_ivr.ts";
import * as m20261205150000 from "./20261205150000_open311_requests.ts";
import * as m20261205150100 from "./20261205150100_dt_coordinates.ts";
import * as m20261205160000 from "./20261205160000_inbox_sms_replies.ts";
import * as m20261205160100 from "./20261205160100_inbox_digest_closed_idx.ts";
import * as m20261206090000 from "./20261206090000_connection_applications.ts";
import * as m20261206090100 from "./20261206090100_knowledge_base.ts";
import * as m20261206090200 from "./20261206090200_kb_information_sms.ts";
import * as m20261206090300 from "./20261206090300_kb_search_head.ts";
import * as m20261206090400 from "./20261206090400_kb_search_lean.ts";
import * as m20261206091000 from "./20261206091000_tariffs.ts";
import * as m20261206100000 from "./20261206100000_connection_sms.ts";
import * as m20261206100100 from "./20261206100100_connection_escalation_sms.ts";
import * as m20261206110000 from "./20261206110000_connection_apply_otp.ts";
import * as m20261207090000 from "./20261207090000_complaint_rollups.ts";
import * as m20261207090100 from "./20261207090100_compensation_register.ts";
import * as m20261207090200 from "./20261207090200_sop_report_rows.ts";
import * as m20261207093000 from "./20261207093000_complaint_rollup_units.ts";
import * as m20261207150000 from "./20261207150000_report_subscriptions.ts";
import * as m20261207170000 from "./20261207170000_complaints_resolved_idx.ts";
import * as m20261207170100 from "./20261207170100_sop_rows_audit.ts";
import * as m20261207170200 from "./20261207170200_sms_rollups.ts";
import * as m20261207170300 from "./20261207170300_conversations_opened_idx.ts";
import * as m20261207170400 from "./20261207170400_rollup_triggers_lean.ts";
import * as m20261208090000 from "./20261208090000_callback_rollups.ts";
import * as m20261208090100 from "./20261208090100_survey_rollups.ts";
import * as m20261208090200 from "./20261208090200_complaint_accepted_at.ts";
import * as m20261208090300 from "./20261208090300_accepted_at_backfill.ts";

/** Every migration, by name; names sort in the order they run. Append, never edit. */
export const migrations: Record<string, Migration> = {
  "20261128120000_extensions": m20261128120000,
  "20261128120100_org_units": m20261128120100,
  "20261128120200_network": m20261128120200,
  "20261128120300_consumers": m20261128120300,
  "20261128120400_users": m20261128120400,
  "20261128120500_auth": m20261128120500,
  "20261128120600_app_settings": m20261128120600,
  "20261128140000_complaint_catalogue": m20261128140000,
  "20261128140100_users_on_duty": m20261128140100,
  "20261128140200_complaints": m20261128140200,
  "20261128140300_complaint_events": m20261128140300,
  "20261128140400_outbox_sms": m20261128140400,
  "20261128160000_outages": m20261128160000,
  "20261128160100_network_signals": m20261128160100,
  "20261128160200_complaints_outage_link": m20261128160200,
  "20261128180000_sms_delivery": m20261128180000,
  "20261128200000_sms_templates_more": m20261128200000,
  "20261128200100_bills": m20261128200100,
  "20261128200200_mobile_verification": m20261128200200,
  "20261128220000_callbacks": m20261128220000,
  "20261129000000_survey": m20261129000000,
  "20261202090000_throttle_backoff": m20261202090000,
  "20261203100000_user_events": m20261203100000,
  "20261203100100_tracking_links": m20261203100100,
  "20261203120000_sms_cancelled": m20261203120000,
  "20261203120100_outage_owner": m20261203120100,
  "20261203130000_sms_workers": m20261203130000,
  "20261203130100_inbound_sms_replies": m20261203130100,
  "20261203140000_complaints_assignee_history_idx": m20261203140000,
  "20261203140100_survey_targets_link_sent_idx": m20261203140100,
  "20261203140200_job_runs": m20261203140200,
  "20261204200000_dt_analysis_queue": m20261204200000,
  "20261205090000_consumer_channels": m20261205090000,
  "20261205110000_inbox_escalation_sms": m20261205110000,
  "20261205110100_inbox_active_idx": m20261205110100,
  "20261205120000_whatsapp_bot_otp": m20261205120000,
  "20261205130000_consumer_portal": m20261205130000,
  "20261205140000_ivr": m20261205140000,
  "20261205150000_open311_requests": m20261205150000,
  "20261205150100_dt_coordinates": m20261205150100,
  "20261205160000_inbox_sms_replies": m20261205160000,
  "20261205160100_inbox_digest_closed_idx": m20261205160100,
  "20261206090000_connection_applications": m20261206090000,
  "20261206090100_knowledge_base": m20261206090100,
  "20261206090200_kb_information_sms": m20261206090200,
  "20261206090300_kb_search_head": m20261206090300,
  "20261206090400_kb_search_lean": m20261206090400,
  "20261206091000_tariffs": m20261206091000,
  "20261206100000_connection_sms": m20261206100000,
  "20261206100100_connection_escalation_sms": m20261206100100,
  "20261206110000_connection_apply_otp": m20261206110000,
  "20261207090000_complaint_rollups": m20261207090000,
  "20261207090100_compensation_register": m20261207090100,
  "20261207090200_sop_report_rows": m20261207090200,
  "20261207093000_complaint_rollup_units": m20261207093000,
  "20261207150000_report_subscriptions": m20261207150000,
  "20261207170000_complaints_resolved_idx": m20261207170000,
  "20261207170100_sop_rows_audit": m20261207170100,
  "20261207170200_sms_rollups": m20261207170200,
  "20261207170300_conversations_opened_idx": m20261207170300,
  "20261207170400_rollup_triggers_lean": m20261207170400,
  "20261208090000_callback_rollups": m20261208090000,
  "20261208090100_survey_rollups": m20261208090100,
  "20261208090200_complaint_accepted_at": m20261208090200,
  "20261208090300_accepted_at_backfill": m20261208090300,
};
