import type { ReactNode } from "react";
import { Account } from "./routes/Account.tsx";
import { ApplicationCard } from "./routes/ApplicationCard.tsx";
import { Applications } from "./routes/Applications.tsx";
import { Callbacks } from "./routes/Callbacks.tsx";
import { Compensation } from "./routes/Compensation.tsx";
import { ComplaintPage } from "./routes/ComplaintPage.tsx";
import { Complaints } from "./routes/Complaints.tsx";
import { ConnectionReports } from "./routes/ConnectionReports.tsx";
import { ConsumerCard } from "./routes/ConsumerCard.tsx";
import { ConsumerSearch } from "./routes/ConsumerSearch.tsx";
import { Dashboard } from "./routes/Dashboard.tsx";
import { Feedback } from "./routes/Feedback.tsx";
import { Grievances } from "./routes/Grievances.tsx";
import { Home } from "./routes/Home.tsx";
import { Inbox } from "./routes/Inbox.tsx";
import { Kb } from "./routes/Kb.tsx";
import { KbArticle } from "./routes/KbArticle.tsx";
import { KbEditor } from "./routes/KbEditor.tsx";
import { NewApplication } from "./routes/NewApplication.tsx";
import { NewComplaint } from "./routes/NewComplaint.tsx";
import { OrgTree } from "./routes/OrgTree.tsx";
import { OutagePage } from "./routes/OutagePage.tsx";
import { Outages } from "./routes/Outages.tsx";
import { Reliability } from "./routes/Reliability.tsx";
import { ServiceDashboard } from "./routes/ServiceDashboard.tsx";
import { Sms } from "./routes/Sms.tsx";
import { SopReport } from "./routes/SopReport.tsx";
import { SopRows } from "./routes/SopRows.tsx";
import { Subscriptions } from "./routes/Subscriptions.tsx";
import { Survey } from "./routes/Survey.tsx";
import { SurveyLink } from "./routes/SurveyLink.tsx";
import { TariffEstimate } from "./routes/TariffEstimate.tsx";
import { Tariffs } from "./routes/Tariffs.tsx";
import { Tokens } from "./routes/Tokens.tsx";
import { Track } from "./routes/Track.tsx";
import { Users } from "./routes/Users.tsx";
import { Wallboard } from "./routes/Wallboard.tsx";
import { Work } from "./routes/Work.tsx";

type Params = Record<string, string>;

export interface Route {
  /** "/outages/:id(\\d+)": a parameter matches one segment, or its pattern when it has one. */
  path: string;
  page: (params: Params) => ReactNode;
  /** Any one of these permissions lets him in; none listed, any signed-in user. */
  needs?: readonly string[];
  /** Opens without sign-in (the consumer's pages from an SMS link). */
  public?: boolean;
  /** Fills the window on its own, without the top bar. */
  bare?: boolean;
}

/** Every page of the app, first match wins; a path not here is "not found". */
export const ROUTES: readonly Route[] = [
  // The consumer's pages need no sign-in.
  { path: "/track", page: () => <Track />, public: true },
  { path: "/t/:token([A-Za-z0-9]+)", page: (p) => <Track token={p.token} />, public: true },
  { path: "/f/:token([A-Za-z0-9]+)", page: (p) => <Feedback token={p.token ?? ""} />, public: true },
  { path: "/s/:token([A-Za-z0-9_-]+)", page: (p) => <SurveyLink token={p.token ?? ""} />, public: true },

  { path: "/", page: () => <Home /> },
  { path: "/wallboard", page: () => <Wallboard />, needs: ["outages.read", "complaints.read"], bare: true },
  { path: "/complaints", page: () => <Complaints /> },
  { path: "/complaints/new", page: () => <NewComplaint />, needs: ["complaints.create"] },
  { path: "/complaints/:number([A-Za-z0-9]+)", page: (p) => <ComplaintPage number={p.number ?? ""} /> },
  { path: "/work", page: () => <Work />, needs: ["complaints.work"] },
  { path: "/consumers", page: () => <ConsumerSearch /> },
  { path: "/consumers/:no", page: (p) => <ConsumerCard consumerNo={p.no ?? ""} /> },
  { path: "/outages", page: () => <Outages />, needs: ["outages.read"] },
  { path: "/outages/:id(\\d+)", page: (p) => <OutagePage id={Number(p.id)} />, needs: ["outages.read"] },
  { path: "/reliability", page: () => <Reliability />, needs: ["outages.read"] },
  { path: "/dashboard", page: () => <Dashboard />, needs: ["reports.read"] },
  { path: "/dashboard/service", page: () => <ServiceDashboard />, needs: ["reports.read"] },
  ...["/sms", "/sms/inbound", "/sms/templates", "/sms/coverage"].map((path) => ({
    path,
    page: () => <Sms />,
    needs: ["sms.read", "sms.manage", "sms.inbound", "consumers.mobiles"],
  })),
  { path: "/callbacks", page: () => <Callbacks />, needs: ["callbacks.work"] },
  { path: "/inbox", page: () => <Inbox />, needs: ["inbox.work"] },
  { path: "/survey", page: () => <Survey />, needs: ["survey.work", "survey.read"] },
  // The survey's sub-pages check their own permissions, tab by tab.
  ...["/survey/scorecards", "/survey/actions", "/survey/suggestions", "/survey/admin"].map((path) => ({
    path,
    page: () => <Survey />,
  })),
  { path: "/grievances", page: () => <Grievances />, needs: ["grievances.manage"] },
  { path: "/org", page: () => <OrgTree /> },
  { path: "/account", page: () => <Account /> },
  { path: "/users", page: () => <Users />, needs: ["users.manage"] },
  { path: "/tokens", page: () => <Tokens />, needs: ["tokens.manage"] },
  // New-connection applications.
  { path: "/connections", page: () => <Applications />, needs: ["connections.read"] },
  { path: "/connections/new", page: () => <NewApplication />, needs: ["connections.create"] },
  { path: "/connections/reports", page: () => <ConnectionReports />, needs: ["connections.read"] },
  {
    path: "/connections/:number([A-Za-z0-9-]+)",
    page: (p) => <ApplicationCard number={p.number ?? ""} />,
    needs: ["connections.read"],
  },
  // Scheduled reports of one's area (issue 16).
  { path: "/reports/subscriptions", page: () => <Subscriptions />, needs: ["reports.regulator"] },
  { path: "/kb", page: () => <Kb />, needs: ["kb.read"] },
  { path: "/kb/new", page: () => <KbEditor />, needs: ["kb.edit"] },
  { path: "/kb/:id(\\d+)", page: (p) => <KbArticle id={Number(p.id)} />, needs: ["kb.read"] },
  { path: "/kb/:id(\\d+)/edit", page: (p) => <KbEditor id={Number(p.id)} />, needs: ["kb.edit"] },
  { path: "/tariffs", page: () => <Tariffs />, needs: ["kb.read", "tariffs.manage"] },
  { path: "/tariffs/estimate", page: () => <TariffEstimate />, needs: ["kb.read", "tariffs.manage"] },
  // The regulator's SoP report, its rows, and the compensation register (issue 16).
  { path: "/reports/sop", page: () => <SopReport />, needs: ["reports.regulator"] },
  { path: "/reports/sop/rows", page: () => <SopRows />, needs: ["reports.configure"] },
  { path: "/compensation", page: () => <Compensation />, needs: ["compensation.read"] },
];

const compiled = ROUTES.map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/:(\w+)(?:\(([^)]+)\))?/g, (_, name: string, pattern?: string) => {
    names.push(name);
    return `(${pattern ?? "[^/]+"})`;
  });
  return { route, names, re: new RegExp(`^${source}$`) };
});

/** The route a path opens, with its parameters (decoded), or undefined. */
export function matchRoute(path: string): { route: Route; params: Params } | undefined {
  for (const { route, names, re } of compiled) {
    const m = re.exec(path);
    if (!m) continue;
    try {
      return {
        route,
        params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")])),
      };
    } catch {
      return undefined; // a malformed %-escape: no such page
    }
  }
  return undefined;
}

/** Whether he may open the route. */
export function allowed(route: Route, can: (permission: string) => boolean): boolean {
  return !route.needs || route.needs.some(can);
}
