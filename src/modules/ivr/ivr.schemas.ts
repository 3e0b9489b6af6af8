// The IVR API's request and response shapes (the telephony platform's side of issue 14 §3).
// Imports only typebox and schema/constants files: the web type-checks against this file.
import { type Static, Type } from "typebox";
import { IVR_OUTCOMES, OUTAGE_KINDS, OUTAGE_SCOPES } from "../../db/schema.constants.ts";
import { DateTime, Nullable, Strict, StringEnum } from "../../http/schemas.ts";

const Caller = Type.String({
  minLength: 1,
  maxLength: 32,
  description: "the calling number as the platform sends it: +91 98765 43210, 09876543210, 9876543210",
});

export const IvrLookupBody = Type.Object({ caller: Caller }, Strict);

export const IvrRegisterBody = Type.Object(
  {
    caller: Caller,
    digit: Type.String({
      minLength: 1,
      maxLength: 1,
      description:
        "the key pressed: 1 registers (one connection, or the one named by consumerNo/index); with several " +
        "connections and neither given, the digit is the connection's place in the list; anything else queues for an agent",
    }),
    consumerNo: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    index: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 9, description: "the connection's place in the lookup's list" }),
    ),
    language: Type.Optional(StringEnum(["hi", "en"] as const)),
  },
  Strict,
);
export type IvrRegisterBody = Static<typeof IvrRegisterBody>;

export const IvrMissedCallBody = Type.Object({ caller: Caller }, Strict);

const Bilingual = Type.Object({ hi: Type.String(), en: Type.String() });

const IvrOutage = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(OUTAGE_KINDS),
  scope: StringEnum(OUTAGE_SCOPES),
  status: Type.String(),
  startedAt: DateTime,
  etr: Nullable(DateTime),
  etrText: Nullable(Bilingual),
});

const Outcome = StringEnum(IVR_OUTCOMES);

export const IvrLookupDto = Type.Object({
  callId: Type.Integer(),
  caller: Type.String({ description: "masked" }),
  known: Type.Boolean({ description: "the number is a registered mobile of at least one consumer" }),
  route: StringEnum(["outage", "agent"] as const, {
    description: "outage: answer with the known outage (then offer the key press); agent: queue for an agent",
  }),
  offerRegister: Type.Boolean({
    description: 'offer "press 1 to register a no-supply complaint without waiting for an agent"',
  }),
  consumers: Type.Array(
    Type.Object({
      index: Type.Integer({ description: "the digit that registers for this connection" }),
      consumerNo: Type.String(),
      outage: Nullable(IvrOutage),
      openComplaint: Nullable(Type.String()),
      offerRegister: Type.Boolean(),
    }),
  ),
  outage: Nullable(IvrOutage),
  prompts: Bilingual,
  outcome: Outcome,
});
export type IvrLookupDto = Static<typeof IvrLookupDto>;

export const IvrRegisterDto = Type.Object({
  callId: Type.Integer(),
  outcome: Outcome,
  route: StringEnum(["agent", "done"] as const, { description: "done: say the prompt and hang up" }),
  complaintNumber: Nullable(Type.String()),
  consumerNo: Nullable(Type.String()),
  outage: Nullable(IvrOutage),
  prompts: Bilingual,
});

export const IvrMissedCallDto = Type.Object({
  callId: Type.Integer(),
  outcome: Outcome,
  complaintNumber: Nullable(Type.String()),
  smsQueued: Type.Boolean(),
});

export const IvrStatsQuery = Type.Object(
  {
    from: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "first day, YYYY-MM-DD" }),
    to: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "last day, YYYY-MM-DD (included)" }),
  },
  Strict,
);

const OutcomeCounts = Type.Object(Object.fromEntries(IVR_OUTCOMES.map((o) => [o, Type.Integer()])));

export const IvrStatsDto = Type.Object({
  from: Type.String(),
  to: Type.String(),
  days: Type.Array(
    Type.Object({
      day: Type.String(),
      calls: Type.Integer(),
      answered: Type.Integer({
        description: "outage answers and complaints registered or joined by a key press",
      }),
      missedCalls: Type.Integer(),
      lookup: OutcomeCounts,
      register: OutcomeCounts,
      missed_call: OutcomeCounts,
    }),
  ),
});
export type IvrStatsDto = Static<typeof IvrStatsDto>;
