import { useI18n } from "./i18n/index.tsx";
import { useLocation } from "./router.tsx";
import { Account } from "./routes/Account.tsx";
import { Callbacks } from "./routes/Callbacks.tsx";
import { ComplaintPage } from "./routes/ComplaintPage.tsx";
import { Complaints } from "./routes/Complaints.tsx";
import { ConsumerCard } from "./routes/ConsumerCard.tsx";
import { ConsumerSearch } from "./routes/ConsumerSearch.tsx";
import { Feedback } from "./routes/Feedback.tsx";
import { Grievances } from "./routes/Grievances.tsx";
import { Home } from "./routes/Home.tsx";
import { NewComplaint } from "./routes/NewComplaint.tsx";
import { OrgTree } from "./routes/OrgTree.tsx";
import { OutagePage } from "./routes/OutagePage.tsx";
import { Outages } from "./routes/Outages.tsx";
import { Reliability } from "./routes/Reliability.tsx";
import { SignIn } from "./routes/SignIn.tsx";
import { Sms } from "./routes/Sms.tsx";
import { Survey } from "./routes/Survey.tsx";
import { SurveyLink } from "./routes/SurveyLink.tsx";
import { Tokens } from "./routes/Tokens.tsx";
import { Track } from "./routes/Track.tsx";
import { Users } from "./routes/Users.tsx";
import { Wallboard } from "./routes/Wallboard.tsx";
import { Work } from "./routes/Work.tsx";
import { useSession } from "./session.tsx";
import { Loading, Notice } from "./ui/index.tsx";
import { Layout } from "./ui/Layout.tsx";

function Page() {
  const { path } = useLocation();
  const { can } = useSession();
  const { t } = useI18n();
  const consumer = /^\/consumers\/([^/]+)$/.exec(path);
  if (consumer?.[1]) return <ConsumerCard consumerNo={decodeURIComponent(consumer[1])} />;
  const complaint = /^\/complaints\/([A-Za-z0-9]+)$/.exec(path);
  if (complaint?.[1] && complaint[1] !== "new")
    return <ComplaintPage number={decodeURIComponent(complaint[1])} />;
  const outage = /^\/outages\/(\d+)$/.exec(path);
  if (outage?.[1])
    return can("outages.read") ? (
      <OutagePage id={Number(outage[1])} />
    ) : (
      <Notice tone="error">{t("error.forbidden")}</Notice>
    );
  switch (path) {
    case "/complaints":
      return <Complaints />;
    case "/complaints/new":
      return can("complaints.create") ? (
        <NewComplaint />
      ) : (
        <Notice tone="error">{t("error.forbidden")}</Notice>
      );
    case "/work":
      return can("complaints.work") ? <Work /> : <Notice tone="error">{t("error.forbidden")}</Notice>;
    case "/":
      return <Home />;
    case "/consumers":
      return <ConsumerSearch />;
    case "/org":
      return <OrgTree />;
    case "/account":
      return <Account />;
    case "/users":
      return can("users.manage") ? <Users /> : <Notice tone="error">{t("error.forbidden")}</Notice>;
    case "/outages":
      return can("outages.read") ? <Outages /> : <Notice tone="error">{t("error.forbidden")}</Notice>;
    case "/wallboard":
      return <Notice tone="error">{t("error.forbidden")}</Notice>;
    case "/reliability":
      return can("outages.read") ? <Reliability /> : <Notice tone="error">{t("error.forbidden")}</Notice>;
    case "/sms":
    case "/sms/inbound":
    case "/sms/templates":
    case "/sms/coverage":
      return can("sms.read") || can("sms.manage") || can("sms.inbound") || can("consumers.mobiles") ? (
        <Sms />
      ) : (
        <Notice tone="error">{t("error.forbidden")}</Notice>
      );
    case "/callbacks":
      return can("callbacks.work") ? <Callbacks /> : <Notice tone="error">{t("error.forbidden")}</Notice>;
    case "/survey":
      return can("survey.work") || can("survey.read") ? (
        <Survey />
      ) : (
        <Notice tone="error">{t("error.forbidden")}</Notice>
      );
    case "/survey/scorecards":
    case "/survey/actions":
    case "/survey/suggestions":
    case "/survey/admin":
      return <Survey />;
    case "/grievances":
      return can("grievances.manage") ? <Grievances /> : <Notice tone="error">{t("error.forbidden")}</Notice>;
    case "/tokens":
      return can("tokens.manage") ? <Tokens /> : <Notice tone="error">{t("error.forbidden")}</Notice>;
    default:
      return <Notice tone="error">{t("error.not_found")}</Notice>;
  }
}

export function App() {
  const { me, can } = useSession();
  const { t } = useI18n();
  const { path } = useLocation();
  // The consumer's tracking page needs no sign-in.
  if (path === "/track") return <Track />;
  const tracking = /^\/t\/([A-Za-z0-9]+)$/.exec(path);
  if (tracking?.[1]) return <Track token={tracking[1]} />;
  const feedback = /^\/f\/([A-Za-z0-9]+)$/.exec(path);
  if (feedback?.[1]) return <Feedback token={feedback[1]} />;
  const survey = /^\/s\/([A-Za-z0-9_-]+)$/.exec(path);
  if (survey?.[1]) return <SurveyLink token={survey[1]} />;
  if (me === undefined) return <Loading text={t("common.loading")} />;
  if (me === null) return <SignIn />;
  // The wallboard fills the display on its own: no top bar.
  if (path === "/wallboard" && (can("outages.read") || can("complaints.read"))) return <Wallboard />;
  return (
    <Layout>
      <Page />
    </Layout>
  );
}
