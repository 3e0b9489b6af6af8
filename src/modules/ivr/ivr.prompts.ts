// What the IVR says, in Hindi and English: pure text, no I/O (unit-tested).
import { zonedParts } from "../../lib/time.ts";

export interface Bilingual {
  hi: string;
  en: string;
}

/** An outage as the IVR speaks of it. */
export interface SpokenOutage {
  kind: "unplanned" | "planned";
  scope: "feeder" | "dt" | "consumer";
  etr: Date | null;
}

/** One of the caller's connections, as the prompt names it. */
export interface SpokenConsumer {
  consumerNo: string;
  outage: SpokenOutage | null;
  /** His open no-supply complaint's number, if he has one. */
  openComplaint: string | null;
}

const HI_MONTHS = [
  "जनवरी",
  "फ़रवरी",
  "मार्च",
  "अप्रैल",
  "मई",
  "जून",
  "जुलाई",
  "अगस्त",
  "सितंबर",
  "अक्टूबर",
  "नवंबर",
  "दिसंबर",
];
const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The part of the day a Hindi speaker names before a clock time: सुबह 9 बजे, शाम 6:30 बजे. */
function hindiDayPart(hour: number): string {
  if (hour < 4) return "रात";
  if (hour < 12) return "सुबह";
  if (hour < 16) return "दोपहर";
  if (hour < 20) return "शाम";
  return "रात";
}

/** Days from now's calendar day to at's, in the zone (0 today, 1 tomorrow). */
function dayDelta(at: Date, now: Date, timeZone: string): number {
  const a = zonedParts(at, timeZone);
  const n = zonedParts(now, timeZone);
  return Math.round(
    (Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(n.year, n.month - 1, n.day)) / 86_400_000,
  );
}

/**
 * When the supply should be back, as a person says it, in the DISCOM's zone:
 * "शाम 6:30 बजे तक" / "by 6:30 pm"; "कल सुबह 9 बजे तक" / "by 9 am tomorrow";
 * a later day by its date. Small hours after an evening call are "tonight"
 * (रात 1 बजे तक), not "tomorrow".
 */
export function etrWords(etr: Date, now: Date, timeZone: string): Bilingual {
  const p = zonedParts(etr, timeZone);
  const h12 = p.hour % 12 || 12;
  const clock = p.minute === 0 ? `${h12}` : `${h12}:${String(p.minute).padStart(2, "0")}`;
  const ampm = p.hour < 12 ? "am" : "pm";
  let delta = dayDelta(etr, now, timeZone);
  if (delta === 1 && p.hour < 4 && zonedParts(now, timeZone).hour >= 18) delta = 0;
  const hiTime = `${hindiDayPart(p.hour)} ${clock} बजे`;
  if (delta <= 0) return { hi: `${hiTime} तक`, en: `by ${clock} ${ampm}` };
  if (delta === 1) return { hi: `कल ${hiTime} तक`, en: `by ${clock} ${ampm} tomorrow` };
  return {
    hi: `${p.day} ${HI_MONTHS[p.month - 1]} को ${hiTime} तक`,
    en: `by ${clock} ${ampm} on ${p.day} ${EN_MONTHS[p.month - 1]}`,
  };
}

/** A consumer number as the IVR reads it: its last four digits, one by one. */
export function spokenTail(consumerNo: string): string {
  return consumerNo.slice(-4).split("").join(" ");
}

/** A complaint number read out character by character, so a text-to-speech engine does not say "two crore". */
export function spelled(value: string): string {
  return value.split("").join(" ");
}

/** What is known of the outage: why the supply is off and when it should be back. */
export function outageSentence(o: SpokenOutage, now: Date, timeZone: string): Bilingual {
  const why: Bilingual =
    o.kind === "planned"
      ? {
          hi: "आपके क्षेत्र में रखरखाव के लिए बिजली बंद की गई है।",
          en: "Supply in your area is off for scheduled maintenance.",
        }
      : o.scope === "consumer"
        ? {
            hi: "आपके कनेक्शन की बिजली बंद होने की जानकारी हमें है।",
            en: "We know that the supply to your connection is off.",
          }
        : {
            hi: "आपके क्षेत्र में खराबी के कारण बिजली बंद है, और हमारी टीम इस पर काम कर रही है।",
            en: "Supply in your area is off due to a fault, and our team is working on it.",
          };
  let when: Bilingual;
  if (!o.etr)
    when = {
      hi: "बिजली बहाल होने का समय अभी तय नहीं है।",
      en: "The restoration time is not known yet.",
    };
  else if (o.etr.getTime() <= now.getTime())
    when = { hi: "बिजली जल्द बहाल होने की संभावना है।", en: "Supply should be back shortly." };
  else {
    const w = etrWords(o.etr, now, timeZone);
    when = {
      hi: `बिजली ${w.hi} बहाल होने की संभावना है।`,
      en: `Supply is expected back ${w.en}.`,
    };
  }
  return { hi: `${why.hi} ${when.hi}`, en: `${why.en} ${when.en}` };
}

const join = (...parts: Bilingual[]): Bilingual => ({
  hi: parts.map((p) => p.hi).join(" "),
  en: parts.map((p) => p.en).join(" "),
});

const AGENT: Bilingual = {
  hi: "एजेंट से बात करने के लिए लाइन पर बने रहें।",
  en: "To speak to an agent, stay on the line.",
};

/**
 * The lookup's prompt: each connection's outage (and ETR) or that none is
 * known, his open complaint if any, and the digit that registers a no-supply
 * complaint without waiting for an agent (1 for one connection; the
 * connection's place in the list for several).
 */
export function lookupPrompt(consumers: SpokenConsumer[], now: Date, timeZone: string): Bilingual {
  if (consumers.length === 0)
    return {
      hi: "नमस्कार। आपकी कॉल हमारे एजेंट को भेजी जा रही है, कृपया प्रतीक्षा करें।",
      en: "Welcome. We are connecting you to an agent; please hold.",
    };
  const hello: Bilingual = { hi: "नमस्कार।", en: "Welcome." };
  const about = (c: SpokenConsumer): Bilingual => {
    const parts: Bilingual[] = [];
    parts.push(
      c.outage
        ? outageSentence(c.outage, now, timeZone)
        : {
            hi: "इस कनेक्शन के क्षेत्र में हमें अभी कोई खराबी ज्ञात नहीं है।",
            en: "We know of no fault in this connection's area now.",
          },
    );
    if (c.openComplaint)
      parts.push({
        hi: `आपकी शिकायत ${spelled(c.openComplaint)} पहले से दर्ज है।`,
        en: `Your complaint ${spelled(c.openComplaint)} is already registered.`,
      });
    return join(...parts);
  };
  if (consumers.length === 1) {
    const c = consumers[0] as SpokenConsumer;
    const offer: Bilingual = c.openComplaint
      ? { hi: "", en: "" }
      : {
          hi: "बिना प्रतीक्षा किए बिजली बंद की शिकायत दर्ज करने के लिए 1 दबाएँ।",
          en: "To register a no-supply complaint without waiting for an agent, press 1.",
        };
    return tidy(join(hello, about(c), offer, AGENT));
  }
  const parts: Bilingual[] = [
    hello,
    {
      hi: `इस नंबर पर ${consumers.length} कनेक्शन दर्ज हैं।`,
      en: `This number is registered for ${consumers.length} connections.`,
    },
  ];
  consumers.forEach((c, i) => {
    const tail = spokenTail(c.consumerNo);
    parts.push({ hi: `कनेक्शन, जिसके अंतिम अंक ${tail} हैं:`, en: `Connection ending ${tail}:` });
    parts.push(about(c));
    if (!c.openComplaint)
      parts.push({
        hi: `इसकी बिजली बंद की शिकायत के लिए ${i + 1} दबाएँ।`,
        en: `For a no-supply complaint on it, press ${i + 1}.`,
      });
  });
  parts.push(AGENT);
  return tidy(join(...parts));
}

/** What the IVR says after a press: the complaint's number, and the ETR when an outage is known. */
export function registeredPrompt(
  number: string,
  joined: boolean,
  outage: SpokenOutage | null,
  now: Date,
  timeZone: string,
): Bilingual {
  const said: Bilingual = joined
    ? {
        hi: `आपकी शिकायत पहले से दर्ज है। शिकायत क्रमांक ${spelled(number)} है।`,
        en: `Your complaint is already registered. Its number is ${spelled(number)}.`,
      }
    : {
        hi: `आपकी बिजली बंद की शिकायत दर्ज हो गई है। शिकायत क्रमांक ${spelled(number)} है।`,
        en: `Your no-supply complaint is registered. Its number is ${spelled(number)}.`,
      };
  const parts = [said];
  if (outage) parts.push(outageSentence(outage, now, timeZone));
  parts.push(
    joined
      ? { hi: "धन्यवाद।", en: "Thank you." }
      : { hi: "क्रमांक SMS से भी भेजा जाएगा। धन्यवाद।", en: "The number is also sent by SMS. Thank you." },
  );
  return join(...parts);
}

/** What the IVR says when it will not register: an unknown number, a limit reached, a refused complaint. */
export const TO_AGENT: Bilingual = {
  hi: "हम यह शिकायत अभी दर्ज नहीं कर सके। आपकी कॉल एजेंट को भेजी जा रही है, कृपया प्रतीक्षा करें।",
  en: "We could not register this complaint now. We are connecting you to an agent; please hold.",
};

function tidy(b: Bilingual): Bilingual {
  return { hi: b.hi.replace(/\s+/g, " ").trim(), en: b.en.replace(/\s+/g, " ").trim() };
}
