/** How an aggregator wants its fields: each value is escaped for it. */
export type HttpBodyType = "application/json" | "application/x-www-form-urlencoded";

/** What SMS_HTTP_BODY may contain. */
export const BODY_PLACEHOLDERS = [
  "to",
  "to91",
  "text",
  "sender",
  "dlt_entity_id",
  "dlt_template_id",
  "unicode",
  "ref",
] as const;
export type BodyPlaceholder = (typeof BODY_PLACEHOLDERS)[number];

// No aggregator takes these as they are; they show the shape and what can go in it.
export const DEFAULT_JSON_BODY =
  '{"to":"{to91}","text":"{text}","sender":"{sender}","unicode":{unicode},' +
  '"dlt_entity_id":"{dlt_entity_id}","dlt_template_id":"{dlt_template_id}","ref":"{ref}"}';
export const DEFAULT_FORM_BODY =
  "to={to91}&text={text}&sender={sender}&unicode={unicode}" +
  "&dlt_entity_id={dlt_entity_id}&dlt_template_id={dlt_template_id}&ref={ref}";

const PLACEHOLDER = /\{([a-z0-9_]+)\}/g;

const escapers: Record<HttpBodyType, (v: string) => string> = {
  // The template holds the quotes: "text":"{text}" (and "unicode":{unicode} for a number).
  "application/json": (v) => JSON.stringify(v).slice(1, -1),
  "application/x-www-form-urlencoded": encodeURIComponent,
};

/** Fills in a body template, each value escaped for `type`. */
export function renderBody(
  template: string,
  values: Record<BodyPlaceholder, string>,
  type: HttpBodyType,
): string {
  const escapeValue = escapers[type];
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? escapeValue(values[name as BodyPlaceholder]) : whole,
  );
}

const SAMPLE: Record<BodyPlaceholder, string> = {
  to: "9826012345",
  to91: "919826012345",
  text: 'बिजली "बंद" \\ है',
  sender: "PWRDSK",
  dlt_entity_id: "1201159100000000001",
  dlt_template_id: "1207161000000000001",
  unicode: "1",
  ref: "42",
};

/** What is wrong with a body template, or undefined when it will do. */
export function checkBodyTemplate(template: string, type: HttpBodyType): string | undefined {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
  const unknown = names.find((n) => !(BODY_PLACEHOLDERS as readonly string[]).includes(n));
  if (unknown)
    return `unknown placeholder {${unknown}}: use ${BODY_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`;
  if (!names.includes("text")) return "has no {text}";
  if (!names.includes("to") && !names.includes("to91")) return "has no {to} or {to91}";
  if (type === "application/json") {
    try {
      JSON.parse(renderBody(template, SAMPLE, type));
    } catch {
      return 'is not valid JSON once filled in (put quotes around string placeholders: "text":"{text}")';
    }
  }
  return undefined;
}
