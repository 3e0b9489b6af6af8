import mqtt from "mqtt";
import { count } from "../../lib/plural.ts";

/**
 * A storm for demos and load (`powerdesk simulate storm`): over MQTT, feeder
 * breakers trip (SCADA) and DTs go dark (smart-meter last gasps); through the
 * API, the demo agent registers "no supply" complaints from consumers behind
 * them, and from three DTs of one more feeder that nothing else reports (so
 * trouble-call analysis finds that outage from the calls alone). A new user
 * who ran `npm start` sees red alerts, linked complaints and outage SMS
 * within a minute.
 */
export interface StormOptions {
  baseUrl: string;
  mqttUrl: string;
  prefix: string;
  login: string;
  password: string;
  /** Feeders hit (half trip at the breaker, half lose DTs seen by smart meters). */
  feeders: number;
  /** "No supply" complaints per second. */
  rate: number;
  /** How long complaints keep coming, in seconds. */
  seconds: number;
  /**
   * At the end, close the breakers and send power restores, then restore as
   * the officer whatever the storm left live (the outage found from calls
   * alone has no signal that ends it).
   */
  restore: boolean;
  /** The officer who restores (outages.manage over the storm's feeders): the demo's admin by default. */
  officer?: { login: string; password: string };
  /** What to tell the user when the server cannot be reached (how the simulator looked for it). */
  unreachable?: string;
  seed: number;
  out: (line: string) => void;
}

interface Feeder {
  code: string;
  nameEn: string;
  dcCode: string;
  dts: number;
  consumers: number;
}
interface Dt {
  code: string;
  consumers: number;
  sample: { consumerNo: string; meterNo: string | null }[];
}

export class StormError extends Error {}

/** A small seeded generator, so a storm can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

class Api {
  private cookie = "";
  constructor(
    private readonly base: string,
    private readonly unreachable = "is it running (npm start)? Use --url",
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          origin: this.base,
          accept: "application/json",
          ...(this.cookie ? { cookie: this.cookie } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new StormError(`cannot reach PowerDesk at ${this.base}: ${this.unreachable}`);
    }
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0] ?? "";
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}

export async function runStorm(
  o: StormOptions,
): Promise<{ complaints: number; linked: number; outages: number }> {
  const rnd = random(o.seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const base = o.baseUrl.replace(/\/$/, "");
  const api = new Api(base, o.unreachable);
  const signIn = await api.call<{ message?: string }>("POST", "/api/auth/sign-in", {
    login: o.login,
    password: o.password,
  });
  if (signIn.status !== 200)
    throw new StormError(
      `signing in as ${o.login} failed (${signIn.status} ${signIn.body?.message ?? ""}): use --login and --password`,
    );

  const list = await api.call<{ items: Feeder[] }>("GET", "/api/network/feeders?limit=1000");
  if (list.status !== 200) throw new StormError(`cannot list feeders (${list.status})`);
  const candidates = list.body.items.filter((f) => f.consumers > 0 && f.dts >= 3);
  if (candidates.length < 2)
    throw new StormError("the network has too few feeders with consumers: load the demo first");
  // Shuffle, then take the storm's feeders and one more for the call cluster.
  const shuffled = [...candidates].sort(() => rnd() - 0.5);
  const hit = shuffled.slice(0, Math.min(o.feeders, shuffled.length - 1));
  const quiet = shuffled[hit.length] as Feeder;
  const detail = async (code: string) => {
    const r = await api.call<{ dts: Dt[] }>(
      "GET",
      `/api/network/feeders/${encodeURIComponent(code)}?sample=30`,
    );
    if (r.status !== 200) throw new StormError(`cannot read feeder ${code} (${r.status})`);
    return r.body.dts.filter((d) => d.sample.length > 0);
  };

  const client = await mqtt
    .connectAsync(o.mqttUrl, { connectTimeout: 5000, reconnectPeriod: 0 })
    .catch(() => {
      throw new StormError(`cannot reach the MQTT broker at ${o.mqttUrl}: use --mqtt (or set MQTT_URL)`);
    });
  const publish = (topic: string, payload: unknown) =>
    client.publishAsync(`${o.prefix}/${topic}`, JSON.stringify(payload), { qos: 1 });

  // Who will call: consumers behind the feeders hit, plus the quiet feeder's three DTs.
  const callers: string[] = [];
  const tripped: string[] = [];
  const darkMeters: string[] = [];
  const now = () => new Date().toISOString();
  for (const [i, f] of hit.entries()) {
    const dts = await detail(f.code);
    if (i % 2 === 0) {
      await publish(`scada/feeders/${f.code}`, { event: "trip", at: now() });
      tripped.push(f.code);
      o.out(`  SCADA  trip   ${f.code} (${f.nameEn}, ${f.consumers.toLocaleString("en-IN")} consumers)`);
      for (const d of dts) callers.push(...d.sample.map((s) => s.consumerNo));
    } else {
      const dark = dts.slice(0, Math.max(1, Math.min(3, dts.length)));
      for (const d of dark) {
        const meters = d.sample.map((s) => s.meterNo).filter((m): m is string => Boolean(m));
        for (const m of meters) await publish(`ami/meters/${m}`, { event: "last_gasp", at: now() });
        darkMeters.push(...meters);
        callers.push(...d.sample.map((s) => s.consumerNo));
        o.out(`  meters last gasp ${count(meters.length, "meter")} on DT ${d.code} (feeder ${f.code})`);
      }
    }
  }
  const cluster = (await detail(quiet.code)).slice(0, 3);
  const clusterCalls = cluster.flatMap((d) => d.sample.slice(0, 4).map((s) => s.consumerNo));
  o.out(
    `  calls  ${clusterCalls.length} "no supply" calls from DTs ${cluster.map((d) => d.code).join(", ")} (feeder ${quiet.code}, no other signal)`,
  );

  let complaints = 0;
  let linked = 0;
  let failed = 0;
  const register = async (consumerNo: string) => {
    const r = await api.call<{ complaint?: { outageId: number | null }; message?: string }>(
      "POST",
      "/api/complaints",
      { consumerNo, categoryCode: "no_supply", description: "Storm simulator: no supply since the storm" },
    );
    if (r.status === 200 || r.status === 201) {
      complaints++;
      if (r.body.complaint?.outageId) linked++;
    } else failed++;
  };
  // The cluster's calls first (they need no outage behind them), then the storm's at the rate asked.
  for (const c of clusterCalls) await register(c);
  const total = Math.round(o.rate * o.seconds);
  const started = Date.now();
  const pending = new Set<Promise<void>>();
  for (let n = 0; n < total && callers.length > 0; n++) {
    const due = started + (n * 1000) / o.rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const p = register(pick(callers)).finally(() => pending.delete(p));
    pending.add(p);
    if (pending.size >= 50) await Promise.race(pending);
    if (n > 0 && n % Math.max(1, Math.round(o.rate * 10)) === 0)
      o.out(`  ${count(complaints, "complaint")} registered, ${linked} joined a known outage`);
  }
  await Promise.all(pending);

  if (o.restore) {
    for (const f of tripped) await publish(`scada/feeders/${f}`, { event: "close", at: now() });
    for (const m of darkMeters) await publish(`ami/meters/${m}`, { event: "power_restore", at: now() });
    o.out(
      `  restored: ${count(tripped.length, "breaker")} closed, ${count(darkMeters.length, "meter")} back`,
    );
  }
  await client.endAsync();
  if (o.restore) {
    const n = await restoreRest(o, base, [...hit.map((f) => f.code), quiet.code]);
    o.out(
      `  restored by ${o.officer?.login ?? "admin"}: ${count(n, "outage")} no signal ended (found from calls)`,
    );
  }
  const live = await api.call<{ items: unknown[] }>("GET", "/api/outages?status=live&limit=200");
  const outages = live.status === 200 ? live.body.items.length : 0;
  o.out(
    `storm over: ${count(complaints, "complaint")} (${linked} linked to an outage${failed ? `, ${failed} refused` : ""}); ${count(outages, "outage")} live now. Open ${o.baseUrl}/wallboard`,
  );
  return { complaints, linked, outages };
}

interface LiveOutage {
  id: number;
  kind: string;
  source: string;
}

/**
 * After the breakers closed and the meters came back: waits a little for the
 * server to end the outages those signals cover (so the record says SCADA or
 * the meters restored them), then restores as the officer every unplanned
 * outage still live on the storm's feeders. Returns how many it restored.
 */
async function restoreRest(o: StormOptions, base: string, feeders: string[]): Promise<number> {
  const officer = o.officer ?? { login: "admin", password: o.password };
  const api = new Api(base, o.unreachable);
  const signIn = await api.call<{ message?: string }>("POST", "/api/auth/sign-in", officer);
  if (signIn.status !== 200)
    throw new StormError(
      `signing in as ${officer.login} to restore the outages failed (${signIn.status} ${signIn.body?.message ?? ""}): use --officer and --officer-password (an officer who may restore outages)`,
    );
  const liveOn = async () => {
    const all: LiveOutage[] = [];
    for (const f of feeders) {
      const r = await api.call<{ items: LiveOutage[] }>(
        "GET",
        `/api/outages?status=live&feeder=${encodeURIComponent(f)}&limit=200`,
      );
      if (r.status !== 200) throw new StormError(`cannot list the outages of feeder ${f} (${r.status})`);
      all.push(...r.body.items.filter((x) => x.kind === "unplanned"));
    }
    return all;
  };
  const deadline = Date.now() + 10_000;
  let live = await liveOn();
  while (live.some((x) => x.source === "scada" || x.source === "ami") && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    live = await liveOn();
  }
  let restored = 0;
  for (const x of live) {
    const r = await api.call<{ message?: string }>("POST", `/api/outages/${x.id}/actions`, {
      action: "restore",
      note: "storm simulator: the storm is over",
    });
    if (r.status === 200) restored++;
    // 409: a signal restored it meanwhile.
    else if (r.status !== 409)
      throw new StormError(`restoring outage #${x.id} failed (${r.status} ${r.body?.message ?? ""})`);
  }
  return restored;
}
