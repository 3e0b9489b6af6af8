import type { Language } from "../../db/schema.ts";

/**
 * SMS texts, Hindi and English, with {variables}. DLT allows at most 30
 * characters a variable, so values are clipped when rendered. The
 * notifications module will move these into the database with their DLT
 * template ids; the keys stay.
 */
export const SMS_TEMPLATES = {
  complaint_registered: {
    en: "Your complaint {number} ({category}) is registered. It should be resolved by {due}. - {company}",
    hi: "आपकी शिकायत {number} ({category}) दर्ज हो गई है। समाधान {due} तक होना है। - {company}",
  },
  complaint_registered_outage: {
    en: "Your complaint {number} is registered. Supply in your area is off due to a known fault; restoration expected by {etr}. - {company}",
    hi: "आपकी शिकायत {number} दर्ज हो गई है। क्षेत्र में ज्ञात खराबी से बिजली बंद है; {etr} तक बहाल होने की संभावना है। - {company}",
  },
  complaint_resolved: {
    en: "Complaint {number} is resolved. If the problem remains, call 1912. - {company}",
    hi: "शिकायत {number} का समाधान हो गया है। समस्या बनी रहे तो 1912 पर कॉल करें। - {company}",
  },
  complaint_reopened: {
    en: "Complaint {number} is reopened and sent back to the field team, to be fixed by {due}. - {company}",
    hi: "शिकायत {number} फिर से खोली गई और फील्ड टीम को भेजी गई, {due} तक ठीक होगी। - {company}",
  },
  complaint_assigned_staff: {
    en: "New complaint {number}: {category} at {place}. Caller {phone}. Due {due}.",
    hi: "नई शिकायत {number}: {category}, {place}। फ़ोन {phone}। समय सीमा {due}।",
  },
  complaint_escalated: {
    en: "Escalated to you: complaint {number} ({category}) at {dc} is overdue since {due}.",
    hi: "आपको भेजी गई: शिकायत {number} ({category}), {dc}, {due} से लंबित।",
  },
  complaint_emergency: {
    en: "URGENT {category}: complaint {number} at {place}, {dc}. Send staff at once.",
    hi: "अत्यावश्यक {category}: शिकायत {number}, {place}, {dc}। तुरंत स्टाफ भेजें।",
  },
  outage_notice: {
    en: "Power supply in your area ({area}) is interrupted since {since}. Expected restoration by {etr}. We regret the trouble. - {company}",
    hi: "आपके क्षेत्र ({area}) में {since} से बिजली आपूर्ति बाधित है। {etr} तक बहाल होने की संभावना है। असुविधा के लिए खेद है। - {company}",
  },
  outage_etr_changed: {
    en: "Update: power supply in your area ({area}) is now expected to be restored by {etr}. - {company}",
    hi: "सूचना: आपके क्षेत्र ({area}) में बिजली आपूर्ति अब {etr} तक बहाल होने की संभावना है। - {company}",
  },
  outage_restored: {
    en: "Power supply in your area ({area}) was restored at {at}. If you still have no supply, call 1912. - {company}",
    hi: "आपके क्षेत्र ({area}) में बिजली आपूर्ति {at} पर बहाल हो गई है। अब भी बिजली न हो तो 1912 पर कॉल करें। - {company}",
  },
  planned_notice: {
    en: "Planned shutdown: supply in your area ({area}) will be off from {start} to {end} for {cause}. - {company}",
    hi: "नियोजित शटडाउन: आपके क्षेत्र ({area}) में {start} से {end} तक {cause} के लिए बिजली बंद रहेगी। - {company}",
  },
  planned_started: {
    en: "The planned shutdown in your area ({area}) has begun. Supply is expected back by {end}. - {company}",
    hi: "आपके क्षेत्र ({area}) में नियोजित शटडाउन शुरू हो गया है। बिजली {end} तक वापस आने की संभावना है। - {company}",
  },
  planned_cancelled: {
    en: "The planned shutdown in your area ({area}) from {start} is cancelled. Supply will not be interrupted. - {company}",
    hi: "आपके क्षेत्र ({area}) में {start} से होने वाला नियोजित शटडाउन रद्द कर दिया गया है। बिजली बंद नहीं होगी। - {company}",
  },
} as const satisfies Record<string, Record<Language, string>>;

export type SmsTemplate = keyof typeof SMS_TEMPLATES;

export const VARIABLE_MAX = 30;

function clip(value: string): string {
  const v = value.replace(/\s+/g, " ").trim();
  return v.length <= VARIABLE_MAX ? v : `${v.slice(0, VARIABLE_MAX - 1)}…`;
}

/** Renders a template; every variable it names must be given, each clipped to 30 characters. */
export function renderSms(
  template: SmsTemplate,
  language: Language,
  variables: Record<string, string>,
): { body: string; variables: Record<string, string> } {
  const clipped = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, clip(v)]));
  const body = SMS_TEMPLATES[template][language].replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = clipped[name];
    if (v === undefined) throw new Error(`SMS template ${template} needs {${name}}`);
    return v;
  });
  return { body, variables: clipped };
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** "28 Nov, 5:30 pm" / "28 नव॰, 5:30 pm" in India's time zone. */
export function smsTime(at: Date, language: Language, timeZone = "Asia/Kolkata"): string {
  const key = `${language}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    // Building a formatter costs far more than using one.
    f = new Intl.DateTimeFormat(language === "hi" ? "hi-IN" : "en-IN", {
      day: "numeric",
      month: "short",
      hour: "numeric",
      minute: "2-digit",
      timeZone,
    });
    formats.set(key, f);
  }
  return f.format(at);
}
