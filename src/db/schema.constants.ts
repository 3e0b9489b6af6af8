// The value lists of the enum-like columns (roles, statuses, channels...): the database's vocabulary.
// Dependency-free on purpose: the API's schema files and the web app import this file, so the server
// and the browser share one copy. Import nothing here (types from another constants file at most).

export const ORG_KINDS = ["company", "region", "circle", "division", "subdivision", "dc"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ROLES = [
  "agent",
  "supervisor",
  "lineman",
  "je",
  "ae",
  "ee",
  "se",
  "ce",
  "admin",
  "viewer",
] as const;
export type Role = (typeof ROLES)[number];

export const TARIFF_CATEGORIES = ["domestic", "non_domestic", "agriculture", "industrial"] as const;
export type TariffCategory = (typeof TARIFF_CATEGORIES)[number];

export const AREA_TYPES = ["urban", "rural"] as const;
export type AreaType = (typeof AREA_TYPES)[number];

export const CONNECTION_STATUSES = [
  "active",
  "temporarily_disconnected",
  "permanently_disconnected",
] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export const LANGUAGES = ["hi", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export const COMPLAINT_STATUSES = [
  "registered",
  "assigned",
  "attended",
  "waiting",
  "resolved",
  "closed",
  "invalid",
  "duplicate",
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Statuses in which the SLA clock runs (waiting pauses it) and a complaint sits in a queue. */
export const OPEN_STATUSES = [
  "registered",
  "assigned",
  "attended",
  "waiting",
] as const satisfies readonly ComplaintStatus[];

export const CHANNELS = [
  "call",
  "web",
  "sms",
  "whatsapp",
  "social",
  "walk_in",
  "field",
  "api",
  "x",
  "facebook",
  "instagram",
  "portal",
  "ivr",
  "missed_call",
  "open311",
] as const;
export type Channel = (typeof CHANNELS)[number];

/** Where a webhook came from (Meta's one webhook carries Facebook and Instagram). */
export const WEBHOOK_CHANNELS = ["whatsapp", "meta", "x"] as const;
export type WebhookChannel = (typeof WEBHOOK_CHANNELS)[number];
export const WEBHOOK_STATUSES = ["pending", "processed", "failed"] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

/** The inbox's channels: every non-voice way a consumer writes to the DISCOM. */
export const CONVERSATION_CHANNELS = ["whatsapp", "x", "facebook", "instagram", "sms", "portal"] as const;
export type ConversationChannel = (typeof CONVERSATION_CHANNELS)[number];
/** bot: the WhatsApp bot is answering (not in the agents' queue); new: nobody answered yet. */
export const CONVERSATION_STATUSES = ["bot", "new", "open", "waiting", "closed"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
/** public: an X mention or a Facebook comment, where replies never carry personal data. */
export const CONVERSATION_VISIBILITIES = ["direct", "public"] as const;
export type ConversationVisibility = (typeof CONVERSATION_VISIBILITIES)[number];
export const MESSAGE_DIRECTIONS = ["in", "out"] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];
export const MESSAGE_AUTHORS = ["consumer", "agent", "bot", "system"] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];
export const MESSAGE_KINDS = ["text", "image", "template", "other"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
/** received: an incoming message; pending → sending → sent → delivered → read, or failed: an outgoing one. */
export const MESSAGE_STATUSES = [
  "received",
  "pending",
  "sending",
  "sent",
  "delivered",
  "read",
  "failed",
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const IVR_CALL_KINDS = ["lookup", "register", "missed_call"] as const;
export type IvrCallKind = (typeof IVR_CALL_KINDS)[number];
/** What the IVR did with a call: answered it with a known outage, sent it to an agent, registered or joined a complaint. */
export const IVR_OUTCOMES = [
  "outage_answered",
  "agent",
  "registered",
  "joined",
  "unknown_caller",
  "refused",
] as const;
export type IvrOutcome = (typeof IVR_OUTCOMES)[number];

export const SMS_STATUSES = [
  "pending",
  "sending",
  "sent",
  "delivered",
  "failed",
  "skipped",
  "cancelled",
] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

export const SMS_CATEGORIES = [
  "transactional",
  "service_implicit",
  "service_explicit",
  "promotional",
] as const;
export type SmsCategory = (typeof SMS_CATEGORIES)[number];

export const CALLBACK_STATUSES = [
  "open",
  "link_sent",
  "confirmed",
  "not_fixed",
  "not_confirmed",
  "cancelled",
] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

export const CALL_OUTCOMES = ["no_answer", "busy", "switched_off", "wrong_number", "reached"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const TROUBLE_TAGS = [
  "money_asked",
  "staff_behaviour",
  "called_many_times",
  "came_late",
  "not_informed",
  "other",
] as const;
export type TroubleTag = (typeof TROUBLE_TAGS)[number];

export const SURVEY_QUESTION_KINDS = ["hours", "count", "yes_no", "text"] as const;
export type SurveyQuestionKind = (typeof SURVEY_QUESTION_KINDS)[number];

export const SURVEY_METRICS = [
  "supply_hours",
  "interruptions",
  "meter_read",
  "bill_on_time",
  "bill_correct",
  "suggestion",
] as const;
export type SurveyMetric = (typeof SURVEY_METRICS)[number];

export const SURVEY_TARGET_STATUSES = ["pending", "link_sent", "answered", "refused", "unanswered"] as const;
export type SurveyTargetStatus = (typeof SURVEY_TARGET_STATUSES)[number];

/** A survey call's outcome: the callback outcomes, and a consumer who would rather not answer. */
export const SURVEY_OUTCOMES = [
  "no_answer",
  "busy",
  "switched_off",
  "wrong_number",
  "refused",
  "reached",
] as const;
export type SurveyOutcome = (typeof SURVEY_OUTCOMES)[number];

export const OUTAGE_KINDS = ["unplanned", "planned"] as const;
export type OutageKind = (typeof OUTAGE_KINDS)[number];

export const OUTAGE_SCOPES = ["feeder", "dt", "consumer"] as const;
export type OutageScope = (typeof OUTAGE_SCOPES)[number];

export const OUTAGE_SOURCES = ["scada", "ami", "complaints", "staff"] as const;
export type OutageSource = (typeof OUTAGE_SOURCES)[number];

export const OUTAGE_STATUSES = [
  "suspected",
  "confirmed",
  "restored",
  "dismissed",
  "merged",
  "scheduled",
  "in_progress",
  "completed",
  "cancelled",
] as const;
export type OutageStatus = (typeof OUTAGE_STATUSES)[number];

/** Unplanned outages still off: one per element at most. */
export const OPEN_UNPLANNED = ["suspected", "confirmed"] as const satisfies readonly OutageStatus[];

/** Outages during which the supply is off (a caller behind one is told so). */
export const LIVE_OUTAGE_STATUSES = [
  "suspected",
  "confirmed",
  "in_progress",
] as const satisfies readonly OutageStatus[];

export const OUTAGE_NOTICE_KINDS = [
  "notice",
  "etr",
  "restored",
  "planned_notice",
  "planned_started",
  "planned_cancelled",
] as const;
export type OutageNoticeKind = (typeof OUTAGE_NOTICE_KINDS)[number];

export const PAYMENT_MODES = [
  "online",
  "upi",
  "card",
  "netbanking",
  "wallet",
  "counter",
  "cash",
  "cheque",
  "other",
] as const;
export type PaymentMode = (typeof PAYMENT_MODES)[number];

/**
 * A new-connection application's stages, in order; `rejected` ends one at any
 * stage before release (with a reason). connections.state.ts says which
 * moves are allowed.
 */
export const APPLICATION_STATUSES = [
  "applied",
  "documents_complete",
  "site_inspected",
  "demand_note_issued",
  "charges_paid",
  "meter_installed",
  "released",
  "rejected",
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** Stages in which an application is still pending (its SoP clock may run). */
export const PENDING_APPLICATION_STATUSES = [
  "applied",
  "documents_complete",
  "site_inspected",
  "demand_note_issued",
  "charges_paid",
  "meter_installed",
] as const satisfies readonly ApplicationStatus[];

/** Low tension (230/415 V) or high tension (11 kV and above). */
export const SUPPLY_TYPES = ["lt", "ht"] as const;
export type SupplyType = (typeof SUPPLY_TYPES)[number];

/** The area class the new-connection SoP limit depends on (Rights of Consumers Rules: metro / municipal / rural). */
export const SOP_AREAS = ["metro", "urban", "rural"] as const;
export type SopArea = (typeof SOP_AREAS)[number];

/** Where an application came from. */
export const APPLICATION_SOURCES = ["call", "walk_in", "portal", "api", "import"] as const;
export type ApplicationSource = (typeof APPLICATION_SOURCES)[number];

/** Knowledge-base article categories. */
export const KB_CATEGORIES = [
  "tariff",
  "billing",
  "payment",
  "new_connection",
  "safety",
  "supply",
  "schemes",
] as const;
export type KbCategory = (typeof KB_CATEGORIES)[number];

/** An article is written as a draft, published for agents, and archived when it no longer applies. */
export const ARTICLE_STATUSES = ["draft", "published", "archived"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** How a tariff's fixed charge is counted each month: per kW of load, or once per connection. */
export const FIXED_BASES = ["per_kw", "per_connection"] as const;
export type FixedBasis = (typeof FIXED_BASES)[number];
