// Knowledge-base search at scale (issue 15: p99 < 50 ms at 5,000 articles): generated
// bilingual articles, published, then searches in Hindi, English and by part of a word,
// through the service (the query the route runs). Figures go in bench/README.md.
import { sql } from "kysely";
import { ROLE_PERMISSIONS } from "../src/modules/access/permissions.ts";
import type { Principal } from "../src/modules/access/principal.ts";
import { Random } from "../src/modules/demo/random.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { freshDatabase, log, stats } from "./lib.ts";

const EN = (
  "electricity bill meter reading connection new load extension name change tariff category domestic " +
  "commercial agriculture industrial payment online upi wallet counter receipt refund security deposit " +
  "transformer wire fallen danger safety earthing shock supply interruption voltage fluctuation outage " +
  "planned shutdown restoration complaint compensation standard performance days application documents " +
  "identity address proof inspection estimate demand note charges release consumer number subsidy scheme " +
  "solar rooftop net metering prepaid smart disconnection reconnection arrears installment late surcharge"
).split(" ");
const HI = (
  "बिजली बिल मीटर रीडिंग कनेक्शन नया भार वृद्धि नाम परिवर्तन टैरिफ श्रेणी घरेलू व्यावसायिक कृषि औद्योगिक " +
  "भुगतान ऑनलाइन यूपीआई वॉलेट काउंटर रसीद वापसी सुरक्षा जमा ट्रांसफार्मर तार गिरा खतरा अर्थिंग करंट " +
  "आपूर्ति बाधा वोल्टेज उतार चढ़ाव कटौती नियोजित शटडाउन बहाली शिकायत मुआवजा मानक दिन आवेदन दस्तावेज " +
  "पहचान पता प्रमाण निरीक्षण प्राक्कलन मांग पत्र शुल्क उपभोक्ता क्रमांक सब्सिडी योजना सौर छत प्रीपेड स्मार्ट"
).split(" ");
const CATEGORIES = ["tariff", "billing", "payment", "new_connection", "safety", "supply", "schemes"] as const;
const COMPLAINT_CATEGORIES = ["no_supply", "billing", "meter", "voltage", "live_wire", "new_connection"];

// Ordinary words: a made-up vocabulary in each script, a few common and most rare (as in real
// text), so that a domain word is in the articles about it and a few others, not in all of them.
const EN_SYL = [
  "ka",
  "ro",
  "mi",
  "ten",
  "sal",
  "por",
  "vi",
  "den",
  "lu",
  "mar",
  "ste",
  "gon",
  "ri",
  "bel",
  "tas",
];
const HI_SYL = ["क", "रा", "मि", "तन", "सल", "पो", "वि", "दे", "लु", "मा", "स्ते", "गो", "री", "बे", "ता"];
function vocabulary(syl: string[], n: number): string[] {
  const r = new Random(`kb-vocab-${syl[0]}`);
  const out = new Set<string>();
  while (out.size < n) {
    let w = "";
    for (let k = r.int(2, 4); k > 0; k--) w += syl[r.int(0, syl.length - 1)];
    out.add(w);
  }
  return [...out];
}
const EN_FILL = vocabulary(EN_SYL, 3000);
const HI_FILL = vocabulary(HI_SYL, 3000);

/** n words: one in six from the article's topic words, the rest ordinary ones (skewed to the common). */
function words(r: Random, topic: string[], fill: string[], n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      (i % 6 === 0 ? topic[r.int(0, topic.length - 1)] : fill[r.int(0, r.int(0, fill.length - 1))]) as string,
    );
  return out.join(" ");
}

/** The domain words of a category (a slice of each list) and two from elsewhere. */
function topicOf(r: Random, list: string[], category: number): string[] {
  const per = Math.ceil(list.length / CATEGORIES.length);
  const own = list.slice(category * per, category * per + per);
  return [...own, list[r.int(0, list.length - 1)] as string, list[r.int(0, list.length - 1)] as string];
}

export async function benchKb(kind: "postgres" | "embedded", articles: number, runs: number): Promise<void> {
  const { database, cleanup } = await freshDatabase(
    kind,
    kind === "postgres" ? "powerdesk_bench_kb" : undefined,
  );
  try {
    const db = database.db;
    const t0 = performance.now();
    const r = new Random("kb-bench");
    const now = new Date();
    for (let start = 0; start < articles; start += 250) {
      const rows = [];
      for (let i = start; i < Math.min(articles, start + 250); i++) {
        const cat = i % CATEGORIES.length;
        const en = topicOf(r, EN, cat);
        const hi = topicOf(r, HI, cat);
        const c = {
          category: CATEGORIES[cat] as (typeof CATEGORIES)[number],
          title_en: `${words(r, en, EN_FILL, r.int(3, 7))} ${i}`,
          title_hi: `${words(r, hi, HI_FILL, r.int(3, 7))} ${i}`,
          body_en: words(r, en, EN_FILL, r.int(150, 400)),
          body_hi: words(r, hi, HI_FILL, r.int(150, 400)),
          summary_en: words(r, en, EN_FILL, 18),
          summary_hi: words(r, hi, HI_FILL, 10),
          keywords: [words(r, en, en, 2), words(r, hi, hi, 2), words(r, en, en, 1)],
          complaint_categories: [COMPLAINT_CATEGORIES[i % COMPLAINT_CATEGORIES.length] as string],
        };
        rows.push({
          slug: `bench-${i}`,
          status: "published" as const,
          version: 1,
          ...c,
          published_version: 1,
          published_at: now,
          pub_category: c.category,
          pub_title_en: c.title_en,
          pub_title_hi: c.title_hi,
          pub_body_en: c.body_en,
          pub_body_hi: c.body_hi,
          pub_summary_en: c.summary_en,
          pub_summary_hi: c.summary_hi,
          pub_keywords: c.keywords,
          pub_complaint_categories: c.complaint_categories,
          created_at: now,
          updated_at: now,
        });
      }
      await db.insertInto("kb_articles").values(rows).execute();
    }
    await sql`vacuum analyze kb_articles`.execute(db);
    const genMs = performance.now() - t0;

    const services = createServices(database, createRepositories(database), { analysesCalls: false });
    const agent: Principal = {
      kind: "user",
      id: 0,
      name: "bench",
      login: null,
      role: "agent",
      language: "hi",
      orgUnitId: 0,
      orgCode: "BENCH",
      orgKind: "company",
      orgPath: "/",
      permissions: new Set(ROLE_PERMISSIONS.agent),
    };
    const cases: [string, Parameters<typeof services.kb.search>[1]][] = [
      ["Hindi phrase 'नया कनेक्शन'", { q: "नया कनेक्शन" }],
      ["Hindi word 'मुआवजा'", { q: "मुआवजा" }],
      ["Hindi part of a word 'कनेक'", { q: "कनेक" }],
      ["English word 'meter'", { q: "meter" }],
      ["English phrase 'new connection documents'", { q: "new connection documents" }],
      ["English part of a word 'compens'", { q: "compens" }],
      ["English misspelt 'compensaton' (trigram)", { q: "compensaton" }],
      ["no match 'zzqx'", { q: "zzqx" }],
      ["complaint category filter", { complaintCategory: "live_wire" }],
      ["list, no query, page 1", {}],
    ];
    log(
      `kb [${kind}]: ${articles.toLocaleString("en-IN")} published articles, bilingual (generated in ${(genMs / 1000).toFixed(1)} s), ${runs} runs each, 20 a page`,
    );
    for (const [what, q] of cases) {
      for (let i = 0; i < 5; i++) await services.kb.search(agent, q);
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        total = (await services.kb.search(agent, q)).total;
        times.push(performance.now() - s);
      }
      const st = stats(times);
      log(`  ${what}: ${total} found; p50 ${st.p50.toFixed(1)} ms, p99 ${st.p99.toFixed(1)} ms`);
    }
    await services.close();
  } finally {
    await database.close();
    await cleanup();
  }
}
