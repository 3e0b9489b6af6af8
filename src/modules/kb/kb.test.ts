import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { fixedClock } from "../../lib/clock.ts";
import { loadDemoKb } from "../demo/demo.kb.ts";
import { renderMarkdown } from "./kb.markdown.ts";
import { KB_SEED_ARTICLES } from "./kb.seed-articles.ts";
import { summaryVariables } from "./kb.service.ts";

const clock = fixedClock("2026-12-06T10:00:00+05:30");
let t: TestApp;
let tree: Tree;
const editor = "kb.sup"; // supervisor: kb.edit, kb.publish, kb.send
const agent = "kb.agent"; // kb.read, kb.send
const viewer = "kb.viewer"; // kb.read only
const cookies = new Map<string, string>();

async function as(login: string): Promise<string> {
  let c = cookies.get(login);
  if (!c) {
    c = await t.signIn(login);
    cookies.set(login, c);
  }
  return c;
}

async function call(login: string, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) {
  const res = await t.request({
    method,
    url,
    cookie: await as(login),
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return { status: res.statusCode, body: res.statusCode === 204 ? null : res.json() };
}

let seq = 0;
function article(over: Record<string, unknown> = {}) {
  seq++;
  return {
    slug: `test-article-${seq}`,
    category: "billing",
    titleEn: `Test article ${seq}`,
    titleHi: `परीक्षण लेख ${seq}`,
    bodyEn: "Some **text** in English.",
    bodyHi: "हिंदी में कुछ **पाठ**।",
    summaryEn: "A short summary.",
    summaryHi: "संक्षिप्त सारांश।",
    keywords: [],
    complaintCategories: [],
    ...over,
  };
}

async function publishedArticle(over: Record<string, unknown> = {}) {
  const c = await call(editor, "POST", "/api/kb/articles", article(over));
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const p = await call(editor, "POST", `/api/kb/articles/${c.body.id}/publish`, { action: "publish" });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return p.body as { id: number; version: number };
}

const search = async (login: string, query: string) => {
  const r = await call(login, "GET", `/api/kb/articles?${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as { items: { id: number; titleEn: string; snippet: string | null }[]; total: number };
};

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: editor, role: "supervisor" });
  await buildUser(t.repos, tree, { login: agent, role: "agent" });
  await buildUser(t.repos, tree, { login: viewer, role: "viewer" });
});
after(async () => t?.close());

describe("the knowledge base", () => {
  test("a draft is the editors'; agents read only the published version, even after an edit", async () => {
    const c = await call(editor, "POST", "/api/kb/articles", article({ titleEn: "Meter testing fee" }));
    assert.equal(c.status, 201);
    assert.equal(c.body.status, "draft");
    assert.equal(c.body.version, 1);
    assert.equal(c.body.publishedVersion, null);
    const id = c.body.id as number;

    assert.equal(
      (await call(agent, "GET", `/api/kb/articles/${id}`)).status,
      404,
      "a draft is not the agents'",
    );
    const drafts = await call(agent, "GET", "/api/kb/articles?status=draft");
    assert.equal(drafts.status, 403);

    await call(editor, "POST", `/api/kb/articles/${id}/publish`, { action: "publish" });
    const read = await call(agent, "GET", `/api/kb/articles/${id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.titleEn, "Meter testing fee");

    const edited = await call(
      editor,
      "PUT",
      `/api/kb/articles/${id}`,
      article({ slug: c.body.slug, titleEn: "Meter testing: fee and time", baseVersion: 1 }),
    );
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.version, 2);
    assert.equal(edited.body.publishedVersion, 1);
    assert.equal((await call(agent, "GET", `/api/kb/articles/${id}`)).body.titleEn, "Meter testing fee");
    assert.equal(
      (await call(editor, "GET", `/api/kb/articles/${id}`)).body.titleEn,
      "Meter testing: fee and time",
    );
    const listed = await search(agent, "q=testing");
    const mine = listed.items.find((i) => i.id === id);
    assert.equal(mine?.titleEn, "Meter testing fee", "search shows agents the published copy");

    await call(editor, "POST", `/api/kb/articles/${id}/publish`, { action: "publish" });
    assert.equal(
      (await call(agent, "GET", `/api/kb/articles/${id}`)).body.titleEn,
      "Meter testing: fee and time",
    );

    const arch = await call(editor, "POST", `/api/kb/articles/${id}/publish`, { action: "archive" });
    assert.equal(arch.body.status, "archived");
    assert.equal((await call(agent, "GET", `/api/kb/articles/${id}`)).status, 404);
    const events = await t.database.db
      .selectFrom("kb_article_events")
      .select("action")
      .where("article_id", "=", id)
      .orderBy("id")
      .execute();
    assert.deepEqual(
      events.map((e) => e.action),
      ["created", "published", "edited", "published", "archived"],
    );
  });

  test("versions say who changed which fields; a stale base version is a 409", async () => {
    const c = await call(editor, "POST", "/api/kb/articles", article());
    const id = c.body.id as number;
    const slug = c.body.slug as string;
    const v2 = await call(
      editor,
      "PUT",
      `/api/kb/articles/${id}`,
      article({ slug, summaryEn: "A new summary.", keywords: ["fee"], baseVersion: 1, note: "clearer" }),
    );
    assert.equal(v2.status, 200);
    const stale = await call(editor, "PUT", `/api/kb/articles/${id}`, article({ slug, baseVersion: 1 }));
    assert.equal(stale.status, 409);
    assert.equal(stale.body.field, "baseVersion");
    await call(editor, "POST", `/api/kb/articles/${id}/publish`, { action: "publish" });

    const versions = await call(editor, "GET", `/api/kb/articles/${id}/versions`);
    assert.equal(versions.status, 200);
    assert.equal(versions.body.length, 2);
    const [latest, first] = versions.body;
    assert.equal(latest.version, 2);
    assert.deepEqual(
      [...latest.changedFields].sort(),
      ["keywords", "summaryEn", "titleEn", "titleHi"].sort(),
    );
    assert.equal(latest.note, "clearer");
    assert.equal(latest.changedBy.length > 0, true);
    assert.equal(latest.published, true);
    assert.equal(first.published, false);
    assert.equal((await call(agent, "GET", `/api/kb/articles/${id}/versions`)).status, 403);
    await assert.rejects(
      sql`update kb_article_versions set note = 'x' where article_id = ${id}`.execute(t.database.db),
      "versions are immutable",
    );
  });

  test("permissions: an agent cannot write or publish, a viewer cannot send", async () => {
    const a = await publishedArticle();
    assert.equal((await call(agent, "POST", "/api/kb/articles", article())).status, 403);
    assert.equal((await call(agent, "PUT", `/api/kb/articles/${a.id}`, article())).status, 403);
    assert.equal(
      (await call(agent, "POST", `/api/kb/articles/${a.id}/publish`, { action: "unpublish" })).status,
      403,
    );
    const send = await call(viewer, "POST", `/api/kb/articles/${a.id}/send`, {
      mobile: "9876500001",
      language: "hi",
    });
    assert.equal(send.status, 403);
    assert.equal((await call(viewer, "GET", `/api/kb/articles/${a.id}`)).status, 200);
  });

  test("a summary longer than 2 SMS parts is refused naming the field", async () => {
    const hi = await call(editor, "POST", "/api/kb/articles", article({ summaryHi: "क".repeat(134) }));
    assert.equal(hi.status, 201, "134 UCS-2 characters are 2 parts");
    const en = await call(editor, "POST", "/api/kb/articles", article({ summaryEn: "€".repeat(160) }));
    assert.equal(en.status, 400);
    assert.equal(en.body.field, "summaryEn");
  });

  test("Markdown's HTML is shown as text and only safe links are links", async () => {
    const html = renderMarkdown(
      "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [call](tel:1912) [site](https://mpez.co.in)",
    );
    assert.ok(!html.includes("<script"), html);
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assert.ok(!html.includes("<img"), html);
    assert.ok(!html.includes('href="javascript'), html);
    assert.ok(html.includes('<a href="tel:1912" target="_blank" rel="noopener noreferrer">call</a>'), html);
    assert.ok(html.includes('href="https://mpez.co.in"'), html);

    const c = await call(
      editor,
      "POST",
      "/api/kb/articles",
      article({ bodyEn: "<script>alert(1)</script> ok" }),
    );
    assert.ok(!c.body.bodyHtmlEn.includes("<script"));
  });

  test("search: Hindi by a Hindi phrase and part of a word, English by word, titles first, by complaint category", async () => {
    const conn = await publishedArticle({
      category: "new_connection",
      titleEn: "How to apply for a new connection",
      titleHi: "नया कनेक्शन कैसे लें",
      bodyEn: "Apply at the portal or the DC office with ID proof.",
      bodyHi: "पोर्टल या वितरण केंद्र पर पहचान पत्र के साथ आवेदन करें।",
      keywords: ["new connection", "नया कनेक्शन"],
      complaintCategories: ["new_connection_query"],
    });
    const mentions = await publishedArticle({
      category: "billing",
      titleEn: "Your first bill",
      titleHi: "आपका पहला बिल",
      bodyEn: "After a new connection is released, the first bill comes in two months.",
      bodyHi: "नया कनेक्शन जारी होने के बाद पहला बिल दो महीने में आता है।",
    });
    const draft = await call(
      editor,
      "POST",
      "/api/kb/articles",
      article({ titleEn: "Unpublished new connection note", titleHi: "नया कनेक्शन मसौदा" }),
    );

    const hindi = await search(agent, `q=${encodeURIComponent("नया कनेक्शन")}`);
    const ids = hindi.items.map((i) => i.id);
    assert.ok(ids.includes(conn.id) && ids.includes(mentions.id), JSON.stringify(hindi));
    assert.ok(ids.indexOf(conn.id) < ids.indexOf(mentions.id), "a title match ranks first");
    assert.ok(!ids.includes(draft.body.id), "drafts are not the agents'");
    assert.ok(hindi.items.find((i) => i.id === mentions.id)?.snippet?.includes("नया कनेक्शन"));

    const part = await search(agent, `q=${encodeURIComponent("कनेक")}`);
    assert.ok(
      part.items.some((i) => i.id === conn.id),
      "part of a Hindi word",
    );
    const partEn = await search(agent, "q=connec");
    assert.ok(
      partEn.items.some((i) => i.id === conn.id),
      "part of an English word",
    );
    const misspelt = await search(agent, "q=conection");
    assert.ok(
      misspelt.items.some((i) => i.id === conn.id),
      "a misspelt word, by trigram",
    );
    const english = await search(agent, "q=apply");
    assert.equal(english.items[0]?.id, conn.id);
    const none = await search(agent, "q=zzzqqq");
    assert.equal(none.total, 0);

    const linked = await search(agent, "complaintCategory=new_connection_query");
    assert.deepEqual(
      linked.items.map((i) => i.id),
      [conn.id],
    );
    const editors = await search(editor, `status=all&q=${encodeURIComponent("मसौदा")}`);
    assert.ok(
      editors.items.some((i) => i.id === draft.body.id),
      "editors find drafts",
    );
  });

  test("sending a summary: the outbox row, its template and text, the audit; a bad mobile is a 400", async () => {
    const a = await publishedArticle({
      summaryHi: "नया कनेक्शन: पहचान व पते के प्रमाण के साथ पोर्टल पर आवेदन करें।",
      summaryEn: "New connection: apply on the portal with ID and address proof.",
    });
    const consumer = await buildConsumer(t.repos, tree);
    const r = await call(agent, "POST", `/api/kb/articles/${a.id}/send`, {
      mobile: "9876500002",
      language: "hi",
      consumerNo: consumer.consumerNo,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.parts, 1);
    const row = await t.database.db
      .selectFrom("outbox_sms")
      .selectAll()
      .where("id", "=", r.body.smsId)
      .executeTakeFirstOrThrow();
    assert.equal(row.template, "kb_information");
    assert.equal(row.recipient, "9876500002");
    assert.equal(row.language, "hi");
    assert.equal(row.body, "नया कनेक्शन: पहचान व पते के प्रमाण के साथ पोर्टल पर आवेदन करें।");
    assert.equal(Object.values(row.variables).join(""), row.body, "the variables make up the text");
    assert.equal(row.dlt_template_id, null, "no DLT id of its own: the generic template's");
    const sent = await t.database.db
      .selectFrom("kb_sms_sends")
      .selectAll()
      .where("article_id", "=", a.id)
      .executeTakeFirstOrThrow();
    assert.equal(sent.consumer_no, consumer.consumerNo);
    assert.equal(Number(sent.outbox_id), r.body.smsId);
    const audit = await t.database.db
      .selectFrom("kb_article_events")
      .select(["action"])
      .where("article_id", "=", a.id)
      .where("action", "=", "sms_sent")
      .execute();
    assert.equal(audit.length, 1);

    const bad = await call(agent, "POST", `/api/kb/articles/${a.id}/send`, {
      mobile: "12345",
      language: "hi",
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, "mobile");
    const noConsumer = await call(agent, "POST", `/api/kb/articles/${a.id}/send`, {
      mobile: "9876500003",
      language: "en",
      consumerNo: "0000000000",
    });
    assert.equal(noConsumer.status, 400);
    assert.equal(noConsumer.body.field, "consumerNo");
  });

  test("an article with its own DLT id sends under it; sends to one mobile are limited", async () => {
    const a = await publishedArticle({ dltTemplateIdEn: "1107000000000000549" });
    const r = await call(agent, "POST", `/api/kb/articles/${a.id}/send`, {
      mobile: "9876500004",
      language: "en",
    });
    assert.equal(r.status, 200);
    const row = await t.database.db
      .selectFrom("outbox_sms")
      .select("dlt_template_id")
      .where("id", "=", r.body.smsId)
      .executeTakeFirstOrThrow();
    assert.equal(row.dlt_template_id, "1107000000000000549");
    let last = 200;
    for (let i = 0; i < 6 && last === 200; i++)
      last = (
        await call(agent, "POST", `/api/kb/articles/${a.id}/send`, { mobile: "9876500005", language: "en" })
      ).status;
    assert.equal(last, 429);
  });

  test("the demo's articles load published, once by slug", async () => {
    const seed = [
      {
        slug: "demo-wire-down",
        category: "safety" as const,
        titleEn: "A wire has fallen",
        titleHi: "तार गिर गया है",
        bodyEn: "Keep away and call 1912.",
        bodyHi: "दूर रहें और 1912 पर कॉल करें।",
        summaryEn: "Keep away from a fallen wire and call 1912.",
        summaryHi: "गिरे तार से दूर रहें, 1912 पर कॉल करें।",
        keywords: ["wire"],
        complaintCategories: ["live_wire"],
      },
    ];
    assert.deepEqual(await loadDemoKb(t.database, clock(), seed), { added: 1, existing: 0 });
    assert.deepEqual(await loadDemoKb(t.database, clock(), seed), { added: 0, existing: 1 });
    const found = await search(agent, `q=${encodeURIComponent("तार")}`);
    assert.ok(found.items.some((i) => i.titleEn === "A wire has fallen"));

    const all = await loadDemoKb(t.database, clock());
    assert.equal(all.added, KB_SEED_ARTICLES.length);
    const nayaKanekshan = await call(agent, "GET", `/api/kb/articles?q=${encodeURIComponent("नया कनेक्शन")}`);
    const top = nayaKanekshan.body.items[0];
    assert.ok(top, "the demo's articles answer 'नया कनेक्शन'");
    const detail = await call(agent, "GET", `/api/kb/articles/${top.id}`);
    assert.equal(detail.status, 200);
    assert.ok(detail.body.smsParts.hi <= 2 && detail.body.smsParts.en <= 2);
  });

  test("a summary is cut into 30-character variables", () => {
    const text = "x".repeat(306);
    const v = summaryVariables(text);
    assert.equal(Object.keys(v).length, 11);
    assert.ok(Object.values(v).every((s) => s.length <= 30));
    assert.equal(Object.values(v).join(""), text);
  });
});
