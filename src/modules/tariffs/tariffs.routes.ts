import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors, IdParam } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import {
  Estimate,
  EstimateInput,
  type TariffDto,
  TariffDto as TariffDtoSchema,
  TariffHistory,
  TariffInput,
  TariffList,
  TariffListQuery,
} from "./tariffs.schemas.ts";
import type { TariffRow } from "./tariffs.service.ts";

/** A version as the API shows it: rupees and percent, never paise or basis points. */
export function presentTariff(r: TariffRow): TariffDto {
  return {
    id: Number(r.id),
    category: r.category,
    supplyType: r.supply_type,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    nameEn: r.name_en,
    nameHi: r.name_hi,
    fixedCharge: r.fixed_charge_paise / 100,
    fixedBasis: r.fixed_basis,
    slabs: r.slabs.map((s) => ({ fromUnits: s.from, toUnits: s.to, rate: s.ratePaise / 100 })),
    extras: r.extras.map((e) => ({ nameEn: e.nameEn, nameHi: e.nameHi, percent: e.basisPoints / 100 })),
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by_name,
  };
}

/** Fields as the API names them, for the history (paise → rupees, basis points → percent). */
function presentChange(field: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (field === "fixedChargePaise") return (v as number) / 100;
  if (field === "slabs")
    return (v as { from: number; to: number | null; ratePaise: number }[]).map((s) => ({
      fromUnits: s.from,
      toUnits: s.to,
      rate: s.ratePaise / 100,
    }));
  if (field === "extras")
    return (v as { nameEn: string; nameHi: string; basisPoints: number }[]).map((e) => ({
      nameEn: e.nameEn,
      nameHi: e.nameHi,
      percent: e.basisPoints / 100,
    }));
  return v;
}

/** The tariff table (company-wide) and the agents' bill estimator. */
export function tariffsRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/tariffs",
      {
        schema: {
          tags: ["tariffs"],
          summary:
            "The tariffs in force on a day (today when not given), one per category and supply type; with all=true every version (tariffs.manage)",
          querystring: TariffListQuery,
          response: { 200: TariffList, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const r = await services.tariffs.list(await auth.principal(request), request.query);
        return { date: r.date, items: r.items.map(presentTariff) };
      },
    );

    app.post(
      "/api/tariffs",
      {
        schema: {
          tags: ["tariffs"],
          summary:
            "Add a tariff version (tariffs.manage): its days may not overlap another of the same category and supply type; slabs start at 0 and follow on, the last open-ended",
          body: TariffInput,
          response: { 201: TariffDtoSchema, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const row = await services.tariffs.create(await auth.principal(request), request.body);
        return reply.code(201).send(presentTariff(row));
      },
    );

    app.put(
      "/api/tariffs/:id",
      {
        schema: {
          tags: ["tariffs"],
          summary: "Change a tariff version (tariffs.manage); the change is recorded with who made it",
          params: IdParam,
          body: TariffInput,
          response: { 200: TariffDtoSchema, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        presentTariff(
          await services.tariffs.update(await auth.principal(request), request.params.id, request.body),
        ),
    );

    app.get(
      "/api/tariffs/:id/history",
      {
        schema: {
          tags: ["tariffs"],
          summary: "Who changed a tariff version, when, and what (tariffs.manage)",
          params: IdParam,
          response: { 200: TariffHistory, ...errors(401, 403, 404) },
        },
      },
      async (request) => {
        const rows = await services.tariffs.history(await auth.principal(request), request.params.id);
        return {
          items: rows.map((h) => ({
            at: h.at.toISOString(),
            action: h.action,
            by: h.actor_name,
            changes: Object.entries(h.changes as Record<string, { before: unknown; after: unknown }>).map(
              ([field, c]) => ({
                field: field === "fixedChargePaise" ? "fixedCharge" : field,
                before: presentChange(field, c.before),
                after: presentChange(field, c.after),
              }),
            ),
          })),
        };
      },
    );

    app.post(
      "/api/tariffs/estimate",
      {
        schema: {
          tags: ["tariffs"],
          summary:
            "Estimate a month's bill from units: the fixed charge, each slab, the extra lines and the total, in Hindi and English",
          body: EstimateInput,
          response: { 200: Estimate, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const r = await services.tariffs.estimate(await auth.principal(request), request.body);
        return {
          ...r,
          tariff: {
            id: Number(r.tariff.id),
            nameEn: r.tariff.name_en,
            nameHi: r.tariff.name_hi,
            effectiveFrom: r.tariff.effective_from,
            effectiveTo: r.tariff.effective_to,
          },
        };
      },
    );
  };
}
