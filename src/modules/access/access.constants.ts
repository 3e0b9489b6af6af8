// Permissions and what an integration token may be granted.
// Dependency-free: the API schema files and the web import this file. Import nothing here
// (types from another constants file at most).

export const PERMISSIONS = [
  "consumers.read",
  /** See consumers' full mobile numbers (others see them masked). */
  "consumers.read_mobile",
  "org.read",
  "users.manage",
  "tokens.manage",
  "complaints.read",
  /** Register complaints. */
  "complaints.create",
  /** Field work on a complaint: accept, attend (on site), wait for the consumer, resolve. */
  "complaints.work",
  /** Assign, close, mark invalid or duplicate, change category. */
  "complaints.manage",
  /** Reopen a resolved complaint (the consumer says it is not fixed). */
  "complaints.reopen",
  "complaints.note",
  /** See outages, the wallboard and reliability indices. */
  "outages.read",
  /** Open, confirm, dismiss, set the ETR of and restore outages; schedule shutdowns. */
  "outages.manage",
  /** Acknowledge a red alert on the wallboard. */
  "outages.acknowledge",
  /** Send SCADA and smart-meter events over HTTP (integration tokens). */
  "events.ingest",
  /** Add or change a consumer's mobile number (verified by an OTP SMS). */
  "consumers.mobiles",
  /** See the SMS outbox and the verified-mobile drive's figures. */
  "sms.read",
  /** Read the SMS consumers send to the DISCOM's number (the inbound list under SMS). */
  "sms.inbound",
  /** Edit SMS templates and their DLT registration. */
  "sms.manage",
  /** Send a consumer his bill's SMS (with the payment link) again. */
  "bills.resend",
  /** Work the feedback desk: call consumers back after resolution and record what they say. */
  "callbacks.work",
  /** See and close the grievances consumers raised (money asked, staff behaviour). */
  "grievances.manage",
  /** Work the monthly survey's calls. */
  "survey.work",
  /** See the survey's scorecards, trend, suggestions and action items. */
  "survey.read",
  /** Record what was done on a flagged area or a suggestion; register a complaint from an answer. */
  "survey.act",
  /** Reword the survey's questions, change its settings, build a month's campaign by hand. */
  "survey.manage",
  /** Answer the inbox's conversations (WhatsApp, X, Facebook, Instagram, SMS, portal): link, convert, reply, close. */
  "inbox.work",
  /** Assign conversations to agents; hear of unanswered ones past their first-response limit. */
  "inbox.manage",
  /** The telephony platform's IVR: look a caller up, register a no-supply complaint, missed calls (integration tokens). */
  "ivr.use",
  /** See new-connection applications, their stage and SoP clock. */
  "connections.read",
  /** Register a new-connection application (call centre, portal, API). */
  "connections.create",
  /** Move an application through its stages: documents, inspection, demand note, payment, meter, release, rejection. */
  "connections.manage",
  /** Read and search the knowledge base and the tariff table; estimate a bill. */
  "kb.read",
  /** Send an article's SMS summary to a caller's mobile (audited). */
  "kb.send",
  /** Write and change knowledge-base articles (drafts). */
  "kb.edit",
  /** Publish, unpublish and archive articles. */
  "kb.publish",
  /** Edit and import the tariff table. */
  "tariffs.manage",
  /** The management dashboards of one's area, their drill-down and the lists behind their figures. */
  "reports.read",
  /** The regulator's SoP compliance report; subscribe to scheduled reports of one's area. */
  "reports.regulator",
  /** Change the rows of the SoP compliance report (a state's format). */
  "reports.configure",
  /** See the compensation register and export what is due for the billing system. */
  "compensation.read",
  /** Import billing's credits (powerdesk import credits, or upload); waive an entry with a reason. */
  "compensation.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What an integration token may be granted; never user or token management. */
export const TOKEN_SCOPES: readonly Permission[] = [
  "consumers.read",
  "consumers.read_mobile",
  "org.read",
  "complaints.read",
  "complaints.create",
  "outages.read",
  "events.ingest",
  "ivr.use",
  "connections.read",
  "connections.create",
];
