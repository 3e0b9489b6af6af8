import type { ReactNode } from "react";
import { useI18n } from "../i18n/index.tsx";
import { LanguageToggle } from "./Layout.tsx";

/**
 * A consumer's page without sign-in (tracking, feedback, the survey link):
 * phone-sized, the name and the language switch on top.
 */
export function PublicPage({ className, children }: { className?: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="track-page">
      <header className="track-head">
        <span className="brand">
          <span className="bolt" aria-hidden="true">
            ⚡
          </span>{" "}
          {t("app.name")}
        </span>
        <LanguageToggle />
      </header>
      <main className={className ? `track-main ${className}` : "track-main"}>{children}</main>
    </div>
  );
}
