import type { Language, SmsCategory } from "../../db/schema.ts";
import { dateTimeOptions } from "../../lib/datetime.constants.ts";

export interface SmsTemplateDefault {
  en: string;
  hi: string;
  /** The DLT content category it is registered under. */
  category: SmsCategory;
  /** Consumers who sent STOP do not get it (surveys, feedback requests). */
  optional?: boolean;
  /** Waits out the quiet hours unless queued as urgent (bills, surveys). */
  quietHours?: boolean;
  /** Example values for the template editor's preview. */
  sample: Record<string, string>;
}

const C = "UPPCL";

/**
 * SMS texts, Hindi and English, with {variables}, as first installed; admins
 * edit them (and their DLT template ids) in `sms_templates`, which the
 * dispatcher renders from when it sends. The variables a template may use are
 * the ones its default names: the code that queues it supplies exactly
 * those. DLT allows at most 30 characters a variable.
 */
export const SMS_TEMPLATES = {
  complaint_registered: {
    en: "Your complaint {number} ({category}) is registered. It should be resolved by {due}. - {company}",
    hi: "आपकी शिकायत {number} ({category}) दर्ज हो गई है। समाधान {due} तक होना है। - {company}",
    category: "service_explicit",
    sample: { number: "LKO2611280042", category: "No supply (single)", due: "28 Nov, 9:30 pm", company: C },
  },
  complaint_registered_outage: {
    en: "Your complaint {number} is registered. Supply in your area is off due to a known fault; restoration expected by {etr}. - {company}",
    hi: "आपकी शिकायत {number} दर्ज हो गई है। क्षेत्र में ज्ञात खराबी से बिजली बंद है; {etr} तक बहाल होने की संभावना है। - {company}",
    category: "service_explicit",
    sample: { number: "LKO2611280042", etr: "28 Nov, 7:00 pm", company: C },
  },
  complaint_registered_other_mobile: {
    en: "Complaint {number} (no supply) for your connection {consumer} was registered by SMS from mobile {mobile}. Not you? Call 1912. - {company}",
    hi: "आपके कनेक्शन {consumer} की शिकायत {number} (बिजली बंद) मोबाइल {mobile} से SMS द्वारा दर्ज हुई है। आपने नहीं की? 1912 पर कॉल करें। - {company}",
    category: "service_explicit",
    sample: { number: "LKO2611280042", consumer: "7001000001", mobile: "98******99", company: C },
  },
  inbound_help: {
    en: "To report no supply, SMS NOSUPPLY <consumer no.>. STOP ends optional SMS, START resumes. Or call 1912. - {company}",
    hi: "बिजली बंद की शिकायत: बिजलीबंद <उपभोक्ता क्रमांक> SMS करें। STOP से वैकल्पिक SMS बंद, START से चालू। या 1912 पर कॉल करें। - {company}",
    category: "service_implicit",
    sample: { company: C },
  },
  complaint_resolved: {
    en: "Complaint {number} is resolved. If the problem remains, call 1912. - {company}",
    hi: "शिकायत {number} का समाधान हो गया है। समस्या बनी रहे तो 1912 पर कॉल करें। - {company}",
    category: "service_explicit",
    sample: { number: "LKO2611280042", company: C },
  },
  complaint_reopened: {
    en: "Complaint {number} is reopened and sent back to the field team, to be fixed by {due}. - {company}",
    hi: "शिकायत {number} फिर से खोली गई और फील्ड टीम को भेजी गई, {due} तक ठीक होगी। - {company}",
    category: "service_explicit",
    sample: { number: "LKO2611280042", due: "29 Nov, 1:30 am", company: C },
  },
  complaint_track_link: {
    en: "Track complaint {number} here: {link} Do not share this link. - {company}",
    hi: "शिकायत {number} की स्थिति यहाँ देखें: {link} यह लिंक किसी को न दें। - {company}",
    category: "service_explicit",
    sample: { number: "LKO2611280042", link: "pd.uppcl.in/t/Q2x9Lm7KpR", company: C },
  },
  complaint_assigned_staff: {
    en: "New complaint {number}: {category} at {place}. Caller {phone}. Due {due}.",
    hi: "नई शिकायत {number}: {category}, {place}। फ़ोन {phone}। समय सीमा {due}।",
    category: "service_implicit",
    sample: {
      number: "LKO2611280042",
      category: "No supply (single)",
      place: "Near Hanuman Mandir",
      phone: "9876543210",
      due: "28 Nov, 9:30 pm",
    },
  },
  complaint_escalated: {
    en: "Escalated to you: complaint {number} ({category}) at {dc} is overdue since {due}.",
    hi: "आपको भेजी गई: शिकायत {number} ({category}), {dc}, {due} से लंबित।",
    category: "service_implicit",
    sample: {
      number: "LKO2611280042",
      category: "No supply (single)",
      dc: "Aliganj DC",
      due: "28 Nov, 9:30 pm",
    },
  },
  complaint_emergency: {
    en: "URGENT {category}: complaint {number} at {place}, {dc}. Send staff at once.",
    hi: "अत्यावश्यक {category}: शिकायत {number}, {place}, {dc}। तुरंत स्टाफ भेजें।",
    category: "service_implicit",
    sample: {
      category: "Live wire fallen",
      number: "LKO2611280042",
      place: "Kapoorthala crossing",
      dc: "Aliganj DC",
    },
  },
  outage_owner_staff: {
    en: "Outage {outage} is yours: {area} off since {since}, {consumers} consumers, {calls} calls so far. New calls come in a digest.",
    hi: "आउटेज {outage} आपके जिम्मे: {area} में {since} से बिजली बंद, {consumers} उपभोक्ता, अब तक {calls} कॉल। नई कॉल सारांश में आएंगी।",
    category: "service_implicit",
    sample: {
      outage: "#4211",
      area: "Station Road DT 4",
      since: "28 Nov, 5:10 pm",
      consumers: "86",
      calls: "3",
    },
  },
  outage_digest_staff: {
    en: "Outage {outage} ({area}): {calls} new calls since {since}, {total} in all. ETR {etr}.",
    hi: "आउटेज {outage} ({area}): {since} से {calls} नई कॉल, कुल {total}। बहाली {etr} तक।",
    category: "service_implicit",
    sample: {
      outage: "#4211",
      area: "Station Road DT 4",
      calls: "17",
      since: "28 Nov, 5:25 pm",
      total: "20",
      etr: "28 Nov, 8:00 pm",
    },
  },
  outage_notice: {
    en: "Power supply in your area ({area}) is interrupted since {since}. Expected restoration by {etr}. We regret the trouble. - {company}",
    hi: "आपके क्षेत्र ({area}) में {since} से बिजली आपूर्ति बाधित है। {etr} तक बहाल होने की संभावना है। असुविधा के लिए खेद है। - {company}",
    category: "service_explicit",
    sample: { area: "Sector 12 DT", since: "28 Nov, 5:10 pm", etr: "28 Nov, 7:00 pm", company: C },
  },
  outage_etr_changed: {
    en: "Update: power supply in your area ({area}) is now expected to be restored by {etr}. - {company}",
    hi: "सूचना: आपके क्षेत्र ({area}) में बिजली आपूर्ति अब {etr} तक बहाल होने की संभावना है। - {company}",
    category: "service_explicit",
    sample: { area: "Sector 12 DT", etr: "28 Nov, 8:30 pm", company: C },
  },
  outage_restored: {
    en: "Power supply in your area ({area}) was restored at {at}. If you still have no supply, call 1912. - {company}",
    hi: "आपके क्षेत्र ({area}) में बिजली आपूर्ति {at} पर बहाल हो गई है। अब भी बिजली न हो तो 1912 पर कॉल करें। - {company}",
    category: "service_explicit",
    sample: { area: "Sector 12 DT", at: "28 Nov, 6:45 pm", company: C },
  },
  planned_notice: {
    en: "Planned shutdown: supply in your area ({area}) will be off from {start} to {end} for {cause}. - {company}",
    hi: "नियोजित शटडाउन: आपके क्षेत्र ({area}) में {start} से {end} तक {cause} के लिए बिजली बंद रहेगी। - {company}",
    category: "service_explicit",
    sample: {
      area: "Feeder Aliganj-3",
      start: "30 Nov, 10:00 am",
      end: "30 Nov, 2:00 pm",
      cause: "line maintenance",
      company: C,
    },
  },
  planned_started: {
    en: "The planned shutdown in your area ({area}) has begun. Supply is expected back by {end}. - {company}",
    hi: "आपके क्षेत्र ({area}) में नियोजित शटडाउन शुरू हो गया है। बिजली {end} तक वापस आने की संभावना है। - {company}",
    category: "service_explicit",
    sample: { area: "Feeder Aliganj-3", end: "30 Nov, 2:00 pm", company: C },
  },
  planned_cancelled: {
    en: "The planned shutdown in your area ({area}) from {start} is cancelled. Supply will not be interrupted. - {company}",
    hi: "आपके क्षेत्र ({area}) में {start} से होने वाला नियोजित शटडाउन रद्द कर दिया गया है। बिजली बंद नहीं होगी। - {company}",
    category: "service_explicit",
    sample: { area: "Feeder Aliganj-3", start: "30 Nov, 10:00 am", company: C },
  },
  bill_issued: {
    en: "Electricity bill {month} for {consumer}: Rs {amount}, due {due}. Pay online: {link} - {company}",
    hi: "बिजली बिल {month}, उपभोक्ता {consumer}: रु {amount}, देय तिथि {due}। ऑनलाइन भुगतान: {link} - {company}",
    category: "service_implicit",
    quietHours: true,
    sample: {
      month: "Nov 2026",
      consumer: "7001000001",
      amount: "1,245.00",
      due: "15 Dec 2026",
      link: "https://pay.uppcl.in/b/x7Kq2",
      company: C,
    },
  },
  payment_received: {
    en: "Payment of Rs {amount} for {consumer} received on {date}, ref {receipt}. Thank you. - {company}",
    hi: "उपभोक्ता {consumer} का रु {amount} का भुगतान {date} को प्राप्त हुआ, संदर्भ {receipt}। धन्यवाद। - {company}",
    category: "service_implicit",
    sample: {
      amount: "1,245.00",
      consumer: "7001000001",
      date: "2 Dec 2026",
      receipt: "UPI4411902233",
      company: C,
    },
  },
  mobile_otp: {
    en: "{otp} is the code to register this mobile for electricity SMS of consumer {consumer}. Valid {minutes} minutes. Do not share it. - {company}",
    hi: "{otp} उपभोक्ता {consumer} के बिजली SMS के लिए यह मोबाइल दर्ज करने का कोड है। {minutes} मिनट तक मान्य। किसी को न बताएं। - {company}",
    category: "service_implicit",
    sample: { otp: "482913", consumer: "7001000001", minutes: "10", company: C },
  },
  whatsapp_otp: {
    en: "{otp} is the code to see the account of consumer {consumer} on WhatsApp. Valid {minutes} minutes. Do not share it. - {company}",
    hi: "{otp} व्हाट्सऐप पर उपभोक्ता {consumer} का खाता देखने का कोड है। {minutes} मिनट तक मान्य। किसी को न बताएं। - {company}",
    category: "service_implicit",
    sample: { otp: "482913", consumer: "7001000001", minutes: "10", company: C },
  },
  portal_sign_in: {
    en: "{otp} is your code to sign in to the electricity consumer portal for {consumer}. Valid {minutes} minutes. Do not share it. - {company}",
    hi: "{otp} उपभोक्ता {consumer} के बिजली उपभोक्ता पोर्टल में प्रवेश का कोड है। {minutes} मिनट तक मान्य। किसी को न बताएं। - {company}",
    category: "service_implicit",
    sample: { otp: "482913", consumer: "7001000001", minutes: "10", company: C },
  },
  feedback_request: {
    en: "Complaint {number}: was it fixed? Tell us in one minute: {link} - {company}",
    hi: "शिकायत {number}: क्या समस्या ठीक हुई? एक मिनट में बताएं: {link} - {company}",
    category: "service_explicit",
    optional: true,
    quietHours: true,
    sample: { number: "LKO2611280042", link: "https://pd.uppcl.in/f/Q2x9Lm", company: C },
  },
  survey_invitation: {
    en: "How were your electricity supply, meter reading and bill this month? Tell us: {link} - {company}",
    hi: "इस माह आपकी बिजली आपूर्ति, मीटर रीडिंग और बिल कैसे रहे? बताएं: {link} - {company}",
    category: "service_explicit",
    optional: true,
    quietHours: true,
    sample: { link: "https://pd.uppcl.in/s/Zr81Pw", company: C },
  },
  // Replies to a call on the missed-call number (modules/ivr).
  ivr_missed_call_registered: {
    en: "We got your missed call. No-supply complaint {number} for connection {consumer} is registered. - {company}",
    hi: "आपकी मिस्ड कॉल मिली। कनेक्शन {consumer} की बिजली बंद की शिकायत {number} दर्ज है। - {company}",
    category: "service_explicit",
    sample: { number: "LKO2611280042", consumer: "7001000001", company: C },
  },
  ivr_missed_call_outage: {
    en: "We got your missed call. Complaint {number}: supply at {consumer} is off due to a known fault; restoration expected by {etr}. - {company}",
    hi: "आपकी मिस्ड कॉल मिली। शिकायत {number}: कनेक्शन {consumer} पर ज्ञात खराबी से बिजली बंद है; {etr} तक बहाल होने की संभावना है। - {company}",
    category: "service_explicit",
    sample: { number: "LKO2611280042", consumer: "7001000001", etr: "28 Nov, 7:00 pm", company: C },
  },
  ivr_missed_call_help: {
    en: "We got your missed call, but this mobile is not registered for any connection. To report no supply, SMS NOSUPPLY <consumer no.> or call 1912. - {company}",
    hi: "आपकी मिस्ड कॉल मिली, पर यह मोबाइल किसी कनेक्शन से दर्ज नहीं है। बिजली बंद की शिकायत: बिजलीबंद <उपभोक्ता क्रमांक> SMS करें या 1912 पर कॉल करें। - {company}",
    category: "service_implicit",
    sample: { company: C },
  },
  ivr_missed_call_choose: {
    en: "We got your missed call. This mobile is registered for {count} connections: to report no supply, SMS NOSUPPLY <consumer no.> or call 1912. - {company}",
    hi: "आपकी मिस्ड कॉल मिली। यह मोबाइल {count} कनेक्शनों से दर्ज है: बिजली बंद की शिकायत के लिए बिजलीबंद <उपभोक्ता क्रमांक> SMS करें या 1912 पर कॉल करें। - {company}",
    category: "service_implicit",
    sample: { count: "2", company: C },
  },
  inbox_escalated: {
    en: "Inbox: {channel} conversation #{id} has had no reply for {minutes} min ({area}). Please answer it in PowerDesk.",
    hi: "इनबॉक्स: {channel} बातचीत #{id} को {minutes} मिनट से कोई उत्तर नहीं ({area})। कृपया PowerDesk में उत्तर दें।",
    category: "service_implicit",
    sample: { channel: "WhatsApp", id: "1042", minutes: "30", area: "Vijay Nagar DC" },
  },
  // New-connection applications past a limit, to the officer of the ladder's step (connections.escalation.ts).
  connection_escalated: {
    en: "Escalated to you: new connection application {number} ({stage}) at {dc} is overdue since {due}.",
    hi: "आपको भेजा गया: नया कनेक्शन आवेदन {number} ({stage}), {dc}, {due} से लंबित।",
    category: "service_implicit",
    sample: {
      number: "NCJBP2612000123",
      stage: "Site inspected",
      dc: "Vijay Nagar DC",
      due: "28 Nov, 9:30 pm",
    },
  },
  inbox_escalated_digest: {
    en: "Inbox: {count} conversations have had no reply past their limit ({area}). Please answer them in PowerDesk.",
    hi: "इनबॉक्स: {count} बातचीत को समय सीमा में कोई उत्तर नहीं ({area})। कृपया PowerDesk में उत्तर दें।",
    category: "service_implicit",
    sample: { count: "14", area: "Jabalpur Region" },
  },
  // An agent's reply to an SMS conversation in the inbox: DLT registers every SMS text, so an
  // SMS reply is one of the inbox's templates, never free text.
  inbox_reply_ask_consumer_no: {
    en: "Please SMS your consumer number (printed on your bill) so that we can register your complaint. - {company}",
    hi: "कृपया अपना उपभोक्ता क्रमांक (बिल पर छपा) SMS करें, ताकि हम आपकी शिकायत दर्ज कर सकें। - {company}",
    category: "service_implicit",
    sample: { company: C },
  },
  inbox_reply_registered: {
    en: "Your complaint {number} is registered and sent to the field team. You will get an SMS when it is resolved. - {company}",
    hi: "आपकी शिकायत {number} दर्ज होकर फील्ड टीम को भेज दी गई है। समाधान होने पर SMS मिलेगा। - {company}",
    category: "service_implicit",
    sample: { number: "LKO2611280042", company: C },
  },
  inbox_reply_resolved: {
    en: "Complaint {number} is resolved. If the problem remains, reply to this SMS or call 1912. - {company}",
    hi: "शिकायत {number} का समाधान हो गया है। समस्या बनी रहे तो इस SMS का उत्तर दें या 1912 पर कॉल करें। - {company}",
    category: "service_implicit",
    sample: { number: "LKO2611280042", company: C },
  },
  inbox_reply_thanks: {
    en: "Thank you for contacting us. For anything more, SMS us or call 1912. - {company}",
    hi: "हमसे संपर्क करने के लिए धन्यवाद। कुछ और हो तो SMS करें या 1912 पर कॉल करें। - {company}",
    category: "service_implicit",
    sample: { company: C },
  },
  // New-connection applications (modules/connections): the applicant hears of every stage, with the next step.
  connection_applied: {
    en: "New connection application {number} is registered. Next: give the documents asked for at {dc}. Call 1912 to know more. - {company}",
    hi: "नए कनेक्शन का आवेदन {number} दर्ज हो गया है। आगे: माँगे गए दस्तावेज़ {dc} में जमा करें। जानकारी के लिए 1912 पर कॉल करें। - {company}",
    category: "service_explicit",
    sample: { number: "NCJBP2612000123", dc: "Vijay Nagar DC", company: C },
  },
  connection_documents_complete: {
    en: "Application {number}: documents complete. Next: our staff will inspect the site. Connection due by {due}. - {company}",
    hi: "आवेदन {number}: दस्तावेज़ पूरे हुए। आगे: हमारे कर्मचारी स्थल निरीक्षण करेंगे। कनेक्शन {due} तक। - {company}",
    category: "service_explicit",
    sample: { number: "NCJBP2612000123", due: "12 Dec, 10:00 am", company: C },
  },
  connection_site_inspected: {
    en: "Application {number}: site inspected. Next: you will get the demand note for the charges. - {company}",
    hi: "आवेदन {number}: स्थल निरीक्षण हो गया। आगे: आपको शुल्क का माँग पत्र भेजा जाएगा। - {company}",
    category: "service_explicit",
    sample: { number: "NCJBP2612000123", company: C },
  },
  connection_demand_note: {
    en: "Application {number}: demand note of Rs {amount}. Next: pay online at {pay} or at your DC office. - {company}",
    hi: "आवेदन {number}: रु {amount} का माँग पत्र। आगे: {pay} पर ऑनलाइन या अपने वितरण केंद्र में भुगतान करें। - {company}",
    category: "service_explicit",
    sample: { number: "NCJBP2612000123", amount: "4,500", pay: "pay.mpez.in/nc/NCJBP2612000123", company: C },
  },
  connection_charges_paid: {
    en: "Application {number}: payment of Rs {amount} received. Next: the meter will be installed. Connection due by {due}. - {company}",
    hi: "आवेदन {number}: रु {amount} का भुगतान मिला। आगे: मीटर लगाया जाएगा। कनेक्शन {due} तक। - {company}",
    category: "service_explicit",
    sample: { number: "NCJBP2612000123", amount: "4,500", due: "14 Dec, 10:00 am", company: C },
  },
  connection_meter_installed: {
    en: "Application {number}: meter installed. Next: your connection will be released and given a consumer number. - {company}",
    hi: "आवेदन {number}: मीटर लग गया। आगे: कनेक्शन चालू होकर उपभोक्ता क्रमांक मिलेगा। - {company}",
    category: "service_explicit",
    sample: { number: "NCJBP2612000123", company: C },
  },
  connection_released: {
    en: "Application {number}: your connection is released. Consumer number {consumer}: quote it for bills and complaints. - {company}",
    hi: "आवेदन {number}: आपका कनेक्शन चालू हो गया। उपभोक्ता क्रमांक {consumer}: बिल और शिकायत में यही बताएं। - {company}",
    category: "service_explicit",
    sample: { number: "NCJBP2612000123", consumer: "NCJBP2612000123", company: C },
  },
  connection_rejected: {
    en: "Application {number} is rejected: {reason}. To apply again or for help, call 1912. - {company}",
    hi: "आवेदन {number} अस्वीकृत: {reason}। फिर से आवेदन या सहायता के लिए 1912 पर कॉल करें। - {company}",
    category: "service_explicit",
    sample: { number: "NCJBP2612000123", reason: "Not the owner of the premises", company: C },
  },
  // A knowledge-base article's summary to a caller (modules/kb): the summary cut into 30-character
  // variables, as DLT allows no longer one; an article may carry its own DLT id for its exact text.
  kb_information: {
    en: "{s1}{s2}{s3}{s4}{s5}{s6}{s7}{s8}{s9}{s10}{s11}",
    hi: "{s1}{s2}{s3}{s4}{s5}{s6}{s7}{s8}{s9}{s10}{s11}",
    category: "service_implicit",
    sample: {
      s1: "To apply for a new connection,",
      s2: " visit the portal or your DC w",
      s3: "ith ID and address proof.",
      s4: "",
      s5: "",
      s6: "",
      s7: "",
      s8: "",
      s9: "",
      s10: "",
      s11: "",
    },
  },
  connection_apply_otp: {
    en: "{otp} is your code to apply for a new electricity connection online. Valid {minutes} minutes. Do not share it. - {company}",
    hi: "{otp} ऑनलाइन नए बिजली कनेक्शन के आवेदन का कोड है। {minutes} मिनट तक मान्य। किसी को न बताएं। - {company}",
    category: "service_implicit",
    sample: { otp: "482913", minutes: "10", company: C },
  },
  // A scheduled report's PDF for an officer (modules/reports/schedules): a signed link that expires.
  report_link: {
    en: "Your {period} report for {area} is ready: {link} (valid {days} days). - {company}",
    hi: "{area} की {period} की रिपोर्ट तैयार है: {link} ({days} दिन तक मान्य)। - {company}",
    category: "service_implicit",
    quietHours: true,
    sample: {
      period: "Nov 2026",
      area: "Jabalpur City Circle",
      link: "pd.mpez.in/r/AbCdEfGhIjKl",
      days: "14",
      company: C,
    },
  },
} as const satisfies Record<string, SmsTemplateDefault>;

export type SmsTemplate = keyof typeof SMS_TEMPLATES;

export function isSmsTemplate(code: string): code is SmsTemplate {
  return Object.hasOwn(SMS_TEMPLATES, code);
}

export const VARIABLE_MAX = 30;

/** Variables that are links: never clipped (a clipped link is a broken one), refused instead. */
const UNCLIPPABLE = new Set(["link", "otp"]);

/** The {variables} a text names, in order of first use. */
export function templateVariables(body: string): string[] {
  return [...new Set([...body.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string))];
}

/** The variables a template's code supplies: those its default text names. */
export function declaredVariables(code: SmsTemplate): string[] {
  return templateVariables(SMS_TEMPLATES[code].en);
}

/**
 * Why a template text cannot be saved, or nothing: a variable the code does
 * not supply, one it supplies left out, a stray brace, an empty text.
 */
export function templateProblems(code: SmsTemplate, body: string): string[] {
  const problems: string[] = [];
  const text = body.trim();
  if (!text) return ["the text is empty"];
  if (text.length > 1000) problems.push(`the text is ${text.length} characters; at most 1000`);
  const declared = declaredVariables(code);
  const used = templateVariables(text);
  for (const v of used) if (!declared.includes(v)) problems.push(`unknown variable {${v}}`);
  for (const v of declared) if (!used.includes(v)) problems.push(`missing variable {${v}}`);
  if (/[{}]/.test(text.replace(/\{\w+\}/g, ""))) problems.push("a { or } that is not part of a {variable}");
  return problems;
}

/** Values over 30 characters, by variable. */
export function longValues(values: Record<string, string>): string[] {
  return Object.entries(values)
    .filter(([, v]) => v.length > VARIABLE_MAX)
    .map(([k, v]) => `{${k}} is ${v.length} characters; DLT allows ${VARIABLE_MAX}`);
}

/** The text as registered on the DLT portal: each variable as {#var#}. */
export function dltForm(body: string): string {
  return body.replace(/\{\w+\}/g, "{#var#}");
}

/** Fills a text's variables; throws naming a missing or over-long one. */
export function fillTemplate(body: string, values: Record<string, string>): string {
  return body.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`the template needs {${name}}`);
    if (v.length > VARIABLE_MAX)
      throw new Error(`{${name}} is ${v.length} characters; DLT allows ${VARIABLE_MAX}`);
    return v;
  });
}

function clip(name: string, value: string): string {
  const v = value.replace(/\s+/g, " ").trim();
  if (v.length <= VARIABLE_MAX) return v;
  if (UNCLIPPABLE.has(name))
    throw new Error(`{${name}} is ${v.length} characters; DLT allows ${VARIABLE_MAX}`);
  return `${v.slice(0, VARIABLE_MAX - 1)}…`;
}

/**
 * Renders a template's installed text (the dispatcher renders the admin's
 * current text again when it sends); every variable it names must be given,
 * each clipped to 30 characters (a link is refused instead).
 */
export function renderSms(
  template: SmsTemplate,
  language: Language,
  variables: Record<string, string>,
): { body: string; variables: Record<string, string> } {
  const clipped = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, clip(k, v)]));
  try {
    return { body: fillTemplate(SMS_TEMPLATES[template][language], clipped), variables: clipped };
  } catch (err) {
    throw new Error(`SMS template ${template}: ${(err as Error).message}`);
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** "28 Nov, 5:30 pm" / "28 नव॰, शाम 5:30" in the DISCOM's time zone. */
export function smsTime(at: Date, language: Language, timeZone = "Asia/Kolkata"): string {
  const key = `${language}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    // Building a formatter costs far more than using one.
    f = new Intl.DateTimeFormat(language === "hi" ? "hi-IN" : "en-IN", {
      ...dateTimeOptions(language, { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }),
      timeZone,
    });
    formats.set(key, f);
  }
  return f.format(at);
}
