import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type {
  ApplicationSource,
  ApplicationStatus,
  AreaType,
  ArticleStatus,
  CallbackStatus,
  CallOutcome,
  Channel,
  ComplaintStatus,
  ConnectionStatus,
  ConversationChannel,
  ConversationStatus,
  ConversationVisibility,
  FixedBasis,
  IvrCallKind,
  IvrOutcome,
  KbCategory,
  Language,
  MessageAuthor,
  MessageDirection,
  MessageKind,
  MessageStatus,
  OrgKind,
  OutageKind,
  OutageNoticeKind,
  OutageScope,
  OutageSource,
  OutageStatus,
  PaymentMode,
  Role,
  SmsCategory,
  SmsStatus,
  SopArea,
  SupplyType,
  SurveyMetric,
  SurveyOutcome,
  SurveyQuestionKind,
  SurveyTargetStatus,
  TariffCategory,
  TroubleTag,
  WebhookChannel,
  WebhookStatus,
} from "./schema.constants.ts";

// The value lists of enum-like columns live in a dependency-free file the web imports too.
export * from "./schema.constants.ts";

/** Timestamps come back as Date; accept Date or ISO strings on write. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp column with a database default (now()). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface OrgUnitTable {
  id: Generated<number>;
  code: string;
  kind: OrgKind;
  parent_id: number | null;
  name_en: string;
  name_hi: string;
  path: string;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

interface NetworkElementColumns {
  id: Generated<number>;
  code: string;
  name_en: string;
  name_hi: Generated<string>;
  dc_id: number;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface SubstationTable extends NetworkElementColumns {}

export interface FeederTable extends NetworkElementColumns {
  substation_id: number;
}

export interface DtTable extends NetworkElementColumns {
  feeder_id: number;
  capacity_kva: number | null;
  /** WGS-84, both or neither (optional): Open311 reports by GPS go to the nearest DT. */
  lat: number | null;
  long: number | null;
}

export interface ConsumerTable {
  id: Generated<number>;
  consumer_no: string;
  name: string;
  address: Generated<string>;
  tariff_category: TariffCategory;
  area_type: AreaType;
  dc_id: number;
  feeder_id: number | null;
  dt_id: number | null;
  meter_no: string | null;
  connection_status: Generated<ConnectionStatus>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ConsumerMobileTable {
  consumer_id: number;
  mobile: string;
  verified: Generated<boolean>;
  verified_at: NullableTimestamp;
  language: Generated<Language>;
  created_at: DefaultTimestamp;
}

export interface UserTable {
  id: Generated<number>;
  login: string;
  name: string;
  role: Role;
  org_unit_id: number;
  phone: string | null;
  password_hash: string | null;
  language: Generated<Language>;
  active: Generated<boolean>;
  on_duty: Generated<boolean>;
  last_login_at: NullableTimestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  expires_at: Timestamp;
}

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  prefix: string;
  org_unit_id: number;
  scopes: string[];
  created_by: number | null;
  created_at: DefaultTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: NullableTimestamp;
  lock_count: Generated<number>;
}

export interface UserEventTable {
  id: Generated<number>;
  user_id: number;
  kind: "unlocked";
  by_user_id: number | null;
  by_name: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  at: DefaultTimestamp;
}

export interface TrackingLinkTable {
  token_hash: string;
  complaint_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** One claimed tick of a recurring job (the worker that runs it). */
export interface JobRunTable {
  job: string;
  tick: number;
  claimed_by: string;
  claimed_at: Timestamp;
}

export interface DtAnalysisQueueTable {
  dt_id: number;
  queued_at: Timestamp;
  requests: Generated<number>;
  run_after: NullableTimestamp;
  attempts: Generated<number>;
  last_error: string | null;
  claimed_by: string | null;
  claimed_until: NullableTimestamp;
}

/** A webhook body exactly as received and signed; processed (and retried) from here. */
export interface ChannelWebhookTable {
  id: Generated<number>;
  channel: WebhookChannel;
  received_at: Timestamp;
  body: string;
  body_sha256: string;
  status: Generated<WebhookStatus>;
  attempts: Generated<number>;
  run_after: NullableTimestamp;
  last_error: string | null;
  claimed_by: string | null;
  claimed_until: NullableTimestamp;
  processed_at: NullableTimestamp;
}

export interface ConversationTable {
  id: Generated<number>;
  channel: ConversationChannel;
  /** The platform's id of the sender: WhatsApp/SMS number, X user id, page-scoped id, portal consumer. */
  sender_id: string;
  sender_handle: string | null;
  sender_name: string | null;
  visibility: Generated<ConversationVisibility>;
  /** A public thread's post/tweet id; '' for direct messages. */
  thread_ref: Generated<string>;
  status: Generated<ConversationStatus>;
  language: Generated<Language>;
  assigned_to: number | null;
  consumer_id: number | null;
  /** The sender proved he is the consumer (registered mobile = WhatsApp number, or an OTP). */
  consumer_verified: Generated<boolean>;
  /** The linked consumer's DC: whose officers see it; null = the central desk. */
  dc_id: number | null;
  opened_at: Timestamp;
  last_message_at: Timestamp;
  /** WhatsApp's 24-hour window runs from here. */
  last_inbound_at: NullableTimestamp;
  first_response_due: NullableTimestamp;
  first_responded_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  closed_by: number | null;
  bot_state: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface ConversationMessageTable {
  id: Generated<number>;
  conversation_id: number;
  channel: ConversationChannel;
  direction: MessageDirection;
  author: MessageAuthor;
  user_id: number | null;
  platform_message_id: string | null;
  kind: Generated<MessageKind>;
  body: Generated<string>;
  media_url: string | null;
  /** The approved template an outgoing message used (WhatsApp, outside the 24-hour window). */
  template: string | null;
  status: MessageStatus;
  error: string | null;
  attempts: Generated<number>;
  run_after: NullableTimestamp;
  claimed_until: NullableTimestamp;
  webhook_id: number | null;
  at: Timestamp;
}

/** A consumer's portal session: the cookie's token hash, the verified mobile he signed in with. */
export interface PortalSessionTable {
  id: Generated<number>;
  token_hash: string;
  consumer_id: number;
  mobile: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  ended_at: NullableTimestamp;
}

/** A photo sent with a complaint from the portal (jpeg or png, at most 2 MB). */
export interface ComplaintPhotoTable {
  id: Generated<number>;
  complaint_id: number;
  content_type: "image/jpeg" | "image/png";
  bytes: Buffer;
  created_at: Timestamp;
}

export interface ConversationComplaintTable {
  conversation_id: number;
  complaint_id: number;
  linked_at: Timestamp;
}

export interface IvrCallTable {
  id: Generated<number>;
  at: Timestamp;
  kind: IvrCallKind;
  caller: string;
  consumer_id: number | null;
  outage_id: number | null;
  complaint_id: number | null;
  outcome: IvrOutcome;
  /** The DC of the consumer the call was about (none for unknown numbers): scopes the counts. */
  dc_id: number | null;
}

/** What an Open311 report carries beyond its complaint: coordinates, the address as given, a photo link. */
export interface Open311RequestTable {
  complaint_id: number;
  lat: number | null;
  long: number | null;
  address_string: string | null;
  media_url: string | null;
  created_at: DefaultTimestamp;
}

export interface AppSettingTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: DefaultTimestamp;
}

export interface ComplaintCategoryTable {
  code: string;
  name_en: string;
  name_hi: string;
  urban_limit_minutes: number;
  rural_limit_minutes: number;
  priority: number;
  emergency: Generated<boolean>;
  escalation_step_minutes: number;
  compensation_rs: Generated<number>;
  is_no_supply: Generated<boolean>;
  sort_order: Generated<number>;
  active: Generated<boolean>;
}

export interface ComplaintSubcategoryTable {
  category_code: string;
  code: string;
  name_en: string;
  name_hi: string;
  sort_order: Generated<number>;
  active: Generated<boolean>;
}

export interface ResolutionCodeTable {
  code: string;
  name_en: string;
  name_hi: string;
  sort_order: Generated<number>;
  active: Generated<boolean>;
}

export interface ComplaintTable {
  id: Generated<number>;
  number: string;
  consumer_id: number | null;
  caller_name: string | null;
  caller_phone: string | null;
  alt_phone: string | null;
  location: string | null;
  landmark: string | null;
  dc_id: number;
  feeder_id: number | null;
  dt_id: number | null;
  area_type: AreaType;
  category_code: string;
  subcategory_code: string | null;
  description: Generated<string>;
  channel: Channel;
  language: Generated<Language>;
  priority: number;
  emergency: Generated<boolean>;
  status: ComplaintStatus;
  assigned_to: number | null;
  registered_at: Timestamp;
  assigned_at: NullableTimestamp;
  /** When the assignee took it on (his own accept, or a take-over); null until then. */
  accepted_at: NullableTimestamp;
  attended_at: NullableTimestamp;
  waiting_since: NullableTimestamp;
  resolved_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  due_at: Timestamp;
  breached_at: NullableTimestamp;
  compensation_rs: Generated<number>;
  escalation_level: Generated<number>;
  next_escalation_at: NullableTimestamp;
  resolution_code: string | null;
  resolution_remarks: string | null;
  reopen_count: Generated<number>;
  call_count: Generated<number>;
  duplicate_of: number | null;
  close_reason: string | null;
  created_by: number | null;
  updated_at: DefaultTimestamp;
  outage_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Registered by SMS from a mobile the consumer has not registered (accepted; the registered mobile is told). */
  from_unregistered_mobile: Generated<boolean>;
  /** Set on insert: the consumer's third or later complaint registered within 30 days. */
  is_repeat: Generated<boolean>;
}

export interface ComplaintEventTable {
  id: Generated<number>;
  complaint_id: number;
  at: Timestamp;
  action: string;
  actor_kind: "user" | "token" | "system" | "public";
  actor_id: number | null;
  actor_name: string;
  actor_role: string | null;
  channel: string;
  from_status: string | null;
  to_status: string | null;
  changes: ColumnType<Record<string, unknown>, string | undefined, string>;
  note: string | null;
}

export interface IdempotencyKeyTable {
  principal: string;
  key: string;
  request_hash: string;
  complaint_id: number;
  created_at: DefaultTimestamp;
}

export interface OutboxSmsTable {
  id: Generated<number>;
  dedup_key: string;
  recipient: string;
  language: Language;
  template: string;
  variables: ColumnType<Record<string, string>, string, string>;
  body: string;
  urgent: Generated<boolean>;
  status: Generated<SmsStatus>;
  related_type: string | null;
  related_id: number | null;
  created_at: Timestamp;
  not_before: NullableTimestamp;
  attempts: Generated<number>;
  next_attempt_at: NullableTimestamp;
  lease_until: NullableTimestamp;
  /** The sms_workers row of the process that claimed it (while sending). */
  claimed_by: number | null;
  sent_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  parts: number | null;
  gateway: string | null;
  delivery_status: string | null;
  error: string | null;
  /** The DLT id this message goes under when not its template's (a knowledge-base summary registered on its own). */
  dlt_template_id: Generated<string | null>;
}

export interface SmsWorkerTable {
  id: Generated<number>;
  host: string;
  pid: number;
  started_at: Timestamp;
}

export interface SmsPartTable {
  id: Generated<number>;
  smsc_id: string;
  gateway: string;
  outbox_id: number;
  part: number;
  status: string | null;
  at: Timestamp;
}

export interface SmsOptOutTable {
  mobile: string;
  at: Timestamp;
  via: string;
}

export interface SmsInboundTable {
  id: Generated<number>;
  sender: string;
  text: string;
  received_at: Timestamp;
  outcome: string;
  complaint_id: number | null;
  /** The language a reply went in (the sender's). */
  language: Language | null;
  /** The keywords reply, when one went. */
  reply_outbox_id: number | null;
}

export interface MobileVerificationTable {
  id: Generated<number>;
  consumer_id: number;
  mobile: string;
  language: Language;
  /** The mobile it replaces once verified. */
  replaces: string | null;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  created_at: Timestamp;
  created_by: string;
  verified_at: NullableTimestamp;
  verified_by: string | null;
  /** Verified, cancelled, superseded or out of attempts. */
  closed_at: NullableTimestamp;
}

export interface CallbackTable {
  id: Generated<number>;
  complaint_id: number;
  round: number;
  dc_id: number;
  status: Generated<CallbackStatus>;
  priority: number;
  resolved_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  window_ends_at: Timestamp;
  lease_user_id: number | null;
  lease_until: NullableTimestamp;
  created_at: Timestamp;
  closed_at: NullableTimestamp;
  answered_via: "call" | "link" | null;
  answered_by: number | null;
  fixed: boolean | null;
  time_rating: number | null;
  overall_rating: number | null;
  trouble_tags: Generated<TroubleTag[]>;
  trouble_text: string | null;
  consumer_words: string | null;
}

export interface CallbackAttemptTable {
  id: Generated<number>;
  callback_id: number;
  at: Timestamp;
  user_id: number | null;
  dc_id: number;
  outcome: CallOutcome;
  note: string | null;
}

export interface FeedbackLinkTable {
  token_hash: string;
  callback_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface GrievanceTable {
  id: Generated<number>;
  complaint_id: number;
  callback_id: number | null;
  dc_id: number;
  office_id: number;
  tags: TroubleTag[];
  text: string | null;
  status: Generated<"open" | "closed">;
  created_at: Timestamp;
  closed_at: NullableTimestamp;
  closed_by: number | null;
  action_taken: string | null;
}

export interface SurveyQuestionTable {
  code: string;
  position: number;
  kind: SurveyQuestionKind;
  metric: SurveyMetric | null;
  text_en: string;
  text_hi: string;
  active: Generated<boolean>;
  updated_at: DefaultTimestamp;
}

export interface SurveyCampaignTable {
  id: Generated<number>;
  month: string;
  seed: string;
  sample_size: number;
  status: Generated<"open" | "closed">;
  sampled: Generated<number>;
  created_at: Timestamp;
  created_by: number | null;
  closed_at: NullableTimestamp;
}

export interface SurveyTargetTable {
  id: Generated<number>;
  campaign_id: number;
  consumer_id: number;
  dc_id: number;
  mobile: string;
  language: Language;
  status: Generated<SurveyTargetStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_user_id: number | null;
  lease_until: NullableTimestamp;
  answered_at: NullableTimestamp;
  answered_via: "call" | "link" | null;
  answered_by: number | null;
  /** numeric: a string from the driver; read it with ::float8. */
  supply_hours: ColumnType<string | null, number | null | undefined, number | null>;
  interruptions: number | null;
  regular_supply: boolean | null;
  meter_read: boolean | null;
  bill_on_time: boolean | null;
  bill_correct: boolean | null;
  suggestion: string | null;
  extra: ColumnType<Record<string, unknown>, string | undefined, string>;
  wants_complaint: Generated<boolean>;
  complaint_id: number | null;
  suggestion_status: "new" | "acted" | null;
  acted_at: NullableTimestamp;
  acted_by: number | null;
  acted_note: string | null;
}

export interface SurveyAttemptTable {
  id: Generated<number>;
  target_id: number;
  at: Timestamp;
  user_id: number | null;
  dc_id: number;
  outcome: SurveyOutcome;
  note: string | null;
}

export interface SurveyLinkTable {
  token_hash: string;
  target_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface SurveyActionTable {
  id: Generated<number>;
  month: string;
  org_unit_id: number;
  metrics: ColumnType<{ metric: string; value: number; threshold: number }[], string, string>;
  status: Generated<"open" | "done">;
  assigned_user_id: number | null;
  created_at: Timestamp;
  done_at: NullableTimestamp;
  done_by: number | null;
  action_taken: string | null;
}

export interface MobileCoverageTable {
  dc_id: number;
  consumers: number;
  verified: number;
  counted_at: Timestamp;
}

export interface SmsTemplateTable {
  code: string;
  language: Language;
  body: string;
  dlt_template_id: string;
  sender: string;
  category: SmsCategory;
  optional: Generated<boolean>;
  /** Waits out the quiet hours unless queued as urgent. */
  quiet_hours: Generated<boolean>;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
}

export interface OutageTable {
  id: Generated<number>;
  kind: OutageKind;
  scope: OutageScope;
  feeder_id: number | null;
  dt_id: number | null;
  consumer_id: number | null;
  dc_id: number;
  source: OutageSource;
  status: OutageStatus;
  started_at: Timestamp;
  detected_at: Timestamp;
  confirmed_at: NullableTimestamp;
  restored_at: NullableTimestamp;
  planned_start: NullableTimestamp;
  planned_end: NullableTimestamp;
  etr: NullableTimestamp;
  etr_set_at: NullableTimestamp;
  etr_set_by: number | null;
  etr_set_by_name: string | null;
  etr_notified: NullableTimestamp;
  etr_notices: Generated<number>;
  cause: string | null;
  affected_consumers: Generated<number>;
  merged_into: number | null;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: number | null;
  acknowledged_by_name: string | null;
  advance_notice_at: NullableTimestamp;
  created_by: number | null;
  updated_at: DefaultTimestamp;
  /** Who owns it in the field (the DC's JE, else a lineman): one SMS when it opens, then digests. */
  owner_id: number | null;
  owner_name: string | null;
  /** When the owner last heard of it by SMS, and how many linked calls he knew of then. */
  staff_told_at: NullableTimestamp;
  staff_told_calls: Generated<number>;
  staff_digests: Generated<number>;
}

export interface OutageEventTable {
  id: Generated<number>;
  outage_id: number;
  at: Timestamp;
  action: string;
  actor_kind: "user" | "token" | "system";
  actor_id: number | null;
  actor_name: string;
  channel: string;
  from_status: string | null;
  to_status: string | null;
  changes: ColumnType<Record<string, unknown>, string | undefined, string>;
  note: string | null;
}

export interface OutageNoticeTable {
  id: Generated<number>;
  outage_id: number;
  kind: OutageNoticeKind;
  seq: Generated<number>;
  variables: ColumnType<Record<string, string>, string, string>;
  created_at: Timestamp;
  expanded_at: NullableTimestamp;
  recipients: number | null;
}

export type SignalSource = "scada" | "ami";
export type SignalEvent = "trip" | "close" | "last_gasp" | "power_restore";

export interface NetworkSignalTable {
  id: Generated<number>;
  source: SignalSource;
  element: string;
  event: SignalEvent;
  at: Timestamp;
  received_at: Timestamp;
  feeder_id: number | null;
  dt_id: number | null;
  consumer_id: number | null;
}

/** numeric(12,2) comes back as a string ("1245.50") on both drivers; written as a string too. */
type Money = ColumnType<string, string, string>;
/** date columns come back as 'YYYY-MM-DD' (see database.ts). */
type DateOnly = ColumnType<string, string, string>;

export interface BillTable {
  id: Generated<number>;
  consumer_id: number;
  /** The first day of the bill's month. */
  bill_month: DateOnly;
  bill_no: string | null;
  amount: Money;
  due_date: DateOnly;
  payment_link: string;
  issued_at: Timestamp;
  /** Bumped when the amount or the due date changes (a revised bill): one SMS a version. */
  version: Generated<number>;
  imported_at: Timestamp;
  updated_at: Timestamp;
}

export interface PaymentTable {
  id: Generated<number>;
  consumer_id: number;
  bill_id: number | null;
  amount: Money;
  paid_at: Timestamp;
  reference: string;
  mode: PaymentMode;
  imported_at: Timestamp;
  updated_at: Timestamp;
}

export interface BillResendTable {
  id: Generated<number>;
  bill_id: number;
  consumer_id: number;
  mobile: string;
  at: Timestamp;
  actor_kind: "user" | "token";
  actor_id: number | null;
  actor_name: string;
  dedup_key: string;
}

/** One document an application needs, and whether it has been received. */
export interface ApplicationDocument {
  code: string;
  received: boolean;
}

export interface ConnectionApplicationTable {
  id: Generated<number>;
  number: string;
  applicant_name: string;
  mobile: string;
  mobile_verified: Generated<boolean>;
  language: Generated<Language>;
  address: string;
  locality: string | null;
  pincode: string | null;
  dc_id: number;
  sop_area: SopArea;
  category: TariffCategory;
  supply_type: Generated<SupplyType>;
  load_kw: number;
  documents: ColumnType<ApplicationDocument[], string | undefined, string>;
  charges_demanded_rs: number | null;
  charges_paid_rs: Generated<number>;
  status: Generated<ApplicationStatus>;
  reject_reason: string | null;
  source: ApplicationSource;
  consumer_id: number | null;
  applied_at: Timestamp;
  status_at: Timestamp;
  documents_complete_at: NullableTimestamp;
  site_inspected_at: NullableTimestamp;
  demand_note_at: NullableTimestamp;
  charges_paid_at: NullableTimestamp;
  meter_installed_at: NullableTimestamp;
  released_at: NullableTimestamp;
  rejected_at: NullableTimestamp;
  /** The internal limit of the current stage (settings `connections.sop`). */
  stage_due_at: NullableTimestamp;
  /** The regulator's limit for the connection: complete documents + the area's days (+ days waiting for the consumer's payment). */
  release_due_at: NullableTimestamp;
  breached_at: NullableTimestamp;
  compensation_rs: Generated<number>;
  escalation_level: Generated<number>;
  next_escalation_at: NullableTimestamp;
  created_by: number | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** A code sent to a mobile that applies for a new connection online (portal); only its salted hash. */
export interface ConnectionApplyCodeTable {
  id: Generated<number>;
  mobile: string;
  code_hash: string;
  language: Generated<Language>;
  attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  closed_at: NullableTimestamp;
}

export interface ConnectionApplicationEventTable {
  id: Generated<number>;
  application_id: number;
  at: Timestamp;
  action: string;
  actor_kind: "user" | "token" | "system" | "public";
  actor_id: number | null;
  actor_name: string;
  actor_role: string | null;
  from_status: string | null;
  to_status: string | null;
  changes: ColumnType<Record<string, unknown>, string | undefined, string>;
  note: string | null;
}

/** A knowledge-base article: the working content (latest version) and a copy of the published one (pub_*). */
export interface KbArticleTable {
  id: Generated<number>;
  slug: string;
  status: ArticleStatus;
  version: Generated<number>;
  owner_id: number | null;
  category: KbCategory;
  title_en: string;
  title_hi: string;
  body_en: string;
  body_hi: string;
  summary_en: string;
  summary_hi: string;
  keywords: string[];
  complaint_categories: string[];
  dlt_template_id_en: string | null;
  dlt_template_id_hi: string | null;
  published_version: number | null;
  published_at: NullableTimestamp;
  published_by: number | null;
  pub_category: KbCategory | null;
  pub_title_en: string | null;
  pub_title_hi: string | null;
  pub_body_en: string | null;
  pub_body_hi: string | null;
  pub_summary_en: string | null;
  pub_summary_hi: string | null;
  pub_keywords: string[] | null;
  pub_complaint_categories: string[] | null;
  pub_dlt_template_id_en: string | null;
  pub_dlt_template_id_hi: string | null;
  created_at: Timestamp;
  created_by: number | null;
  updated_at: Timestamp;
  updated_by: number | null;
}

/** Every saved version of an article (immutable). */
export interface KbArticleVersionTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  slug: string;
  category: KbCategory;
  title_en: string;
  title_hi: string;
  body_en: string;
  body_hi: string;
  summary_en: string;
  summary_hi: string;
  keywords: string[];
  complaint_categories: string[];
  owner_id: number | null;
  dlt_template_id_en: string | null;
  dlt_template_id_hi: string | null;
  changed_fields: string[];
  note: string | null;
  at: Timestamp;
  user_id: number | null;
  user_name: string;
}

/** An article's audit trail (immutable). */
export interface KbArticleEventTable {
  id: Generated<number>;
  article_id: number;
  at: Timestamp;
  action: string;
  version: number | null;
  actor_kind: "user" | "token" | "system" | "public";
  actor_id: number | null;
  actor_name: string;
  actor_role: string | null;
  changes: ColumnType<Record<string, unknown>, string | undefined, string>;
  note: string | null;
}

/** An article summary sent by SMS (immutable). */
export interface KbSmsSendTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  language: Language;
  mobile: string;
  consumer_id: number | null;
  consumer_no: string | null;
  user_id: number | null;
  user_name: string;
  outbox_id: number | null;
  dlt_template_id: string | null;
  body: string;
  parts: number;
  sent_at: Timestamp;
}

/** One energy slab of a tariff: units from..to (to null: open-ended), paise per unit. */
export interface TariffSlab {
  from: number;
  to: number | null;
  ratePaise: number;
}

/** An extra line of a bill (electricity duty, FPPAS...): a percentage of fixed + energy charges. */
export interface TariffExtra {
  nameEn: string;
  nameHi: string;
  /** Basis points: 900 is 9%. */
  basisPoints: number;
}

export interface TariffTable {
  id: Generated<number>;
  category: TariffCategory;
  supply_type: SupplyType;
  /** 'YYYY-MM-DD' (both drivers read date as text). */
  effective_from: string;
  effective_to: string | null;
  name_en: string;
  name_hi: string;
  fixed_charge_paise: number;
  fixed_basis: FixedBasis;
  slabs: ColumnType<TariffSlab[], string, string>;
  extras: ColumnType<TariffExtra[], string | undefined, string>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  updated_by: number | null;
  updated_by_name: string | null;
}

export interface TariffEventTable {
  id: Generated<number>;
  tariff_id: number;
  at: Timestamp;
  action: "created" | "updated" | "imported";
  actor_kind: "user" | "token" | "system";
  actor_id: number | null;
  actor_name: string;
  changes: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** The counters one complaint contributes to the rollups (see migration 20261207090000). */
export interface ComplaintRollupMeasures {
  received: Generated<number>;
  st_registered: Generated<number>;
  st_assigned: Generated<number>;
  st_attended: Generated<number>;
  st_waiting: Generated<number>;
  st_resolved: Generated<number>;
  st_closed: Generated<number>;
  st_invalid: Generated<number>;
  st_duplicate: Generated<number>;
  repeats: Generated<number>;
  reopened: Generated<number>;
  resolved: Generated<number>;
  resolved_late: Generated<number>;
  resolve_minutes: Generated<number>;
  h0: Generated<number>;
  h1: Generated<number>;
  h2: Generated<number>;
  h3: Generated<number>;
  h4: Generated<number>;
  h5: Generated<number>;
  h6: Generated<number>;
  h7: Generated<number>;
  h8: Generated<number>;
  h9: Generated<number>;
  h10: Generated<number>;
  h11: Generated<number>;
  h12: Generated<number>;
  breached: Generated<number>;
}

export interface ComplaintRollupDeltaTable extends ComplaintRollupMeasures {
  id: Generated<number>;
  /** 'r' registered, 'x' resolved, 'b' breached: which moment `at` is. */
  part: "r" | "x" | "b";
  at: Timestamp;
  dc_id: number;
  category_code: string;
  channel: string;
  area_type: string;
}

export interface ComplaintRollupDailyTable extends ComplaintRollupMeasures {
  day: ColumnType<string, string, string>;
  dc_id: number;
  category_code: string;
  channel: string;
  area_type: string;
}

export interface ComplaintRollupMonthlyTable extends ComplaintRollupMeasures {
  /** The first day of the month. */
  month: ColumnType<string, string, string>;
  dc_id: number;
  category_code: string;
  channel: string;
  area_type: string;
}

export interface ComplaintRollupUnitDailyTable extends ComplaintRollupMeasures {
  /** An org unit above the DC (company … sub-division). */
  unit_id: number;
  day: ColumnType<string, string, string>;
  category_code: string;
  channel: string;
  area_type: string;
}

export interface ComplaintRollupUnitMonthlyTable extends ComplaintRollupMeasures {
  unit_id: number;
  month: ColumnType<string, string, string>;
  category_code: string;
  channel: string;
  area_type: string;
}

export type CompensationStatus = "due" | "part_credited" | "credited" | "waived";

export interface CompensationEntryTable {
  id: Generated<number>;
  source: "complaint" | "connection";
  complaint_id: number | null;
  application_id: number | null;
  consumer_id: number | null;
  dc_id: number;
  category_code: string;
  area_type: AreaType;
  breached_at: Timestamp;
  due_rs: number;
  credited_rs: Generated<number>;
  credited_at: NullableTimestamp;
  status: Generated<CompensationStatus>;
  waive_reason: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface CompensationCreditTable {
  id: Generated<number>;
  entry_id: number;
  amount_rs: number;
  credited_on: ColumnType<string, string, string>;
  reference: string;
  imported_by: number | null;
  imported_at: DefaultTimestamp;
}

export interface SopReportRowTable {
  code: string;
  position: number;
  label_en: string;
  label_hi: string;
  source: "complaints" | "connections";
  category_codes: Generated<string[]>;
  standard_en: Generated<string>;
  standard_hi: Generated<string>;
  active: Generated<boolean>;
  updated_at: DefaultTimestamp;
  /** Who saved the rows last (migration 20261207120000). */
  updated_by: string | null;
}

/** One save of the SoP report's rows: the rows before and after. */
export interface SopReportRowChangeTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
  changes: ColumnType<Record<string, unknown>, string, string>;
}

export type ReportKind = "area_summary" | "sop";
export type ReportFrequency = "weekly" | "monthly";

/** An officer's subscription to a scheduled report of an office (migration 20261207150000). */
export interface ReportSubscriptionTable {
  id: Generated<number>;
  user_id: number;
  org_unit_id: number;
  kind: ReportKind;
  frequency: ReportFrequency;
  language: Generated<Language>;
  active: Generated<boolean>;
  next_run_at: Timestamp;
  last_period: string | null;
  last_sent_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A rendered report's PDF, opened by its signed link until it expires. */
export interface ReportDocumentTable {
  id: Generated<number>;
  subscription_id: number | null;
  kind: ReportKind;
  org_unit_id: number;
  period: string;
  period_label: string;
  language: Language;
  pdf: Buffer;
  created_at: Timestamp;
  expires_at: Timestamp;
  download_count: Generated<number>;
}

export interface DB {
  org_units: OrgUnitTable;
  substations: SubstationTable;
  feeders: FeederTable;
  dts: DtTable;
  consumers: ConsumerTable;
  consumer_mobiles: ConsumerMobileTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  user_events: UserEventTable;
  tracking_links: TrackingLinkTable;
  app_settings: AppSettingTable;
  job_runs: JobRunTable;
  dt_analysis_queue: DtAnalysisQueueTable;
  channel_webhooks: ChannelWebhookTable;
  conversations: ConversationTable;
  conversation_messages: ConversationMessageTable;
  conversation_complaints: ConversationComplaintTable;
  ivr_calls: IvrCallTable;
  open311_requests: Open311RequestTable;
  portal_sessions: PortalSessionTable;
  complaint_photos: ComplaintPhotoTable;
  complaint_categories: ComplaintCategoryTable;
  complaint_subcategories: ComplaintSubcategoryTable;
  resolution_codes: ResolutionCodeTable;
  complaints: ComplaintTable;
  complaint_events: ComplaintEventTable;
  idempotency_keys: IdempotencyKeyTable;
  outbox_sms: OutboxSmsTable;
  outages: OutageTable;
  outage_events: OutageEventTable;
  outage_notices: OutageNoticeTable;
  network_signals: NetworkSignalTable;
  sms_parts: SmsPartTable;
  sms_workers: SmsWorkerTable;
  sms_opt_outs: SmsOptOutTable;
  sms_inbound: SmsInboundTable;
  sms_templates: SmsTemplateTable;
  bills: BillTable;
  payments: PaymentTable;
  bill_resends: BillResendTable;
  mobile_verifications: MobileVerificationTable;
  mobile_coverage: MobileCoverageTable;
  callbacks: CallbackTable;
  callback_attempts: CallbackAttemptTable;
  feedback_links: FeedbackLinkTable;
  grievances: GrievanceTable;
  survey_questions: SurveyQuestionTable;
  survey_campaigns: SurveyCampaignTable;
  survey_targets: SurveyTargetTable;
  survey_attempts: SurveyAttemptTable;
  survey_links: SurveyLinkTable;
  survey_actions: SurveyActionTable;
  connection_applications: ConnectionApplicationTable;
  connection_application_events: ConnectionApplicationEventTable;
  kb_articles: KbArticleTable;
  kb_article_versions: KbArticleVersionTable;
  kb_article_events: KbArticleEventTable;
  kb_sms_sends: KbSmsSendTable;
  tariffs: TariffTable;
  tariff_events: TariffEventTable;
  connection_apply_codes: ConnectionApplyCodeTable;
  complaint_rollup_deltas: ComplaintRollupDeltaTable;
  complaint_rollup_daily: ComplaintRollupDailyTable;
  complaint_rollup_monthly: ComplaintRollupMonthlyTable;
  complaint_rollup_unit_daily: ComplaintRollupUnitDailyTable;
  complaint_rollup_unit_monthly: ComplaintRollupUnitMonthlyTable;
  compensation_entries: CompensationEntryTable;
  compensation_credits: CompensationCreditTable;
  sop_report_rows: SopReportRowTable;
  report_subscriptions: ReportSubscriptionTable;
  report_documents: ReportDocumentTable;
  sop_report_row_changes: SopReportRowChangeTable;
}

export type OrgUnit = Selectable<OrgUnitTable>;
export type NewOrgUnit = Insertable<OrgUnitTable>;
export type Consumer = Selectable<ConsumerTable>;
export type User = Selectable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type ComplaintCategory = Selectable<ComplaintCategoryTable>;
export type Complaint = Selectable<ComplaintTable>;
export type ComplaintUpdate = Updateable<ComplaintTable>;
export type ComplaintEvent = Selectable<ComplaintEventTable>;
export type Outage = Selectable<OutageTable>;
export type OutageUpdate = Updateable<OutageTable>;
export type OutageEvent = Selectable<OutageEventTable>;
export type ConnectionApplication = Selectable<ConnectionApplicationTable>;
export type ConnectionApplicationEvent = Selectable<ConnectionApplicationEventTable>;
