// The inbox's value lists and reply templates: dependency-free, so the web
// type-checks against them (through contract.ts) and tests read them.

/** Queue filters by status: "active" is every conversation an agent may still act on. */
export const INBOX_STATUS_FILTERS = ["active", "new", "open", "waiting", "closed"] as const;
export type InboxStatusFilter = (typeof INBOX_STATUS_FILTERS)[number];

/**
 * The agents' reply templates, Hindi and English, chosen by the
 * conversation's language. `{number}` is a complaint of the conversation.
 * `public`: the only replies allowed on a public post (an X mention, a
 * Facebook comment): they ask the person to continue in private and carry at
 * most the complaint number, never a name, mobile, address or consumer number.
 */
export const REPLY_TEMPLATES = {
  public_continue: {
    public: true,
    needsNumber: false,
    en: "We are sorry for the trouble. Please send us a direct message or write on WhatsApp to 1912 so we can help you. Do not post your mobile or consumer number here.",
    hi: "असुविधा के लिए खेद है। कृपया हमें डायरेक्ट मैसेज करें या 1912 पर WhatsApp करें, ताकि हम आपकी सहायता कर सकें। अपना मोबाइल या उपभोक्ता क्रमांक यहाँ न लिखें।",
  },
  public_registered: {
    public: true,
    needsNumber: true,
    en: "Your complaint {number} is registered. Please continue in a direct message or on WhatsApp at 1912 for updates.",
    hi: "आपकी शिकायत {number} दर्ज हो गई है। जानकारी के लिए कृपया डायरेक्ट मैसेज या 1912 पर WhatsApp में बात करें।",
  },
  ask_consumer_no: {
    public: false,
    needsNumber: false,
    en: "Please send your consumer number (it is printed on your electricity bill) so that we can register your complaint.",
    hi: "कृपया अपना उपभोक्ता क्रमांक भेजें (यह आपके बिजली बिल पर छपा है), ताकि हम आपकी शिकायत दर्ज कर सकें।",
  },
  registered: {
    public: false,
    needsNumber: true,
    en: "Your complaint {number} is registered and sent to the field team. You will get an SMS when it is resolved. You can also call 1912.",
    hi: "आपकी शिकायत {number} दर्ज होकर फील्ड टीम को भेज दी गई है। समाधान होने पर आपको SMS मिलेगा। आप 1912 पर कॉल भी कर सकते हैं।",
  },
  resolved: {
    public: false,
    needsNumber: true,
    en: "Complaint {number} is resolved. If the problem remains, reply here or call 1912.",
    hi: "शिकायत {number} का समाधान हो गया है। समस्या बनी रहे तो यहाँ उत्तर दें या 1912 पर कॉल करें।",
  },
  thanks: {
    public: false,
    needsNumber: false,
    en: "Thank you for contacting us. For anything more, write here or call 1912.",
    hi: "हमसे संपर्क करने के लिए धन्यवाद। कुछ और हो तो यहाँ लिखें या 1912 पर कॉल करें।",
  },
} as const;
export type ReplyTemplate = keyof typeof REPLY_TEMPLATES;
export const REPLY_TEMPLATE_CODES = Object.keys(REPLY_TEMPLATES) as ReplyTemplate[];

/** Default minutes to a conversation's first answer before it is escalated (app_settings `inbox.first_response_minutes`). */
export const DEFAULT_FIRST_RESPONSE_MINUTES = 30;
