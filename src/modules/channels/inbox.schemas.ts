// The inbox's API: request and response shapes. Imports only typebox, schema and constants files: the
// web type-checks against this file.
import { type Static, Type } from "typebox";
import {
  CONVERSATION_CHANNELS,
  CONVERSATION_STATUSES,
  CONVERSATION_VISIBILITIES,
  LANGUAGES,
  MESSAGE_AUTHORS,
  MESSAGE_DIRECTIONS,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
} from "../../db/schema.constants.ts";
import { DateTime, Nullable, OrgRef, Strict, StringEnum } from "../../http/schemas.ts";
import { INBOX_STATUS_FILTERS, REPLY_TEMPLATE_CODES } from "./inbox.constants.ts";

export const InboxQueueQuery = Type.Object(
  {
    status: Type.Optional(
      StringEnum(INBOX_STATUS_FILTERS, { description: "active (default): new, open and waiting" }),
    ),
    channel: Type.Optional(StringEnum(CONVERSATION_CHANNELS)),
    mine: Type.Optional(Type.Boolean({ description: "assigned to me" })),
    overdue: Type.Optional(Type.Boolean({ description: "unanswered past the first-response limit" })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  Strict,
);
export type InboxQueueQuery = Static<typeof InboxQueueQuery>;

export const ConversationDto = Type.Object({
  id: Type.Integer(),
  channel: StringEnum(CONVERSATION_CHANNELS),
  senderHandle: Nullable(Type.String({ description: "the @handle, page name or number shown to agents" })),
  senderName: Nullable(Type.String()),
  visibility: StringEnum(CONVERSATION_VISIBILITIES),
  status: StringEnum(CONVERSATION_STATUSES),
  language: StringEnum(LANGUAGES),
  assignee: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  consumer: Nullable(
    Type.Object({ consumerNo: Type.String(), name: Type.String(), verified: Type.Boolean() }),
  ),
  dc: Nullable(OrgRef),
  openedAt: DateTime,
  lastMessageAt: DateTime,
  firstResponseDue: Nullable(DateTime),
  firstRespondedAt: Nullable(DateTime),
  escalatedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  overdue: Type.Boolean({ description: "unanswered past its first-response limit" }),
  preview: Nullable(Type.String({ description: "the consumer's latest message" })),
  complaintCount: Type.Integer(),
});
export type ConversationDto = Static<typeof ConversationDto>;

export const InboxCounts = Type.Object({
  new: Type.Integer(),
  open: Type.Integer(),
  waiting: Type.Integer(),
  overdue: Type.Integer(),
  mine: Type.Integer(),
});

export const InboxQueue = Type.Object({
  items: Type.Array(ConversationDto),
  total: Type.Integer({ description: "conversations matching the filter, counted up to 10,000" }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  counts: InboxCounts,
  now: DateTime,
});
export type InboxQueue = Static<typeof InboxQueue>;

export const MessageDto = Type.Object({
  id: Type.Integer(),
  direction: StringEnum(MESSAGE_DIRECTIONS),
  author: StringEnum(MESSAGE_AUTHORS),
  by: Nullable(Type.String({ description: "the agent who replied" })),
  kind: StringEnum(MESSAGE_KINDS),
  body: Type.String(),
  mediaUrl: Nullable(Type.String({ description: "an image or file, as a link" })),
  status: StringEnum(MESSAGE_STATUSES),
  error: Nullable(Type.String()),
  at: DateTime,
});

export const ConversationDetail = Type.Object({
  conversation: ConversationDto,
  messages: Type.Array(MessageDto),
  complaints: Type.Array(
    Type.Object({
      number: Type.String(),
      status: Type.String(),
      channel: Type.String(),
      category: Type.Object({ nameEn: Type.String(), nameHi: Type.String() }),
      registeredAt: DateTime,
    }),
  ),
  templates: Type.Array(
    Type.Object({
      code: StringEnum(REPLY_TEMPLATE_CODES),
      text: Type.String({ description: "in the conversation's language, with its latest complaint number" }),
    }),
  ),
  now: DateTime,
});
export type ConversationDetail = Static<typeof ConversationDetail>;

export const AssignBody = Type.Object(
  {
    userId: Type.Optional(
      Nullable(Type.Integer({ minimum: 1, description: "absent: to yourself; null: nobody" })),
    ),
  },
  Strict,
);

export const LinkBody = Type.Object(
  { consumerNo: Type.String({ minLength: 1, maxLength: 20, description: "the consumer the sender is" }) },
  Strict,
);

export const ConvertBody = Type.Object(
  {
    messageId: Type.Optional(
      Type.Integer({ minimum: 1, description: "the consumer's latest message if absent" }),
    ),
    categoryCode: Type.String({ minLength: 1, maxLength: 40 }),
    subcategoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    description: Type.Optional(Type.String({ maxLength: 2000, description: "the message's text if absent" })),
    dtCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    feederCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    dcCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    location: Type.Optional(Type.String({ maxLength: 300 })),
  },
  Strict,
);
export type ConvertBody = Static<typeof ConvertBody>;

export const Converted = Type.Object({
  complaintNumber: Type.String(),
  outcome: StringEnum(["created", "repeat_call", "replayed"]),
  channel: Type.String(),
});

export const ReplyBody = Type.Object(
  {
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    template: Type.Optional(StringEnum(REPLY_TEMPLATE_CODES)),
    complaintNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
  },
  Strict,
);
export type ReplyBody = Static<typeof ReplyBody>;

export const Replied = Type.Object({ messageId: Type.Integer(), body: Type.String() });

export const InboxAgents = Type.Object({
  items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), role: Type.String() })),
});

export const InboxSettings = Type.Object(
  {
    firstResponseMinutes: Type.Integer({
      minimum: 1,
      maximum: 1440,
      description: "minutes to a conversation's first answer before the supervisors hear of it",
    }),
  },
  Strict,
);
