// The demo's knowledge-base articles for an MP DISCOM, Hindi and English: pure data, loaded by the demo.
// Rates are never written here: they come from the tariff table the admin fills.
import type { KbCategory } from "../../db/schema.constants.ts";

export interface SeedArticle {
  slug: string;
  category: KbCategory;
  titleEn: string;
  titleHi: string;
  /** Markdown. */
  bodyEn: string;
  bodyHi: string;
  /** The SMS summary: at most 2 SMS parts (306 GSM-7 / 134 UCS-2 characters). */
  summaryEn: string;
  summaryHi: string;
  keywords: string[];
  /** Complaint category codes the article helps with (complaint_categories.code). */
  complaintCategories: string[];
}

// Written for the agents of a Madhya Pradesh DISCOM (modelled on the Jabalpur one, helpline 1912).
// Amounts, rates, fees and web addresses are deliberately absent: the agent reads current rates and
// charges from the tariff table or the bill estimator, and the consumer uses the DISCOM's official
// website or app. Time limits quoted are the seeded defaults of the regulator's standards of performance.
export const KB_SEED_ARTICLES: readonly SeedArticle[] = [
  {
    slug: "new-connection-domestic",
    category: "new_connection",
    titleEn: "New domestic connection: how to apply and documents needed",
    titleHi: "नया घरेलू कनेक्शन: आवेदन कैसे करें और कौन से दस्तावेज़ लगेंगे",
    bodyEn: `## Who can apply
Any owner or lawful occupier of a house or flat can apply for a domestic (home) connection.

## Ways to apply
- On the DISCOM's official website or mobile app.
- By calling the 1912 helpline: the agent registers the application and reads out the application number.
- At the Distribution Centre (DC) office of the area.

## Documents needed
1. Proof of identity (for example Aadhaar card, voter ID or passport).
2. Proof of ownership or occupancy (sale deed, property tax receipt, allotment letter, or a rent agreement with the owner's consent).
3. A passport-size photograph.
4. Wiring test certificate from a licensed electrical contractor.

## What happens next
1. The DC checks the documents and tells you what is missing.
2. A line staff member inspects the site.
3. A demand note is issued with the charges. The agent reads the current charges from the tariff table; nothing is paid in cash to any person.
4. After payment the meter is installed and the connection is released. Your consumer number (IVRS number) is sent by SMS.

## Time limit
Under the regulator's standards of performance, the connection is due within 3 days in metro areas, 7 days in other municipal areas and 15 days in rural areas, counted from complete documents. These limits are set by the regulator and may change.

You get an SMS at every step with the application number. Quote it when you call 1912.`,
    bodyHi: `## कौन आवेदन कर सकता है
मकान या फ्लैट का मालिक या वैध रूप से रहने वाला कोई भी व्यक्ति घरेलू कनेक्शन के लिए आवेदन कर सकता है।

## आवेदन कैसे करें
- बिजली कंपनी की आधिकारिक वेबसाइट या मोबाइल ऐप पर।
- 1912 हेल्पलाइन पर कॉल करके: एजेंट आवेदन दर्ज करके आपको आवेदन नंबर बताएगा।
- अपने क्षेत्र के वितरण केंद्र (डीसी) कार्यालय में जाकर।

## ज़रूरी दस्तावेज़
1. पहचान का प्रमाण (जैसे आधार कार्ड, वोटर आईडी या पासपोर्ट)।
2. मकान के मालिकाना हक़ या रहने का प्रमाण (रजिस्ट्री, संपत्ति कर की रसीद, आवंटन पत्र, या मकान मालिक की सहमति के साथ किरायानामा)।
3. पासपोर्ट साइज़ फोटो।
4. लाइसेंसधारी बिजली ठेकेदार से वायरिंग टेस्ट प्रमाणपत्र।

## आगे क्या होगा
1. डीसी दस्तावेज़ जाँचेगा और जो कमी है वह बताएगा।
2. लाइन स्टाफ साइट का निरीक्षण करेगा।
3. शुल्क के साथ डिमांड नोट जारी होगा। एजेंट मौजूदा शुल्क टैरिफ टेबल से पढ़कर बताएगा; किसी व्यक्ति को नकद पैसा न दें।
4. भुगतान के बाद मीटर लगेगा और कनेक्शन चालू होगा। आपका उपभोक्ता नंबर (आईवीआरएस नंबर) एसएमएस से भेजा जाएगा।

## समय-सीमा
नियामक के मानकों के अनुसार, दस्तावेज़ पूरे होने के बाद महानगर में 3 दिन, अन्य नगरीय क्षेत्र में 7 दिन और ग्रामीण क्षेत्र में 15 दिन में कनेक्शन मिलना चाहिए। ये सीमाएँ नियामक तय करता है और बदल सकती हैं।

हर चरण पर आवेदन नंबर के साथ एसएमएस आएगा। 1912 पर कॉल करते समय यही नंबर बताएँ।`,
    summaryEn:
      "New home connection: apply on the DISCOM's official website/app, at the DC office or call 1912. Keep ID proof, ownership or rent proof, a photo and the wiring test certificate ready. Pay only against the demand note. You get an SMS with the application number at every step.",
    summaryHi:
      "नया घरेलू कनेक्शन: वेबसाइट/ऐप, डीसी या 1912 पर आवेदन करें। पहचान पत्र, मकान के कागज़, फोटो, वायरिंग प्रमाणपत्र रखें।",
    keywords: [
      "new connection",
      "domestic connection",
      "documents",
      "apply",
      "house connection",
      "नया कनेक्शन",
      "घरेलू कनेक्शन",
      "मीटर लगवाना",
      "दस्तावेज़",
      "आवेदन",
      "बिजली कनेक्शन कैसे लें",
    ],
    complaintCategories: ["new_connection"],
  },
  {
    slug: "new-connection-non-domestic",
    category: "new_connection",
    titleEn: "New non-domestic connection for a shop, office or clinic",
    titleHi: "दुकान, ऑफिस या क्लिनिक के लिए नया गैर-घरेलू कनेक्शन",
    bodyEn: `## When you need a non-domestic connection
Use it for any commercial use: shops, offices, clinics, hotels, coaching centres, marriage halls and similar premises. Using a domestic connection for a business can be treated as unauthorised use, so ask for the right category from the start.

## Ways to apply
- The DISCOM's official website or mobile app.
- The 1912 helpline, where the agent registers the application.
- The Distribution Centre (DC) office.

## Documents needed
1. Proof of identity of the applicant (or of the authorised signatory for a firm).
2. Proof of ownership or occupancy of the premises (sale deed, lease or rent agreement with the owner's consent).
3. A passport-size photograph.
4. Wiring test certificate from a licensed electrical contractor.
5. Where it applies: shop or trade licence, firm registration papers, and a no-objection certificate from the owner or society.

## Load
Tell the agent the total load of lights, fans, ACs and machines in kilowatts. A large load may need high tension (HT) supply or a separate transformer; the DC advises after the site inspection.

## Charges
The demand note lists the charges and the security deposit. The agent reads the current amounts from the tariff table; pay only against the demand note, through official channels.

## Steps and time limit
Documents checked, site inspection, demand note, payment, meter installation and release. The regulator's limits (3 days metro, 7 days municipal, 15 days rural after complete documents) apply to ordinary LT connections; work that needs a new line can take longer as the rules allow.`,
    bodyHi: `## गैर-घरेलू कनेक्शन कब चाहिए
किसी भी व्यावसायिक उपयोग के लिए: दुकान, ऑफिस, क्लिनिक, होटल, कोचिंग सेंटर, मैरिज हॉल आदि। घरेलू कनेक्शन से व्यापार चलाना अनधिकृत उपयोग माना जा सकता है, इसलिए शुरू से सही श्रेणी में आवेदन करें।

## आवेदन कैसे करें
- बिजली कंपनी की आधिकारिक वेबसाइट या मोबाइल ऐप पर।
- 1912 हेल्पलाइन पर, जहाँ एजेंट आवेदन दर्ज करेगा।
- वितरण केंद्र (डीसी) कार्यालय में।

## ज़रूरी दस्तावेज़
1. आवेदक का पहचान प्रमाण (फर्म हो तो अधिकृत हस्ताक्षरकर्ता का)।
2. परिसर के मालिकाना हक़ या कब्ज़े का प्रमाण (रजिस्ट्री, लीज़ या मालिक की सहमति के साथ किरायानामा)।
3. पासपोर्ट साइज़ फोटो।
4. लाइसेंसधारी बिजली ठेकेदार से वायरिंग टेस्ट प्रमाणपत्र।
5. जहाँ लागू हो: दुकान या व्यापार लाइसेंस, फर्म के पंजीयन के कागज़, और मालिक या सोसाइटी से अनापत्ति प्रमाणपत्र।

## लोड
लाइट, पंखे, एसी और मशीनों का कुल लोड किलोवाट में एजेंट को बताएँ। ज़्यादा लोड पर एचटी सप्लाई या अलग ट्रांसफार्मर लग सकता है; साइट निरीक्षण के बाद डीसी बताएगा।

## शुल्क
डिमांड नोट में शुल्क और सुरक्षा निधि लिखी होती है। एजेंट मौजूदा राशि टैरिफ टेबल से पढ़कर बताएगा; भुगतान केवल डिमांड नोट के अनुसार आधिकारिक माध्यम से करें।

## चरण और समय-सीमा
दस्तावेज़ जाँच, साइट निरीक्षण, डिमांड नोट, भुगतान, मीटर लगना और कनेक्शन चालू होना। सामान्य एलटी कनेक्शन पर नियामक की सीमा (दस्तावेज़ पूरे होने के बाद महानगर 3 दिन, नगरीय 7 दिन, ग्रामीण 15 दिन) लागू है; नई लाइन बिछानी हो तो नियमों के अनुसार ज़्यादा समय लग सकता है।`,
    summaryEn:
      "Shop/office connection: apply on the DISCOM's official website/app, at the DC office or call 1912. Keep ID proof, ownership or rent proof, a photo, the wiring test certificate and a trade licence if you have one. Tell us the total load in kW. Pay only against the demand note.",
    summaryHi:
      "दुकान/ऑफिस कनेक्शन: वेबसाइट/ऐप, डीसी या 1912 पर आवेदन करें। पहचान, परिसर के कागज़, फोटो, वायरिंग प्रमाणपत्र और लोड बताएँ।",
    keywords: [
      "non-domestic",
      "commercial connection",
      "shop connection",
      "office",
      "new connection",
      "दुकान का कनेक्शन",
      "व्यावसायिक कनेक्शन",
      "गैर घरेलू",
      "नया कनेक्शन",
      "कमर्शियल मीटर",
    ],
    complaintCategories: ["new_connection"],
  },
  {
    slug: "new-connection-agricultural-pump",
    category: "new_connection",
    titleEn: "New connection for an agricultural pump",
    titleHi: "खेती के पंप के लिए नया कनेक्शन",
    bodyEn: `## Permanent or temporary
Farmers can apply for a permanent pump connection, or for a temporary connection for one crop season (for example the rabi season). Both are metered or billed under the agriculture category of the tariff order.

## Ways to apply
- The DISCOM's official website or mobile app.
- The 1912 helpline.
- The Distribution Centre (DC) office of the village area.

## Documents needed
1. Proof of identity of the farmer.
2. Land record showing the land in the applicant's name (for example the khasra / B-1 copy), or the consent of the land owner.
3. A passport-size photograph.
4. Details of the pump: horsepower (HP), well or tube well, and where it stands on the field.

## Things to know
- Tell the agent the pump's HP correctly: the connection is sanctioned and billed on it.
- The DISCOM may ask for a capacitor of suitable rating with the pump; it saves energy and keeps the voltage steady.
- If the field is far from the existing line, a line extension or a new transformer may be needed; the estimate says so and the time taken can be longer.
- The agent reads current charges from the tariff table. Pay only against the demand note; never pay any person privately.
- Government subsidy or solar pump schemes may apply: see the article on subsidy schemes.

## After applying
You get an SMS with the application number. The usual steps follow: documents checked, site inspection, demand note, payment, meter or connection installed, release. Quote the application number when you call 1912.`,
    bodyHi: `## स्थायी या अस्थायी
किसान स्थायी पंप कनेक्शन के लिए, या एक फसल के मौसम (जैसे रबी) के लिए अस्थायी कनेक्शन के लिए आवेदन कर सकते हैं। दोनों का बिल टैरिफ आदेश की कृषि श्रेणी में बनता है।

## आवेदन कैसे करें
- बिजली कंपनी की आधिकारिक वेबसाइट या मोबाइल ऐप पर।
- 1912 हेल्पलाइन पर।
- गाँव के क्षेत्र के वितरण केंद्र (डीसी) कार्यालय में।

## ज़रूरी दस्तावेज़
1. किसान का पहचान प्रमाण।
2. ज़मीन आवेदक के नाम होने का रिकॉर्ड (जैसे खसरा / बी-1 की नकल), या ज़मीन मालिक की सहमति।
3. पासपोर्ट साइज़ फोटो।
4. पंप की जानकारी: कितने एचपी का है, कुआँ या ट्यूबवेल, और खेत में कहाँ लगा है।

## ध्यान रखें
- पंप का एचपी सही बताएँ: कनेक्शन और बिल इसी पर बनता है।
- बिजली कंपनी पंप के साथ सही क्षमता का कैपेसिटर लगाने को कह सकती है; इससे बिजली बचती है और वोल्टेज ठीक रहता है।
- खेत मौजूदा लाइन से दूर है तो लाइन बढ़ानी या नया ट्रांसफार्मर लगाना पड़ सकता है; एस्टीमेट में यह लिखा होगा और समय ज़्यादा लग सकता है।
- एजेंट मौजूदा शुल्क टैरिफ टेबल से पढ़कर बताएगा। भुगतान केवल डिमांड नोट के अनुसार करें; किसी व्यक्ति को निजी तौर पर पैसा न दें।
- सरकारी सब्सिडी या सोलर पंप योजना का लाभ मिल सकता है: सब्सिडी योजनाओं वाला लेख देखें।

## आवेदन के बाद
आवेदन नंबर के साथ एसएमएस आएगा। फिर सामान्य चरण होंगे: दस्तावेज़ जाँच, साइट निरीक्षण, डिमांड नोट, भुगतान, मीटर या कनेक्शन लगना, और चालू होना। 1912 पर कॉल करें तो आवेदन नंबर बताएँ।`,
    summaryEn:
      "Pump connection: apply on the DISCOM's official website/app, at the DC office or call 1912. Keep ID proof, the land record (khasra/B-1) or the owner's consent, a photo and the pump's HP. A capacitor may be required. Pay only against the demand note.",
    summaryHi: "पंप कनेक्शन: वेबसाइट/ऐप, डीसी या 1912 पर आवेदन करें। पहचान पत्र, खसरा/बी-1, फोटो और पंप का एचपी बताएँ।",
    keywords: [
      "agricultural pump",
      "pump connection",
      "farmer",
      "tube well",
      "temporary pump connection",
      "rabi",
      "पंप कनेक्शन",
      "खेती का कनेक्शन",
      "किसान",
      "ट्यूबवेल",
      "अस्थायी पंप कनेक्शन",
      "खसरा",
    ],
    complaintCategories: ["new_connection"],
  },
  {
    slug: "temporary-connection",
    category: "new_connection",
    titleEn: "Temporary connection for a wedding, construction or event",
    titleHi: "शादी, निर्माण कार्य या आयोजन के लिए अस्थायी कनेक्शन",
    bodyEn: `## When to take one
A temporary connection is for a limited period: a wedding or function, house construction, a fair, a religious event or a seasonal pump. Taking supply by hooking wires on the line (katiya) is theft and dangerous; a temporary connection is quick and legal.

## How to apply
- Apply a few days before you need supply, on the DISCOM's official website or app, at the DC office, or through the 1912 helpline.
- Tell the agent the place, the dates (from and to) and the total load in kW.

## Documents needed
1. Proof of identity.
2. Permission or proof of right to use the place (owner's consent, booking of the ground or hall, or building permission for construction).
3. A wiring test certificate, where the DC asks for it.

## Charges
An advance payment of the estimated bill and other charges is taken as set in the schedule of charges. The agent reads the current charges from the tariff table. The supply is metered; at the end the final bill is adjusted against the advance and any balance is refunded as per the rules.

## Safety
- Get the wiring done by a licensed electrician, with proper cables and an MCB or ELCB.
- Do not run wires over tents or through water.
- Call 1912 at once if any wire sparks or falls.

## Extending or ending
Apply before the end date if you need supply longer. When the work is over, ask the DC to disconnect and remove the meter so that the final bill is made.`,
    bodyHi: `## कब लें
अस्थायी कनेक्शन सीमित समय के लिए होता है: शादी या समारोह, मकान निर्माण, मेला, धार्मिक आयोजन या मौसमी पंप। लाइन पर तार डालकर (कटिया) बिजली लेना चोरी है और खतरनाक भी; अस्थायी कनेक्शन जल्दी और कानूनी तरीके से मिल जाता है।

## आवेदन कैसे करें
- ज़रूरत से कुछ दिन पहले बिजली कंपनी की आधिकारिक वेबसाइट या ऐप पर, डीसी कार्यालय में, या 1912 हेल्पलाइन पर आवेदन करें।
- एजेंट को जगह, तारीख (कब से कब तक) और कुल लोड किलोवाट में बताएँ।

## ज़रूरी दस्तावेज़
1. पहचान का प्रमाण।
2. जगह के उपयोग की अनुमति या अधिकार का प्रमाण (मालिक की सहमति, मैदान या हॉल की बुकिंग, या निर्माण की भवन अनुज्ञा)।
3. डीसी माँगे तो वायरिंग टेस्ट प्रमाणपत्र।

## शुल्क
शुल्क-सूची के अनुसार अनुमानित बिल और अन्य शुल्क अग्रिम लिए जाते हैं। एजेंट मौजूदा शुल्क टैरिफ टेबल से पढ़कर बताएगा। सप्लाई मीटर से होती है; अंत में अंतिम बिल अग्रिम राशि से समायोजित होता है और बची राशि नियमों के अनुसार वापस मिलती है।

## सुरक्षा
- वायरिंग लाइसेंसधारी इलेक्ट्रीशियन से, सही केबल और एमसीबी या ईएलसीबी के साथ कराएँ।
- तार टेंट के ऊपर से या पानी में से न ले जाएँ।
- कोई तार चिंगारी दे या गिर जाए तो तुरंत 1912 पर कॉल करें।

## अवधि बढ़ाना या समाप्त करना
ज़्यादा दिन सप्लाई चाहिए तो अंतिम तारीख से पहले आवेदन करें। काम पूरा होने पर डीसी से कनेक्शन कटवाकर मीटर हटवाएँ, ताकि अंतिम बिल बन सके।`,
    summaryEn:
      "Temporary connection (wedding, construction, event): apply a few days ahead on the DISCOM's official website/app, at the DC office or call 1912 with ID proof, permission for the place, dates and load. Advance charges as per the schedule; balance refunded after the final bill. Never use katiya.",
    summaryHi:
      "अस्थायी कनेक्शन: कुछ दिन पहले वेबसाइट/ऐप, डीसी या 1912 पर आवेदन करें। पहचान, जगह की अनुमति, तारीख और लोड बताएँ। कटिया न डालें।",
    keywords: [
      "temporary connection",
      "wedding",
      "construction",
      "event",
      "fair",
      "अस्थायी कनेक्शन",
      "शादी के लिए बिजली",
      "निर्माण कार्य",
      "टेम्परेरी कनेक्शन",
      "कटिया",
    ],
    complaintCategories: ["new_connection"],
  },
  {
    slug: "load-extension-reduction",
    category: "new_connection",
    titleEn: "Load extension or reduction",
    titleHi: "लोड बढ़वाना या घटवाना",
    bodyEn: `## Why it matters
Your connection has a sanctioned (contracted) load in kW. The fixed charge and the security deposit depend on it. If you add an AC, a geyser or machines, the load you actually use can go above the sanctioned load; a smart or electronic meter records the maximum demand, and the tariff order says how excess load is billed.

## Load extension: how to apply
1. Apply on the DISCOM's official website or app, at the DC office, or through the 1912 helpline.
2. Give the consumer number (IVRS number) from the bill and the new total load you need.
3. Attach a fresh wiring test certificate if the wiring has changed.
4. Clear any dues; the application is taken on a paid-up connection.
5. The DC checks whether the line and transformer can take the load. A large increase may need a line or transformer upgrade, or HT supply.
6. Pay the additional security deposit and charges on the demand note. The agent reads the current charges from the tariff table.

## Load reduction
If you now use less, apply for reduction with the consumer number and the new load. The DC may inspect the premises and check the recorded maximum demand. The reduced load applies from the bill cycle stated in the order.

## Good to know
- Extension can be combined with a change of category if the use has also changed.
- You get an SMS with the request number; quote it on 1912.
- Time limits for these requests are set by the regulator and may change.`,
    bodyHi: `## यह ज़रूरी क्यों है
आपके कनेक्शन का एक स्वीकृत (अनुबंधित) लोड किलोवाट में होता है। फिक्स्ड चार्ज और सुरक्षा निधि इसी पर तय होते हैं। एसी, गीज़र या मशीनें लगाने पर असल में इस्तेमाल होने वाला लोड स्वीकृत लोड से ज़्यादा हो सकता है; स्मार्ट या इलेक्ट्रॉनिक मीटर अधिकतम मांग दर्ज करता है, और ज़्यादा लोड का बिल कैसे बनेगा यह टैरिफ आदेश में लिखा है।

## लोड बढ़वाने का तरीका
1. बिजली कंपनी की आधिकारिक वेबसाइट या ऐप, डीसी कार्यालय, या 1912 हेल्पलाइन पर आवेदन करें।
2. बिल पर छपा उपभोक्ता नंबर (आईवीआरएस नंबर) और नया कुल लोड बताएँ।
3. वायरिंग बदली है तो नया वायरिंग टेस्ट प्रमाणपत्र लगाएँ।
4. बकाया हो तो पहले जमा करें; आवेदन बकाया-मुक्त कनेक्शन पर ही लिया जाता है।
5. डीसी देखेगा कि लाइन और ट्रांसफार्मर यह लोड उठा सकते हैं या नहीं। ज़्यादा बढ़ोतरी पर लाइन या ट्रांसफार्मर बढ़ाना, या एचटी सप्लाई लेनी पड़ सकती है।
6. डिमांड नोट पर लिखी अतिरिक्त सुरक्षा निधि और शुल्क जमा करें। एजेंट मौजूदा शुल्क टैरिफ टेबल से पढ़कर बताएगा।

## लोड घटवाना
अब कम बिजली इस्तेमाल होती है तो उपभोक्ता नंबर और नए लोड के साथ आवेदन करें। डीसी परिसर का निरीक्षण और मीटर में दर्ज अधिकतम मांग की जाँच कर सकता है। घटा हुआ लोड आदेश में लिखे बिल चक्र से लागू होगा।

## काम की बातें
- उपयोग भी बदला है तो लोड बढ़ाने के साथ श्रेणी बदलने का आवेदन भी हो सकता है।
- अनुरोध नंबर के साथ एसएमएस आएगा; 1912 पर यही नंबर बताएँ।
- इन अनुरोधों की समय-सीमा नियामक तय करता है और बदल सकती है।`,
    summaryEn:
      "Load extension/reduction: apply on the DISCOM's official website/app, at the DC office or call 1912 with your IVRS number and the new load in kW. Clear dues first. Extension needs a wiring certificate and extra security deposit as per the schedule. Using more than the sanctioned load can raise your bill.",
    summaryHi:
      "लोड बढ़ाना/घटाना: वेबसाइट/ऐप, डीसी या 1912 पर आईवीआरएस नंबर और नया लोड बताकर आवेदन करें। पहले बकाया जमा करें।",
    keywords: [
      "load extension",
      "load reduction",
      "sanctioned load",
      "increase load",
      "kW",
      "लोड बढ़ाना",
      "लोड घटाना",
      "भार वृद्धि",
      "स्वीकृत भार",
      "लोड कम करना",
    ],
    complaintCategories: ["new_connection", "billing"],
  },
  {
    slug: "name-change-transfer",
    category: "new_connection",
    titleEn: "Name change (transfer) of a connection",
    titleHi: "कनेक्शन में नाम बदलवाना (नामांतरण)",
    bodyEn: `## When a name change is needed
- You bought a house or shop and the bill still comes in the old owner's name.
- The connection holder has died and the connection passes to a legal heir.
- A firm has changed its name or owners.

The bill should be in the name of the present owner or lawful occupier, so that notices, refunds and the security deposit go to the right person.

## How to apply
1. Apply on the DISCOM's official website or app, or at the DC office. The 1912 agent can explain the steps and register the request.
2. Give the consumer number (IVRS number) from the latest bill.
3. All dues on the connection must be paid before the transfer.

## Documents needed
- Proof of identity of the new holder.
- Proof of ownership: sale deed (registry), gift deed or allotment letter.
- For a legal heir: death certificate and proof of being the heir (succession certificate or an affidavit with the consent of the other heirs, as the DC asks).
- No-objection from the earlier holder where available.
- A passport-size photograph.

## Security deposit
The deposit is transferred to the new name, or the new holder pays a fresh deposit as per the rules. The agent reads any transfer fee from the tariff table.

## After the change
The next bill comes in the new name. Register the new holder's mobile number at the same time so that SMS alerts reach the right person.`,
    bodyHi: `## नाम कब बदलवाना पड़ता है
- आपने मकान या दुकान खरीदी है और बिल अब भी पुराने मालिक के नाम से आ रहा है।
- कनेक्शनधारी की मृत्यु हो गई है और कनेक्शन वारिस के नाम होना है।
- फर्म का नाम या मालिक बदल गए हैं।

बिल मौजूदा मालिक या वैध रूप से रहने वाले के नाम पर होना चाहिए, ताकि नोटिस, रिफंड और सुरक्षा निधि सही व्यक्ति को मिलें।

## आवेदन कैसे करें
1. बिजली कंपनी की आधिकारिक वेबसाइट या ऐप पर, या डीसी कार्यालय में आवेदन करें। 1912 का एजेंट तरीका समझाकर अनुरोध दर्ज कर सकता है।
2. ताज़ा बिल पर छपा उपभोक्ता नंबर (आईवीआरएस नंबर) बताएँ।
3. नाम बदलने से पहले कनेक्शन का पूरा बकाया जमा होना चाहिए।

## ज़रूरी दस्तावेज़
- नए कनेक्शनधारी का पहचान प्रमाण।
- मालिकाना हक़ का प्रमाण: रजिस्ट्री, दानपत्र या आवंटन पत्र।
- वारिस के लिए: मृत्यु प्रमाणपत्र और वारिस होने का प्रमाण (उत्तराधिकार प्रमाणपत्र, या बाकी वारिसों की सहमति के साथ शपथपत्र, जैसा डीसी माँगे)।
- जहाँ संभव हो, पुराने कनेक्शनधारी की अनापत्ति।
- पासपोर्ट साइज़ फोटो।

## सुरक्षा निधि
सुरक्षा निधि नए नाम पर ट्रांसफर होती है, या नियमों के अनुसार नया कनेक्शनधारी नई निधि जमा करता है। नामांतरण शुल्क हो तो एजेंट टैरिफ टेबल से पढ़कर बताएगा।

## नाम बदलने के बाद
अगला बिल नए नाम से आएगा। साथ ही नए कनेक्शनधारी का मोबाइल नंबर भी दर्ज कराएँ, ताकि एसएमएस सही व्यक्ति तक पहुँचे।`,
    summaryEn:
      "Name change: apply on the DISCOM's official website/app or at the DC office with the IVRS number, ID proof, sale deed or heir papers (death certificate, heirs' consent) and a photo. Clear all dues first. Register the new owner's mobile at the same time. Call 1912 for help.",
    summaryHi:
      "नाम बदलवाना: वेबसाइट/ऐप या डीसी में आईवीआरएस नंबर, पहचान, रजिस्ट्री या वारिस के कागज़ देकर आवेदन करें। पहले बकाया जमा करें।",
    keywords: [
      "name change",
      "transfer",
      "new owner",
      "legal heir",
      "ownership change",
      "नाम बदलना",
      "नामांतरण",
      "नाम परिवर्तन",
      "मकान खरीदा",
      "वारिस",
    ],
    complaintCategories: ["billing", "other"],
  },
  {
    slug: "change-of-category",
    category: "new_connection",
    titleEn: "Change of tariff category",
    titleHi: "टैरिफ श्रेणी (कैटेगरी) बदलवाना",
    bodyEn: `## When to change the category
Each connection is billed in a tariff category that matches its use: domestic, non-domestic, agriculture, industrial and others. Ask for a change when the use changes, for example:
- part of the house becomes a shop or clinic;
- a shop is turned back into a residence;
- a pump connection is now used for a dairy or a small unit.

Using supply for a purpose other than the sanctioned one can be treated as unauthorised use and billed at a higher rate under the rules, so change the category before you change the use.

## How to apply
1. Apply on the DISCOM's official website or app, at the DC office, or through the 1912 helpline.
2. Give the consumer number (IVRS number) and describe the new use.
3. Attach proof of the new use where relevant (trade licence, registration) and a wiring test certificate if the wiring changed.
4. Clear any dues.
5. The DC inspects the premises and approves the change.
6. Pay any difference in security deposit shown on the demand note. The agent reads current charges from the tariff table.

## After approval
The new category applies from the date or bill cycle stated in the order. The bill shows the new category code. If the load also changes, apply for the load change in the same request.

If you think you are billed in the wrong category without any change of use, register a billing complaint on 1912.`,
    bodyHi: `## श्रेणी कब बदलवाएँ
हर कनेक्शन का बिल उसके उपयोग के हिसाब से एक टैरिफ श्रेणी में बनता है: घरेलू, गैर-घरेलू, कृषि, औद्योगिक आदि। उपयोग बदलने पर श्रेणी बदलवाएँ, जैसे:
- घर का एक हिस्सा दुकान या क्लिनिक बन गया;
- दुकान को फिर से रहने के लिए उपयोग करने लगे;
- पंप कनेक्शन अब डेयरी या छोटी इकाई में इस्तेमाल हो रहा है।

स्वीकृत उपयोग से अलग काम में बिजली लेना अनधिकृत उपयोग माना जा सकता है और नियमों के अनुसार ऊँची दर से बिल बन सकता है, इसलिए उपयोग बदलने से पहले श्रेणी बदलवाएँ।

## आवेदन कैसे करें
1. बिजली कंपनी की आधिकारिक वेबसाइट या ऐप, डीसी कार्यालय, या 1912 हेल्पलाइन पर आवेदन करें।
2. उपभोक्ता नंबर (आईवीआरएस नंबर) और नया उपयोग बताएँ।
3. जहाँ ज़रूरी हो नए उपयोग का प्रमाण (व्यापार लाइसेंस, पंजीयन) और वायरिंग बदली हो तो वायरिंग टेस्ट प्रमाणपत्र लगाएँ।
4. बकाया हो तो जमा करें।
5. डीसी परिसर का निरीक्षण करके बदलाव स्वीकृत करेगा।
6. डिमांड नोट पर दिखी सुरक्षा निधि का अंतर जमा करें। एजेंट मौजूदा शुल्क टैरिफ टेबल से पढ़कर बताएगा।

## स्वीकृति के बाद
नई श्रेणी आदेश में लिखी तारीख या बिल चक्र से लागू होगी। बिल पर नई श्रेणी का कोड दिखेगा। लोड भी बदल रहा है तो उसी अनुरोध में लोड बदलने का आवेदन करें।

अगर उपयोग बदले बिना आपको लगता है कि बिल गलत श्रेणी में बन रहा है, तो 1912 पर बिल की शिकायत दर्ज कराएँ।`,
    summaryEn:
      "Change of category: when the use of the premises changes (home to shop, shop to home), apply on the DISCOM's official website/app, at the DC office or call 1912 with your IVRS number and proof of the new use. Clear dues first. Using supply for another purpose can be billed as unauthorised use.",
    summaryHi:
      "श्रेणी बदलवाना: उपयोग बदले तो आईवीआरएस नंबर और नए उपयोग के प्रमाण के साथ वेबसाइट/ऐप, डीसी या 1912 पर आवेदन करें।",
    keywords: [
      "change of category",
      "tariff category",
      "domestic to commercial",
      "wrong category",
      "श्रेणी बदलना",
      "कैटेगरी बदलना",
      "घरेलू से व्यावसायिक",
      "गलत श्रेणी",
      "टैरिफ बदलना",
    ],
    complaintCategories: ["billing", "new_connection"],
  },
  {
    slug: "disconnection-reconnection",
    category: "new_connection",
    titleEn: "Permanent disconnection and reconnection",
    titleHi: "स्थायी कनेक्शन विच्छेद और दोबारा कनेक्शन जुड़वाना",
    bodyEn: `## Permanent disconnection (closing a connection)
Ask for it when you no longer need supply: a house is demolished, a shop closes, or a pump is no longer used.
1. Apply on the DISCOM's official website or app, or at the DC office; the 1912 agent can register the request.
2. Give the consumer number (IVRS number).
3. Pay all dues up to the final meter reading.
4. The line staff take the final reading and remove the meter and service line.
5. The final bill is made. The security deposit is refunded after adjusting any dues, as per the rules.

Until you apply, the fixed charge keeps coming on the bill even if you use no electricity.

## Reconnection after a disconnection for dues
If supply was cut for non-payment:
1. Pay the outstanding amount, the late payment surcharge and the reconnection charge. The agent reads the current reconnection charge from the tariff table.
2. Keep the payment receipt and call 1912 or inform the DC with the receipt number.
3. Supply is restored within the time limit set by the regulator.

## After a permanent disconnection
A connection that has been closed and its meter removed is usually not simply reconnected: a new connection application is needed, with fresh documents, and old dues on the premises must be cleared.

## Tips
- Do not reconnect supply yourself after a disconnection: it is an offence and dangerous.
- If supply was cut although you paid, call 1912 with the receipt number.`,
    bodyHi: `## स्थायी विच्छेद (कनेक्शन बंद कराना)
जब बिजली की ज़रूरत न रहे: मकान टूट गया, दुकान बंद हो गई, या पंप अब नहीं चलता, तब आवेदन करें।
1. बिजली कंपनी की आधिकारिक वेबसाइट या ऐप पर, या डीसी कार्यालय में आवेदन करें; 1912 का एजेंट भी अनुरोध दर्ज कर सकता है।
2. उपभोक्ता नंबर (आईवीआरएस नंबर) बताएँ।
3. अंतिम रीडिंग तक का पूरा बकाया जमा करें।
4. लाइन स्टाफ अंतिम रीडिंग लेकर मीटर और सर्विस लाइन हटाएगा।
5. अंतिम बिल बनेगा। बकाया समायोजित करके सुरक्षा निधि नियमों के अनुसार वापस मिलेगी।

जब तक आवेदन नहीं करते, बिजली इस्तेमाल न करने पर भी बिल में फिक्स्ड चार्ज जुड़ता रहता है।

## बकाया के कारण कटा कनेक्शन दोबारा जुड़वाना
अगर बिल न भरने पर बिजली काटी गई है:
1. बकाया राशि, विलंब भुगतान अधिभार और पुनः संयोजन शुल्क जमा करें। एजेंट मौजूदा पुनः संयोजन शुल्क टैरिफ टेबल से पढ़कर बताएगा।
2. रसीद संभालकर रखें और रसीद नंबर के साथ 1912 पर कॉल करें या डीसी को बताएँ।
3. नियामक की तय समय-सीमा में बिजली चालू की जाएगी।

## स्थायी विच्छेद के बाद
जो कनेक्शन बंद हो चुका है और मीटर हट चुका है, वह आमतौर पर सीधे नहीं जुड़ता: नए दस्तावेज़ों के साथ नए कनेक्शन का आवेदन करना होता है, और परिसर का पुराना बकाया चुकाना होता है।

## सलाह
- कटा हुआ कनेक्शन खुद न जोड़ें: यह अपराध है और खतरनाक भी।
- भुगतान के बाद भी बिजली कटी है तो रसीद नंबर के साथ 1912 पर कॉल करें।`,
    summaryEn:
      "To close a connection, apply on the DISCOM's official website/app or at the DC office with the IVRS number and pay dues to the final reading; the deposit is refunded after adjustment. Cut for dues? Pay dues and the reconnection charge, then call 1912 with the receipt number. Never reconnect yourself.",
    summaryHi:
      "कनेक्शन बंद कराने हेतु डीसी/वेबसाइट पर आवेदन करें। बकाया से कटा कनेक्शन: बकाया व शुल्क जमा कर रसीद नंबर 1912 पर बताएँ।",
    keywords: [
      "permanent disconnection",
      "reconnection",
      "close connection",
      "disconnected for dues",
      "security deposit refund",
      "कनेक्शन कटवाना",
      "कनेक्शन बंद",
      "दोबारा जोड़ना",
      "लाइन कट गई",
      "बकाया",
      "पुनः संयोजन",
    ],
    complaintCategories: ["no_supply", "billing"],
  },
  {
    slug: "tariff-categories",
    category: "tariff",
    titleEn: "Tariff categories explained",
    titleHi: "टैरिफ श्रेणियाँ: कौन सी श्रेणी किसके लिए",
    bodyEn: `## Who sets the tariff
The Madhya Pradesh Electricity Regulatory Commission (MPERC) fixes the tariff in its tariff order, usually once a year. The order groups consumers into categories; each category has its own fixed charge, energy charge slabs and conditions.

## The main categories
Low tension (LT) categories, written with codes such as LV in the tariff order:
- **Domestic**: homes, flats and hostels for residence.
- **Non-domestic**: shops, offices, clinics, hotels, halls and other commercial use.
- **Public water works and street lights**: supplies of local bodies.
- **Industrial (LT)**: small factories, flour mills, workshops.
- **Agriculture**: irrigation pumps and related farm use.

High tension (HT) categories, with codes such as HV, cover large factories, commercial complexes, railways and similar consumers supplied at 11 kV and above.

Temporary connections are billed under the rules for their category as the tariff order says.

## What decides your category
The use of the premises, not who you are. A house with a shop in front may need a separate non-domestic connection or a change of category for the shop.

## Rates
This article gives no rates on purpose: they change with each tariff order. **The agent reads the current fixed and energy charges from the tariff table**, or works out an estimate with the bill estimator for the number of units the caller gives.

## Where to find your category
The category code is printed on the bill. If it does not match your use, ask for a change of category or register a billing complaint on 1912.`,
    bodyHi: `## टैरिफ कौन तय करता है
मध्यप्रदेश विद्युत नियामक आयोग (एमपीईआरसी) अपने टैरिफ आदेश में, आमतौर पर साल में एक बार, बिजली की दरें तय करता है। इस आदेश में उपभोक्ता श्रेणियों में बँटे होते हैं; हर श्रेणी का अपना फिक्स्ड चार्ज, ऊर्जा प्रभार के स्लैब और शर्तें होती हैं।

## मुख्य श्रेणियाँ
निम्न दाब (एलटी) श्रेणियाँ, जिन्हें टैरिफ आदेश में एलवी जैसे कोड से लिखा जाता है:
- **घरेलू**: घर, फ्लैट और रहने के लिए हॉस्टल।
- **गैर-घरेलू**: दुकान, ऑफिस, क्लिनिक, होटल, हॉल और अन्य व्यावसायिक उपयोग।
- **सार्वजनिक जल प्रदाय और स्ट्रीट लाइट**: नगरीय निकाय और पंचायत के कनेक्शन।
- **औद्योगिक (एलटी)**: छोटे कारखाने, आटा चक्की, वर्कशॉप।
- **कृषि**: सिंचाई पंप और खेती से जुड़े उपयोग।

उच्च दाब (एचटी) श्रेणियाँ, एचवी जैसे कोड वाली, बड़े कारखानों, व्यावसायिक परिसरों, रेलवे आदि के लिए हैं, जिन्हें 11 केवी या उससे ऊपर सप्लाई मिलती है।

अस्थायी कनेक्शन का बिल टैरिफ आदेश के अनुसार उसकी श्रेणी के नियमों से बनता है।

## आपकी श्रेणी किससे तय होती है
परिसर के उपयोग से, न कि आप कौन हैं इससे। घर के आगे दुकान हो तो दुकान के लिए अलग गैर-घरेलू कनेक्शन या श्रेणी बदलवाना पड़ सकता है।

## दरें
इस लेख में जानबूझकर कोई दर नहीं लिखी है: हर टैरिफ आदेश के साथ दरें बदलती हैं। **एजेंट मौजूदा फिक्स्ड चार्ज और ऊर्जा प्रभार टैरिफ टेबल से पढ़कर बताएगा**, या कॉलर के बताए यूनिट पर बिल एस्टीमेटर से अनुमान निकालेगा।

## अपनी श्रेणी कहाँ देखें
श्रेणी का कोड बिल पर छपा होता है। अगर वह आपके उपयोग से मेल नहीं खाता, तो श्रेणी बदलवाने का आवेदन करें या 1912 पर बिल की शिकायत दर्ज कराएँ।`,
    summaryEn:
      "Tariff categories are set by the MPERC tariff order: domestic, non-domestic, public water works/street lights, LT industrial, agriculture and HT categories. Your category code is on the bill and depends on the use of the premises. Call 1912: the agent reads the current rates from the tariff table.",
    summaryHi: "टैरिफ श्रेणी एमपीईआरसी तय करता है और बिल पर छपी होती है। मौजूदा दरें जानने के लिए 1912 पर कॉल करें।",
    keywords: [
      "tariff",
      "tariff category",
      "rates",
      "domestic",
      "non-domestic",
      "LV",
      "HV",
      "MPERC",
      "टैरिफ",
      "बिजली की दर",
      "श्रेणी",
      "घरेलू दर",
      "कमर्शियल दर",
      "यूनिट का रेट",
    ],
    complaintCategories: ["billing"],
  },
  {
    slug: "how-bill-is-calculated",
    category: "billing",
    titleEn: "How your electricity bill is calculated",
    titleHi: "बिजली का बिल कैसे बनता है",
    bodyEn: `## The units
Units consumed = present reading minus previous reading (multiplied by the meter's multiplying factor, if the bill shows one). One unit is one kilowatt-hour (kWh).

## The parts of the bill
1. **Fixed charge**: a monthly charge by connection or by sanctioned load (kW), paid even when little is used.
2. **Energy charge**: the units multiplied by the rate of each slab. Most categories have slabs: the first block of units at one rate, the next block at another, as the tariff order lays down.
3. **FPPAS** (fuel and power purchase adjustment surcharge): a change allowed when the cost of buying power changes; it is worked out by a formula of the regulator and can change from month to month.
4. **Electricity duty**: a tax of the state government, shown separately.
5. **Other items** where they apply: meter rent, arrears of earlier bills, late payment surcharge, adjustments.
6. **Less**: government subsidy and any rebate the tariff order allows; these reduce the amount payable.

## Why the same units cost different amounts
Slabs, the number of days in the bill period, the FPPAS of that month and the subsidy eligibility all change the total.

## Working out an estimate
The agent enters the units and the category into the bill estimator, which uses the current tariff table, and reads out each part. No rates are quoted from memory.

## Reading your bill
- Check the reading dates and the readings against your meter.
- Check the category and sanctioned load.
- Check the arrears line; a missed payment shows there.

Questions about a particular bill: call 1912 with the consumer number (IVRS number).`,
    bodyHi: `## यूनिट
खपत यूनिट = इस बार की रीडिंग में से पिछली रीडिंग घटाकर (बिल पर मल्टीप्लाइंग फैक्टर लिखा हो तो उससे गुणा करके)। एक यूनिट यानी एक किलोवाट-घंटा।

## बिल के हिस्से
1. **फिक्स्ड चार्ज**: कनेक्शन या स्वीकृत लोड (किलोवाट) के हिसाब से हर महीने लगने वाला शुल्क, कम बिजली इस्तेमाल होने पर भी।
2. **ऊर्जा प्रभार**: यूनिट को हर स्लैब की दर से गुणा करके। ज़्यादातर श्रेणियों में स्लैब होते हैं: शुरू के कुछ यूनिट एक दर से, अगले कुछ यूनिट दूसरी दर से, जैसा टैरिफ आदेश में लिखा है।
3. **एफपीपीएएस** (ईंधन और बिजली खरीद समायोजन अधिभार): बिजली खरीदने की लागत बदलने पर लगने वाला समायोजन; यह नियामक के फॉर्मूले से निकलता है और हर महीने बदल सकता है।
4. **विद्युत शुल्क**: राज्य सरकार का टैक्स, अलग से दिखाया जाता है।
5. **अन्य मद** जहाँ लागू हों: मीटर किराया, पिछले बिलों का बकाया, विलंब भुगतान अधिभार, समायोजन।
6. **घटाया जाता है**: सरकारी सब्सिडी और टैरिफ आदेश में दी गई कोई छूट; इनसे देय राशि कम होती है।

## एक जैसे यूनिट का बिल अलग क्यों
स्लैब, बिल अवधि के दिन, उस महीने का एफपीपीएएस और सब्सिडी की पात्रता, सब मिलकर कुल राशि बदलते हैं।

## अनुमान निकालना
एजेंट यूनिट और श्रेणी बिल एस्टीमेटर में डालता है, जो मौजूदा टैरिफ टेबल से हिसाब लगाता है, और हर हिस्सा पढ़कर बताता है। कोई भी दर याद से नहीं बताई जाती।

## अपना बिल कैसे जाँचें
- रीडिंग की तारीखें और रीडिंग अपने मीटर से मिलाएँ।
- श्रेणी और स्वीकृत लोड देखें।
- बकाया वाली लाइन देखें; छूटा हुआ भुगतान वहीं दिखता है।

किसी खास बिल के बारे में पूछना हो तो उपभोक्ता नंबर (आईवीआरएस नंबर) के साथ 1912 पर कॉल करें।`,
    summaryEn:
      "Your bill = fixed charge + energy charge (units x slab rates) + FPPAS + electricity duty + arrears/other items, minus subsidy and rebates. Units = present minus previous reading. Call 1912 with your IVRS number: the agent works out the amount from the current tariff table.",
    summaryHi:
      "बिल = फिक्स्ड चार्ज + ऊर्जा प्रभार (यूनिट x स्लैब दर) + एफपीपीएएस + विद्युत शुल्क, सब्सिडी घटाकर। जानकारी: 1912",
    keywords: [
      "bill calculation",
      "fixed charge",
      "energy charge",
      "slab",
      "FPPAS",
      "electricity duty",
      "units",
      "बिल कैसे बनता है",
      "फिक्स्ड चार्ज",
      "ऊर्जा प्रभार",
      "स्लैब",
      "यूनिट",
      "विद्युत शुल्क",
      "बिल समझना",
    ],
    complaintCategories: ["billing"],
  },
  {
    slug: "why-is-my-bill-high",
    category: "billing",
    titleEn: "Why is my bill high? A checklist",
    titleHi: "बिल ज़्यादा क्यों आया? जाँच की सूची",
    bodyEn: `## Check these first, with the bill in hand
1. **Reading dates**: a bill period longer than usual means more units and may cross into a higher slab.
2. **Readings**: compare the present reading on the bill with the meter display. If the bill reading is higher than the meter, it is a billing error.
3. **Type of reading**: if the earlier bills were on average (door locked, meter not read), this bill may recover the difference in one go.
4. **Arrears**: an unpaid or short-paid earlier bill, with late payment surcharge, is added.
5. **Season and appliances**: coolers and ACs in summer, heaters and geysers in winter, a new motor or pump.
6. **Category and load**: a wrong category or a sanctioned load lower than your use raises charges.
7. **Subsidy**: check whether the subsidy line that used to appear is missing.
8. **FPPAS**: the adjustment changes month to month.

## A simple leakage test
Switch off every appliance and the main switch inside the house, keep the meter's supply on, and watch the meter. If the pulse light keeps blinking or the reading rises, there may be leakage in the wiring or someone may be taking supply from your line: get the wiring checked by a licensed electrician.

## If the meter seems fast
Ask for a meter test (see the article on meter testing).

## Register a billing complaint
Call 1912 with the consumer number (IVRS number), the bill month and what looks wrong. A billing complaint is to be resolved within the regulator's limit (by default 5 days urban, 10 days rural). Pay the undisputed part by the due date to avoid surcharge and disconnection while the complaint is checked.`,
    bodyHi: `## बिल हाथ में लेकर पहले ये देखें
1. **रीडिंग की तारीखें**: बिल अवधि सामान्य से लंबी हो तो यूनिट ज़्यादा होंगे और ऊँचा स्लैब लग सकता है।
2. **रीडिंग**: बिल पर लिखी इस बार की रीडिंग को मीटर के डिस्प्ले से मिलाएँ। बिल की रीडिंग मीटर से ज़्यादा हो तो यह बिलिंग की गलती है।
3. **रीडिंग का प्रकार**: पिछले बिल औसत (ताला बंद, मीटर नहीं पढ़ा गया) पर बने थे, तो इस बिल में पूरा अंतर एक साथ जुड़ सकता है।
4. **बकाया**: पिछला बिल न भरा हो या कम भरा हो तो वह विलंब अधिभार के साथ जुड़ता है।
5. **मौसम और उपकरण**: गर्मी में कूलर और एसी, सर्दी में हीटर और गीज़र, नई मोटर या पंप।
6. **श्रेणी और लोड**: गलत श्रेणी या इस्तेमाल से कम स्वीकृत लोड से शुल्क बढ़ता है।
7. **सब्सिडी**: देखें कि पहले दिखने वाली सब्सिडी की लाइन गायब तो नहीं।
8. **एफपीपीएएस**: यह समायोजन हर महीने बदलता है।

## लीकेज की आसान जाँच
घर के सारे उपकरण और अंदर का मेन स्विच बंद करें, मीटर तक सप्लाई चालू रहने दें, और मीटर देखें। अगर पल्स की लाइट जलती-बुझती रहे या रीडिंग बढ़े, तो वायरिंग में लीकेज हो सकता है या कोई आपकी लाइन से बिजली ले रहा हो सकता है: लाइसेंसधारी इलेक्ट्रीशियन से वायरिंग जँचवाएँ।

## मीटर तेज़ लगे तो
मीटर टेस्ट का आवेदन करें (मीटर टेस्टिंग वाला लेख देखें)।

## बिल की शिकायत दर्ज करें
उपभोक्ता नंबर (आईवीआरएस नंबर), बिल का महीना और क्या गलत लग रहा है, यह बताकर 1912 पर कॉल करें। नियामक की सीमा (डिफ़ॉल्ट रूप से शहर में 5 दिन, गाँव में 10 दिन) में बिल की शिकायत का निराकरण होना चाहिए। शिकायत की जाँच के दौरान विवाद रहित हिस्सा नियत तारीख तक भर दें, ताकि अधिभार और कनेक्शन कटने से बचें।`,
    summaryEn:
      "High bill? Check the reading dates, compare the bill reading with your meter, look for arrears or an earlier average bill, seasonal appliances and a missing subsidy. Switch everything off: if the meter still runs, check wiring. Then call 1912 with your IVRS number to register a billing complaint.",
    summaryHi:
      "बिल ज़्यादा? रीडिंग मीटर से मिलाएँ, बकाया व औसत बिल देखें, सब बंद कर मीटर देखें। शिकायत: 1912 पर आईवीआरएस नंबर बताएँ।",
    keywords: [
      "high bill",
      "wrong bill",
      "excess bill",
      "bill too much",
      "meter reading",
      "leakage",
      "बिल ज़्यादा",
      "ज्यादा बिल",
      "गलत बिल",
      "बिल बढ़कर आया",
      "रीडिंग गलत",
      "बिल की शिकायत",
    ],
    complaintCategories: ["billing", "meter"],
  },
  {
    slug: "average-billing-correction",
    category: "billing",
    titleEn: "Average or estimated bill and how to get it corrected",
    titleHi: "औसत (एवरेज) बिल और उसे ठीक कैसे करवाएँ",
    bodyEn: `## What an average bill is
When the actual reading cannot be taken, the bill is made on an assessed (average) consumption as the supply code allows. The bill shows a reading status such as door locked, meter not read, meter defective or reading not available.

## Common reasons
- The house was locked on the reading day.
- The meter is stopped, burnt or its display is blank.
- The meter is inside and the reader could not reach it.
- The reading was not taken on time.

## Why it matters
An average bill may be lower or higher than your real use. When the next actual reading is taken, the difference is adjusted in one bill, which can make that bill look very high.

## How to get it corrected
1. Note the reading on the meter and take a clear photo of the display with the date visible if possible.
2. Call 1912 with the consumer number (IVRS number) and the reading; the agent registers a billing complaint. Where the DISCOM's official app or WhatsApp service accepts a self-reading, you can send it there.
3. If the meter is defective, ask for it to be checked and replaced (meter complaint).
4. The corrected bill or an adjustment in the next bill follows. A billing complaint is to be resolved within the regulator's limit (by default 5 days urban, 10 days rural).

## Avoid repeated average bills
- Keep the meter reachable on the reading day, or move it outside with the DC's approval.
- Register your mobile number so that you get the reading and bill SMS.
- Pay the undisputed amount by the due date while the correction is pending.`,
    bodyHi: `## औसत बिल क्या है
जब असली रीडिंग नहीं ली जा सकती, तब सप्लाई कोड के अनुसार आकलित (औसत) खपत पर बिल बनता है। बिल पर रीडिंग की स्थिति लिखी होती है, जैसे ताला बंद, मीटर नहीं पढ़ा गया, मीटर खराब या रीडिंग उपलब्ध नहीं।

## आम कारण
- रीडिंग के दिन घर पर ताला था।
- मीटर बंद है, जल गया है या उसका डिस्प्ले खाली है।
- मीटर अंदर लगा है और रीडर वहाँ तक नहीं पहुँच सका।
- समय पर रीडिंग नहीं ली गई।

## इससे क्या फर्क पड़ता है
औसत बिल आपकी असली खपत से कम या ज़्यादा हो सकता है। अगली असली रीडिंग आने पर पूरा अंतर एक ही बिल में समायोजित होता है, जिससे वह बिल बहुत ज़्यादा लग सकता है।

## ठीक कैसे करवाएँ
1. मीटर की रीडिंग नोट करें और डिस्प्ले की साफ़ फोटो लें, हो सके तो तारीख के साथ।
2. उपभोक्ता नंबर (आईवीआरएस नंबर) और रीडिंग के साथ 1912 पर कॉल करें; एजेंट बिल की शिकायत दर्ज करेगा। जहाँ बिजली कंपनी का आधिकारिक ऐप या व्हाट्सऐप सेवा खुद की रीडिंग लेती है, वहाँ भी भेज सकते हैं।
3. मीटर खराब है तो उसकी जाँच और बदलने के लिए मीटर की शिकायत दर्ज कराएँ।
4. इसके बाद सुधरा हुआ बिल आएगा या अगले बिल में समायोजन होगा। नियामक की सीमा (डिफ़ॉल्ट रूप से शहर में 5 दिन, गाँव में 10 दिन) में बिल की शिकायत का निराकरण होना चाहिए।

## बार-बार औसत बिल से बचें
- रीडिंग के दिन मीटर तक पहुँच रहने दें, या डीसी की अनुमति से मीटर बाहर लगवाएँ।
- मोबाइल नंबर दर्ज कराएँ, ताकि रीडिंग और बिल का एसएमएस मिले।
- सुधार होने तक विवाद रहित राशि नियत तारीख तक भरते रहें।`,
    summaryEn:
      "Average bill? It is made when the meter was not read (door locked, meter defective). Note the meter reading, take a photo and call 1912 with your IVRS number to register a billing complaint; the bill is corrected or adjusted in the next one. Keep the meter reachable on reading day.",
    summaryHi:
      "औसत बिल आया? मीटर की रीडिंग की फोटो लें और आईवीआरएस नंबर के साथ 1912 पर शिकायत करें। अगले बिल में सुधार होगा।",
    keywords: [
      "average bill",
      "estimated bill",
      "door locked",
      "reading not taken",
      "bill correction",
      "औसत बिल",
      "एवरेज बिल",
      "रीडिंग नहीं ली",
      "ताला बंद",
      "बिल सुधार",
      "अनुमानित बिल",
    ],
    complaintCategories: ["billing", "meter"],
  },
  {
    slug: "due-date-late-payment-surcharge",
    category: "billing",
    titleEn: "Due date, late payment surcharge and disconnection notice",
    titleHi: "नियत तारीख, विलंब भुगतान अधिभार और कनेक्शन काटने का नोटिस",
    bodyEn: `## Dates on the bill
- **Bill date**: when the bill was made.
- **Due date**: the last date to pay without surcharge.
- Some bills also show a date for an early-payment rebate, where the tariff order allows one.

## Late payment surcharge
If the bill is not paid in full by the due date, a late payment surcharge is added to the next bill. It is calculated on the unpaid amount as set in the MPERC tariff order, and it grows the longer the amount stays unpaid. The agent can read the current rule from the tariff table; no amount is guessed on the call.

## Disconnection for non-payment
1. If the dues stay unpaid, the DISCOM may disconnect supply after giving the written notice the law requires.
2. The notice may come on the bill, by SMS on the registered mobile, or by hand.
3. After disconnection, reconnection needs the dues, the surcharge and a reconnection charge.

## If you dispute the bill
Register a billing complaint on 1912 and pay the undisputed part (usually your average of earlier bills) by the due date. This keeps the connection safe while the complaint is checked.

## Tips
- Register your mobile number to get the bill and due date by SMS.
- Pay online a day or two before the due date, not at the last hour.
- Keep the receipt or transaction ID until the next bill shows the payment.
- Beware of fraud messages that say your supply will be cut tonight and ask you to call a personal number or pay through a link: the DISCOM does not do this. Check on 1912.`,
    bodyHi: `## बिल पर लिखी तारीखें
- **बिल की तारीख**: जिस दिन बिल बना।
- **नियत तारीख (ड्यू डेट)**: बिना अधिभार के भुगतान की आखिरी तारीख।
- जहाँ टैरिफ आदेश अनुमति देता है, कुछ बिलों पर जल्दी भुगतान की छूट की तारीख भी होती है।

## विलंब भुगतान अधिभार
नियत तारीख तक पूरा बिल न भरने पर अगले बिल में विलंब भुगतान अधिभार जुड़ता है। यह बकाया राशि पर एमपीईआरसी के टैरिफ आदेश के अनुसार लगता है, और जितने दिन राशि बकाया रहे, उतना बढ़ता है। एजेंट मौजूदा नियम टैरिफ टेबल से पढ़कर बता सकता है; कॉल पर कोई राशि अंदाज़े से नहीं बताई जाती।

## बकाया पर कनेक्शन काटना
1. बकाया न भरने पर बिजली कंपनी कानून के अनुसार लिखित नोटिस देकर सप्लाई काट सकती है।
2. नोटिस बिल पर, दर्ज मोबाइल पर एसएमएस से, या हाथ से दिया जा सकता है।
3. कटने के बाद दोबारा जुड़वाने के लिए बकाया, अधिभार और पुनः संयोजन शुल्क देना होता है।

## अगर बिल पर विवाद है
1912 पर बिल की शिकायत दर्ज कराएँ और विवाद रहित हिस्सा (आमतौर पर पिछले बिलों का औसत) नियत तारीख तक भरें। इससे शिकायत की जाँच के दौरान कनेक्शन सुरक्षित रहता है।

## सलाह
- बिल और नियत तारीख का एसएमएस पाने के लिए मोबाइल नंबर दर्ज कराएँ।
- आखिरी घंटे के बजाय नियत तारीख से एक-दो दिन पहले ऑनलाइन भुगतान करें।
- अगले बिल में भुगतान दिखने तक रसीद या ट्रांज़ैक्शन आईडी संभालकर रखें।
- ऐसे फर्ज़ी मैसेज से सावधान रहें जो कहते हैं कि आज रात बिजली कट जाएगी और किसी निजी नंबर पर कॉल करने या लिंक से भुगतान करने को कहते हैं: बिजली कंपनी ऐसा नहीं करती। 1912 पर पुष्टि करें।`,
    summaryEn:
      "Pay by the due date on your bill. After it, a late payment surcharge is added as set by the MPERC tariff order, and unpaid dues can lead to disconnection after notice. Disputing the bill? Pay the undisputed part and call 1912. Ignore messages asking you to pay a personal number.",
    summaryHi:
      "नियत तारीख तक बिल भरें, वरना विलंब अधिभार लगेगा और नोटिस के बाद कनेक्शन कट सकता है। फर्ज़ी मैसेज से सावधान। पुष्टि: 1912",
    keywords: [
      "due date",
      "late payment surcharge",
      "surcharge",
      "disconnection notice",
      "fraud message",
      "नियत तारीख",
      "ड्यू डेट",
      "विलंब अधिभार",
      "सरचार्ज",
      "कनेक्शन कटने का नोटिस",
      "फर्ज़ी मैसेज",
    ],
    complaintCategories: ["billing"],
  },
  {
    slug: "pay-bill-online",
    category: "payment",
    titleEn: "Ways to pay your electricity bill online",
    titleHi: "बिजली बिल ऑनलाइन भरने के तरीके",
    bodyEn: `## What you need
The consumer number (IVRS number) printed on your bill. Check the name and amount shown before you pay.

## Ways to pay
1. **DISCOM's official website**: open the bill payment section, enter the IVRS number, and pay by debit card, credit card, net banking or UPI.
2. **DISCOM's official mobile app**: log in with your registered mobile, see the bill and pay; the app also keeps your receipts.
3. **UPI apps**: in the bill payments or electricity section of your UPI app, choose the DISCOM by name and enter the IVRS number.
4. **BBPS (Bharat Bill Payment System)**: available in bank apps, UPI apps and at BBPS agent outlets; choose electricity, then the DISCOM.
5. **Net banking**: add the DISCOM as a biller in your bank's bill payment section.
6. **Authorised collection centres and kiosks**: for those who prefer to pay in person.

## Stay safe
- Pay only through these channels. The DISCOM never asks you to pay into a personal bank account or a personal UPI ID.
- Never share an OTP, PIN or card number on a call.
- Messages that say "your supply will be cut tonight, call this number" are fraud. Check your dues on 1912.

## After paying
- Save the receipt or transaction ID. A receipt SMS usually comes on the registered mobile.
- The payment shows on the next bill. If it does not, or the money was debited but no receipt came, see the article on failed payments.

## Tip
Pay a day or two before the due date: a payment made at the last minute can take time to reach the DISCOM's records.`,
    bodyHi: `## क्या चाहिए
बिल पर छपा उपभोक्ता नंबर (आईवीआरएस नंबर)। भुगतान से पहले दिख रहा नाम और राशि ज़रूर मिला लें।

## भुगतान के तरीके
1. **बिजली कंपनी की आधिकारिक वेबसाइट**: बिल भुगतान वाले हिस्से में आईवीआरएस नंबर डालें और डेबिट कार्ड, क्रेडिट कार्ड, नेट बैंकिंग या यूपीआई से भुगतान करें।
2. **बिजली कंपनी का आधिकारिक मोबाइल ऐप**: दर्ज मोबाइल से लॉगिन करें, बिल देखें और भुगतान करें; ऐप में रसीदें भी रहती हैं।
3. **यूपीआई ऐप**: अपने यूपीआई ऐप के बिल भुगतान या बिजली वाले हिस्से में बिजली कंपनी का नाम चुनें और आईवीआरएस नंबर डालें।
4. **बीबीपीएस (भारत बिल पेमेंट सिस्टम)**: बैंक ऐप, यूपीआई ऐप और बीबीपीएस एजेंट केंद्रों पर उपलब्ध; बिजली चुनें, फिर बिजली कंपनी।
5. **नेट बैंकिंग**: अपने बैंक के बिल भुगतान हिस्से में बिजली कंपनी को बिलर के रूप में जोड़ें।
6. **अधिकृत संग्रहण केंद्र और कियोस्क**: जो लोग खुद जाकर भुगतान करना चाहें उनके लिए।

## सावधान रहें
- केवल इन्हीं तरीकों से भुगतान करें। बिजली कंपनी कभी किसी निजी बैंक खाते या निजी यूपीआई आईडी में पैसा नहीं माँगती।
- कॉल पर कभी ओटीपी, पिन या कार्ड नंबर न बताएँ।
- "आज रात बिजली कट जाएगी, इस नंबर पर कॉल करें" जैसे मैसेज धोखाधड़ी हैं। अपना बकाया 1912 पर जाँचें।

## भुगतान के बाद
- रसीद या ट्रांज़ैक्शन आईडी सहेज लें। आमतौर पर दर्ज मोबाइल पर रसीद का एसएमएस आता है।
- भुगतान अगले बिल में दिखेगा। न दिखे, या पैसा कट गया पर रसीद नहीं आई, तो असफल भुगतान वाला लेख देखें।

## सलाह
नियत तारीख से एक-दो दिन पहले भुगतान करें: आखिरी समय का भुगतान बिजली कंपनी के रिकॉर्ड तक पहुँचने में समय ले सकता है।`,
    summaryEn:
      "Pay your bill with the IVRS number on the DISCOM's official website or app, any UPI app (bill payments, electricity), BBPS, net banking or an authorised collection centre. Never pay into a personal account or UPI ID and never share an OTP. Keep the transaction ID. Help: 1912.",
    summaryHi:
      "बिल भुगतान: आधिकारिक वेबसाइट/ऐप, यूपीआई, बीबीपीएस या नेट बैंकिंग से आईवीआरएस नंबर डालकर। निजी खाते में पैसा न भेजें। 1912",
    keywords: [
      "online payment",
      "pay bill",
      "UPI",
      "BBPS",
      "net banking",
      "app",
      "IVRS number",
      "ऑनलाइन भुगतान",
      "बिल कैसे भरें",
      "बिल जमा",
      "यूपीआई",
      "ऑनलाइन बिल",
      "पेमेंट",
    ],
    complaintCategories: ["billing"],
  },
  {
    slug: "payment-receipt-failed-payment",
    category: "payment",
    titleEn: "Payment receipts and failed online payments",
    titleHi: "भुगतान की रसीद और असफल ऑनलाइन भुगतान",
    bodyEn: `## Getting a receipt
- After a successful payment a receipt SMS usually comes on the registered mobile.
- Receipts can be downloaded from the DISCOM's official website or app (payment history), using the IVRS number.
- For UPI, BBPS or net banking, the app's transaction record with its transaction ID or UTR number is your proof until the DISCOM's receipt appears.
- At a collection centre, ask for a printed receipt and check the IVRS number and amount on it.

## Money debited but no receipt
1. Do not pay again at once. Most such payments either reach the DISCOM or are returned to your account automatically.
2. Wait for the time your bank or app says for reversal, usually a few working days.
3. Note the date, amount, the channel used and the transaction ID or UTR.
4. If the payment is still not shown, call 1912 with the IVRS number and these details; the agent registers a billing complaint so the payment is traced and posted.

## Paid twice
A second payment is not lost: it is adjusted as an advance in the next bill, or refunded as per the DISCOM's rules if you ask.

## Paid to the wrong consumer number
Call 1912 quickly with both numbers and the transaction ID; the transfer of the amount is done after checking.

## Disconnection while a payment is pending
If your supply was cut although you paid before the due date, call 1912 with the receipt or transaction ID. Keep the proof safe until the next bill shows the payment.`,
    bodyHi: `## रसीद कैसे मिलेगी
- सफल भुगतान के बाद आमतौर पर दर्ज मोबाइल पर रसीद का एसएमएस आता है।
- बिजली कंपनी की आधिकारिक वेबसाइट या ऐप पर आईवीआरएस नंबर डालकर भुगतान इतिहास से रसीद डाउनलोड कर सकते हैं।
- यूपीआई, बीबीपीएस या नेट बैंकिंग से भुगतान पर, बिजली कंपनी की रसीद आने तक ऐप में दर्ज ट्रांज़ैक्शन आईडी या यूटीआर नंबर ही आपका प्रमाण है।
- संग्रहण केंद्र पर छपी हुई रसीद लें और उस पर आईवीआरएस नंबर और राशि जाँच लें।

## पैसा कट गया पर रसीद नहीं आई
1. तुरंत दोबारा भुगतान न करें। ऐसे ज़्यादातर भुगतान या तो बिजली कंपनी तक पहुँच जाते हैं या अपने आप खाते में वापस आ जाते हैं।
2. बैंक या ऐप ने वापसी का जो समय बताया है, आमतौर पर कुछ कार्य दिवस, उतना इंतज़ार करें।
3. तारीख, राशि, भुगतान का तरीका और ट्रांज़ैक्शन आईडी या यूटीआर नोट कर लें।
4. फिर भी भुगतान न दिखे तो आईवीआरएस नंबर और ये जानकारी लेकर 1912 पर कॉल करें; एजेंट बिल की शिकायत दर्ज करेगा, ताकि भुगतान खोजकर खाते में चढ़ाया जाए।

## दो बार भुगतान हो गया
दूसरा भुगतान डूबता नहीं: वह अगले बिल में अग्रिम के रूप में समायोजित होता है, या माँगने पर बिजली कंपनी के नियमों के अनुसार वापस होता है।

## गलत उपभोक्ता नंबर पर भुगतान
दोनों नंबर और ट्रांज़ैक्शन आईडी के साथ जल्दी 1912 पर कॉल करें; जाँच के बाद राशि सही खाते में डाली जाती है।

## भुगतान के बावजूद कनेक्शन कटा
अगर नियत तारीख से पहले भुगतान करने पर भी बिजली कटी है, तो रसीद या ट्रांज़ैक्शन आईडी के साथ 1912 पर कॉल करें। अगले बिल में भुगतान दिखने तक प्रमाण संभालकर रखें।`,
    summaryEn:
      "Money debited but no receipt? Do not pay again at once; most such payments reach us or are reversed by the bank within a few working days. Keep the transaction ID/UTR. If it is still not shown, call 1912 with your IVRS number, date, amount and transaction ID.",
    summaryHi:
      "पैसा कटा पर रसीद नहीं? दोबारा भुगतान न करें, कुछ दिन रुकें। फिर आईवीआरएस नंबर व ट्रांज़ैक्शन आईडी के साथ 1912 पर कॉल करें।",
    keywords: [
      "payment failed",
      "receipt",
      "money debited",
      "transaction ID",
      "UTR",
      "paid twice",
      "भुगतान असफल",
      "पैसा कट गया",
      "रसीद",
      "रसीद नहीं मिली",
      "दो बार भुगतान",
      "पेमेंट फेल",
    ],
    complaintCategories: ["billing"],
  },
  {
    slug: "meter-testing",
    category: "billing",
    titleEn: "Meter testing: how to request it",
    titleHi: "मीटर की जाँच (टेस्टिंग) कैसे करवाएँ",
    bodyEn: `## When to ask for a test
- The bill is much higher than your use, and the leakage test (all appliances off) shows no leakage.
- The meter's pulse light blinks fast even with a small load.
- The display shows errors or the meter makes a noise or smells of burning (for a burnt meter, see the article on stopped or burnt meters).

## How to apply
1. Call 1912, apply on the DISCOM's official website or app, or give a written application at the DC office.
2. Give the consumer number (IVRS number) and the reason.
3. Pay the meter testing fee as set in the schedule of charges. The agent reads the current fee from the tariff table.

## How the test is done
- At site, with a check meter or a portable testing kit, or
- In the DISCOM's meter testing laboratory, where the meter is taken after sealing in front of you.
- You may be present at the test. Ask for the date and time and for a copy of the test result.

## Results
- **Within the permitted accuracy limits**: the meter is correct; bills stay as they are.
- **Fast or slow beyond the limits**: the bills are revised for the period the supply code allows, and the meter is replaced. Whether the testing fee is refunded is decided as per the MPERC rules.

## Good to know
- Do not open or tamper with the meter or its seals: that is an offence.
- Keep paying the undisputed amount of the bill while the test is pending.
- A meter complaint is to be resolved within the regulator's limit (by default 7 days urban, 15 days rural).`,
    bodyHi: `## जाँच कब करवाएँ
- बिल आपकी खपत से बहुत ज़्यादा है, और लीकेज जाँच (सारे उपकरण बंद) में कोई लीकेज नहीं मिला।
- थोड़े से लोड पर भी मीटर की पल्स लाइट तेज़ी से जलती-बुझती है।
- डिस्प्ले पर एरर दिखता है, या मीटर से आवाज़ या जलने की गंध आती है (जले मीटर के लिए बंद या जले मीटर वाला लेख देखें)।

## आवेदन कैसे करें
1. 1912 पर कॉल करें, बिजली कंपनी की आधिकारिक वेबसाइट या ऐप पर आवेदन करें, या डीसी कार्यालय में लिखित आवेदन दें।
2. उपभोक्ता नंबर (आईवीआरएस नंबर) और कारण बताएँ।
3. शुल्क-सूची के अनुसार मीटर टेस्टिंग शुल्क जमा करें। एजेंट मौजूदा शुल्क टैरिफ टेबल से पढ़कर बताएगा।

## जाँच कैसे होती है
- मौके पर, चेक मीटर या पोर्टेबल टेस्टिंग किट से, या
- बिजली कंपनी की मीटर टेस्टिंग लैब में, जहाँ मीटर आपके सामने सील करके ले जाया जाता है।
- आप जाँच के समय मौजूद रह सकते हैं। तारीख और समय पूछें और जाँच रिपोर्ट की कॉपी माँगें।

## नतीजा
- **तय सीमा के अंदर सही**: मीटर ठीक है; बिल वैसे ही रहेंगे।
- **सीमा से ज़्यादा तेज़ या धीमा**: सप्लाई कोड में दी गई अवधि के बिल सुधारे जाते हैं और मीटर बदला जाता है। टेस्टिंग शुल्क वापस होगा या नहीं, यह एमपीईआरसी के नियमों के अनुसार तय होता है।

## ध्यान रखें
- मीटर या उसकी सील न खोलें, न छेड़छाड़ करें: यह अपराध है।
- जाँच पूरी होने तक बिल की विवाद रहित राशि भरते रहें।
- मीटर की शिकायत का निराकरण नियामक की सीमा (डिफ़ॉल्ट रूप से शहर में 7 दिन, गाँव में 15 दिन) में होना चाहिए।`,
    summaryEn:
      "Meter testing: call 1912, apply on the DISCOM's official website/app or at the DC office with your IVRS number, and pay the testing fee from the schedule of charges. The test is at site or in the lab; you may be present. If the meter is beyond limits, bills are revised and the meter replaced.",
    summaryHi:
      "मीटर जाँच: 1912, वेबसाइट/ऐप या डीसी पर आईवीआरएस नंबर के साथ आवेदन करें और तय शुल्क भरें। मीटर गलत निकला तो बिल सुधरेगा।",
    keywords: [
      "meter testing",
      "meter test",
      "check meter",
      "meter lab",
      "meter fast",
      "मीटर जाँच",
      "मीटर टेस्टिंग",
      "मीटर तेज़ चल रहा",
      "चेक मीटर",
      "मीटर की शिकायत",
    ],
    complaintCategories: ["meter", "billing"],
  },
  {
    slug: "meter-stopped-burnt-fast",
    category: "supply",
    titleEn: "Meter stopped, burnt or running fast",
    titleHi: "मीटर बंद, जला हुआ या तेज़ चल रहा है",
    bodyEn: `## How to recognise the problem
- **Stopped**: the display is blank, or the reading does not change although you use electricity.
- **Burnt**: black marks, melted plastic, a burning smell, sparking, or no supply from the meter.
- **Fast**: the reading rises too quickly for your use, or the pulse light blinks fast with little load.

## Burnt meter or sparking: safety first
1. Do not touch the meter or its wires.
2. Switch off the main switch after the meter if you can do it safely with dry hands.
3. Call 1912 at once: sparking or a burning smell is treated as a safety complaint.

## Register the complaint
Call 1912 with the consumer number (IVRS number). Tell the agent what you see, and the present reading if the display works. You get a complaint number by SMS.

## What happens next
- Line staff check the meter and the service cable. Supply may be given directly for a short time while a new meter is arranged, as per the DISCOM's rules.
- A stopped or burnt meter is replaced. If the meter burnt because of a fault or overload on the consumer's side, the meter cost may be charged as set in the schedule of charges; the agent reads it from the tariff table.
- A fast meter is tested (see the article on meter testing).
- For the months the meter was not recording correctly, the bill is assessed on average as the supply code allows, and corrected once the new meter gives readings.

## Time limit
A meter complaint is to be resolved within the regulator's limit (by default 7 days urban, 15 days rural). These limits may change.

## Do not
- Do not repair, open or bypass the meter yourself or through a private electrician.`,
    bodyHi: `## समस्या कैसे पहचानें
- **बंद मीटर**: डिस्प्ले खाली है, या बिजली चलने पर भी रीडिंग नहीं बदलती।
- **जला मीटर**: काले निशान, पिघला प्लास्टिक, जलने की गंध, चिंगारी, या मीटर से आगे सप्लाई नहीं।
- **तेज़ मीटर**: खपत के हिसाब से रीडिंग बहुत जल्दी बढ़ती है, या थोड़े लोड पर भी पल्स लाइट तेज़ जलती-बुझती है।

## जला मीटर या चिंगारी: पहले सुरक्षा
1. मीटर या उसके तारों को न छुएँ।
2. सूखे हाथों से सुरक्षित तरीके से हो सके तो मीटर के बाद वाला मेन स्विच बंद करें।
3. तुरंत 1912 पर कॉल करें: चिंगारी या जलने की गंध को सुरक्षा की शिकायत माना जाता है।

## शिकायत दर्ज करें
उपभोक्ता नंबर (आईवीआरएस नंबर) के साथ 1912 पर कॉल करें। जो दिख रहा है वह और डिस्प्ले चालू हो तो मौजूदा रीडिंग बताएँ। एसएमएस से शिकायत नंबर मिलेगा।

## आगे क्या होगा
- लाइन स्टाफ मीटर और सर्विस केबल जाँचेगा। नया मीटर आने तक बिजली कंपनी के नियमों के अनुसार थोड़े समय के लिए सीधी सप्लाई दी जा सकती है।
- बंद या जला मीटर बदला जाएगा। अगर मीटर उपभोक्ता की ओर की खराबी या ज़्यादा लोड से जला है, तो शुल्क-सूची के अनुसार मीटर की कीमत ली जा सकती है; एजेंट इसे टैरिफ टेबल से पढ़कर बताएगा।
- तेज़ मीटर की जाँच होगी (मीटर टेस्टिंग वाला लेख देखें)।
- जितने महीने मीटर ठीक से दर्ज नहीं कर रहा था, उनका बिल सप्लाई कोड के अनुसार औसत पर बनेगा, और नए मीटर की रीडिंग आने पर सुधारा जाएगा।

## समय-सीमा
मीटर की शिकायत का निराकरण नियामक की सीमा (डिफ़ॉल्ट रूप से शहर में 7 दिन, गाँव में 15 दिन) में होना चाहिए। ये सीमाएँ बदल सकती हैं।

## ऐसा न करें
- मीटर को खुद या किसी निजी इलेक्ट्रीशियन से न सुधरवाएँ, न खोलें, न बायपास करें।`,
    summaryEn:
      "Meter stopped, burnt or fast? Do not touch a burnt or sparking meter. Call 1912 with your IVRS number and the reading; you get a complaint number by SMS. The meter is checked and replaced within the regulator's limit (default 7 days urban, 15 rural). Never open or bypass the meter.",
    summaryHi:
      "मीटर बंद/जला/तेज़? जले मीटर को न छुएँ। आईवीआरएस नंबर के साथ 1912 पर शिकायत करें; मीटर जाँचकर बदला जाएगा।",
    keywords: [
      "meter stopped",
      "meter burnt",
      "meter fast",
      "meter display blank",
      "meter replacement",
      "मीटर बंद",
      "मीटर जल गया",
      "मीटर खराब",
      "मीटर तेज़",
      "डिस्प्ले नहीं आ रहा",
      "मीटर बदलना",
    ],
    complaintCategories: ["meter", "safety_hazard"],
  },
  {
    slug: "smart-prepaid-meters",
    category: "billing",
    titleEn: "Smart meters and prepaid meters",
    titleHi: "स्मार्ट मीटर और प्रीपेड मीटर",
    bodyEn: `## What a smart meter is
A smart meter records your consumption and sends the readings to the DISCOM automatically. There is no need for a meter reader to visit, so average bills caused by a locked door end.

## Benefits for the consumer
- Bills on actual readings.
- Daily and hourly use visible on the DISCOM's official app or website, so you can see which hours cost most.
- Faster detection of outages and of faulty meters.
- Alerts by SMS on the registered mobile.

## Prepaid mode
Some smart meters work in prepaid mode, like a mobile recharge:
1. You recharge through the DISCOM's official app or website, UPI, BBPS or an authorised centre, using the consumer number (IVRS number).
2. The daily charges are deducted from the balance as per the tariff order.
3. You get low balance alerts by SMS. Recharge in time to avoid disconnection.
4. After a recharge, supply is restored automatically and remotely.
The rules protect consumers from disconnection at certain times and on certain days; the agent checks the current rules before advising.

## Installation
- The DISCOM's team installs the meter and gives you the old meter's final reading, which is billed or adjusted.
- Check the installer's identity card. No one should ask you for money in cash for the installation; any charge is only as per the DISCOM's official orders.

## Common questions
- **"The new meter runs faster."** An accurate meter may record use that an old slow meter missed. If you still doubt it, ask for a check meter test (see meter testing).
- **"Supply cut although I recharged."** Call 1912 with the IVRS number and the transaction ID.`,
    bodyHi: `## स्मार्ट मीटर क्या है
स्मार्ट मीटर आपकी खपत दर्ज करके रीडिंग अपने आप बिजली कंपनी को भेजता है। मीटर रीडर के आने की ज़रूरत नहीं रहती, इसलिए ताला बंद होने से बनने वाले औसत बिल खत्म हो जाते हैं।

## उपभोक्ता को फायदे
- असली रीडिंग पर बिल।
- बिजली कंपनी के आधिकारिक ऐप या वेबसाइट पर रोज़ और हर घंटे की खपत दिखती है, जिससे पता चलता है कि किस समय ज़्यादा खर्च हो रहा है।
- बिजली बंद होने और मीटर खराब होने का जल्दी पता चलता है।
- दर्ज मोबाइल पर एसएमएस से सूचना।

## प्रीपेड मोड
कुछ स्मार्ट मीटर मोबाइल रिचार्ज की तरह प्रीपेड मोड में चलते हैं:
1. उपभोक्ता नंबर (आईवीआरएस नंबर) से बिजली कंपनी के आधिकारिक ऐप या वेबसाइट, यूपीआई, बीबीपीएस या अधिकृत केंद्र से रिचार्ज करें।
2. टैरिफ आदेश के अनुसार रोज़ का खर्च बैलेंस से कटता है।
3. बैलेंस कम होने पर एसएमएस आता है। कनेक्शन कटने से बचने के लिए समय पर रिचार्ज करें।
4. रिचार्ज के बाद सप्लाई अपने आप, दूर से चालू हो जाती है।
नियम उपभोक्ताओं को कुछ समय और कुछ दिनों पर कनेक्शन कटने से बचाते हैं; सलाह देने से पहले एजेंट मौजूदा नियम देख लेता है।

## मीटर लगवाना
- बिजली कंपनी की टीम मीटर लगाती है और पुराने मीटर की अंतिम रीडिंग देती है, जिसका बिल बनता है या समायोजन होता है।
- मीटर लगाने वाले का पहचान पत्र देखें। मीटर लगाने के लिए कोई नकद पैसा माँगे तो न दें; कोई शुल्क हो तो केवल बिजली कंपनी के आधिकारिक आदेश के अनुसार।

## आम सवाल
- **"नया मीटर तेज़ चलता है।"** सही मीटर वह खपत भी दर्ज करता है जो पुराना धीमा मीटर छोड़ देता था। फिर भी शक हो तो चेक मीटर से जाँच का आवेदन करें (मीटर टेस्टिंग देखें)।
- **"रिचार्ज के बाद भी बिजली कटी है।"** आईवीआरएस नंबर और ट्रांज़ैक्शन आईडी के साथ 1912 पर कॉल करें।`,
    summaryEn:
      "Smart meters send readings automatically, so bills are on actual use and you can see daily use on the DISCOM's official app. In prepaid mode, recharge with your IVRS number through the app, website, UPI or BBPS before the balance runs out. Supply off after recharge? Call 1912.",
    summaryHi:
      "स्मार्ट मीटर से असली रीडिंग पर बिल बनता है। प्रीपेड में बैलेंस खत्म होने से पहले आईवीआरएस नंबर से रिचार्ज करें। मदद: 1912",
    keywords: [
      "smart meter",
      "prepaid meter",
      "recharge",
      "low balance",
      "meter replacement",
      "स्मार्ट मीटर",
      "प्रीपेड मीटर",
      "रिचार्ज",
      "बैलेंस खत्म",
      "नया मीटर",
    ],
    complaintCategories: ["meter", "billing"],
  },
  {
    slug: "change-registered-mobile",
    category: "billing",
    titleEn: "Registering or changing your mobile number",
    titleHi: "मोबाइल नंबर दर्ज कराना या बदलना",
    bodyEn: `## Why your mobile number matters
The registered mobile receives:
- the bill amount and due date;
- payment receipts;
- complaint numbers and updates, with the expected restoration time;
- notices of planned shutdowns in your area;
- OTPs for the DISCOM's official app and website.

If the number is old or belongs to a former owner or tenant, these messages go to the wrong person.

## Ways to register or change it
1. **1912 helpline**: give the consumer number (IVRS number) and the name on the bill. The agent verifies the details, for example the address and the last bill amount, and updates the number. A confirmation SMS comes on the new number.
2. **DISCOM's official website or app**: use the option to update contact details, enter the IVRS number, and confirm with the OTP sent to the new number.
3. **DC office**: give a written request with the latest bill and an identity proof.

## Rules that protect you
- Only the connection holder, or a family member with the holder's consent, should change the number.
- The DISCOM's staff never ask for your OTP on a call. Do not share it with anyone, even someone who says they are from the DISCOM.
- One mobile number may be linked to more than one connection, for example a house and a shop of the same family.

## After changing
Check that the next bill SMS comes on the new number. If it does not, call 1912 again.`,
    bodyHi: `## मोबाइल नंबर क्यों ज़रूरी है
दर्ज मोबाइल पर ये आते हैं:
- बिल की राशि और नियत तारीख;
- भुगतान की रसीद;
- शिकायत नंबर और अपडेट, बिजली वापस आने के अनुमानित समय के साथ;
- आपके क्षेत्र में नियोजित बिजली बंद की सूचना;
- बिजली कंपनी के आधिकारिक ऐप और वेबसाइट के ओटीपी।

नंबर पुराना हो या पिछले मालिक या किरायेदार का हो, तो ये मैसेज गलत व्यक्ति को जाते हैं।

## नंबर दर्ज कराने या बदलने के तरीके
1. **1912 हेल्पलाइन**: उपभोक्ता नंबर (आईवीआरएस नंबर) और बिल पर लिखा नाम बताएँ। एजेंट जानकारी की पुष्टि करेगा, जैसे पता और पिछले बिल की राशि, और नंबर बदल देगा। नए नंबर पर पुष्टि का एसएमएस आएगा।
2. **बिजली कंपनी की आधिकारिक वेबसाइट या ऐप**: संपर्क जानकारी बदलने का विकल्प चुनें, आईवीआरएस नंबर डालें, और नए नंबर पर आए ओटीपी से पुष्टि करें।
3. **डीसी कार्यालय**: ताज़ा बिल और पहचान प्रमाण के साथ लिखित आवेदन दें।

## आपकी सुरक्षा के नियम
- नंबर केवल कनेक्शनधारी, या उसकी सहमति से परिवार का कोई सदस्य, बदलवाए।
- बिजली कंपनी का कर्मचारी कॉल पर कभी ओटीपी नहीं माँगता। किसी को भी ओटीपी न बताएँ, चाहे वह खुद को बिजली कंपनी का बताए।
- एक मोबाइल नंबर एक से ज़्यादा कनेक्शन से जुड़ सकता है, जैसे एक ही परिवार का घर और दुकान।

## बदलने के बाद
देखें कि अगले बिल का एसएमएस नए नंबर पर आ रहा है। न आए तो फिर से 1912 पर कॉल करें।`,
    summaryEn:
      "To register or change your mobile number, call 1912 with your IVRS number and the name on the bill, use the update option on the DISCOM's official website/app with an OTP, or visit the DC office with the bill and ID proof. Never share an OTP with anyone.",
    summaryHi:
      "मोबाइल नंबर बदलने के लिए आईवीआरएस नंबर के साथ 1912 पर कॉल करें या वेबसाइट/ऐप पर ओटीपी से बदलें। ओटीपी किसी को न बताएँ।",
    keywords: [
      "mobile number change",
      "register mobile",
      "update mobile",
      "OTP",
      "SMS not received",
      "मोबाइल नंबर बदलना",
      "नंबर अपडेट",
      "मोबाइल नंबर जोड़ना",
      "एसएमएस नहीं आता",
      "ओटीपी",
    ],
    complaintCategories: ["billing", "other"],
  },
  {
    slug: "fallen-wire-live-wire-pole",
    category: "safety",
    titleEn: "A wire has fallen, a live wire or a fallen pole: what to do",
    titleHi: "तार गिरा, करंट वाला तार या खंभा गिरा: क्या करें",
    bodyEn: `## Treat every fallen wire as live
A wire on the ground, hanging low, touching a tree, a tin roof or a water pipe can kill. It may look dead and still carry current. Wet ground and waterlogged fields make it more dangerous.

## What to do at once
1. **Stay away**: keep yourself and others at least 10 metres from the wire, the pole and anything touching them.
2. **Keep children and animals away**. Stop vehicles from driving over the wire.
3. **Do not touch** the wire or a person or animal in contact with it, not even with a stick if it is wet.
4. **Call 1912 immediately**. This is an emergency complaint and goes to the line staff first.
5. If someone is hurt, call for an ambulance and see the article on electric shock first aid.

## What to tell the agent
- The exact place: village or colony, road, a landmark.
- The pole number or the transformer name painted on the structure, if you can read it from a safe distance.
- Whether the wire is sparking, on a road, in water, or touching a house.
- Whether anyone is injured.
- Your mobile number, so the line staff can call you.

## What the DISCOM does
The supply of the line is switched off, the area is made safe, and the wire or pole is repaired. Safety complaints have the shortest limit under the regulator's standards (by default 2 hours urban, 4 hours rural). You get a complaint number by SMS.

## Also report
- Wires sagging low over a road or field, or touching trees.
- A pole leaning or cracked, a stay wire broken, or an open transformer box.`,
    bodyHi: `## हर गिरे तार को करंट वाला मानें
ज़मीन पर पड़ा, नीचे लटकता, पेड़, टीन की छत या पानी के पाइप को छूता तार जान ले सकता है। बंद दिखने पर भी उसमें करंट हो सकता है। गीली ज़मीन और पानी भरे खेत में खतरा और बढ़ जाता है।

## तुरंत क्या करें
1. **दूर रहें**: खुद को और दूसरों को तार, खंभे और उनसे छूती हर चीज़ से कम से कम 10 मीटर दूर रखें।
2. **बच्चों और जानवरों को दूर रखें**। गाड़ियों को तार के ऊपर से न जाने दें।
3. **छुएँ नहीं**: न तार को, न उससे चिपके व्यक्ति या जानवर को, गीली लकड़ी से भी नहीं।
4. **तुरंत 1912 पर कॉल करें**। यह आपात शिकायत है और सबसे पहले लाइन स्टाफ तक जाती है।
5. कोई घायल हो तो एम्बुलेंस बुलाएँ और बिजली के झटके की प्राथमिक चिकित्सा वाला लेख देखें।

## एजेंट को क्या बताएँ
- सही जगह: गाँव या कॉलोनी, सड़क, कोई पहचान की जगह।
- खंभे का नंबर या ढाँचे पर लिखा ट्रांसफार्मर का नाम, अगर सुरक्षित दूरी से पढ़ सकें।
- तार से चिंगारी निकल रही है, सड़क पर है, पानी में है, या किसी मकान को छू रहा है।
- कोई घायल है या नहीं।
- आपका मोबाइल नंबर, ताकि लाइन स्टाफ आपसे बात कर सके।

## बिजली कंपनी क्या करती है
लाइन की सप्लाई बंद की जाती है, जगह सुरक्षित की जाती है, और तार या खंभा ठीक किया जाता है। नियामक के मानकों में सुरक्षा की शिकायत की सीमा सबसे कम है (डिफ़ॉल्ट रूप से शहर में 2 घंटे, गाँव में 4 घंटे)। एसएमएस से शिकायत नंबर मिलेगा।

## यह भी बताएँ
- सड़क या खेत के ऊपर बहुत नीचे लटकते या पेड़ों को छूते तार।
- झुका या टूटा खंभा, टूटा स्टे तार, या खुला ट्रांसफार्मर बॉक्स।`,
    summaryEn:
      "Wire fallen or pole down: treat it as live. Stay at least 10 metres away, keep children and animals away, do not touch the wire or anyone touching it, and call 1912 at once with the place, pole number and landmark. If someone is hurt, call for an ambulance.",
    summaryHi: "तार गिरा या खंभा गिरा: उसे करंट वाला मानें, 10 मीटर दूर रहें, न छुएँ। तुरंत 1912 पर जगह और खंभा नंबर बताएँ।",
    keywords: [
      "wire fallen",
      "live wire",
      "fallen pole",
      "sparking",
      "broken wire",
      "electric hazard",
      "तार गिरा",
      "तार टूटा",
      "करंट",
      "खंभा गिरा",
      "चिंगारी",
      "तार लटक रहा",
      "खुला तार",
    ],
    complaintCategories: ["safety_hazard", "line_breakdown"],
  },
  {
    slug: "electric-shock-first-aid",
    category: "safety",
    titleEn: "Electric shock: first aid",
    titleHi: "बिजली का झटका (करंट लगना): प्राथमिक चिकित्सा",
    bodyEn: `## First, do not become the second victim
Never touch a person who is still in contact with the current. The current will pass into you.

## Step by step
1. **Cut the supply**: switch off the main switch or MCB, or pull out the plug. If it is the DISCOM's line outside, call 1912 at once to switch it off.
2. **If you cannot cut the supply**: stand on something dry (a wooden board, rubber mat, folded newspapers) and push the person away from the source with a dry wooden stick, a plastic pipe or a rolled newspaper. Never use anything wet or metal.
3. **Call for an ambulance** or take the person to the nearest hospital as soon as possible, even if they seem fine: a shock can affect the heart later.
4. **Check breathing**: if the person is not breathing normally and you are trained, start CPR (chest compressions) and continue until help arrives.
5. **If breathing**: lay the person on their side in the recovery position and keep them warm.
6. **Burns**: cool them with clean running water for several minutes; cover loosely with a clean cloth. Do not apply ice, oil, toothpaste or home remedies.

## Do not
- Do not give food or water to a person who is unconscious or drowsy.
- Do not move a person who fell from a height more than needed, unless they are in danger.
- Do not go near a fallen line in the rain.

## Report it
If the shock came from the DISCOM's line, pole, transformer or service cable, call 1912 so the supply is made safe and the accident is recorded. Tell the agent the place and what happened.`,
    bodyHi: `## पहले खुद को बचाएँ
जो व्यक्ति अभी भी करंट के संपर्क में है, उसे कभी सीधे न छुएँ। करंट आपके अंदर भी आ जाएगा।

## क्रम से क्या करें
1. **सप्लाई बंद करें**: मेन स्विच या एमसीबी बंद करें, या प्लग निकालें। अगर बाहर बिजली कंपनी की लाइन है, तो उसे बंद करवाने के लिए तुरंत 1912 पर कॉल करें।
2. **सप्लाई बंद न हो सके तो**: किसी सूखी चीज़ पर खड़े हों (लकड़ी का पटिया, रबर की चटाई, मोड़े हुए अखबार) और सूखी लकड़ी, प्लास्टिक के पाइप या लपेटे हुए अखबार से व्यक्ति को करंट से अलग करें। गीली या धातु की चीज़ कभी न लें।
3. **एम्बुलेंस बुलाएँ** या जितनी जल्दी हो सके पास के अस्पताल ले जाएँ, भले व्यक्ति ठीक लगे: झटके का असर दिल पर बाद में भी हो सकता है।
4. **साँस देखें**: अगर व्यक्ति ठीक से साँस नहीं ले रहा और आपको आता है, तो सीपीआर (छाती दबाना) शुरू करें और मदद आने तक जारी रखें।
5. **साँस चल रही हो तो**: व्यक्ति को करवट से रिकवरी पोज़ीशन में लिटाएँ और गर्म रखें।
6. **जलना**: साफ़ बहते पानी से कुछ मिनट ठंडा करें; साफ़ कपड़े से हल्का ढक दें। बर्फ, तेल, टूथपेस्ट या घरेलू नुस्खे न लगाएँ।

## ऐसा न करें
- बेहोश या सुस्त व्यक्ति को कुछ खाने-पीने को न दें।
- ऊँचाई से गिरे व्यक्ति को ज़रूरत से ज़्यादा न हिलाएँ, जब तक वहाँ खतरा न हो।
- बारिश में गिरी लाइन के पास न जाएँ।

## सूचना दें
अगर झटका बिजली कंपनी की लाइन, खंभे, ट्रांसफार्मर या सर्विस केबल से लगा है, तो 1912 पर कॉल करें, ताकि सप्लाई सुरक्षित की जाए और दुर्घटना दर्ज हो। एजेंट को जगह और घटना बताएँ।`,
    summaryEn:
      "Electric shock: do not touch the person while the current is on. Switch off the main switch or pull the plug; if it is the DISCOM's line call 1912. Separate the person with dry wood or plastic, call for an ambulance, start CPR if trained. Cool burns with clean water.",
    summaryHi:
      "करंट लगे व्यक्ति को सीधे न छुएँ। मेन स्विच बंद करें, सूखी लकड़ी से अलग करें, एम्बुलेंस बुलाएँ। लाइन से लगा हो तो 1912",
    keywords: [
      "electric shock",
      "first aid",
      "current",
      "CPR",
      "burn",
      "accident",
      "करंट लगा",
      "बिजली का झटका",
      "प्राथमिक उपचार",
      "प्राथमिक चिकित्सा",
      "दुर्घटना",
    ],
    complaintCategories: ["safety_hazard"],
  },
  {
    slug: "report-electricity-theft",
    category: "safety",
    titleEn: "Reporting electricity theft",
    titleHi: "बिजली चोरी की सूचना कैसे दें",
    bodyEn: `## What counts as theft
- Hooking wires directly onto the overhead line (katiya).
- Bypassing the meter, or taking supply before the meter.
- Tampering with the meter, its seals or its wiring to slow it down.
- Using a connection for a purpose other than the sanctioned one, or extending supply to other premises without permission (unauthorised use).

## Why it matters
- Hooked wires and bypassed meters cause fires, shocks and deaths, often of children and animals.
- Theft overloads transformers, so the whole area suffers failures and low voltage.
- The loss is borne by every honest consumer.

Theft is an offence under the Electricity Act, 2003 (section 135), and the DISCOM assesses and recovers the loss as the law provides.

## How to report
1. Call 1912 and say you want to report theft. Give the place, the kind of theft you have seen and, if you know it, the consumer number of the connection.
2. You can also inform the DC office or the DISCOM's vigilance wing in writing.
3. Where the DISCOM's official app or website has a theft reporting option, you can use it, with photos taken from a safe distance.

## Your identity
You may report without giving your name. If you give it, it is kept confidential.

## Do not
- Do not remove hooked wires yourself or confront the person: a hooked wire may be live and the situation may turn violent.
- Do not touch a meter that looks tampered with.

## Dangerous hooking
If a hooked wire is hanging low, sparking or lying on the ground, report it as a safety complaint on 1912 at once and keep people away.`,
    bodyHi: `## चोरी किसे कहते हैं
- ऊपर की लाइन पर सीधे तार डालना (कटिया)।
- मीटर को बायपास करना, या मीटर से पहले बिजली लेना।
- मीटर, उसकी सील या वायरिंग से छेड़छाड़ करके उसे धीमा करना।
- कनेक्शन को स्वीकृत उपयोग से अलग काम में लेना, या बिना अनुमति दूसरे परिसर में बिजली देना (अनधिकृत उपयोग)।

## यह क्यों गंभीर है
- कटिया और बायपास से आग, करंट और मौतें होती हैं, अक्सर बच्चों और जानवरों की।
- चोरी से ट्रांसफार्मर ओवरलोड होते हैं, और पूरे इलाके में ट्रांसफार्मर जलते हैं और वोल्टेज कम आता है।
- इसका नुकसान हर ईमानदार उपभोक्ता उठाता है।

बिजली चोरी विद्युत अधिनियम, 2003 (धारा 135) के तहत अपराध है, और बिजली कंपनी कानून के अनुसार नुकसान का आकलन करके वसूली करती है।

## सूचना कैसे दें
1. 1912 पर कॉल करके बताएँ कि बिजली चोरी की सूचना देनी है। जगह, किस तरह की चोरी देखी, और पता हो तो उस कनेक्शन का उपभोक्ता नंबर बताएँ।
2. डीसी कार्यालय या बिजली कंपनी की सतर्कता (विजिलेंस) शाखा को लिखित में भी बता सकते हैं।
3. बिजली कंपनी के आधिकारिक ऐप या वेबसाइट पर चोरी की सूचना का विकल्प हो, तो सुरक्षित दूरी से ली गई फोटो के साथ वहाँ भी बता सकते हैं।

## आपकी पहचान
आप बिना नाम बताए भी सूचना दे सकते हैं। नाम बताएँ तो उसे गोपनीय रखा जाता है।

## ऐसा न करें
- कटिया खुद न हटाएँ, न उस व्यक्ति से उलझें: कटिया में करंट हो सकता है और झगड़ा भी हो सकता है।
- छेड़छाड़ वाले लगते मीटर को न छुएँ।

## खतरनाक कटिया
अगर कटिया का तार नीचे लटक रहा है, चिंगारी दे रहा है या ज़मीन पर पड़ा है, तो तुरंत 1912 पर सुरक्षा की शिकायत दर्ज कराएँ और लोगों को दूर रखें।`,
    summaryEn:
      "Report electricity theft (katiya/hooking, meter bypass or tampering) on 1912 or to the DC office or vigilance wing. You may stay anonymous; your name is kept confidential. Do not remove hooked wires yourself or confront anyone. A hooked wire sparking or on the ground: call 1912 at once.",
    summaryHi: "बिजली चोरी (कटिया, मीटर बायपास) की सूचना 1912 पर दें; आपका नाम गोपनीय रहेगा। कटिया खुद न हटाएँ।",
    keywords: [
      "electricity theft",
      "hooking",
      "katiya",
      "meter tampering",
      "bypass",
      "vigilance",
      "बिजली चोरी",
      "कटिया",
      "मीटर से छेड़छाड़",
      "चोरी की सूचना",
      "सीधा तार",
    ],
    complaintCategories: ["other", "safety_hazard"],
  },
  {
    slug: "transformer-failure-restoration",
    category: "supply",
    titleEn: "Transformer (DT) failure and restoration",
    titleHi: "ट्रांसफार्मर (डीटी) खराब होना और बिजली बहाली",
    bodyEn: `## How to tell it is the transformer
- The whole colony, street or village on one transformer has no supply, while the next area has power.
- Some houses get very low voltage or only one or two phases.
- A loud bang, smoke or oil leaking from the transformer was seen or heard.

## What to do
1. Keep away from the transformer, its fence and any oil or fallen wire near it.
2. Call 1912. Tell the agent the transformer's name or number painted on its structure, the colony or village, and a landmark. If many people call about the same transformer, the complaint is linked to one job, so one call per house is enough.
3. Note the complaint number you get by SMS.

## What the DISCOM does
1. Line staff inspect and find the cause: a blown fuse, a burnt connector, a failed transformer or a fault on the line.
2. Minor faults are repaired on the spot.
3. If the transformer itself has failed, it is replaced with a working one from the store. This takes longer because the unit has to be brought and installed.
4. You get an SMS with the expected restoration time, and another when supply is restored.

## Time limit
Under the regulator's standards, a failed distribution transformer is to be replaced within 24 hours in urban areas and 72 hours in rural areas by default. These limits are set by the regulator and may change.

## Help prevent failures
- Do not connect load beyond your sanctioned load.
- Report hooked wires (katiya): theft overloads transformers.
- Farmers: use capacitors with pumps and avoid starting all pumps at the same moment after supply returns.`,
    bodyHi: `## कैसे पहचानें कि ट्रांसफार्मर खराब है
- एक ट्रांसफार्मर से जुड़ी पूरी कॉलोनी, गली या गाँव में बिजली नहीं है, जबकि पास के इलाके में है।
- कुछ घरों में बहुत कम वोल्टेज है या सिर्फ एक-दो फेज़ आ रहे हैं।
- ट्रांसफार्मर से ज़ोर की आवाज़, धुआँ या तेल रिसता दिखा या सुना।

## क्या करें
1. ट्रांसफार्मर, उसकी फेंसिंग और पास पड़े तेल या गिरे तार से दूर रहें।
2. 1912 पर कॉल करें। ढाँचे पर लिखा ट्रांसफार्मर का नाम या नंबर, कॉलोनी या गाँव, और कोई पहचान की जगह बताएँ। एक ही ट्रांसफार्मर के लिए कई लोग कॉल करें तो शिकायत एक ही काम से जुड़ती है, इसलिए हर घर से एक कॉल काफ़ी है।
3. एसएमएस से मिला शिकायत नंबर नोट करें।

## बिजली कंपनी क्या करती है
1. लाइन स्टाफ जाँच करके कारण पता करता है: फ्यूज़ उड़ना, कनेक्टर जलना, ट्रांसफार्मर खराब होना, या लाइन में फॉल्ट।
2. छोटी खराबी मौके पर ठीक की जाती है।
3. अगर ट्रांसफार्मर ही खराब है, तो स्टोर से चालू ट्रांसफार्मर लाकर बदला जाता है। इसमें ज़्यादा समय लगता है, क्योंकि ट्रांसफार्मर लाना और लगाना पड़ता है।
4. बिजली वापस आने के अनुमानित समय का एसएमएस आता है, और बिजली आने पर दूसरा एसएमएस।

## समय-सीमा
नियामक के मानकों में डिफ़ॉल्ट रूप से खराब वितरण ट्रांसफार्मर शहर में 24 घंटे और गाँव में 72 घंटे में बदला जाना चाहिए। ये सीमाएँ नियामक तय करता है और बदल सकती हैं।

## ट्रांसफार्मर जलने से बचाएँ
- स्वीकृत लोड से ज़्यादा लोड न जोड़ें।
- कटिया की सूचना दें: चोरी से ट्रांसफार्मर ओवरलोड होते हैं।
- किसान भाई पंप के साथ कैपेसिटर लगाएँ, और बिजली आते ही सारे पंप एक साथ चालू न करें।`,
    summaryEn:
      "Whole colony or village without power? The transformer (DT) may have failed. Keep away from it and call 1912 with the transformer name/number painted on it and a landmark; one call per house is enough. A failed DT is replaced within the regulator's limit (default 24 h urban, 72 h rural).",
    summaryHi: "पूरे मोहल्ले की बिजली गई? ट्रांसफार्मर खराब हो सकता है। उससे दूर रहें और उसका नाम/नंबर 1912 पर बताएँ।",
    keywords: [
      "transformer failure",
      "DT failure",
      "transformer burnt",
      "whole area no power",
      "DT",
      "ट्रांसफार्मर खराब",
      "ट्रांसफार्मर जल गया",
      "डीपी जल गई",
      "पूरे मोहल्ले की बिजली गई",
      "गाँव की लाइट गई",
    ],
    complaintCategories: ["dt_failure", "no_supply"],
  },
  {
    slug: "planned-shutdowns",
    category: "supply",
    titleEn: "Planned shutdowns: why they happen and how you are told",
    titleHi: "नियोजित बिजली बंद (शटडाउन): क्यों होता है और सूचना कैसे मिलती है",
    bodyEn: `## Why supply is switched off on purpose
Planned shutdowns let the line staff work safely on:
- maintenance of lines and substations before the monsoon and the rabi season;
- tree trimming near lines;
- replacing poles, conductors or transformers;
- connecting new lines, transformers or consumers;
- road widening or other public works.

## How consumers are told
The Electricity (Rights of Consumers) Rules require planned outages to be notified in advance. The DISCOM informs consumers through:
1. **SMS to the registered mobile** of consumers on the affected feeder or transformer, with the date, the time window and the area.
2. Local newspapers and the DISCOM's official website, app and social media pages.
3. The 1912 helpline: the agent sees planned shutdowns for your area and can tell you the expected restoration time.

## What the agent can tell you
- Whether a shutdown is planned in your area today or in the coming days.
- The time window and the reason.
- Whether supply has already been restored.

## If supply does not return on time
Work can take longer than planned. If supply has not returned well after the notified time, call 1912: the agent checks the status and registers a no-supply complaint if needed.

## Make sure you are informed
- Register your mobile number with the DISCOM; messages go only to registered numbers.
- Keep the mobile number up to date when you change it.

## During a shutdown
- Switch off heavy appliances so they do not all start together when supply returns.
- Treat every line as live: supply may be restored at any time.`,
    bodyHi: `## बिजली जानबूझकर क्यों बंद की जाती है
नियोजित बंद से लाइन स्टाफ सुरक्षित रूप से ये काम कर पाता है:
- मानसून और रबी के मौसम से पहले लाइनों और सबस्टेशन का रखरखाव;
- लाइनों के पास पेड़ों की छँटाई;
- खंभे, तार या ट्रांसफार्मर बदलना;
- नई लाइन, नया ट्रांसफार्मर या नए उपभोक्ता जोड़ना;
- सड़क चौड़ीकरण या अन्य सार्वजनिक काम।

## उपभोक्ताओं को सूचना कैसे मिलती है
विद्युत (उपभोक्ताओं के अधिकार) नियमों के अनुसार नियोजित बिजली बंद की सूचना पहले से देनी होती है। बिजली कंपनी इन तरीकों से बताती है:
1. प्रभावित फीडर या ट्रांसफार्मर के उपभोक्ताओं के **दर्ज मोबाइल पर एसएमएस**, तारीख, समय और क्षेत्र के साथ।
2. स्थानीय अखबार, और बिजली कंपनी की आधिकारिक वेबसाइट, ऐप और सोशल मीडिया पेज।
3. 1912 हेल्पलाइन: एजेंट आपके क्षेत्र के नियोजित बंद देख सकता है और बिजली आने का अनुमानित समय बता सकता है।

## एजेंट क्या बता सकता है
- आज या आने वाले दिनों में आपके क्षेत्र में बिजली बंद होनी है या नहीं।
- समय और कारण।
- बिजली वापस आ चुकी है या नहीं।

## समय पर बिजली न आए तो
काम तय समय से ज़्यादा खिंच सकता है। बताए गए समय के काफ़ी बाद भी बिजली न आए तो 1912 पर कॉल करें: एजेंट स्थिति देखेगा और ज़रूरत हो तो बिजली बंद की शिकायत दर्ज करेगा।

## सूचना मिलती रहे, इसके लिए
- बिजली कंपनी में अपना मोबाइल नंबर दर्ज कराएँ; मैसेज केवल दर्ज नंबरों पर जाते हैं।
- नंबर बदलें तो उसे भी अपडेट कराएँ।

## बिजली बंद रहने के दौरान
- भारी उपकरण बंद कर दें, ताकि बिजली आने पर सब एक साथ चालू न हों।
- हर लाइन को चालू मानें: बिजली कभी भी वापस आ सकती है।`,
    summaryEn:
      "Planned shutdowns for maintenance are notified in advance by SMS to registered mobiles, in newspapers and on the DISCOM's official website/app, with date, time and area. Call 1912 to check your area. Supply not back long after the notified time? Call 1912 to register a complaint.",
    summaryHi:
      "नियोजित बिजली बंद की सूचना पहले से एसएमएस और अखबार से मिलती है। अपने क्षेत्र की जानकारी या शिकायत के लिए 1912 पर कॉल करें।",
    keywords: [
      "planned shutdown",
      "scheduled outage",
      "maintenance",
      "power cut notice",
      "shutdown SMS",
      "बिजली बंद रहेगी",
      "शटडाउन",
      "मेंटेनेंस",
      "कटौती की सूचना",
      "बिजली कब आएगी",
      "लाइट कब आएगी",
    ],
    complaintCategories: ["no_supply", "line_breakdown"],
  },
  {
    slug: "voltage-fluctuation",
    category: "supply",
    titleEn: "Low voltage, high voltage and fluctuation",
    titleHi: "कम वोल्टेज, ज़्यादा वोल्टेज और उतार-चढ़ाव",
    bodyEn: `## Signs of a voltage problem
- **Low voltage**: dim bulbs, fans running slowly, a fridge or AC that does not start, a pump that hums but does not run.
- **High voltage**: bulbs fusing often, appliances heating up or getting damaged.
- **Fluctuation**: lights flickering, voltage going up and down through the day.

## First checks at home
1. Ask a neighbour on the same transformer whether they have the same problem. If only your house is affected, the cause may be a loose connection in your service cable, meter or house wiring.
2. If you see the service cable joint sparking or heating, call 1912 as a safety complaint.

## Register a voltage complaint
Call 1912 with the consumer number (IVRS number). Tell the agent when the problem occurs (all day, evenings only), whether neighbours have it too, and any damage. You get a complaint number by SMS.

## What the DISCOM does
1. Staff measure the voltage at your premises and at the transformer.
2. Simple causes are fixed quickly: loose joints, a damaged neutral, unbalanced load between phases, or the transformer tap setting.
3. If the transformer or line is overloaded, the remedy may need a new transformer or a line upgrade, which takes longer and is planned as work.

## Time limit
A voltage complaint is to be resolved within the regulator's limit (by default 10 days), where only local work is needed. Remedies that need new equipment follow the longer limits the regulator allows. These limits may change.

## Protect your appliances
- Use a good voltage stabiliser for the fridge, TV and AC.
- Use a capacitor with agricultural pumps.
- A broken neutral can send very high voltage into the house: if many appliances fail at once, switch off the main switch and call 1912.`,
    bodyHi: `## वोल्टेज की समस्या के लक्षण
- **कम वोल्टेज**: बल्ब धीमे जलना, पंखे धीरे चलना, फ्रिज या एसी चालू न होना, पंप घुरघुराए पर चले नहीं।
- **ज़्यादा वोल्टेज**: बल्ब बार-बार फ्यूज़ होना, उपकरण गर्म होना या खराब होना।
- **उतार-चढ़ाव**: लाइट टिमटिमाना, दिन भर वोल्टेज ऊपर-नीचे होना।

## घर पर पहले देखें
1. उसी ट्रांसफार्मर से जुड़े पड़ोसी से पूछें कि उनके यहाँ भी यही समस्या है क्या। सिर्फ आपके घर में है, तो सर्विस केबल, मीटर या घर की वायरिंग में ढीला कनेक्शन हो सकता है।
2. सर्विस केबल के जोड़ से चिंगारी निकले या वह गर्म हो, तो 1912 पर सुरक्षा की शिकायत करें।

## वोल्टेज की शिकायत दर्ज करें
उपभोक्ता नंबर (आईवीआरएस नंबर) के साथ 1912 पर कॉल करें। एजेंट को बताएँ कि समस्या कब होती है (पूरे दिन, सिर्फ शाम को), पड़ोसियों के यहाँ भी है या नहीं, और कोई नुकसान हुआ हो तो वह। एसएमएस से शिकायत नंबर मिलेगा।

## बिजली कंपनी क्या करती है
1. स्टाफ आपके परिसर और ट्रांसफार्मर पर वोल्टेज नापता है।
2. आसान कारण जल्दी ठीक किए जाते हैं: ढीले जोड़, खराब न्यूट्रल, फेज़ों के बीच असंतुलित लोड, या ट्रांसफार्मर का टैप।
3. अगर ट्रांसफार्मर या लाइन ओवरलोड है, तो नया ट्रांसफार्मर या लाइन बढ़ाने का काम करना पड़ सकता है, जिसमें ज़्यादा समय लगता है।

## समय-सीमा
जहाँ सिर्फ स्थानीय काम करना हो, वोल्टेज की शिकायत का निराकरण नियामक की सीमा (डिफ़ॉल्ट रूप से 10 दिन) में होना चाहिए। नए उपकरण वाले काम पर नियामक की लंबी सीमा लागू होती है। ये सीमाएँ बदल सकती हैं।

## उपकरण बचाएँ
- फ्रिज, टीवी और एसी के लिए अच्छा स्टेबलाइज़र लगाएँ।
- खेती के पंप के साथ कैपेसिटर लगाएँ।
- न्यूट्रल टूटने से घर में बहुत ज़्यादा वोल्टेज आ सकता है: कई उपकरण एक साथ खराब हों तो मेन स्विच बंद करके 1912 पर कॉल करें।`,
    summaryEn:
      "Low or high voltage or flickering? Check whether neighbours on the same transformer have it too. Call 1912 with your IVRS number to register a voltage complaint; it is to be resolved within the regulator's limit (default 10 days). Many appliances failing at once: switch off the main switch.",
    summaryHi:
      "वोल्टेज कम/ज़्यादा? पड़ोसी से पूछें और आईवीआरएस नंबर के साथ 1912 पर शिकायत करें। उपकरणों के लिए स्टेबलाइज़र लगाएँ।",
    keywords: [
      "low voltage",
      "high voltage",
      "voltage fluctuation",
      "flickering",
      "stabiliser",
      "कम वोल्टेज",
      "लो वोल्टेज",
      "वोल्टेज ऊपर नीचे",
      "लाइट टिमटिमा रही",
      "ज़्यादा वोल्टेज",
      "पंखा धीरे चल रहा",
    ],
    complaintCategories: ["voltage"],
  },
  {
    slug: "sop-time-limits-compensation",
    category: "supply",
    titleEn: "Standards of performance: time limits and compensation",
    titleHi: "सेवा मानक (एसओपी): समय-सीमा और मुआवज़ा",
    bodyEn: `## What the standards are
The regulator, the MPERC, sets standards of performance (SoP): the time within which the DISCOM must restore supply, resolve a complaint or give a service. If the DISCOM misses a limit, the consumer is entitled to compensation as set by the MPERC.

## Default limits used by this system
Urban limit first, then rural:
- No supply to a single consumer (fuse off): 4 hours / 12 hours
- Overhead line breakdown: 6 hours / 24 hours
- Underground cable fault: 12 hours / 48 hours
- Transformer (DT) failure: 24 hours / 72 hours
- Voltage complaint: 10 days / 10 days
- Meter stopped, burnt or fast: 7 days / 15 days
- Billing complaint: 5 days / 10 days
- Safety hazard (live wire, fallen pole): 2 hours / 4 hours
- New connection after complete documents: 3 days metro, 7 days municipal / 15 days rural

These are the regulator's limits as loaded in the system and **may change** when the MPERC issues new regulations; the agent's screen always shows the limit that applies to a complaint.

## When the clock starts
From the time the complaint is registered and a complaint number is given. Keep the complaint number: it is your proof.

## Compensation
- The amount is as set by the MPERC; the agent does not quote figures from memory.
- Whether compensation is paid automatically in the bill or must be claimed, and within what time, is as per the MPERC's regulations.
- Delays caused by events beyond control (storms, floods, law and order) may be excluded as the regulations allow.

## If a limit is missed
1. Call 1912 with the complaint number; the agent sees the breach and escalates it to the responsible officer.
2. Ask how compensation applies to your case.`,
    bodyHi: `## सेवा मानक क्या हैं
नियामक, यानी एमपीईआरसी, सेवा मानक (एसओपी) तय करता है: वह समय जिसमें बिजली कंपनी को बिजली बहाल करनी है, शिकायत का निराकरण करना है या सेवा देनी है। सीमा चूकने पर उपभोक्ता को एमपीईआरसी द्वारा तय मुआवज़ा पाने का अधिकार है।

## इस सिस्टम में डिफ़ॉल्ट सीमाएँ
पहले शहर की सीमा, फिर गाँव की:
- एक उपभोक्ता की बिजली बंद (फ्यूज़ उड़ा): 4 घंटे / 12 घंटे
- ऊपरी लाइन टूटना: 6 घंटे / 24 घंटे
- भूमिगत केबल में फॉल्ट: 12 घंटे / 48 घंटे
- ट्रांसफार्मर (डीटी) खराब: 24 घंटे / 72 घंटे
- वोल्टेज की शिकायत: 10 दिन / 10 दिन
- मीटर बंद, जला या तेज़: 7 दिन / 15 दिन
- बिल की शिकायत: 5 दिन / 10 दिन
- सुरक्षा खतरा (करंट वाला तार, गिरा खंभा): 2 घंटे / 4 घंटे
- दस्तावेज़ पूरे होने के बाद नया कनेक्शन: महानगर 3 दिन, नगरीय 7 दिन / गाँव 15 दिन

ये नियामक की सीमाएँ हैं जो सिस्टम में दर्ज हैं, और एमपीईआरसी के नए विनियम आने पर **बदल सकती हैं**; एजेंट की स्क्रीन पर हर शिकायत की लागू सीमा दिखती है।

## समय कब से गिना जाता है
शिकायत दर्ज होने और शिकायत नंबर मिलने के समय से। शिकायत नंबर संभालकर रखें: यही आपका प्रमाण है।

## मुआवज़ा
- राशि एमपीईआरसी तय करता है; एजेंट याद से कोई आँकड़ा नहीं बताता।
- मुआवज़ा अपने आप बिल में मिलेगा या दावा करना होगा, और कितने समय में, यह एमपीईआरसी के विनियमों के अनुसार है।
- नियंत्रण से बाहर की घटनाओं (आँधी, बाढ़, कानून-व्यवस्था) से हुई देरी विनियमों के अनुसार छूट में आ सकती है।

## सीमा चूक जाए तो
1. शिकायत नंबर के साथ 1912 पर कॉल करें; एजेंट देरी देखकर ज़िम्मेदार अधिकारी तक मामला बढ़ाएगा।
2. पूछें कि आपके मामले में मुआवज़ा कैसे लागू होगा।`,
    summaryEn:
      "The MPERC sets time limits (SoP) for restoring supply and resolving complaints, e.g. by default 4 h urban/12 h rural for a single no-supply complaint and 24 h/72 h for a failed transformer. If a limit is missed, compensation is as set by the MPERC. Keep your complaint number; call 1912.",
    summaryHi:
      "बिजली बहाली और शिकायत की समय-सीमा एमपीईआरसी तय करता है; चूकने पर उसके तय नियम से मुआवज़ा मिलता है। शिकायत नंबर रखें: 1912",
    keywords: [
      "SoP",
      "standards of performance",
      "compensation",
      "time limit",
      "restoration time",
      "MPERC",
      "मुआवज़ा",
      "मुआवजा",
      "समय-सीमा",
      "सेवा मानक",
      "कितने समय में बिजली आएगी",
      "देरी",
    ],
    complaintCategories: [
      "no_supply",
      "line_breakdown",
      "cable_fault",
      "dt_failure",
      "voltage",
      "meter",
      "billing",
      "new_connection",
      "safety_hazard",
    ],
  },
  {
    slug: "how-to-register-complaint",
    category: "supply",
    titleEn: "How to register a complaint: 1912, SMS, WhatsApp, website and missed call",
    titleHi: "शिकायत कैसे दर्ज करें: 1912, एसएमएस, व्हाट्सऐप, वेबसाइट और मिस्ड कॉल",
    bodyEn: `## Keep this ready
- The consumer number (IVRS number) from your bill, or the registered mobile.
- The problem: no supply, wire fallen, transformer failed, voltage, meter or bill.
- For supply problems: the colony or village, a landmark, and the transformer or pole number if visible.

## Ways to complain
1. **Call 1912**: the helpline works round the clock. Choose Hindi or English, then speak to an agent or use the automated menu. Emergencies such as a fallen wire go first.
2. **SMS**: send the complaint from your registered mobile in the format published by the DISCOM; you get the complaint number in reply.
3. **WhatsApp**: message the DISCOM's official WhatsApp number, published on its official website and on bills. Do not use numbers forwarded on social media.
4. **DISCOM's official website or app**: log in with your mobile and OTP, choose the complaint type and submit; photos can be attached where allowed.
5. **Missed call**: a missed call from the registered mobile to the number published by the DISCOM registers a no-supply complaint for that connection.
6. **DC office or complaint centre**: you can also complain in person.

## After registering
- A complaint number comes by SMS. Keep it: it is your proof for the time limit and any compensation.
- You get SMS updates, including the expected restoration time, and a final SMS when it is resolved.
- Someone may call you for feedback after the work.

## Tips
- One complaint per problem is enough; repeated calls do not speed up the work, but you can call 1912 with the complaint number for the status.
- Never pay anyone to get a complaint attended. Report such demands on 1912.`,
    bodyHi: `## यह तैयार रखें
- बिल पर छपा उपभोक्ता नंबर (आईवीआरएस नंबर), या दर्ज मोबाइल नंबर।
- समस्या: बिजली बंद, तार गिरा, ट्रांसफार्मर खराब, वोल्टेज, मीटर या बिल।
- सप्लाई की समस्या हो तो: कॉलोनी या गाँव, कोई पहचान की जगह, और दिखे तो ट्रांसफार्मर या खंभे का नंबर।

## शिकायत के तरीके
1. **1912 पर कॉल करें**: हेल्पलाइन चौबीसों घंटे चलती है। हिंदी या अंग्रेज़ी चुनें, फिर एजेंट से बात करें या स्वचालित मेनू का उपयोग करें। गिरे तार जैसी आपात शिकायतें सबसे पहले ली जाती हैं।
2. **एसएमएस**: दर्ज मोबाइल से बिजली कंपनी के बताए फॉर्मेट में शिकायत भेजें; जवाब में शिकायत नंबर आएगा।
3. **व्हाट्सऐप**: बिजली कंपनी के आधिकारिक व्हाट्सऐप नंबर पर मैसेज करें, जो उसकी आधिकारिक वेबसाइट और बिल पर छपा होता है। सोशल मीडिया पर फॉरवर्ड हुए नंबरों का उपयोग न करें।
4. **बिजली कंपनी की आधिकारिक वेबसाइट या ऐप**: मोबाइल और ओटीपी से लॉगिन करें, शिकायत का प्रकार चुनें और भेजें; जहाँ सुविधा हो, फोटो भी लगा सकते हैं।
5. **मिस्ड कॉल**: दर्ज मोबाइल से बिजली कंपनी के बताए नंबर पर मिस्ड कॉल देने से उस कनेक्शन की बिजली बंद की शिकायत दर्ज हो जाती है।
6. **डीसी कार्यालय या शिकायत केंद्र**: खुद जाकर भी शिकायत कर सकते हैं।

## शिकायत के बाद
- एसएमएस से शिकायत नंबर आएगा। इसे संभालकर रखें: समय-सीमा और मुआवज़े के लिए यही प्रमाण है।
- बिजली आने के अनुमानित समय के साथ एसएमएस से अपडेट मिलेंगे, और निराकरण पर आखिरी एसएमएस।
- काम के बाद आपकी राय जानने के लिए कॉल आ सकता है।

## सलाह
- एक समस्या के लिए एक शिकायत काफ़ी है; बार-बार कॉल से काम जल्दी नहीं होता, पर स्थिति जानने के लिए शिकायत नंबर के साथ 1912 पर कॉल कर सकते हैं।
- शिकायत सुलझवाने के लिए किसी को पैसे न दें। ऐसी माँग की सूचना 1912 पर दें।`,
    summaryEn:
      "Register a complaint by calling 1912 (24x7), by SMS or missed call from your registered mobile, on the DISCOM's official WhatsApp number, website or app, or at the DC office. Keep your IVRS number ready. You get a complaint number by SMS: keep it for tracking and compensation.",
    summaryHi:
      "शिकायत: 1912 पर कॉल, एसएमएस, मिस्ड कॉल, आधिकारिक व्हाट्सऐप, वेबसाइट/ऐप या डीसी पर। एसएमएस में मिला शिकायत नंबर रखें।",
    keywords: [
      "register complaint",
      "complaint number",
      "1912",
      "helpline",
      "WhatsApp",
      "missed call",
      "SMS complaint",
      "शिकायत दर्ज",
      "शिकायत कैसे करें",
      "हेल्पलाइन",
      "बिजली नहीं है",
      "लाइट नहीं है",
      "व्हाट्सऐप",
      "मिस्ड कॉल",
    ],
    complaintCategories: [
      "no_supply",
      "line_breakdown",
      "cable_fault",
      "dt_failure",
      "voltage",
      "meter",
      "billing",
      "safety_hazard",
      "other",
    ],
  },
  {
    slug: "track-complaint-status",
    category: "supply",
    titleEn: "Tracking your complaint",
    titleHi: "अपनी शिकायत की स्थिति कैसे जानें",
    bodyEn: `## You need the complaint number
It comes by SMS on the mobile you complained from, right after registration. If you lost it, the agent can find it from your consumer number (IVRS number) or mobile.

## Ways to track
1. **SMS updates**: you get messages when the complaint is assigned, when staff are on the way or at work, with the expected restoration time, and when it is resolved.
2. **Tracking page**: on the DISCOM's official website, enter the complaint number to see its current stage.
3. **DISCOM's official app**: your complaints and their stages are listed after you log in.
4. **Call 1912**: give the complaint number; the agent reads the stage, the expected time and the office responsible.

## What the stages mean
- **Registered**: the complaint is recorded and has a time limit.
- **Assigned / accepted**: the line staff or office responsible has taken it up.
- **In progress**: work is going on at site.
- **Resolved**: the staff have marked the problem fixed.
- **Closed**: the complaint is complete, after your confirmation or feedback where asked.

## Not fixed but marked resolved?
Call 1912 within a few days with the complaint number and ask for it to be reopened. Say what is still wrong.

## Delay beyond the time limit
If the time limit has passed, the complaint is escalated to senior officers automatically. You can also ask the agent to escalate it. Compensation for missed limits is as set by the MPERC (see the article on standards of performance).

## Feedback
You may get a call or SMS asking whether you are satisfied. Your answer helps to check the work of the field staff.`,
    bodyHi: `## शिकायत नंबर चाहिए
शिकायत दर्ज होते ही जिस मोबाइल से शिकायत की, उस पर एसएमएस से आता है। खो गया हो तो एजेंट आपके उपभोक्ता नंबर (आईवीआरएस नंबर) या मोबाइल से ढूँढ सकता है।

## स्थिति जानने के तरीके
1. **एसएमएस अपडेट**: शिकायत सौंपे जाने पर, स्टाफ के रास्ते में या काम पर होने पर, बिजली आने के अनुमानित समय के साथ, और निराकरण होने पर मैसेज आते हैं।
2. **ट्रैकिंग पेज**: बिजली कंपनी की आधिकारिक वेबसाइट पर शिकायत नंबर डालकर मौजूदा स्थिति देखें।
3. **बिजली कंपनी का आधिकारिक ऐप**: लॉगिन करने पर आपकी शिकायतें और उनकी स्थिति दिखती है।
4. **1912 पर कॉल करें**: शिकायत नंबर बताएँ; एजेंट स्थिति, अनुमानित समय और ज़िम्मेदार कार्यालय बताएगा।

## स्थितियों का मतलब
- **दर्ज**: शिकायत रिकॉर्ड हो गई है और उसकी समय-सीमा तय है।
- **सौंपी गई / स्वीकार**: ज़िम्मेदार लाइन स्टाफ या कार्यालय ने काम ले लिया है।
- **काम जारी**: मौके पर काम चल रहा है।
- **निराकृत**: स्टाफ ने समस्या ठीक होना दर्ज किया है।
- **बंद**: शिकायत पूरी हो गई, जहाँ पूछा जाए वहाँ आपकी पुष्टि या राय के बाद।

## ठीक नहीं हुई पर निराकृत दिखा रही है?
कुछ दिनों के अंदर शिकायत नंबर के साथ 1912 पर कॉल करें और शिकायत दोबारा खुलवाएँ। बताएँ कि अब भी क्या गड़बड़ है।

## समय-सीमा से ज़्यादा देरी
समय-सीमा निकल जाने पर शिकायत अपने आप वरिष्ठ अधिकारियों तक पहुँचती है। आप एजेंट से भी मामला आगे बढ़ाने को कह सकते हैं। सीमा चूकने पर मुआवज़ा एमपीईआरसी के तय नियमों से मिलता है (सेवा मानक वाला लेख देखें)।

## आपकी राय
आपसे कॉल या एसएमएस से पूछा जा सकता है कि आप संतुष्ट हैं या नहीं। आपका जवाब फील्ड स्टाफ के काम की जाँच में मदद करता है।`,
    summaryEn:
      "Track your complaint with the complaint number sent by SMS: on the tracking page of the DISCOM's official website, in its app, or by calling 1912. You get SMS updates with the expected restoration time. Not fixed but marked resolved? Call 1912 to reopen it.",
    summaryHi:
      "शिकायत की स्थिति: एसएमएस में मिले शिकायत नंबर से वेबसाइट/ऐप पर देखें या 1912 पर पूछें। ठीक न हो तो दोबारा खुलवाएँ।",
    keywords: [
      "track complaint",
      "complaint status",
      "complaint number",
      "reopen complaint",
      "escalation",
      "शिकायत की स्थिति",
      "शिकायत नंबर",
      "शिकायत का क्या हुआ",
      "दोबारा शिकायत",
      "अभी तक लाइट नहीं आई",
    ],
    complaintCategories: [
      "no_supply",
      "line_breakdown",
      "cable_fault",
      "dt_failure",
      "voltage",
      "meter",
      "billing",
      "safety_hazard",
      "other",
    ],
  },
  {
    slug: "solar-rooftop-net-metering",
    category: "schemes",
    titleEn: "Rooftop solar and net metering",
    titleHi: "छत पर सोलर (रूफटॉप सोलर) और नेट मीटरिंग",
    bodyEn: `## What rooftop solar gives you
Solar panels on your roof produce electricity during the day. What you use at home reduces the units you take from the DISCOM; what you do not use flows into the grid.

## Net metering
A bi-directional (net) meter records both:
- **Import**: units taken from the DISCOM;
- **Export**: units sent to the grid from your panels.
The bill is made on the net units, as the MPERC's net metering regulations and the tariff order say. Surplus export is carried forward or settled as those regulations provide.

## Central scheme for homes
The Government of India's PM Surya Ghar: Muft Bijli Yojana supports rooftop solar for homes with central financial assistance. The amount and the conditions are set by the scheme and can change; the agent does not quote figures.

## Steps
1. Register on the national rooftop solar portal of the Government of India or through the DISCOM's official website, with your consumer number (IVRS number) and registered mobile.
2. Choose a registered vendor and the system size. Your sanctioned load and roof space decide what is allowed.
3. The DISCOM checks technical feasibility and approves.
4. The vendor installs the system.
5. Apply for net metering; the DISCOM inspects and installs the net meter.
6. After commissioning, the subsidy, where eligible, is credited to your bank account as per the scheme.

## Tips
- Clear your dues before applying.
- Check that the vendor is registered under the scheme, and get a written warranty.
- Keep the panels clean; output falls with dust.
- For questions about the net meter or a solar bill, call 1912 with your IVRS number.`,
    bodyHi: `## छत पर सोलर से क्या मिलता है
छत पर लगे सोलर पैनल दिन में बिजली बनाते हैं। जो बिजली आप घर में इस्तेमाल करते हैं, उतने यूनिट बिजली कंपनी से कम लेने पड़ते हैं; जो बचती है वह ग्रिड में चली जाती है।

## नेट मीटरिंग
दो तरफ़ा (नेट) मीटर दोनों दर्ज करता है:
- **इम्पोर्ट**: बिजली कंपनी से लिए गए यूनिट;
- **एक्सपोर्ट**: आपके पैनल से ग्रिड को भेजे गए यूनिट।
बिल शुद्ध (नेट) यूनिट पर बनता है, जैसा एमपीईआरसी के नेट मीटरिंग विनियम और टैरिफ आदेश कहते हैं। बचे हुए एक्सपोर्ट यूनिट आगे जोड़े जाते हैं या उन्हीं विनियमों के अनुसार हिसाब होता है।

## घरों के लिए केंद्र सरकार की योजना
भारत सरकार की पीएम सूर्य घर: मुफ़्त बिजली योजना घरों पर रूफटॉप सोलर के लिए केंद्रीय वित्तीय सहायता देती है। राशि और शर्तें योजना तय करती है और बदल सकती हैं; एजेंट कोई आँकड़ा नहीं बताता।

## चरण
1. उपभोक्ता नंबर (आईवीआरएस नंबर) और दर्ज मोबाइल से भारत सरकार के राष्ट्रीय रूफटॉप सोलर पोर्टल पर या बिजली कंपनी की आधिकारिक वेबसाइट से पंजीयन करें।
2. पंजीकृत वेंडर और सिस्टम का आकार चुनें। आपका स्वीकृत लोड और छत की जगह तय करते हैं कि कितना लग सकता है।
3. बिजली कंपनी तकनीकी व्यवहार्यता जाँचकर स्वीकृति देती है।
4. वेंडर सिस्टम लगाता है।
5. नेट मीटरिंग का आवेदन करें; बिजली कंपनी निरीक्षण करके नेट मीटर लगाती है।
6. चालू होने के बाद, पात्र होने पर, योजना के अनुसार सब्सिडी आपके बैंक खाते में आती है।

## सलाह
- आवेदन से पहले बकाया जमा कर दें।
- जाँच लें कि वेंडर योजना में पंजीकृत है, और लिखित वारंटी लें।
- पैनल साफ़ रखें; धूल से बिजली कम बनती है।
- नेट मीटर या सोलर वाले बिल के सवालों के लिए आईवीआरएस नंबर के साथ 1912 पर कॉल करें।`,
    summaryEn:
      "Rooftop solar: register with your IVRS number on the national rooftop solar portal or the DISCOM's official website, pick a registered vendor, get DISCOM approval, install, then the DISCOM fits a net meter. Central assistance under PM Surya Ghar is as per the scheme. Questions: 1912.",
    summaryHi:
      "रूफटॉप सोलर: आईवीआरएस नंबर से राष्ट्रीय पोर्टल या वेबसाइट पर पंजीयन, पंजीकृत वेंडर से सिस्टम, फिर नेट मीटर। जानकारी: 1912",
    keywords: [
      "solar rooftop",
      "net metering",
      "net meter",
      "PM Surya Ghar",
      "solar subsidy",
      "export import",
      "सोलर",
      "रूफटॉप सोलर",
      "नेट मीटर",
      "सूर्य घर योजना",
      "सोलर पैनल",
      "सोलर सब्सिडी",
    ],
    complaintCategories: ["new_connection", "meter", "billing"],
  },
  {
    slug: "subsidy-schemes",
    category: "schemes",
    titleEn: "Government subsidy schemes on electricity",
    titleHi: "बिजली पर सरकारी सब्सिडी योजनाएँ",
    bodyEn: `## What a subsidy is
The state government pays part of the electricity bill of some groups of consumers. The DISCOM shows it on the bill as a government subsidy line, and you pay the amount after subsidy.

## Who usually benefits
- **Domestic consumers with low monthly use**: the state's scheme for households (Atal Griha Jyoti Yojana) reduces the bill for eligible homes whose consumption stays within the limit the scheme sets.
- **Farmers**: agricultural pump connections get subsidised tariffs or support under state schemes.
- **Specific groups**: some schemes cover particular categories of consumers as the government decides.

The eligibility, the unit limits and the amounts are set by the state government and the tariff order, and they change from time to time. The agent checks the current scheme details and the caller's bill; no figures are quoted from memory.

## Common conditions
- The connection is in the right category for the scheme.
- Consumption in the month stays within the scheme's limit.
- Earlier dues may affect eligibility under some schemes.
- The connection should be in the name of the person using it.

## Subsidy missing from the bill
1. Check the bill's subsidy line and the units consumed that month.
2. If you think you are eligible and the subsidy was not applied, call 1912 with the consumer number (IVRS number); the agent registers a billing complaint to check it.

## Solar and other schemes
Central and state schemes also support rooftop solar for homes and solar pumps for farmers: see the article on rooftop solar, or ask the 1912 agent.

## Beware
No one from the DISCOM asks for money to enrol you in a subsidy scheme. Report such demands on 1912.`,
    bodyHi: `## सब्सिडी क्या है
राज्य सरकार कुछ उपभोक्ता वर्गों के बिजली बिल का एक हिस्सा चुकाती है। बिजली कंपनी इसे बिल पर सरकारी सब्सिडी की लाइन में दिखाती है, और आप सब्सिडी के बाद की राशि भरते हैं।

## आमतौर पर किसे लाभ मिलता है
- **कम खपत वाले घरेलू उपभोक्ता**: घरों के लिए राज्य की योजना (अटल गृह ज्योति योजना) उन पात्र घरों का बिल कम करती है जिनकी खपत योजना की तय सीमा में रहती है।
- **किसान**: खेती के पंप कनेक्शन को राज्य की योजनाओं में रियायती दर या सहायता मिलती है।
- **विशेष वर्ग**: सरकार के निर्णय के अनुसार कुछ योजनाएँ खास वर्गों के उपभोक्ताओं के लिए होती हैं।

पात्रता, यूनिट की सीमा और राशि राज्य सरकार और टैरिफ आदेश तय करते हैं, और समय-समय पर बदलती हैं। एजेंट योजना की मौजूदा जानकारी और कॉलर का बिल देखकर बताता है; कोई आँकड़ा याद से नहीं बताया जाता।

## आम शर्तें
- कनेक्शन योजना के लिए सही श्रेणी में हो।
- महीने की खपत योजना की सीमा में रहे।
- कुछ योजनाओं में पुराना बकाया पात्रता पर असर डाल सकता है।
- कनेक्शन उसी व्यक्ति के नाम हो जो उसका उपयोग करता है।

## बिल में सब्सिडी नहीं दिखी
1. बिल की सब्सिडी वाली लाइन और उस महीने के यूनिट देखें।
2. अगर आपको लगता है कि आप पात्र हैं और सब्सिडी नहीं लगी, तो उपभोक्ता नंबर (आईवीआरएस नंबर) के साथ 1912 पर कॉल करें; एजेंट जाँच के लिए बिल की शिकायत दर्ज करेगा।

## सोलर और अन्य योजनाएँ
केंद्र और राज्य की योजनाएँ घरों पर रूफटॉप सोलर और किसानों के लिए सोलर पंप में भी मदद करती हैं: रूफटॉप सोलर वाला लेख देखें, या 1912 के एजेंट से पूछें।

## सावधान
बिजली कंपनी का कोई कर्मचारी सब्सिडी योजना में नाम जोड़ने के लिए पैसे नहीं माँगता। ऐसी माँग की सूचना 1912 पर दें।`,
    summaryEn:
      "The state government pays part of the bill for eligible consumers, such as households with low monthly use and farmers; it shows as a subsidy line on the bill. Eligibility and amounts are set by the government and can change. Subsidy missing? Call 1912 with your IVRS number.",
    summaryHi:
      "पात्र घरेलू उपभोक्ताओं और किसानों को सरकारी सब्सिडी बिल पर दिखती है। सब्सिडी नहीं लगी तो आईवीआरएस नंबर के साथ 1912 पर कॉल करें।",
    keywords: [
      "subsidy",
      "government scheme",
      "Atal Griha Jyoti",
      "farmer subsidy",
      "subsidy missing",
      "सब्सिडी",
      "सरकारी योजना",
      "अटल गृह ज्योति",
      "किसान सब्सिडी",
      "सब्सिडी नहीं मिली",
      "छूट",
    ],
    complaintCategories: ["billing"],
  },
];
