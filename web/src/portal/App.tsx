import { useEffect } from "react";
import { ApiError, api } from "../api.ts";
import { ApplyPage } from "./apply.tsx";
import {
  BillsPage,
  ComplaintPage,
  ComplaintsPage,
  HomePage,
  MessagesPage,
  NewComplaintPage,
  OutagesPage,
  SettingsPage,
  SignInPage,
} from "./pages.tsx";
import { Link, Loading, usePortal } from "./shell.tsx";

const PRIVATE = ["/", "/bills", "/complaints", "/new", "/messages", "/settings"];

function Page() {
  const { path, signedIn, go } = usePortal();
  const needsSignIn = PRIVATE.includes(path) || path.startsWith("/complaints/");
  useEffect(() => {
    // Not signed in: the home page is the public outage list; other private pages ask to sign in.
    if (signedIn === false && needsSignIn) go(path === "/" ? "/outages" : "/sign-in");
  }, [signedIn, needsSignIn, path, go]);
  if (path === "/outages") return <OutagesPage />;
  if (path === "/sign-in") return <SignInPage />;
  if (path === "/apply") return <ApplyPage />;
  if (signedIn !== true) return <Loading />;
  if (path === "/bills") return <BillsPage />;
  if (path === "/complaints") return <ComplaintsPage />;
  if (path.startsWith("/complaints/")) return <ComplaintPage number={decodeURIComponent(path.slice(12))} />;
  if (path === "/new") return <NewComplaintPage />;
  if (path === "/settings") return <SettingsPage />;
  if (path === "/messages") return <MessagesPage />;
  return <HomePage />;
}

export function App() {
  const { t, lang, setLang, signedIn, setSignedIn, go, visit } = usePortal();
  useEffect(() => {
    api("GET /api/portal/me").then(
      () => setSignedIn(true),
      (err) => setSignedIn(!(err instanceof ApiError && err.status === 401)),
    );
  }, [setSignedIn]);
  const signOut = async () => {
    await api("POST /api/portal/sign-out").catch(() => undefined);
    setSignedIn(false);
    go("/outages");
  };
  return (
    <>
      <a className="skip" href="#main">
        {t("nav.skip")}
      </a>
      <header className="top">
        <p className="brand">
          <span aria-hidden="true">⚡</span> {t("app.name")}
        </p>
        <button
          type="button"
          className="lang"
          lang={lang === "hi" ? "en" : "hi"}
          aria-label={t("lang.switchLabel")}
          onClick={() => setLang(lang === "hi" ? "en" : "hi")}
        >
          {t("lang.switch")}
        </button>
      </header>
      <nav aria-label={t("nav.label")} className="nav">
        <ul>
          {signedIn ? (
            <>
              <li>
                <Link to="/">{t("nav.home")}</Link>
              </li>
              <li>
                <Link to="/bills">{t("nav.bills")}</Link>
              </li>
              <li>
                <Link to="/complaints">{t("nav.complaints")}</Link>
              </li>
              <li>
                <Link to="/new">{t("nav.new")}</Link>
              </li>
              <li>
                <Link to="/messages">{t("nav.messages")}</Link>
              </li>
              <li>
                <Link to="/settings">{t("nav.settings")}</Link>
              </li>
              <li>
                <Link to="/outages">{t("nav.outages")}</Link>
              </li>
              <li>
                <button type="button" className="link" onClick={() => void signOut()}>
                  {t("nav.signOut")}
                </button>
              </li>
            </>
          ) : (
            <>
              <li>
                <Link to="/outages">{t("nav.outages")}</Link>
              </li>
              <li>
                <a href="/track">{t("nav.track")}</a>
              </li>
              <li>
                <Link to="/apply">{t("nav.apply")}</Link>
              </li>
              <li>
                <Link to="/sign-in">{t("nav.signIn")}</Link>
              </li>
            </>
          )}
        </ul>
      </nav>
      <main id="main">
        <Page key={visit} />
      </main>
      <footer className="foot">
        <p>{t("common.helpline")}</p>
      </footer>
    </>
  );
}
