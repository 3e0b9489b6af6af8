import type { Kysely } from "kysely";
import type { DB, Language } from "../../db/schema.ts";
import { OutboxRepository } from "./outbox.repository.ts";
import { RecipientsRepository } from "./recipients.repository.ts";
import { renderSms, type SmsTemplate } from "./sms-templates.ts";

/** One SMS to one recipient, about one record. */
export interface SmsToSend {
  template: SmsTemplate;
  language: Language;
  /** The template's variables except `company`: the signature is added here. */
  variables: Record<string, string>;
  recipient: string;
  /** A message queued before with the same key is not queued again. */
  dedupKey: string;
  urgent: boolean;
  relatedType: string;
  relatedId: number;
  createdAt: Date;
}

/**
 * Signs, renders and queues one SMS in the outbox, through the handle given
 * (the caller's transaction, so the message commits with the change it is
 * about). Returns whether it was new (false: its dedup key was queued before).
 */
export async function sendSms(db: Kysely<DB>, sms: SmsToSend): Promise<boolean> {
  const company = await new RecipientsRepository(db).companySignature();
  const rendered = renderSms(sms.template, sms.language, { ...sms.variables, company });
  const queued = await new OutboxRepository(db).enqueue([
    {
      dedupKey: sms.dedupKey,
      recipient: sms.recipient,
      language: sms.language,
      template: sms.template,
      variables: rendered.variables,
      body: rendered.body,
      urgent: sms.urgent,
      relatedType: sms.relatedType,
      relatedId: sms.relatedId,
      createdAt: sms.createdAt,
    },
  ]);
  return queued > 0;
}
