import { type Language, SMS_CATEGORIES, type SmsCategory } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { smsLayout } from "../../lib/sms-text.ts";
import { can, type Principal } from "../access/principal.ts";
import {
  declaredVariables,
  dltForm,
  isSmsTemplate,
  longValues,
  SMS_TEMPLATES,
  type SmsTemplate,
  templateProblems,
} from "./sms-templates.ts";
import type { TemplatesRepository } from "./templates.repository.ts";

export interface TemplateVersion {
  body: string;
  dltTemplateId: string;
  sender: string;
  category: SmsCategory;
  optional: boolean;
  quietHours: boolean;
  updatedAt: Date;
  updatedBy: string | null;
}

export interface TemplateEntry {
  code: SmsTemplate;
  variables: string[];
  sample: Record<string, string>;
  languages: Partial<Record<Language, TemplateVersion>>;
}

export interface TemplatePreview {
  text: string;
  dltText: string;
  encoding: "gsm7" | "ucs2";
  characters: number;
  parts: number;
  /** Characters left in the last part before another one is needed. */
  remaining: number;
  problems: string[];
}

export interface TemplateChange {
  body: string;
  dltTemplateId?: string | undefined;
  sender?: string | undefined;
  category?: SmsCategory | undefined;
  optional?: boolean | undefined;
  quietHours?: boolean | undefined;
  /** The values the editor previewed with: each at most 30 characters. */
  sample?: Record<string, string> | undefined;
}

function code(c: string): SmsTemplate {
  if (!isSmsTemplate(c)) throw notFound("SMS template");
  return c;
}

/** Fills a preview: the given sample values, the template's own (in this DISCOM's words) for the rest. */
function previewValues(
  template: Record<string, string>,
  sample: Record<string, string> | undefined,
): Record<string, string> {
  return { ...template, ...(sample ?? {}) };
}

type LocalFacts = Awaited<ReturnType<TemplatesRepository["localFacts"]>>;

/**
 * A template's sample in this DISCOM's own words: its signature, a complaint
 * number, consumer, DT and DC from its data, links on its own address; the
 * template's generic sample where the DISCOM has no such thing yet.
 */
export function localSample(
  sample: Record<string, string>,
  facts: LocalFacts,
  linkBase: string | undefined,
  now: Date,
): Record<string, string> {
  const out = { ...sample };
  // No complaint yet: a number as this DISCOM's would read (its code, year and month, a serial).
  const yymm = now.toISOString().slice(2, 7).replace("-", "");
  const number = facts.number ?? (facts.company ? `${facts.company}${yymm}000123` : undefined);
  const put = (key: string, value: string | undefined) => {
    if (key in out && value) out[key] = value.slice(0, 30);
  };
  put("company", facts.company);
  put("number", number);
  put("consumer", facts.consumer);
  put("area", facts.dt);
  put("dc", facts.dc);
  for (const key of ["link", "pay"]) {
    if (!(key in out) || !linkBase) continue;
    // The sample's path kind (/t/, /f/, /s/, /b/, /r/, /nc/) on this DISCOM's own public address.
    const kind = /\/([a-z]+)\/[^/]*$/.exec(out[key] ?? "")?.[1] ?? "t";
    const full = `${linkBase.replace(/\/$/, "")}/${kind}/Q2x9Lm7KpR`;
    out[key] = full.length <= 30 ? full : full.replace(/^https?:\/\//, "").slice(0, 30);
  }
  return out;
}

/**
 * SMS templates as admins keep them: the text in each language, its DLT
 * registration, whether it waits out quiet hours and whether STOP turns it
 * off. A text may use exactly the variables its code supplies; the
 * dispatcher renders the current text when it sends.
 */
export class TemplatesService {
  constructor(
    private readonly repo: TemplatesRepository,
    private readonly clock: Clock,
    /** The public address SMS links point at (the preview's sample links). */
    private readonly linkBase?: string,
  ) {}

  private async samples(): Promise<Record<SmsTemplate, Record<string, string>>> {
    const facts = await this.repo.localFacts();
    return Object.fromEntries(
      (Object.keys(SMS_TEMPLATES) as SmsTemplate[]).map((c) => [
        c,
        localSample(SMS_TEMPLATES[c].sample as Record<string, string>, facts, this.linkBase, this.clock()),
      ]),
    ) as Record<SmsTemplate, Record<string, string>>;
  }

  async list(principal: Principal): Promise<TemplateEntry[]> {
    if (!can(principal, "sms.manage")) throw forbidden();
    const rows = await this.repo.all();
    const samples = await this.samples();
    return (Object.keys(SMS_TEMPLATES) as SmsTemplate[]).map((c) => ({
      code: c,
      variables: declaredVariables(c),
      sample: samples[c],
      languages: Object.fromEntries(
        rows
          .filter((r) => r.code === c)
          .map((r) => [
            r.language,
            {
              body: r.body,
              dltTemplateId: r.dlt_template_id,
              sender: r.sender,
              category: r.category,
              optional: r.optional,
              quietHours: r.quiet_hours,
              updatedAt: r.updated_at,
              updatedBy: r.updated_by,
            },
          ]),
      ),
    }));
  }

  /** What a text would look like sent: encoding, parts, and why it could not be saved. */
  async preview(principal: Principal, templateCode: string, body: string, sample?: Record<string, string>) {
    if (!can(principal, "sms.manage")) throw forbidden();
    const c = code(templateCode);
    const values = previewValues((await this.samples())[c], sample);
    const problems = [...templateProblems(c, body), ...longValues(values)];
    // Variables it cannot fill stay as typed; the problems say why.
    const text = body.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
    const layout = smsLayout(text);
    const per =
      layout.encoding === "gsm7" ? (layout.parts.length > 1 ? 153 : 160) : layout.parts.length > 1 ? 67 : 70;
    return {
      text,
      dltText: dltForm(body),
      encoding: layout.encoding,
      characters: layout.characters,
      parts: layout.parts.length,
      remaining: Math.max(0, per * layout.parts.length - layout.characters),
      problems,
    } satisfies TemplatePreview;
  }

  async save(principal: Principal, templateCode: string, language: Language, change: TemplateChange) {
    if (!can(principal, "sms.manage")) throw forbidden();
    const c = code(templateCode);
    const body = change.body.replace(/\s+/g, " ").trim();
    const problems = templateProblems(c, body);
    if (problems.length) throw badRequest(`the text cannot be saved: ${problems.join("; ")}`, "body");
    const long = longValues(change.sample ?? {});
    if (long.length) throw badRequest(`${long.join("; ")}`, "sample");
    if (change.dltTemplateId !== undefined && !/^[0-9]{10,25}$/.test(change.dltTemplateId))
      throw badRequest("the DLT template id is 10 to 25 digits, as the DLT portal gives it", "dltTemplateId");
    if (change.sender !== undefined && !/^[A-Z0-9]{6}$/.test(change.sender))
      throw badRequest("the sender header is 6 capital letters or digits, as registered on DLT", "sender");
    if (change.category !== undefined && !SMS_CATEGORIES.includes(change.category))
      throw badRequest(`category is one of ${SMS_CATEGORIES.join(", ")}`, "category");
    const updated = await this.repo.update(c, language, {
      body,
      ...(change.dltTemplateId !== undefined ? { dlt_template_id: change.dltTemplateId } : {}),
      ...(change.sender !== undefined ? { sender: change.sender } : {}),
      ...(change.category !== undefined ? { category: change.category } : {}),
      ...(change.optional !== undefined ? { optional: change.optional } : {}),
      ...(change.quietHours !== undefined ? { quiet_hours: change.quietHours } : {}),
      updated_at: this.clock(),
      updated_by: principal.login ?? principal.name,
    });
    if (!updated) throw new AppError(404, "not_found", `template ${c} has no ${language} text to edit`);
    return (await this.list(principal)).find((t) => t.code === c) as TemplateEntry;
  }
}
