import type { ApplicationStatus, ComplaintStatus, Language } from "../../../db/schema.constants.ts";
import type { BillStatus } from "../../billing/billing.constants.ts";
import { dateLabel, monthLabel, rupees } from "../../billing/billing.format.ts";
import { smsTime } from "../../notifications/sms-templates.ts";

/*
 * The WhatsApp self-service bot as a pure state machine: (state, input,
 * facts) → (state, replies, actions). An input is the consumer's text or the
 * result of an action the bot asked for (a code sent, a complaint
 * registered, a bill read); bot.service.ts runs the actions and feeds their
 * results back until none is left. All wording, Hindi and English, is here.
 *
 * The one rule that matters most: status, bills and outages only for a
 * verified consumer (the WhatsApp number is his verified mobile, or he read
 * back a code sent to it). Registering a complaint needs only a consumer
 * number or registered mobile, as an SMS complaint does. New-connection
 * applications are answered only for the sender's own WhatsApp number (an
 * application's own mobile is verified for it): the action names no number,
 * the service reads the sender's.
 */

/** What the consumer asked for from the menu. */
export type Intent = "complaint" | "status" | "power" | "bill";

export interface ConsumerRef {
  id: number;
  no: string;
  dcId: number;
}

export type Step =
  | { at: "start" }
  | { at: "menu" }
  /** His number is the verified mobile of several consumers: which one. */
  | { at: "choose_consumer"; intent: Intent; options: ConsumerRef[] }
  /** Asked for a consumer number (or, for a complaint, a registered mobile). */
  | { at: "ask_consumer"; intent: Intent; tries: number }
  /** A code went to the consumer's registered mobile; waiting for it. */
  | { at: "ask_otp"; intent: Intent; consumer: ConsumerRef; hash: string; expiresAt: string }
  | { at: "ask_category" }
  | { at: "confirm"; category: string };

export interface BotState {
  /** The last inbound message handled: the same message twice is answered once. */
  lastMessageId: number;
  step: Step;
  /** The consumer the conversation is about; verified = he proved it (mobile or code). */
  consumer: (ConsumerRef & { verified: boolean }) | null;
  /** A flood notice was sent; no more replies until the sender slows down. */
  muted: boolean;
}

export const INITIAL_STATE: BotState = {
  lastMessageId: 0,
  step: { at: "start" },
  consumer: null,
  muted: false,
};

export interface Category {
  code: string;
  nameEn: string;
  nameHi: string;
}

/** What the bot knows when a message arrives (read by the service before each step). */
export interface Facts {
  language: Language;
  timeZone: string;
  /** Consumers whose verified mobile is the sender's WhatsApp number. */
  senderConsumers: ConsumerRef[];
  /** The complaint categories, in the catalogue's order. */
  categories: Category[];
  /** The consumer the text names (by consumer number, else by registered mobile), when asked for one. */
  lookup?: ConsumerLookup | undefined;
  /** Where to apply for a new connection online (the portal's page). */
  applyUrl?: string | undefined;
}

/** A new-connection application of the sender's mobile. */
export interface ApplicationLine {
  number: string;
  status: ApplicationStatus;
  nextStep: { en: string; hi: string };
}

export type ConsumerLookup =
  | { found: "none" }
  | { found: "one"; consumer: ConsumerRef; hasVerifiedMobile: boolean }
  /** A mobile registered for several consumers. */
  | { found: "several" };

export interface ComplaintLine {
  number: string;
  status: ComplaintStatus;
  categoryEn: string;
  categoryHi: string;
  registeredAt: Date;
}

export interface OutageInfo {
  areaEn: string;
  areaHi: string;
  since: Date;
  etr: Date | null;
  planned: boolean;
}

export interface BillInfo {
  month: string;
  amount: string;
  dueDate: string;
  link: string;
  status: BillStatus;
}

/** What the bot asks the service to do. */
export type Action =
  | { kind: "send_otp"; consumer: ConsumerRef }
  | { kind: "check_otp"; code: string; hash: string; expiresAt: string }
  | { kind: "create_complaint"; consumer: ConsumerRef; category: string; verified: boolean }
  | { kind: "complaint_status"; consumer: ConsumerRef }
  | { kind: "power_status"; consumer: ConsumerRef }
  | { kind: "last_bill"; consumer: ConsumerRef }
  /** The applications whose mobile is the sender's own number (nothing else: the service reads it). */
  | { kind: "connection_status" };

/** What became of an action. */
export type ActionResult =
  | { kind: "otp_sent"; hash: string; expiresAt: string }
  | { kind: "otp_refused"; reason: "throttled" | "no_mobile" }
  | { kind: "otp_ok" }
  | { kind: "otp_wrong"; left: number }
  | { kind: "otp_expired" }
  | { kind: "otp_locked" }
  | {
      kind: "complaint_created";
      number: string;
      repeat: boolean;
      outageEtr: Date | null;
      joinedOutage: boolean;
    }
  | { kind: "complaint_refused"; reason: "throttled" | "failed" }
  | { kind: "complaints"; items: ComplaintLine[] }
  | { kind: "power"; outage: OutageInfo | null }
  | { kind: "bill"; bill: BillInfo | null }
  | { kind: "applications"; items: ApplicationLine[] }
  | { kind: "failed" };

export type Input = { kind: "text"; text: string } | { kind: "result"; result: ActionResult };

export interface StepOutput {
  state: BotState;
  language: Language;
  replies: string[];
  actions: Action[];
  /** Hand the conversation to the agents' inbox. */
  handover: boolean;
}

/** Wrong consumer numbers in a row before the bot goes back to the menu. */
export const MAX_CONSUMER_TRIES = 3;

// ---------------------------------------------------------------- wording

const T = {
  hi: {
    welcome: "नमस्ते! बिजली विभाग की 1912 व्हाट्सऐप सेवा में आपका स्वागत है।",
    menu: [
      "कृपया विकल्प का नंबर भेजें:",
      "1 शिकायत दर्ज करें",
      "2 शिकायत की स्थिति",
      "3 बिजली आपूर्ति की स्थिति",
      "4 पिछला बिल",
      "5 नए कनेक्शन के आवेदन की स्थिति",
      "0 एजेंट से बात करें",
      "English के लिए EN लिखें",
    ].join("\n"),
    notUnderstood: "माफ़ कीजिए, यह समझ नहीं आया।",
    backToMenu: "मेनू के लिए # भेजें।",
    newConnection: "नए कनेक्शन के आवेदन की स्थिति के लिए कृपया 1912 पर कॉल करें।",
    applicationsHead: "इस मोबाइल से किए गए नए कनेक्शन के आवेदन:",
    applicationLine: (a: ApplicationLine) =>
      `${a.number}: ${STAGE_WORDS.hi[a.status]}।\nअगला कदम: ${a.nextStep.hi}`,
    noApplications: (url: string | undefined) =>
      url
        ? `इस मोबाइल नंबर से नए कनेक्शन का कोई आवेदन नहीं मिला। ऑनलाइन आवेदन करें: ${url} या 1912 पर कॉल करें।`
        : "इस मोबाइल नंबर से नए कनेक्शन का कोई आवेदन नहीं मिला। आवेदन के लिए 1912 पर कॉल करें या अपने वितरण केंद्र जाएं।",
    askConsumerComplaint: "अपना उपभोक्ता क्रमांक (बिल पर लिखा) या पंजीकृत मोबाइल नंबर भेजें।",
    askConsumerVerify:
      "आपकी जानकारी सुरक्षित रखने के लिए: अपना उपभोक्ता क्रमांक (बिल पर लिखा) भेजें। उसके पंजीकृत मोबाइल पर एक कोड SMS से आएगा।",
    consumerNotFound: "इस क्रमांक का कोई उपभोक्ता नहीं मिला। कृपया जाँचकर फिर भेजें।",
    consumerSeveral: "यह मोबाइल कई कनेक्शनों पर दर्ज है। कृपया उपभोक्ता क्रमांक भेजें।",
    tooManyTries: "उपभोक्ता नहीं मिला। सहायता के लिए 0 भेजें या 1912 पर कॉल करें।",
    noMobile:
      "इस कनेक्शन पर कोई सत्यापित मोबाइल दर्ज नहीं है, इसलिए कोड नहीं भेजा जा सकता। सहायता के लिए 0 भेजें या 1912 पर कॉल करें।",
    otpSent: (minutes: number) =>
      `उपभोक्ता के पंजीकृत मोबाइल पर 6 अंकों का कोड SMS से भेजा गया है (${minutes} मिनट तक मान्य)। कृपया कोड यहाँ लिखें।`,
    otpThrottled: "अभी बहुत से कोड भेजे जा चुके हैं। कृपया कुछ देर बाद फिर प्रयास करें या 1912 पर कॉल करें।",
    otpAskCode: "कृपया SMS से आया 6 अंकों का कोड भेजें।",
    otpWrong: (left: number) => `कोड गलत है। ${left} प्रयास बाकी।`,
    otpExpired: "कोड की समय-सीमा समाप्त हो गई। नया कोड पाने के लिए मेनू से फिर चुनें।",
    otpLocked: "बहुत से गलत प्रयास हुए। नया कोड पाने के लिए मेनू से फिर चुनें।",
    verified: (no: string) => `धन्यवाद, उपभोक्ता ${no} सत्यापित हो गया।`,
    chooseConsumer: (options: ConsumerRef[]) =>
      ["आपका मोबाइल इन कनेक्शनों पर दर्ज है। कनेक्शन का नंबर भेजें:", ...options.map((o, i) => `${i + 1} ${o.no}`)].join(
        "\n",
      ),
    askCategory: (cats: Category[]) =>
      ["शिकायत का प्रकार चुनें, नंबर भेजें:", ...cats.map((c, i) => `${i + 1} ${c.nameHi}`)].join("\n"),
    confirm: (cat: string, no: string) =>
      `उपभोक्ता ${no} के लिए शिकायत "${cat}" दर्ज करें?\n1 हाँ, दर्ज करें\n2 नहीं, रद्द करें`,
    cancelled: "शिकायत रद्द की गई।",
    registered: (n: string) => `आपकी शिकायत दर्ज हो गई है। शिकायत क्रमांक: ${n}`,
    repeat: (n: string) => `इस प्रकार की आपकी शिकायत ${n} पहले से दर्ज है और उस पर काम चल रहा है।`,
    joined: (etr: string | null) =>
      etr
        ? `आपके क्षेत्र में ज्ञात खराबी से बिजली बंद है; बहाली का अनुमानित समय: ${etr}।`
        : "आपके क्षेत्र में ज्ञात खराबी से बिजली बंद है; बहाली का समय जल्द बताया जाएगा।",
    complaintThrottled: "इस नंबर से अभी बहुत सी शिकायतें दर्ज हुई हैं। कृपया बाद में प्रयास करें या 1912 पर कॉल करें।",
    complaintFailed: "शिकायत अभी दर्ज नहीं हो सकी। कृपया 1912 पर कॉल करें या एजेंट के लिए 0 भेजें।",
    noComplaints: "आपकी कोई शिकायत नहीं मिली। नई शिकायत के लिए 1 भेजें।",
    complaintsHead: "आपकी हाल की शिकायतें:",
    complaintLine: (c: ComplaintLine, tz: string) =>
      `${c.number} (${c.categoryHi}): ${STATUS_WORDS.hi[c.status]}, दर्ज ${smsTime(c.registeredAt, "hi", tz)}`,
    outage: (o: OutageInfo, tz: string) =>
      `${o.planned ? "नियोजित शटडाउन: " : ""}आपके क्षेत्र (${o.areaHi}) में ${smsTime(o.since, "hi", tz)} से बिजली बंद है। ` +
      (o.etr
        ? `बहाली का अनुमानित समय: ${smsTime(o.etr, "hi", tz)}।`
        : "बहाली का समय अभी तय नहीं हुआ है; जल्द बताया जाएगा।"),
    noOutage: "आपके फीडर/ट्रांसफार्मर पर कोई ज्ञात बिजली बंदी नहीं है। बिजली न हो तो शिकायत दर्ज करने के लिए 1 भेजें।",
    bill: (b: BillInfo) =>
      `बिल ${monthLabel(b.month, "hi")}: रु ${rupees(b.amount)}, देय तिथि ${dateLabel(b.dueDate, "hi")} (${BILL_WORDS.hi[b.status]})।\nऑनलाइन भुगतान: ${b.link}`,
    noBill: "आपके कनेक्शन का कोई बिल नहीं मिला।",
    failed: "माफ़ कीजिए, अभी यह जानकारी नहीं मिल सकी। कृपया बाद में प्रयास करें या एजेंट के लिए 0 भेजें।",
    handover: "आपको एजेंट से जोड़ा जा रहा है। वे जल्द ही यहीं उत्तर देंगे।",
    flood: "आपके बहुत से संदेश आए हैं। कृपया एक मिनट रुककर लिखें।",
  },
  en: {
    welcome: "Hello! Welcome to the electricity department's 1912 WhatsApp service.",
    menu: [
      "Please send the number of an option:",
      "1 Register a complaint",
      "2 Complaint status",
      "3 Power supply status",
      "4 Last bill",
      "5 New connection application status",
      "0 Talk to an agent",
      "हिंदी के लिए HI लिखें",
    ].join("\n"),
    notUnderstood: "Sorry, I did not understand that.",
    backToMenu: "Send # for the menu.",
    newConnection: "For the status of a new connection application, please call 1912.",
    applicationsHead: "New connection applications made with this mobile:",
    applicationLine: (a: ApplicationLine) =>
      `${a.number}: ${STAGE_WORDS.en[a.status]}.\nNext: ${a.nextStep.en}`,
    noApplications: (url: string | undefined) =>
      url
        ? `No new connection application was found for this mobile number. Apply online: ${url} or call 1912.`
        : "No new connection application was found for this mobile number. To apply, call 1912 or visit your DC office.",
    askConsumerComplaint: "Send your consumer number (printed on the bill) or registered mobile number.",
    askConsumerVerify:
      "To keep your account safe: send your consumer number (printed on the bill). A code will come by SMS to its registered mobile.",
    consumerNotFound: "No consumer has that number. Please check it and send it again.",
    consumerSeveral: "This mobile is registered for several connections. Please send the consumer number.",
    tooManyTries: "Consumer not found. Send 0 for an agent or call 1912.",
    noMobile:
      "This connection has no verified mobile on record, so no code can be sent. Send 0 for an agent or call 1912.",
    otpSent: (minutes: number) =>
      `A 6-digit code was sent by SMS to the consumer's registered mobile (valid ${minutes} minutes). Please type it here.`,
    otpThrottled: "Too many codes were sent just now. Please try again later or call 1912.",
    otpAskCode: "Please send the 6-digit code from the SMS.",
    otpWrong: (left: number) => `Wrong code. ${left} ${left === 1 ? "try" : "tries"} left.`,
    otpExpired: "The code has expired. Choose from the menu again for a new one.",
    otpLocked: "Too many wrong tries. Choose from the menu again for a new code.",
    verified: (no: string) => `Thank you, consumer ${no} is verified.`,
    chooseConsumer: (options: ConsumerRef[]) =>
      [
        "Your mobile is registered for these connections. Send the connection's number:",
        ...options.map((o, i) => `${i + 1} ${o.no}`),
      ].join("\n"),
    askCategory: (cats: Category[]) =>
      ["Choose the kind of complaint, send its number:", ...cats.map((c, i) => `${i + 1} ${c.nameEn}`)].join(
        "\n",
      ),
    confirm: (cat: string, no: string) =>
      `Register the complaint "${cat}" for consumer ${no}?\n1 Yes, register\n2 No, cancel`,
    cancelled: "The complaint was cancelled.",
    registered: (n: string) => `Your complaint is registered. Complaint number: ${n}`,
    repeat: (n: string) => `Your complaint ${n} of this kind is already registered and being worked on.`,
    joined: (etr: string | null) =>
      etr
        ? `Supply in your area is off due to a known fault; expected restoration: ${etr}.`
        : "Supply in your area is off due to a known fault; the restoration time will be told soon.",
    complaintThrottled: "Too many complaints came from this number just now. Please try later or call 1912.",
    complaintFailed: "The complaint could not be registered now. Please call 1912 or send 0 for an agent.",
    noComplaints: "No complaints of yours were found. Send 1 to register one.",
    complaintsHead: "Your recent complaints:",
    complaintLine: (c: ComplaintLine, tz: string) =>
      `${c.number} (${c.categoryEn}): ${STATUS_WORDS.en[c.status]}, registered ${smsTime(c.registeredAt, "en", tz)}`,
    outage: (o: OutageInfo, tz: string) =>
      `${o.planned ? "Planned shutdown: " : ""}Supply in your area (${o.areaEn}) is off since ${smsTime(o.since, "en", tz)}. ` +
      (o.etr
        ? `Expected restoration: ${smsTime(o.etr, "en", tz)}.`
        : "The restoration time is not set yet; it will be told soon."),
    noOutage:
      "There is no known outage on your feeder/transformer. If you have no supply, send 1 to register a complaint.",
    bill: (b: BillInfo) =>
      `Bill ${monthLabel(b.month, "en")}: Rs ${rupees(b.amount)}, due ${dateLabel(b.dueDate, "en")} (${BILL_WORDS.en[b.status]}).\nPay online: ${b.link}`,
    noBill: "No bill was found for your connection.",
    failed: "Sorry, this information could not be read now. Please try later or send 0 for an agent.",
    handover: "Connecting you to an agent. They will answer here soon.",
    flood: "You have sent many messages. Please wait a minute before writing again.",
  },
} as const;

/** Complaint statuses in words a consumer reads. */
export const STATUS_WORDS: Record<Language, Record<ComplaintStatus, string>> = {
  hi: {
    registered: "दर्ज, टीम को भेजी जा रही है",
    assigned: "लाइनमैन को सौंपी गई",
    attended: "टीम मौके पर काम कर रही है",
    waiting: "सामग्री/अनुमति की प्रतीक्षा में",
    resolved: "समाधान हो गया",
    closed: "बंद",
    invalid: "अमान्य",
    duplicate: "दोहरी शिकायत",
  },
  en: {
    registered: "registered, being sent to the field team",
    assigned: "assigned to a lineman",
    attended: "the team is at work on site",
    waiting: "waiting for material or a permit",
    resolved: "resolved",
    closed: "closed",
    invalid: "invalid",
    duplicate: "duplicate",
  },
};

/** New-connection stages in words an applicant reads. */
export const STAGE_WORDS: Record<Language, Record<ApplicationStatus, string>> = {
  hi: {
    applied: "आवेदन दर्ज",
    documents_complete: "दस्तावेज़ पूरे",
    site_inspected: "स्थल निरीक्षण हो गया",
    demand_note_issued: "माँग पत्र जारी, भुगतान बाकी",
    charges_paid: "भुगतान मिला",
    meter_installed: "मीटर लग गया",
    released: "कनेक्शन चालू",
    rejected: "अस्वीकृत",
  },
  en: {
    applied: "registered",
    documents_complete: "documents complete",
    site_inspected: "site inspected",
    demand_note_issued: "demand note issued, payment due",
    charges_paid: "payment received",
    meter_installed: "meter installed",
    released: "connection released",
    rejected: "rejected",
  },
};

const BILL_WORDS: Record<Language, Record<BillStatus, string>> = {
  hi: { paid: "भुगतान हो चुका", unpaid: "बकाया", partial: "आंशिक भुगतान", overdue: "देय तिथि निकल गई" },
  en: { paid: "paid", unpaid: "unpaid", partial: "partly paid", overdue: "overdue" },
};

/** The wording, for tests that look for it in replies. */
export const WORDS = T;

// ---------------------------------------------------------------- input

const AGENT = ["0", "agent", "एजेंट", "ऐजेंट", "एजेन्ट"];
const ENGLISH = ["en", "english", "इंग्लिश", "अंग्रेज़ी", "अंग्रेजी"];
const HINDI = ["hi", "hindi", "हिंदी", "हिन्दी"];
const MENU = ["#", "menu", "मेनू", "मेन्यू", "cancel", "रद्द", "hello", "hii", "नमस्ते", "start"];
const YES = ["1", "yes", "y", "हाँ", "हां", "हा", "ha", "haan"];
const NO = ["2", "no", "n", "नहीं", "नही", "nahi"];

/** Trimmed, one space, Devanagari digits as ASCII, lower case: what the bot compares. */
export function normalise(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u0966-\u096f]/g, (d) => String(d.charCodeAt(0) - 0x966))
    .trim()
    .replace(/\s+/g, " ")
    .toLowerCase();
}

/** A consumer number as typed (spaces and dashes dropped), or undefined when it cannot be one. */
export function consumerNumberIn(text: string): string | undefined {
  const t = normalise(text).replace(/[\s-]/g, "").toUpperCase();
  return /^[A-Z0-9]{4,20}$/.test(t) ? t : undefined;
}

/** A 6-digit code as typed (spaces dropped). */
function codeIn(text: string): string | undefined {
  const t = normalise(text).replace(/\s/g, "");
  return /^\d{6}$/.test(t) ? t : undefined;
}

/** Whether the text is a command the bot obeys at any step. */
export function isAgentRequest(text: string): boolean {
  return AGENT.includes(normalise(text));
}

// ---------------------------------------------------------------- the machine

const NEEDS_VERIFICATION: readonly Intent[] = ["status", "power", "bill"];

class Turn {
  replies: string[] = [];
  actions: Action[] = [];
  handover = false;
  constructor(
    public state: BotState,
    public language: Language,
    readonly facts: Facts,
  ) {}
  get t() {
    return T[this.language];
  }
  to(step: Step): this {
    this.state = { ...this.state, step };
    return this;
  }
  say(...lines: string[]): this {
    this.replies.push(...lines);
    return this;
  }
  menu(prefix?: string): this {
    this.to({ at: "menu" });
    return this.say(prefix ? `${prefix}\n\n${this.t.menu}` : this.t.menu);
  }
  out(): StepOutput {
    return {
      state: this.state,
      language: this.language,
      replies: this.replies,
      actions: this.actions,
      handover: this.handover,
    };
  }
}

/**
 * One step of the bot. Pure: the same state, input and facts give the same
 * output. The service stores `state` (and `language` on the conversation),
 * sends `replies` in order, runs `actions` and steps again with each result.
 */
export function step(state: BotState, input: Input, facts: Facts): StepOutput {
  const turn = new Turn({ ...state, muted: false }, facts.language, facts);
  // A sender whose WhatsApp number is the verified mobile of exactly one consumer is that consumer.
  // (A connection he named for a complaint, not his own, stays as it is.)
  const only = facts.senderConsumers.length === 1 ? (facts.senderConsumers[0] as ConsumerRef) : undefined;
  const current = turn.state.consumer;
  if (only && (!current || (!current.verified && current.id === only.id)))
    turn.state = { ...turn.state, consumer: { ...ref(only), verified: true } };
  if (input.kind === "result") return onResult(turn, input.result).out();
  return onText(turn, input.text).out();
}

function onText(turn: Turn, text: string): Turn {
  const said = normalise(text);
  if (AGENT.includes(said)) {
    turn.handover = true;
    return turn.to({ at: "menu" }).say(turn.t.handover);
  }
  if (ENGLISH.includes(said)) {
    turn.language = "en";
    return turn.menu();
  }
  if (HINDI.includes(said)) {
    turn.language = "hi";
    return turn.menu();
  }
  const s = turn.state.step;
  if (s.at === "start") {
    if (/^[1-5]$/.test(said)) return choose(turn, said);
    return turn.menu(turn.t.welcome);
  }
  if (MENU.includes(said)) return turn.menu();

  switch (s.at) {
    case "menu":
      if (/^[1-5]$/.test(said)) return choose(turn, said);
      return turn.menu(turn.t.notUnderstood);
    case "choose_consumer": {
      const n = Number(said);
      const picked =
        Number.isInteger(n) && n >= 1 && n <= s.options.length
          ? s.options[n - 1]
          : s.options.find((o) => o.no === consumerNumberIn(text));
      if (!picked) return turn.say(`${turn.t.notUnderstood}\n${turn.t.chooseConsumer(s.options)}`);
      turn.state = { ...turn.state, consumer: { ...picked, verified: true } };
      return proceed(turn, s.intent);
    }
    case "ask_consumer":
      return onConsumerNumber(turn, s, text);
    case "ask_otp": {
      const code = codeIn(text);
      if (!code) return turn.say(`${turn.t.otpAskCode} ${turn.t.backToMenu}`);
      turn.actions.push({ kind: "check_otp", code, hash: s.hash, expiresAt: s.expiresAt });
      return turn;
    }
    case "ask_category": {
      const n = Number(said);
      const cat = Number.isInteger(n) && n >= 1 ? turn.facts.categories[n - 1] : undefined;
      if (!cat) return turn.say(`${turn.t.notUnderstood}\n${turn.t.askCategory(turn.facts.categories)}`);
      const consumer = turn.state.consumer;
      if (!consumer) return askConsumer(turn, "complaint");
      turn.to({ at: "confirm", category: cat.code });
      return turn.say(turn.t.confirm(categoryName(turn, cat.code), consumer.no));
    }
    case "confirm": {
      const consumer = turn.state.consumer;
      if (!consumer) return askConsumer(turn, "complaint");
      if (YES.includes(said)) {
        turn.actions.push({
          kind: "create_complaint",
          consumer: ref(consumer),
          category: s.category,
          verified: consumer.verified,
        });
        return turn.to({ at: "menu" });
      }
      if (NO.includes(said)) return turn.menu(turn.t.cancelled);
      return turn.say(
        `${turn.t.notUnderstood}\n${turn.t.confirm(categoryName(turn, s.category), consumer.no)}`,
      );
    }
  }
}

function categoryName(turn: Turn, code: string): string {
  const c = turn.facts.categories.find((x) => x.code === code);
  if (!c) return code;
  return turn.language === "hi" ? c.nameHi : c.nameEn;
}

function ref(c: ConsumerRef): ConsumerRef {
  return { id: c.id, no: c.no, dcId: c.dcId };
}

/** A menu option. */
function choose(turn: Turn, option: string): Turn {
  // His own applications, by his WhatsApp number (the service reads it): no consumer, no code.
  if (option === "5") {
    turn.actions.push({ kind: "connection_status" });
    return turn.to({ at: "menu" });
  }
  const intent: Intent =
    option === "1" ? "complaint" : option === "2" ? "status" : option === "3" ? "power" : "bill";
  return proceed(turn, intent);
}

/** Goes on with what he asked for: straight to it when he is known (verified, for the private answers), else asks who he is. */
function proceed(turn: Turn, intent: Intent): Turn {
  const c = turn.state.consumer;
  const known = c && (c.verified || !NEEDS_VERIFICATION.includes(intent));
  if (c && known) return act(turn, intent, c);
  if (turn.facts.senderConsumers.length > 1)
    return turn
      .to({ at: "choose_consumer", intent, options: turn.facts.senderConsumers.map(ref) })
      .say(turn.t.chooseConsumer(turn.facts.senderConsumers));
  return askConsumer(turn, intent);
}

function askConsumer(turn: Turn, intent: Intent): Turn {
  turn.to({ at: "ask_consumer", intent, tries: 0 });
  return turn.say(intent === "complaint" ? turn.t.askConsumerComplaint : turn.t.askConsumerVerify);
}

function act(turn: Turn, intent: Intent, consumer: ConsumerRef): Turn {
  const c = ref(consumer);
  switch (intent) {
    case "complaint":
      return turn.to({ at: "ask_category" }).say(turn.t.askCategory(turn.facts.categories));
    case "status":
      turn.actions.push({ kind: "complaint_status", consumer: c });
      return turn.to({ at: "menu" });
    case "power":
      turn.actions.push({ kind: "power_status", consumer: c });
      return turn.to({ at: "menu" });
    case "bill":
      turn.actions.push({ kind: "last_bill", consumer: c });
      return turn.to({ at: "menu" });
  }
}

function onConsumerNumber(turn: Turn, s: Extract<Step, { at: "ask_consumer" }>, text: string): Turn {
  const lookup = consumerNumberIn(text) ? turn.facts.lookup : undefined;
  if (lookup?.found !== "one") {
    const tries = s.tries + 1;
    if (tries >= MAX_CONSUMER_TRIES) return turn.menu(turn.t.tooManyTries);
    turn.to({ ...s, tries });
    return turn.say(lookup?.found === "several" ? turn.t.consumerSeveral : turn.t.consumerNotFound);
  }
  const consumer = lookup.consumer;
  if (s.intent === "complaint") {
    // Anyone may report a fault on a connection (as by SMS): he is not verified by it.
    const mine = turn.facts.senderConsumers.some((x) => x.id === consumer.id);
    turn.state = { ...turn.state, consumer: { ...ref(consumer), verified: mine } };
    return act(turn, "complaint", consumer);
  }
  if (!lookup.hasVerifiedMobile) return turn.menu(turn.t.noMobile);
  turn.actions.push({ kind: "send_otp", consumer: ref(consumer) });
  // Waits for the result (otp_sent) to know the code's hash.
  turn.to({ at: "ask_otp", intent: s.intent, consumer: ref(consumer), hash: "", expiresAt: "" });
  return turn;
}

/** The code's validity, for the message that says it was sent. */
export const OTP_VALID_MINUTES = 10;

function onResult(turn: Turn, r: ActionResult): Turn {
  const s = turn.state.step;
  const tz = turn.facts.timeZone;
  switch (r.kind) {
    case "otp_sent":
      if (s.at !== "ask_otp") return turn;
      turn.to({ ...s, hash: r.hash, expiresAt: r.expiresAt });
      return turn.say(turn.t.otpSent(OTP_VALID_MINUTES));
    case "otp_refused":
      return turn.menu(r.reason === "no_mobile" ? turn.t.noMobile : turn.t.otpThrottled);
    case "otp_ok": {
      if (s.at !== "ask_otp") return turn;
      turn.state = { ...turn.state, consumer: { ...s.consumer, verified: true } };
      turn.say(turn.t.verified(s.consumer.no));
      return act(turn, s.intent, s.consumer);
    }
    case "otp_wrong":
      return turn.say(turn.t.otpWrong(r.left));
    case "otp_expired":
      return turn.menu(turn.t.otpExpired);
    case "otp_locked":
      return turn.menu(turn.t.otpLocked);
    case "complaint_created": {
      const lines = [r.repeat ? turn.t.repeat(r.number) : turn.t.registered(r.number)];
      if (r.joinedOutage)
        lines.push(turn.t.joined(r.outageEtr ? smsTime(r.outageEtr, turn.language, tz) : null));
      lines.push(turn.t.backToMenu);
      return turn.to({ at: "menu" }).say(lines.join("\n"));
    }
    case "complaint_refused":
      return turn.menu(r.reason === "throttled" ? turn.t.complaintThrottled : turn.t.complaintFailed);
    case "complaints":
      if (r.items.length === 0) return turn.to({ at: "menu" }).say(turn.t.noComplaints);
      return turn
        .to({ at: "menu" })
        .say(
          [turn.t.complaintsHead, ...r.items.map((c) => turn.t.complaintLine(c, tz)), turn.t.backToMenu].join(
            "\n",
          ),
        );
    case "power":
      return turn
        .to({ at: "menu" })
        .say(r.outage ? `${turn.t.outage(r.outage, tz)}\n${turn.t.backToMenu}` : turn.t.noOutage);
    case "bill":
      return turn
        .to({ at: "menu" })
        .say(
          r.bill ? `${turn.t.bill(r.bill)}\n${turn.t.backToMenu}` : `${turn.t.noBill}\n${turn.t.backToMenu}`,
        );
    case "applications":
      if (r.items.length === 0)
        return turn
          .to({ at: "menu" })
          .say(`${turn.t.noApplications(turn.facts.applyUrl)}\n${turn.t.backToMenu}`);
      return turn
        .to({ at: "menu" })
        .say(
          [turn.t.applicationsHead, ...r.items.map((a) => turn.t.applicationLine(a)), turn.t.backToMenu].join(
            "\n",
          ),
        );
    case "failed":
      return turn.menu(turn.t.failed);
  }
}

/** Reads a stored bot_state (null for a new conversation; anything unreadable starts afresh). */
export function parseState(raw: unknown): BotState {
  const v = typeof raw === "string" ? safeJson(raw) : raw;
  if (!v || typeof v !== "object") return INITIAL_STATE;
  const o = v as Partial<BotState>;
  const stepOk = o.step && typeof o.step === "object" && typeof (o.step as Step).at === "string";
  return {
    lastMessageId: Number(o.lastMessageId ?? 0) || 0,
    step: stepOk ? (o.step as Step) : { at: "start" },
    consumer: o.consumer && typeof o.consumer === "object" ? o.consumer : null,
    muted: o.muted === true,
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
