import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import type { ConsumerSummaryRow, MatchKind } from "./consumers.repository.ts";
import {
  ConsumerCardDto,
  ConsumerParams,
  ConsumerSearchQuery,
  ConsumerSearchResult,
} from "./consumers.schemas.ts";
import type { ConsumerCard } from "./consumers.service.ts";

function presentSummary(r: ConsumerSummaryRow & { matched_by: MatchKind }) {
  return {
    consumerNo: r.consumer_no,
    name: r.name,
    address: r.address,
    areaType: r.area_type,
    connectionStatus: r.connection_status,
    meterNo: r.meter_no,
    mobile: r.mobile,
    dc: { code: r.dc_code, nameEn: r.dc_name_en, nameHi: r.dc_name_hi },
    feederCode: r.feeder_code,
    dtCode: r.dt_code,
    matchedBy: r.matched_by,
  };
}

function presentCard({ consumer: c, mobiles, chain }: ConsumerCard) {
  return {
    consumerNo: c.consumer_no,
    name: c.name,
    address: c.address,
    tariffCategory: c.tariff_category,
    areaType: c.area_type,
    connectionStatus: c.connection_status,
    meterNo: c.meter_no,
    mobiles: mobiles.map((m) => ({ mobile: m.mobile, verified: m.verified, language: m.language })),
    dc: { code: c.dc_code, nameEn: c.dc_name_en, nameHi: c.dc_name_hi },
    orgChain: chain,
    substation: c.substation_code
      ? { code: c.substation_code, nameEn: c.substation_name_en ?? "", nameHi: c.substation_name_hi ?? "" }
      : null,
    feeder: c.feeder_code
      ? { code: c.feeder_code, nameEn: c.feeder_name_en ?? "", nameHi: c.feeder_name_hi ?? "" }
      : null,
    dt: c.dt_code
      ? {
          code: c.dt_code,
          nameEn: c.dt_name_en ?? "",
          nameHi: c.dt_name_hi ?? "",
          capacityKva: c.dt_capacity_kva,
        }
      : null,
    updatedAt: c.updated_at.toISOString(),
  };
}

export function consumersRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/consumers",
      {
        schema: {
          tags: ["consumers"],
          summary: "Find consumers by consumer number, mobile, meter number or part of the name",
          description:
            "Exact matches on consumer number, meter number and mobile (+91, spaces and a leading 0 are accepted) come first; " +
            "text with letters and no exact match searches names. Only consumers in the caller's jurisdiction are returned.",
          querystring: ConsumerSearchQuery,
          response: {
            200: ConsumerSearchResult,
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const r = await services.consumers.lookup(p, request.query.q, request.query.limit);
        return { items: r.items.map(presentSummary), more: r.more };
      },
    );

    app.get(
      "/api/consumers/:consumerNo",
      {
        schema: {
          tags: ["consumers"],
          summary: "A consumer's card: mobiles, DC and org chain, substation, feeder and DT",
          params: ConsumerParams,
          response: { 200: ConsumerCardDto, ...errors(401, 403, 404) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        return presentCard(await services.consumers.card(p, request.params.consumerNo));
      },
    );
  };
}
