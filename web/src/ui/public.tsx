import type { ReactNode } from "react";
import { ApiError, errorText } from "../api.ts";
import type { MessageKey } from "../i18n/en.ts";
import { type Lang, type Translate, useI18n } from "../i18n/index.tsx";
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

/**
 * What to tell a consumer whose SMS link does not open, or no longer does:
 * used or expired (410), unknown (404), too many tries (429, when the page
 * has its own words for it), else the usual error.
 */
export function linkProblem(
  t: Translate,
  err: unknown,
  lang: Lang,
  say: { gone: MessageKey; unknown: MessageKey; tooMany?: MessageKey },
): string {
  if (err instanceof ApiError && err.status === 410) return t(say.gone);
  if (err instanceof ApiError && err.status === 404) return t(say.unknown);
  if (err instanceof ApiError && err.status === 429 && say.tooMany) return t(say.tooMany);
  return errorText(t, err, lang);
}
