import { badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { maskMobile, normaliseMobile } from "../../lib/mobile.ts";
import { can, type Principal } from "../access/principal.ts";
import type { OrgRepository } from "../org/org.repository.ts";
import type {
  ConsumerCardRow,
  ConsumerMobileRow,
  ConsumerSummaryRow,
  ConsumersRepository,
  MatchKind,
} from "./consumers.repository.ts";

export interface LookupResult {
  items: (ConsumerSummaryRow & { matched_by: MatchKind })[];
  /** More consumers match than were returned: the agent should narrow the search. */
  more: boolean;
}

export interface ConsumerCard {
  consumer: ConsumerCardRow;
  mobiles: ConsumerMobileRow[];
  chain: { kind: string; code: string; nameEn: string; nameHi: string }[];
}

const CONSUMER_NO = /^[A-Z0-9]{4,20}$/;
const METER_NO = /^[A-Z0-9][A-Z0-9/-]{2,29}$/;

export class ConsumersService {
  constructor(
    private readonly consumers: ConsumersRepository,
    private readonly org: OrgRepository,
  ) {}

  /**
   * One search box for the agent: a consumer number, meter number or mobile
   * (in any usual spelling: +91, spaces, a leading 0) is matched exactly;
   * anything with letters and no exact match searches names.
   */
  async lookup(principal: Principal, q: string, limit: number): Promise<LookupResult> {
    if (!can(principal, "consumers.read")) throw forbidden();
    const raw = q.trim().replace(/\s+/g, " ");
    if (raw.length < 3) throw badRequest("type at least 3 characters", "q");
    const compact = raw.replace(/[\s-]/g, "").toUpperCase();
    const mobile = normaliseMobile(raw);
    const exact = await this.consumers.findExact(
      principal,
      {
        ...(CONSUMER_NO.test(compact) ? { consumerNo: compact } : {}),
        ...(METER_NO.test(raw.toUpperCase().replace(/\s/g, ""))
          ? { meterNo: raw.toUpperCase().replace(/\s/g, "") }
          : {}),
        // Only for those who may see mobiles: else trying the six hidden digits of a
        // masked mobile would tell them whose it is.
        ...(mobile && can(principal, "consumers.read_mobile") ? { mobile } : {}),
      },
      limit + 1,
    );
    let result: LookupResult = { items: exact.slice(0, limit), more: exact.length > limit };
    if (exact.length === 0 && /\p{L}/u.test(raw)) {
      const terms = raw
        .split(" ")
        .map((t) => t.trim())
        .filter((t) => t.length > 0);
      if (!terms.some((t) => t.length >= 3))
        throw badRequest("name search needs a word of at least 3 letters", "q");
      // Longest term first: it is the most selective for the trigram index.
      terms.sort((a, b) => b.length - a.length);
      result = await this.consumers.findByName(principal, terms, limit);
    }
    if (!can(principal, "consumers.read_mobile")) {
      result.items = result.items.map((i) => ({ ...i, mobile: i.mobile ? maskMobile(i.mobile) : null }));
    }
    return result;
  }

  async card(principal: Principal, consumerNo: string): Promise<ConsumerCard> {
    if (!can(principal, "consumers.read")) throw forbidden();
    const consumer = await this.consumers.findCardForUser(principal, consumerNo.trim().toUpperCase());
    // Outside the jurisdiction reads as unknown: no hint that the number exists.
    if (!consumer) throw notFound("consumer");
    const [mobiles, chain] = await Promise.all([
      this.consumers.mobilesOf(consumer.id),
      this.org.ancestorsOf(consumer.dc_path),
    ]);
    const showMobiles = can(principal, "consumers.read_mobile");
    return {
      consumer: showMobiles
        ? consumer
        : { ...consumer, mobile: consumer.mobile ? maskMobile(consumer.mobile) : null },
      mobiles: showMobiles ? mobiles : mobiles.map((m) => ({ ...m, mobile: maskMobile(m.mobile) })),
      chain: chain.map((u) => ({ kind: u.kind, code: u.code, nameEn: u.name_en, nameHi: u.name_hi })),
    };
  }
}
