import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type Action,
  type ActionResult,
  type BotState,
  type ConsumerRef,
  type Facts,
  INITIAL_STATE,
  type Input,
  MAX_CONSUMER_TRIES,
  normalise,
  parseState,
  type Step,
  type StepOutput,
  step,
  WORDS,
} from "./bot.machine.ts";

const MINE: ConsumerRef = { id: 1, no: "7001000001", dcId: 10 };
const SECOND: ConsumerRef = { id: 2, no: "7001000002", dcId: 10 };
const OTHER: ConsumerRef = { id: 3, no: "7001000003", dcId: 11 };
const CATEGORIES = [
  { code: "safety_hazard", nameEn: "Safety hazard", nameHi: "सुरक्षा खतरा" },
  { code: "no_supply", nameEn: "No supply", nameHi: "बिजली बंद" },
  { code: "meter", nameEn: "Meter", nameHi: "मीटर" },
];

const stranger: Facts = {
  language: "hi",
  timeZone: "Asia/Kolkata",
  senderConsumers: [],
  categories: CATEGORIES,
};
const owner: Facts = { ...stranger, senderConsumers: [MINE] };
const ownerOfTwo: Facts = { ...stranger, senderConsumers: [MINE, SECOND] };

const text = (t: string): Input => ({ kind: "text", text: t });
const result = (r: ActionResult): Input => ({ kind: "result", result: r });
const at = (s: BotState["step"], extra: Partial<BotState> = {}): BotState => ({
  ...INITIAL_STATE,
  step: s,
  ...extra,
});
const PRIVATE = new Set<Action["kind"]>(["complaint_status", "power_status", "last_bill"]);

/** Runs a conversation: texts, with the actions answered by `answer`; returns every output. */
function talk(
  facts: Facts,
  inputs: string[],
  answer: (a: Action) => ActionResult,
  start: BotState = INITIAL_STATE,
  lookup?: Facts["lookup"],
): { state: BotState; outs: StepOutput[]; replies: string[]; actions: Action[] } {
  let state = start;
  let language = facts.language;
  const outs: StepOutput[] = [];
  for (const t of inputs) {
    const f = { ...facts, language, lookup };
    let out = step(state, text(t), f);
    outs.push(out);
    const queue = [...out.actions];
    while (queue.length) {
      out = step(out.state, result(answer(queue.shift() as Action)), { ...f, language: out.language });
      outs.push(out);
      queue.push(...out.actions);
    }
    state = out.state;
    language = out.language;
  }
  return {
    state,
    outs,
    replies: outs.flatMap((o) => o.replies),
    actions: outs.flatMap((o) => o.actions),
  };
}

describe("the bot's words", () => {
  test("normalise: spaces, case, NFC and Devanagari digits", () => {
    assert.equal(normalise("  EN  "), "en");
    assert.equal(normalise("१२३ ४५६"), "123 456");
    assert.equal(normalise("Agent"), "agent");
  });

  test("a stored state that cannot be read starts afresh", () => {
    assert.deepEqual(parseState(null), INITIAL_STATE);
    assert.deepEqual(parseState("not json"), INITIAL_STATE);
    assert.deepEqual(parseState({ step: 5 }), { ...INITIAL_STATE });
    const s = at({ at: "ask_category" }, { lastMessageId: 7 });
    assert.deepEqual(parseState(JSON.parse(JSON.stringify(s))), s);
  });
});

describe("greeting, menu and language", () => {
  test("the first message gets the Hindi welcome and menu with the way to English", () => {
    const out = step(INITIAL_STATE, text("hello"), stranger);
    assert.equal(out.replies.length, 1);
    assert.match(out.replies[0] as string, /स्वागत/);
    assert.match(out.replies[0] as string, /English के लिए EN लिखें/);
    assert.equal(out.language, "hi");
    assert.deepEqual(out.state.step, { at: "menu" });
  });

  test("EN and English switch to English, HI and हिंदी back, from any step", () => {
    const steps: Step[] = [
      { at: "start" },
      { at: "menu" },
      { at: "ask_category" },
      { at: "confirm", category: "meter" },
      { at: "ask_consumer", intent: "bill", tries: 1 },
      { at: "choose_consumer", intent: "bill", options: [MINE, SECOND] },
      { at: "ask_otp", intent: "bill", consumer: OTHER, hash: "x", expiresAt: "2026-01-01T00:00:00Z" },
    ];
    for (const s of steps) {
      for (const word of ["EN", "english", "English"]) {
        const out = step(at(s), text(word), stranger);
        assert.equal(out.language, "en", `${word} at ${s.at}`);
        assert.equal(out.replies[0], WORDS.en.menu);
        assert.deepEqual(out.state.step, { at: "menu" });
      }
      for (const word of ["HI", "hindi", "हिंदी", "हिन्दी"]) {
        const out = step(at(s), text(word), { ...stranger, language: "en" });
        assert.equal(out.language, "hi", `${word} at ${s.at}`);
        assert.equal(out.replies[0], WORDS.hi.menu);
      }
    }
  });

  test("0, agent and एजेंट hand over from every step, and say so in his language", () => {
    const steps: Step[] = [
      { at: "start" },
      { at: "menu" },
      { at: "ask_category" },
      { at: "confirm", category: "meter" },
      { at: "ask_consumer", intent: "complaint", tries: 0 },
      { at: "choose_consumer", intent: "power", options: [MINE, SECOND] },
      { at: "ask_otp", intent: "power", consumer: OTHER, hash: "x", expiresAt: "2026-01-01T00:00:00Z" },
    ];
    for (const s of steps)
      for (const word of ["0", "agent", "AGENT", "एजेंट", " ० "]) {
        const out = step(at(s), text(word), stranger);
        assert.equal(out.handover, true, `${word} at ${s.at}`);
        assert.deepEqual(out.replies, [WORDS.hi.handover]);
        assert.deepEqual(out.actions, []);
        const en = step(at(s), text(word), { ...stranger, language: "en" });
        assert.deepEqual(en.replies, [WORDS.en.handover]);
      }
  });

  test("# and menu go back to the menu from any step; unknown text at the menu repeats it", () => {
    for (const s of [
      { at: "ask_category" },
      { at: "confirm", category: "meter" },
      { at: "ask_consumer", intent: "complaint", tries: 2 },
    ] as Step[]) {
      const out = step(at(s), text("#"), stranger);
      assert.deepEqual(out.state.step, { at: "menu" });
      assert.deepEqual(out.replies, [WORDS.hi.menu]);
    }
    for (const junk of ["what?", "9", "", "6", "<script>", "x".repeat(5000)]) {
      const out = step(at({ at: "menu" }), text(junk), stranger);
      assert.deepEqual(out.state.step, { at: "menu" });
      assert.equal(out.replies.length, 1);
      assert.ok(out.replies[0]?.startsWith(WORDS.hi.notUnderstood), junk);
      assert.ok(out.replies[0]?.endsWith(WORDS.hi.menu));
      assert.deepEqual(out.actions, []);
      assert.equal(out.handover, false);
    }
  });

  test("5 (new connection) asks for the sender's own applications, naming nobody, and answers each in his language", () => {
    for (const facts of [owner, stranger]) {
      const out = step(at({ at: "menu" }), text("5"), facts);
      assert.deepEqual(out.actions, [{ kind: "connection_status" }]);
      assert.deepEqual(out.state.step, { at: "menu" });
    }
    const line = {
      number: "NCTR2612000001",
      status: "demand_note_issued" as const,
      nextStep: { en: "Pay Rs 3,200 online.", hi: "रु 3,200 ऑनलाइन जमा करें।" },
    };
    const hi = step(at({ at: "menu" }), result({ kind: "applications", items: [line] }), stranger);
    assert.equal(
      hi.replies[0],
      `${WORDS.hi.applicationsHead}\nNCTR2612000001: माँग पत्र जारी, भुगतान बाकी।\nअगला कदम: रु 3,200 ऑनलाइन जमा करें।\n${WORDS.hi.backToMenu}`,
    );
    const en = step(at({ at: "menu" }), result({ kind: "applications", items: [line] }), {
      ...stranger,
      language: "en",
    });
    assert.match(
      en.replies[0] as string,
      /NCTR2612000001: demand note issued, payment due\.\nNext: Pay Rs 3,200/,
    );
    const none = step(at({ at: "menu" }), result({ kind: "applications", items: [] }), {
      ...stranger,
      applyUrl: "https://pd.example.in/portal/apply",
    });
    assert.match(none.replies[0] as string, /https:\/\/pd\.example\.in\/portal\/apply/);
    assert.match(none.replies[0] as string, /1912/);
    const noUrl = step(at({ at: "menu" }), result({ kind: "applications", items: [] }), stranger);
    assert.match(noUrl.replies[0] as string, /1912/);
  });

  test("a menu number as the very first message is obeyed", () => {
    const out = step(INITIAL_STATE, text("3"), owner);
    assert.deepEqual(out.actions, [{ kind: "power_status", consumer: MINE }]);
  });
});

describe("who is writing", () => {
  test("his WhatsApp number is the verified mobile of one consumer: verified at once, answers straight away", () => {
    for (const [option, kind] of [
      ["2", "complaint_status"],
      ["3", "power_status"],
      ["4", "last_bill"],
    ] as const) {
      const out = step(at({ at: "menu" }), text(option), owner);
      assert.deepEqual(out.actions, [{ kind, consumer: MINE }]);
      assert.deepEqual(out.state.consumer, { ...MINE, verified: true });
    }
  });

  test("a number verified for several consumers chooses one, by position or consumer number", () => {
    const first = step(at({ at: "menu" }), text("4"), ownerOfTwo);
    assert.equal(first.state.step.at, "choose_consumer");
    assert.match(first.replies[0] as string, /1 7001000001\n2 7001000002/);
    assert.deepEqual(first.actions, []);
    const byPosition = step(first.state, text("2"), ownerOfTwo);
    assert.deepEqual(byPosition.actions, [{ kind: "last_bill", consumer: SECOND }]);
    assert.deepEqual(byPosition.state.consumer, { ...SECOND, verified: true });
    const byNumber = step(first.state, text("7001000001"), ownerOfTwo);
    assert.deepEqual(byNumber.actions, [{ kind: "last_bill", consumer: MINE }]);
    const wrong = step(first.state, text("7"), ownerOfTwo);
    assert.equal(wrong.state.step.at, "choose_consumer");
    assert.deepEqual(wrong.actions, []);
    // Someone else's consumer number is not one of the choices.
    const other = step(first.state, text(OTHER.no), ownerOfTwo);
    assert.deepEqual(other.actions, []);
  });

  test("a stranger asking for status, power or bill is asked for a consumer number and gets a code to its mobile", () => {
    for (const option of ["2", "3", "4"]) {
      const asked = step(at({ at: "menu" }), text(option), stranger);
      assert.deepEqual(asked.actions, []);
      assert.equal(asked.state.step.at, "ask_consumer");
      assert.equal(asked.replies[0], WORDS.hi.askConsumerVerify);
      const typed = step(asked.state, text(OTHER.no), {
        ...stranger,
        lookup: { found: "one", consumer: OTHER, hasVerifiedMobile: true },
      });
      assert.deepEqual(typed.actions, [{ kind: "send_otp", consumer: OTHER }]);
      assert.equal(typed.state.step.at, "ask_otp");
      assert.equal(typed.state.consumer, null, "not his until he reads the code back");
      assert.deepEqual(typed.replies, [], "the reply waits for the code to go");
    }
  });

  test("a consumer with no verified mobile cannot be verified by code", () => {
    const out = step(at({ at: "ask_consumer", intent: "bill", tries: 0 }), text(OTHER.no), {
      ...stranger,
      lookup: { found: "one", consumer: OTHER, hasVerifiedMobile: false },
    });
    assert.deepEqual(out.actions, []);
    assert.ok(out.replies[0]?.startsWith(WORDS.hi.noMobile));
    assert.deepEqual(out.state.step, { at: "menu" });
  });

  test("unknown consumer numbers: asked again, then back to the menu after the tries", () => {
    let state = at({ at: "ask_consumer", intent: "status", tries: 0 });
    for (let i = 1; i < MAX_CONSUMER_TRIES; i++) {
      const out = step(state, text("12345678"), { ...stranger, lookup: { found: "none" } });
      assert.deepEqual(out.replies, [WORDS.hi.consumerNotFound]);
      assert.deepEqual(out.state.step, { at: "ask_consumer", intent: "status", tries: i });
      state = out.state;
    }
    const last = step(state, text("12345678"), { ...stranger, lookup: { found: "none" } });
    assert.deepEqual(last.state.step, { at: "menu" });
    assert.ok(last.replies[0]?.startsWith(WORDS.hi.tooManyTries));
    // Text that cannot be a consumer number counts as a wrong try, whatever the lookup says.
    const words = step(at({ at: "ask_consumer", intent: "status", tries: 0 }), text("मेरा बिल"), {
      ...stranger,
      lookup: { found: "one", consumer: OTHER, hasVerifiedMobile: true },
    });
    assert.deepEqual(words.actions, []);
    assert.equal(words.state.step.at, "ask_consumer");
  });

  test("the code: sent, wrong (tries left), right (verified, then the answer asked for)", () => {
    const waiting = at({ at: "ask_otp", intent: "power", consumer: OTHER, hash: "", expiresAt: "" });
    const sent = step(
      waiting,
      result({ kind: "otp_sent", hash: "h", expiresAt: "2026-12-03T06:00:00.000Z" }),
      stranger,
    );
    assert.deepEqual(sent.state.step, {
      at: "ask_otp",
      intent: "power",
      consumer: OTHER,
      hash: "h",
      expiresAt: "2026-12-03T06:00:00.000Z",
    });
    assert.match(sent.replies[0] as string, /6 अंकों का कोड/);
    assert.doesNotMatch(sent.replies[0] as string, /\d{4}/, "no digits of his mobile");

    const notACode = step(sent.state, text("kab aayega"), stranger);
    assert.deepEqual(notACode.actions, []);
    assert.equal(notACode.state.step.at, "ask_otp");

    const typed = step(sent.state, text("123 456"), stranger);
    assert.deepEqual(typed.actions, [
      { kind: "check_otp", code: "123456", hash: "h", expiresAt: "2026-12-03T06:00:00.000Z" },
    ]);
    const wrong = step(typed.state, result({ kind: "otp_wrong", left: 2 }), stranger);
    assert.deepEqual(wrong.replies, [WORDS.hi.otpWrong(2)]);
    assert.equal(wrong.state.step.at, "ask_otp");
    assert.equal(wrong.state.consumer, null);

    const ok = step(typed.state, result({ kind: "otp_ok" }), stranger);
    assert.deepEqual(ok.state.consumer, { ...OTHER, verified: true });
    assert.deepEqual(ok.actions, [{ kind: "power_status", consumer: OTHER }]);
    assert.equal(ok.replies[0], WORDS.hi.verified(OTHER.no));
  });

  test("a code refused, expired or locked ends at the menu, unverified", () => {
    const s = at({ at: "ask_otp", intent: "bill", consumer: OTHER, hash: "h", expiresAt: "x" });
    for (const r of [
      { kind: "otp_refused", reason: "throttled" },
      { kind: "otp_refused", reason: "no_mobile" },
      { kind: "otp_expired" },
      { kind: "otp_locked" },
    ] as ActionResult[]) {
      const out = step(s, result(r), stranger);
      assert.deepEqual(out.state.step, { at: "menu" }, r.kind);
      assert.equal(out.state.consumer, null);
      assert.deepEqual(out.actions, []);
    }
  });

  test("a stranger never gets a private answer without a right code, whatever he types (every path to depth 5)", () => {
    const alphabet = ["hi", "EN", "1", "2", "3", "4", "5", "#", OTHER.no, "123456", "1", "2", "junk", "एजेंट"];
    const answer = (a: Action): ActionResult =>
      a.kind === "send_otp"
        ? { kind: "otp_sent", hash: "h", expiresAt: "2030-01-01T00:00:00Z" }
        : a.kind === "check_otp"
          ? { kind: "otp_wrong", left: 1 }
          : a.kind === "create_complaint"
            ? { kind: "complaint_created", number: "C1", repeat: false, joinedOutage: false, outageEtr: null }
            : { kind: "failed" };
    const lookup: Facts["lookup"] = { found: "one", consumer: OTHER, hasVerifiedMobile: true };
    let paths = 0;
    const walk = (state: BotState, language: "hi" | "en", depth: number) => {
      if (depth === 0) return;
      for (const t of alphabet) {
        const r = talk({ ...stranger, language }, [t], answer, state, lookup);
        paths++;
        for (const a of r.actions) assert.ok(!PRIVATE.has(a.kind), `private ${a.kind} after ${t}`);
        // Option 5 names no number: the service answers only for the sender's own mobile.
        for (const a of r.actions) if (a.kind === "connection_status") assert.deepEqual(a, { kind: a.kind });
        assert.ok(r.state.consumer === null || r.state.consumer.verified === false);
        assert.ok(r.replies.length > 0, `"${t}" at ${state.step.at} gets an answer`);
        if (!r.outs.some((o) => o.handover)) walk(r.state, r.outs.at(-1)?.language ?? language, depth - 1);
      }
    };
    walk(INITIAL_STATE, "hi", 5);
    assert.ok(paths > 100_000, `${paths} paths`);
  });
  test("an owner's private answers are only ever about his own connections (every path to depth 4, one and two connections)", () => {
    const alphabet = ["1", "2", "3", "4", "5", "#", "EN", "2", "1", OTHER.no, SECOND.no, "123456", "हाँ", "x"];
    const answer = (a: Action): ActionResult =>
      a.kind === "send_otp"
        ? { kind: "otp_sent", hash: "h", expiresAt: "2030-01-01T00:00:00Z" }
        : a.kind === "check_otp"
          ? { kind: "otp_wrong", left: 1 }
          : a.kind === "create_complaint"
            ? { kind: "complaint_created", number: "C1", repeat: false, joinedOutage: false, outageEtr: null }
            : { kind: "complaints", items: [] };
    for (const facts of [owner, ownerOfTwo]) {
      const mine = new Set(facts.senderConsumers.map((c) => c.id));
      let paths = 0;
      const walk = (state: BotState, language: "hi" | "en", depth: number) => {
        if (depth === 0) return;
        for (const t of alphabet) {
          const r = talk({ ...facts, language }, [t], answer, state, {
            found: "one",
            consumer: OTHER,
            hasVerifiedMobile: true,
          });
          paths++;
          for (const a of r.actions)
            if (PRIVATE.has(a.kind))
              assert.ok(mine.has((a as { consumer: ConsumerRef }).consumer.id), a.kind);
          if (r.state.consumer?.verified) assert.ok(mine.has(r.state.consumer.id));
          assert.ok(r.replies.length > 0, `"${t}" at ${state.step.at} gets an answer`);
          if (!r.outs.some((o) => o.handover)) walk(r.state, r.outs.at(-1)?.language ?? language, depth - 1);
        }
      };
      walk(INITIAL_STATE, "hi", 4);
      assert.ok(paths > 30_000, `${paths} paths`);
    }
  });
});

describe("registering a complaint", () => {
  test("a stranger with a consumer number: category menu in Hindi, confirm, registered as not verified", () => {
    const r = talk(
      stranger,
      ["नमस्ते", "1", OTHER.no, "2", "हाँ"],
      (a) => {
        assert.deepEqual(a, {
          kind: "create_complaint",
          consumer: OTHER,
          category: "no_supply",
          verified: false,
        });
        return {
          kind: "complaint_created",
          number: "TDC1261203001",
          repeat: false,
          joinedOutage: false,
          outageEtr: null,
        };
      },
      INITIAL_STATE,
      { found: "one", consumer: OTHER, hasVerifiedMobile: true },
    );
    assert.equal(r.replies[1], WORDS.hi.askConsumerComplaint);
    assert.equal(r.replies[2], "शिकायत का प्रकार चुनें, नंबर भेजें:\n1 सुरक्षा खतरा\n2 बिजली बंद\n3 मीटर");
    assert.match(r.replies[3] as string, /"बिजली बंद"/);
    assert.match(r.replies[4] as string, /शिकायत क्रमांक: TDC1261203001/);
    assert.deepEqual(r.state.step, { at: "menu" });
    assert.deepEqual(r.state.consumer, { ...OTHER, verified: false });
  });

  test("a registered mobile as typed finds its consumer; one mobile of several consumers asks for the number", () => {
    const one = step(at({ at: "ask_consumer", intent: "complaint", tries: 0 }), text("98260 11111"), {
      ...stranger,
      lookup: { found: "one", consumer: OTHER, hasVerifiedMobile: true },
    });
    assert.equal(one.state.step.at, "ask_category");
    const several = step(at({ at: "ask_consumer", intent: "complaint", tries: 0 }), text("9826011111"), {
      ...stranger,
      lookup: { found: "several" },
    });
    assert.deepEqual(several.replies, [WORDS.hi.consumerSeveral]);
  });

  test("the owner goes straight to the categories; his own connection is verified", () => {
    const out = step(at({ at: "menu" }), text("1"), owner);
    assert.equal(out.state.step.at, "ask_category");
    const r = talk(
      owner,
      ["1", "3", "1"],
      () => ({
        kind: "complaint_created",
        number: "N1",
        repeat: false,
        joinedOutage: true,
        outageEtr: new Date("2026-12-03T13:30:00Z"),
      }),
      at({ at: "menu" }),
    );
    assert.deepEqual(r.actions, [
      { kind: "create_complaint", consumer: MINE, category: "meter", verified: true },
    ]);
    const last = r.replies.at(-1) as string;
    assert.match(last, /N1/);
    assert.match(last, /बहाली का अनुमानित समय: 3 दिस॰, शाम 7:00/);
  });

  test("a complaint for another connection by the owner of one stays unverified for it", () => {
    const r = step(at({ at: "ask_consumer", intent: "complaint", tries: 0 }), text(OTHER.no), {
      ...owner,
      lookup: { found: "one", consumer: OTHER, hasVerifiedMobile: true },
    });
    assert.deepEqual(r.state.consumer, { ...OTHER, verified: false });
    // ...and the next message does not swap it for his own.
    const next = step(r.state, text("1"), owner);
    assert.deepEqual(next.state.consumer, { ...OTHER, verified: false });
    assert.equal(next.state.step.at, "confirm");
  });

  test("a wrong category number asks again; 2 at the confirmation cancels; a repeat says so", () => {
    const s = at({ at: "ask_category" }, { consumer: { ...MINE, verified: true } });
    for (const bad of ["0x", "4", "-1", "1.5", "abc"]) {
      const out = step(s, text(bad), owner);
      assert.equal(out.state.step.at, "ask_category", bad);
      assert.deepEqual(out.actions, []);
    }
    const c = at({ at: "confirm", category: "meter" }, { consumer: { ...MINE, verified: true } });
    const no = step(c, text("नहीं"), owner);
    assert.deepEqual(no.actions, []);
    assert.ok(no.replies[0]?.startsWith(WORDS.hi.cancelled));
    const unclear = step(c, text("maybe"), owner);
    assert.equal(unclear.state.step.at, "confirm");
    const repeat = step(
      c,
      result({ kind: "complaint_created", number: "R9", repeat: true, joinedOutage: false, outageEtr: null }),
      owner,
    );
    assert.match(repeat.replies[0] as string, /R9 पहले से दर्ज/);
    for (const reason of ["throttled", "failed"] as const) {
      const refused = step(c, result({ kind: "complaint_refused", reason }), owner);
      assert.deepEqual(refused.state.step, { at: "menu" });
    }
  });
});

describe("answers", () => {
  const verified = at({ at: "menu" }, { consumer: { ...MINE, verified: true } });

  test("complaint status in words, newest first as given; none", () => {
    const out = step(
      verified,
      result({
        kind: "complaints",
        items: [
          {
            number: "A1",
            status: "assigned",
            categoryEn: "No supply",
            categoryHi: "बिजली बंद",
            registeredAt: new Date("2026-12-03T05:00:00Z"),
          },
          {
            number: "A0",
            status: "resolved",
            categoryEn: "Meter",
            categoryHi: "मीटर",
            registeredAt: new Date("2026-11-20T05:00:00Z"),
          },
        ],
      }),
      owner,
    );
    assert.match(out.replies[0] as string, /A1 \(बिजली बंद\): लाइनमैन को सौंपी गई/);
    assert.match(out.replies[0] as string, /A0 \(मीटर\): समाधान हो गया/);
    const en = step(verified, result({ kind: "complaints", items: [] }), { ...owner, language: "en" });
    assert.deepEqual(en.replies, [WORDS.en.noComplaints]);
  });

  test("power: the outage with its ETR, or none (with the way to complain)", () => {
    const out = step(
      verified,
      result({
        kind: "power",
        outage: {
          areaEn: "Station Road DT 1",
          areaHi: "स्टेशन रोड डीटी 1",
          since: new Date("2026-12-03T10:00:00Z"),
          etr: new Date("2026-12-03T13:30:00Z"),
          planned: false,
        },
      }),
      owner,
    );
    assert.match(out.replies[0] as string, /स्टेशन रोड डीटी 1/);
    assert.match(out.replies[0] as string, /बहाली का अनुमानित समय: 3 दिस॰, शाम 7:00/);
    const noEtr = step(
      verified,
      result({
        kind: "power",
        outage: { areaEn: "F", areaHi: "F", since: new Date(), etr: null, planned: true },
      }),
      { ...owner, language: "en" },
    );
    assert.match(noEtr.replies[0] as string, /^Planned shutdown: .*not set yet/);
    const none = step(verified, result({ kind: "power", outage: null }), owner);
    assert.deepEqual(none.replies, [WORDS.hi.noOutage]);
  });

  test("bill: amount, due date, state and pay link; none", () => {
    const out = step(
      verified,
      result({
        kind: "bill",
        bill: {
          month: "2026-11-01",
          amount: "1245.50",
          dueDate: "2026-12-15",
          link: "https://pay.example.in/b/x",
          status: "unpaid",
        },
      }),
      { ...owner, language: "en" },
    );
    assert.equal(
      out.replies[0],
      "Bill Nov 2026: Rs 1,245.50, due 15 Dec 2026 (unpaid).\nPay online: https://pay.example.in/b/x\nSend # for the menu.",
    );
    const none = step(verified, result({ kind: "bill", bill: null }), owner);
    assert.match(none.replies[0] as string, /कोई बिल नहीं/);
  });

  test("an action that failed says so and goes back to the menu", () => {
    const out = step(verified, result({ kind: "failed" }), owner);
    assert.ok(out.replies[0]?.startsWith(WORDS.hi.failed));
    assert.deepEqual(out.state.step, { at: "menu" });
  });

  test("a result that comes when the bot is no longer waiting for it changes nothing", () => {
    for (const r of [{ kind: "otp_sent", hash: "h", expiresAt: "x" }, { kind: "otp_ok" }] as ActionResult[]) {
      const out = step(verified, result(r), owner);
      assert.deepEqual(out.state.step, { at: "menu" });
      assert.deepEqual(out.actions, []);
    }
  });
});
