import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../http/auth.ts";
import { billingExportRoutes } from "./billing/billing.export.ts";
import { inboxExportRoutes } from "./channels/inbox.export.ts";
import { connectionReportsExportRoutes } from "./connections/connection-reports.export.ts";
import { connectionsExportRoutes } from "./connections/connections.export.ts";
import { callbacksExportRoutes } from "./feedback/callbacks.export.ts";
import { grievancesExportRoutes } from "./feedback/grievances.export.ts";
import { scorecardsExportRoutes } from "./feedback/scorecards.export.ts";
import { surveyExportRoutes } from "./feedback/survey.export.ts";
import { kbExportRoutes } from "./kb/kb.export.ts";
import { coverageExportRoutes } from "./notifications/coverage.export.ts";
import { smsExportRoutes } from "./notifications/sms.export.ts";
import { orgExportRoutes } from "./org/org.export.ts";
import { outagesExportRoutes } from "./outages/outages.export.ts";
import type { Services } from "./registry.ts";
import { tariffsExportRoutes } from "./tariffs/tariffs.export.ts";
import { usersExportRoutes } from "./users/users.export.ts";

/** Every table's CSV/XLSX export (issue 16), each next to its list: GET /api/<list>/export. */
export function tableExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(outagesExportRoutes(services, auth));
    await app.register(usersExportRoutes(services, auth));
    await app.register(grievancesExportRoutes(services, auth));
    await app.register(smsExportRoutes(services, auth));
    await app.register(connectionsExportRoutes(services, auth));
    await app.register(kbExportRoutes(services, auth));
    await app.register(tariffsExportRoutes(services, auth));
    await app.register(scorecardsExportRoutes(services, auth));
    await app.register(connectionReportsExportRoutes(services, auth));
    await app.register(inboxExportRoutes(services, auth));
    await app.register(callbacksExportRoutes(services, auth));
    await app.register(billingExportRoutes(services, auth));
    await app.register(surveyExportRoutes(services, auth));
    await app.register(coverageExportRoutes(services, auth));
    await app.register(orgExportRoutes(services, auth));
  };
}
