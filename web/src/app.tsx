import { useI18n } from "./i18n/index.tsx";
import { useLocation } from "./router.tsx";
import { SignIn } from "./routes/SignIn.tsx";
import { allowed, matchRoute } from "./routes.tsx";
import { useSession } from "./session.tsx";
import { Loading, Notice } from "./ui/index.tsx";
import { Layout } from "./ui/Layout.tsx";

export function App() {
  const { me, can } = useSession();
  const { t } = useI18n();
  const { path } = useLocation();
  const found = matchRoute(path);
  if (found?.route.public) return found.route.page(found.params);
  if (me === undefined) return <Loading text={t("common.loading")} />;
  if (me === null) return <SignIn />;
  const may = found ? allowed(found.route, can) : false;
  if (found && may && found.route.bare) return found.route.page(found.params);
  return (
    <Layout>
      {!found ? (
        <Notice tone="error">{t("error.not_found")}</Notice>
      ) : may ? (
        found.route.page(found.params)
      ) : (
        <Notice tone="error">{t("error.forbidden")}</Notice>
      )}
    </Layout>
  );
}
