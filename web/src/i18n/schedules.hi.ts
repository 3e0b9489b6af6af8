import type { schedulesEn } from "./schedules.en.ts";

/** Issue 16's schedules strings in Hindi. A missing key is a type error. */
export const schedulesHi: Record<keyof typeof schedulesEn, string> = {
  "smsTemplate.report_link": "नियमित रिपोर्ट का SMS लिंक",
  "schedules.nav": "मेरी रिपोर्ट",
  "schedules.title": "नियमित रिपोर्ट",
  "schedules.intro":
    "अपने क्षेत्र की रिपोर्ट हर सप्ताह या महीने पाएं: सिस्टम इसे PDF बनाकर आपके मोबाइल पर SMS से लिंक भेजता है। लिंक 14 दिन तक चलता है।",
  "schedules.new": "रिपोर्ट के लिए सदस्यता लें",
  "schedules.office": "कार्यालय",
  "schedules.kind": "रिपोर्ट",
  "schedules.kind.area_summary": "शिकायतों का क्षेत्र सारांश",
  "schedules.kind.sop": "SoP अनुपालन रिपोर्ट",
  "schedules.frequency": "कितनी बार",
  "schedules.frequency.weekly": "साप्ताहिक (पिछला सोमवार से रविवार)",
  "schedules.frequency.monthly": "मासिक (पिछला महीना)",
  "schedules.language": "रिपोर्ट और SMS की भाषा",
  "schedules.subscribe": "सदस्यता लें",
  "schedules.none": "अभी आपको कोई नियमित रिपोर्ट नहीं मिलती।",
  "schedules.nextRun": "अगली रिपोर्ट",
  "schedules.lastSent": "पिछली भेजी",
  "schedules.never": "अभी नहीं",
  "schedules.sendNow": "अभी भेजें",
  "schedules.sent": "{period} की रिपोर्ट SMS से आपके मोबाइल पर भेजी जा रही है।",
  "schedules.download": "अभी डाउनलोड करें",
  "schedules.remove": "बंद करें",
  "schedules.confirmRemove": "{office} की {kind} बंद करें?",
  "schedules.noMobile": "आपके उपयोगकर्ता रिकॉर्ड में लिंक भेजने के लिए मोबाइल नंबर नहीं है: एडमिन से जुड़वाएं।",
  "schedules.sopSoon": "SoP रिपोर्ट की सदस्यता अभी नहीं ली जा सकती: क्षेत्र सारांश चुनें।",
} as const;
