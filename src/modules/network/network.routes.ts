import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { FeederDetail, FeederList, FeederParams, FeederQuery, FeederSearchQuery } from "./network.schemas.ts";

export function networkRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/network/feeders",
      {
        schema: {
          tags: ["network"],
          summary:
            "Feeders in your jurisdiction whose code or name matches, with their DT and consumer counts",
          querystring: FeederSearchQuery,
          response: { 200: FeederList, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const rows = await services.network.feeders(p, request.query.q, request.query.limit);
        return {
          items: rows.map((f) => ({
            code: f.code,
            nameEn: f.name_en,
            nameHi: f.name_hi,
            dcCode: f.dc_code,
            dts: f.dts,
            consumers: f.consumers,
          })),
        };
      },
    );

    app.get(
      "/api/network/feeders/:code",
      {
        schema: {
          tags: ["network"],
          summary: "One feeder and its DTs, each with a few of its consumers and their meters",
          params: FeederParams,
          querystring: FeederQuery,
          response: {
            200: FeederDetail,
            ...errors(401, 403, 404),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const r = await services.network.feeder(p, request.params.code, request.query.sample);
        return {
          feeder: {
            code: r.feeder.code,
            nameEn: r.feeder.name_en,
            nameHi: r.feeder.name_hi,
            dcCode: r.feeder.dc_code,
          },
          dts: r.dts.map((d) => ({
            code: d.code,
            nameEn: d.name_en,
            nameHi: d.name_hi,
            consumers: d.consumers,
            sample: d.sample.map((s) => ({ consumerNo: s.consumer_no, meterNo: s.meter_no })),
          })),
        };
      },
    );
  };
}
