import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors, IdParam, NoContent } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import {
  AssignBody,
  ConversationDetail,
  ConvertBody,
  Converted,
  InboxAgents,
  InboxQueue,
  InboxQueueQuery,
  InboxSettings,
  LinkBody,
  Replied,
  ReplyBody,
} from "./inbox.schemas.ts";
import type { ConversationRow, MessageRow } from "./inbox.service.ts";

export function presentConversation(r: ConversationRow, now: Date) {
  return {
    id: Number(r.id),
    channel: r.channel,
    senderHandle: r.sender_handle ?? r.sender_id,
    senderName: r.sender_name,
    visibility: r.visibility,
    status: r.status,
    language: r.language,
    assignee:
      r.assigned_to !== null && r.assignee_name !== null
        ? { id: Number(r.assigned_to), name: r.assignee_name }
        : null,
    consumer:
      r.consumer_no !== null
        ? { consumerNo: r.consumer_no, name: r.consumer_name ?? "", verified: r.consumer_verified }
        : null,
    dc:
      r.dc_code !== null ? { code: r.dc_code, nameEn: r.dc_name_en ?? "", nameHi: r.dc_name_hi ?? "" } : null,
    openedAt: r.opened_at.toISOString(),
    lastMessageAt: r.last_message_at.toISOString(),
    firstResponseDue: r.first_response_due?.toISOString() ?? null,
    firstRespondedAt: r.first_responded_at?.toISOString() ?? null,
    escalatedAt: r.escalated_at?.toISOString() ?? null,
    closedAt: r.closed_at?.toISOString() ?? null,
    overdue:
      (r.status === "new" || r.status === "open") &&
      r.first_responded_at === null &&
      r.first_response_due !== null &&
      r.first_response_due < now,
    preview: r.preview ? r.preview.slice(0, 200) : null,
    complaintCount: Number(r.complaint_count),
  };
}

function presentMessage(m: MessageRow) {
  return {
    id: Number(m.id),
    direction: m.direction,
    author: m.author,
    by: m.user_name,
    kind: m.kind,
    body: m.body,
    mediaUrl: m.media_url,
    status: m.status,
    error: m.error,
    at: m.at.toISOString(),
  };
}

/** The agents' inbox: the queue, one conversation, and what an agent does with it. */
export function inboxRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/inbox",
      {
        schema: {
          tags: ["inbox"],
          summary:
            "Conversations from WhatsApp, X, Facebook, Instagram, SMS and the portal in your jurisdiction, the most urgent first, with counts per status",
          querystring: InboxQueueQuery,
          response: { 200: InboxQueue, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const r = await services.inbox.queue(p, request.query);
        return {
          items: r.items.map((c) => presentConversation(c, r.now)),
          total: r.total,
          page: r.page,
          pageSize: r.pageSize,
          counts: r.counts,
          now: r.now.toISOString(),
        };
      },
    );

    app.get(
      "/api/inbox/agents",
      {
        schema: {
          tags: ["inbox"],
          summary: "Who may be given conversations (users who work the inbox, over your area)",
          response: { 200: InboxAgents, ...errors(401, 403) },
        },
      },
      async (request) => {
        const rows = await services.inbox.agents(await auth.principal(request));
        return { items: rows.map((u) => ({ id: Number(u.id), name: u.name, role: u.role })) };
      },
    );

    app.get(
      "/api/inbox/settings",
      {
        schema: {
          tags: ["inbox"],
          summary: "The inbox's first-response limit",
          response: { 200: InboxSettings, ...errors(401, 403) },
        },
      },
      async (request) => services.inbox.config(await auth.principal(request)),
    );

    app.put(
      "/api/inbox/settings",
      {
        schema: {
          tags: ["inbox"],
          summary: "Change the inbox's first-response limit (supervisors, admins)",
          body: InboxSettings,
          response: { 200: InboxSettings, ...errors(400, 401, 403) },
        },
      },
      async (request) => services.inbox.updateConfig(await auth.principal(request), request.body),
    );

    app.get(
      "/api/inbox/:id",
      {
        schema: {
          tags: ["inbox"],
          summary:
            "One conversation: its messages (images as links, each reply's delivery status), linked consumer and complaints, and the reply templates it allows",
          params: IdParam,
          response: { 200: ConversationDetail, ...errors(401, 403, 404) },
        },
      },
      async (request) => {
        const r = await services.inbox.get(await auth.principal(request), request.params.id);
        return {
          conversation: presentConversation(r.conversation, r.now),
          messages: r.messages.map(presentMessage),
          complaints: r.complaints.map((k) => ({
            number: k.number,
            status: k.status,
            channel: k.channel,
            category: { nameEn: k.category_name_en, nameHi: k.category_name_hi },
            registeredAt: k.registered_at.toISOString(),
          })),
          templates: r.templates,
          now: r.now.toISOString(),
        };
      },
    );

    app.post(
      "/api/inbox/:id/assign",
      {
        schema: {
          tags: ["inbox"],
          summary: "Take a conversation (no userId), or give it to an agent (supervisors)",
          params: IdParam,
          body: AssignBody,
          response: { 204: NoContent, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await services.inbox.assign(await auth.principal(request), request.params.id, request.body.userId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/inbox/:id/link",
      {
        schema: {
          tags: ["inbox"],
          summary: "Link the sender to a consumer (by consumer number): the conversation goes to his DC",
          params: IdParam,
          body: LinkBody,
          response: { 204: NoContent, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await services.inbox.link(await auth.principal(request), request.params.id, request.body.consumerNo);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/inbox/:id/convert",
      {
        schema: {
          tags: ["inbox"],
          summary:
            "Register a complaint from a message in one step: the category given, the message as description, the conversation's channel, the linked consumer (or the place given)",
          params: IdParam,
          body: ConvertBody,
          response: { 201: Converted, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const r = await services.inbox.convert(
          await auth.principal(request),
          request.params.id,
          request.body,
        );
        return reply.status(201).send({
          complaintNumber: r.complaint.number,
          outcome: r.outcome,
          channel: r.complaint.channel,
        });
      },
    );

    app.post(
      "/api/inbox/:id/reply",
      {
        schema: {
          tags: ["inbox"],
          summary:
            "Reply in the same channel: free text or a Hindi/English template (a public post only gets the templates asking to continue in private)",
          params: IdParam,
          body: ReplyBody,
          response: { 201: Replied, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const r = await services.inbox.reply(await auth.principal(request), request.params.id, request.body);
        return reply.status(201).send(r);
      },
    );

    app.post(
      "/api/inbox/:id/close",
      {
        schema: {
          tags: ["inbox"],
          summary: "Close a conversation (a new message from the sender opens a new one)",
          params: IdParam,
          response: { 204: NoContent, ...errors(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await services.inbox.close(await auth.principal(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
