import {
  type CircleDef,
  FEMALE_NAMES,
  LOCALITIES,
  MALE_NAMES,
  type Place,
  REGIONS,
  SURNAMES,
  TRIBAL_SURNAMES,
  VILLAGES,
} from "./demo.places.ts";
import { Random } from "./random.ts";

export type CsvRecord = Record<string, string>;

export const DEMO_PASSWORD = "demo1912";
export const DEFAULT_SEED = "powerdesk";

interface DtPlan {
  code: string;
  consumers: number;
}
interface FeederPlan {
  code: string;
  locality: Place;
  dts: DtPlan[];
}
export interface DcPlan {
  code: string;
  /** Numeric prefix of this DC's consumer numbers. */
  number: number;
  town: Place;
  urban: boolean;
  circle: CircleDef;
  consumers: number;
  feeders: FeederPlan[];
}

export interface DemoUser {
  login: string;
  name: string;
  role: string;
  orgCode: string;
  phone: string;
  language: "hi" | "en";
}

export interface DemoPlan {
  seed: string;
  consumers: number;
  org: CsvRecord[];
  network: CsvRecord[];
  dcs: DcPlan[];
  users: DemoUser[];
}

/** Splits total into parts proportional to weights, summing exactly to total. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (rest <= 0) break;
    parts[i] = (parts[i] as number) + 1;
    rest--;
  }
  return parts;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function numbered(place: Place, n: number): Place {
  return n <= 1 ? place : { en: `${place.en} ${n}`, hi: `${place.hi} ${n}` };
}

function personName(r: Random, tribal: number): string {
  const female = r.chance(0.3);
  const first = r.pick(female ? FEMALE_NAMES : MALE_NAMES);
  const last = r.chance(tribal) ? r.pick(TRIBAL_SURNAMES) : r.pick(SURNAMES);
  if (/^(Abdul|Mohammad|Salim|Imran|Nazma|Shabana)/.test(first))
    return `${first} ${r.pick(["Khan", "Ansari", "Qureshi", "Shaikh"])}`;
  const muslim = /^(Abdul|Mohammad|Salim|Imran|Nazma|Shabana)/.test(first);
  const plain = !muslim && !first.includes(" ");
  const middle =
    plain && !female && r.chance(0.25) ? " Kumar" : plain && female && r.chance(0.15) ? " Bai" : "";
  return `${first}${middle} ${last}`;
}

function mobile(r: Random): string {
  return `${r.int(6, 9)}${String(r.int(0, 999_999_999)).padStart(9, "0")}`;
}

/**
 * Plans a DISCOM modelled on MP East for `consumers` consumers: the real
 * regions and circles, divisions, sub-divisions and DCs sized to the load,
 * substations, feeders of about 640 consumers and DTs of 20-100 consumers, and
 * a user for every role. Deterministic for a seed.
 */
export function planDemo(consumers: number, seed = DEFAULT_SEED): DemoPlan {
  const r = new Random(`${seed}:structure`);
  const org: CsvRecord[] = [];
  const network: CsvRecord[] = [];
  const dcs: DcPlan[] = [];
  const users: DemoUser[] = [];
  const user = (login: string, role: string, orgCode: string) =>
    users.push({
      login,
      name: personName(r, 0),
      role,
      orgCode,
      phone: mobile(r),
      language: r.chance(0.6) ? "hi" : "en",
    });

  org.push({
    code: "MPEZ",
    kind: "company",
    parent_code: "",
    name_en: "MP East DISCOM",
    name_hi: "म.प्र. पूर्व क्षेत्र विद्युत वितरण कंपनी",
  });
  user("admin", "admin", "MPEZ");
  user("supervisor", "supervisor", "MPEZ");
  user("viewer", "viewer", "MPEZ");
  for (let i = 1; i <= 10; i++) user(`agent${i}`, "agent", "MPEZ");

  const circles = REGIONS.flatMap((reg) => reg.circles);
  const perCircle = apportion(
    consumers,
    circles.map((c) => c.weight),
  );
  let dcNumber = 1000;
  let circleIndex = 0;
  for (const region of REGIONS) {
    org.push({
      code: region.code,
      kind: "region",
      parent_code: "MPEZ",
      name_en: `${region.en} Region`,
      name_hi: `${region.hi} क्षेत्र`,
    });
    user(`ce.${region.code.toLowerCase()}`, "ce", region.code);
    for (const circle of region.circles) {
      const circleConsumers = perCircle[circleIndex++] as number;
      org.push({
        code: circle.code,
        kind: "circle",
        parent_code: region.code,
        name_en: `${circle.en} Circle`,
        name_hi: `${circle.hi} वृत्त`,
      });
      user(`se.${circle.code.toLowerCase()}`, "se", circle.code);
      const dcCount = Math.max(2, Math.round(circleConsumers / 2500));
      // The first DC is the district town: urban and larger. A city circle is all urban.
      const weights = Array.from({ length: dcCount }, (_, i) => (circle.city ? 1 : i === 0 ? 2.5 : 1));
      const dcConsumers = apportion(circleConsumers, weights);
      const dcPlaces = Array.from({ length: dcCount }, (_, i) =>
        numbered(circle.towns[i % circle.towns.length] as Place, Math.floor(i / circle.towns.length) + 1),
      );
      const subdivisions = chunk(
        dcPlaces.map((place, i) => ({ place, i })),
        3,
      );
      const divisions = chunk(subdivisions, 3);
      divisions.forEach((divSubs, d) => {
        const divCode = `${circle.code}-D${d + 1}`;
        const divPlace = divSubs[0]?.[0]?.place as Place;
        org.push({
          code: divCode,
          kind: "division",
          parent_code: circle.code,
          name_en: `${divPlace.en} Division`,
          name_hi: `${divPlace.hi} संभाग`,
        });
        user(`ee.${divCode.toLowerCase()}`, "ee", divCode);
        for (const sub of divSubs) {
          const subIndex = subdivisions.indexOf(sub) + 1;
          const subCode = `${circle.code}-S${subIndex}`;
          const subPlace = sub[0]?.place as Place;
          org.push({
            code: subCode,
            kind: "subdivision",
            parent_code: divCode,
            name_en: `${subPlace.en} Sub-division`,
            name_hi: `${subPlace.hi} उपसंभाग`,
          });
          user(`ae.${subCode.toLowerCase()}`, "ae", subCode);
          for (const { place, i } of sub) {
            const dcCode = `${circle.code}${String(i + 1).padStart(2, "0")}`;
            const urban = circle.city === true || i === 0;
            org.push({
              code: dcCode,
              kind: "dc",
              parent_code: subCode,
              name_en: `${place.en} DC`,
              name_hi: `${place.hi} वितरण केंद्र`,
            });
            user(`je.${dcCode.toLowerCase()}`, "je", dcCode);
            user(`lineman.${dcCode.toLowerCase()}.1`, "lineman", dcCode);
            user(`lineman.${dcCode.toLowerCase()}.2`, "lineman", dcCode);
            const count = dcConsumers[i] as number;
            const feederCount = Math.max(1, Math.round(count / 640));
            const feederLoads = apportion(
              count,
              Array.from({ length: feederCount }, () => 0.7 + r.next() * 0.6),
            );
            const feeders: FeederPlan[] = feederLoads.map((load, f) => {
              const locality = urban
                ? (LOCALITIES[(f + i) % LOCALITIES.length] as Place)
                : (VILLAGES[(f * 7 + i) % VILLAGES.length] as Place);
              const code = `${dcCode}-F${String(f + 1).padStart(2, "0")}`;
              const dts: DtPlan[] = [];
              let left = load;
              while (left > 0) {
                let size = urban ? r.int(40, 100) : r.int(20, 70);
                if (left - size < 20) size = left;
                dts.push({ code: `${code}-T${String(dts.length + 1).padStart(3, "0")}`, consumers: size });
                left -= size;
              }
              return { code, locality, dts };
            });
            const substations = chunk(feeders, 6);
            substations.forEach((ssFeeders, s) => {
              const ssCode = `${dcCode}-SS${s + 1}`;
              network.push({
                kind: "substation",
                code: ssCode,
                name_en: `${numbered(place, s + 1).en} 33/11 kV`,
                name_hi: `${numbered(place, s + 1).hi} 33/11 केवी`,
                parent_code: "",
                dc_code: dcCode,
                capacity_kva: "",
              });
              for (const feeder of ssFeeders) {
                network.push({
                  kind: "feeder",
                  code: feeder.code,
                  name_en: `${feeder.locality.en} 11 kV feeder`,
                  name_hi: `${feeder.locality.hi} 11 केवी फीडर`,
                  parent_code: ssCode,
                  dc_code: dcCode,
                  capacity_kva: "",
                });
                feeder.dts.forEach((dt, t) => {
                  const kva = dt.consumers > 80 ? 200 : dt.consumers > 50 ? 100 : dt.consumers > 30 ? 63 : 25;
                  network.push({
                    kind: "dt",
                    code: dt.code,
                    name_en: `${feeder.locality.en} DT ${t + 1}`,
                    name_hi: `${feeder.locality.hi} डीटी ${t + 1}`,
                    parent_code: feeder.code,
                    dc_code: dcCode,
                    capacity_kva: String(kva),
                  });
                });
              }
            });
            dcs.push({
              code: dcCode,
              number: ++dcNumber,
              town: place,
              urban,
              circle,
              consumers: count,
              feeders,
            });
          }
        }
      });
    }
  }
  return { seed, consumers, org, network, dcs, users };
}

/**
 * Streams the consumers of a plan as CSV-shaped records, one DC at a time
 * (each DC from its own seeded stream, so any DC's consumers are reproducible).
 * About 85% have a registered mobile, most verified; tariff mix and names
 * follow the district.
 */
export function* demoConsumers(plan: DemoPlan): Generator<CsvRecord> {
  for (const dc of plan.dcs) {
    const r = new Random(`${plan.seed}:consumers:${dc.code}`);
    const tribal = dc.circle.tribal ?? 0;
    let seq = 0;
    for (const feeder of dc.feeders) {
      for (const dt of feeder.dts) {
        for (let k = 0; k < dt.consumers; k++) {
          seq++;
          const consumerNo = `${dc.number}${String(seq).padStart(6, "0")}`;
          const tariff = r.weighted(
            dc.urban
              ? { domestic: 82, non_domestic: 15, agriculture: 0.5, industrial: 2.5 }
              : { domestic: 76, non_domestic: 6, agriculture: 17, industrial: 1 },
          );
          const mobiles: string[] = [];
          if (r.chance(0.85)) {
            const verified = r.chance(0.72);
            const lang = r.chance(0.8) ? "hi" : "en";
            mobiles.push(`${mobile(r)}${verified ? ":verified" : ""}:${lang}`);
            if (r.chance(0.08)) mobiles.push(`${mobile(r)}:${lang}`);
          }
          const address = dc.urban
            ? `H.No. ${r.int(1, 650)}, ${feeder.locality.en}, Ward ${r.int(1, 45)}, ${dc.town.en}`
            : `Village ${feeder.locality.en}, Post ${dc.town.en}`;
          const status = r.weighted({ active: 96, temporarily_disconnected: 3, permanently_disconnected: 1 });
          const smart = dc.urban && r.chance(0.15);
          yield {
            consumer_no: consumerNo,
            name: personName(r, tribal),
            address,
            mobiles: mobiles.join(";"),
            tariff_category: tariff,
            area_type: dc.urban ? "urban" : "rural",
            dc_code: dc.code,
            feeder_code: feeder.code,
            dt_code: dt.code,
            meter_no: `${smart ? "SM" : "MP"}${dc.number}${String(seq).padStart(6, "0")}`,
            connection_status: status,
          };
        }
      }
    }
  }
}
