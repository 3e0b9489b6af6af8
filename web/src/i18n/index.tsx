import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { dateFormat } from "../time.ts";
import { useTimeZone } from "../useTimeZone.ts";
import { type Lang, type Translate, translate } from "./translate.ts";

export type { Lang, PluralKey, TextKey, Translate, Vars } from "./translate.ts";

const STORAGE_KEY = "powerdesk.lang";

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** Picks the Hindi or English name of a thing that has both. */
  name: (n: { nameEn: string; nameHi: string }) => string;
  formatDateTime: (iso: string | null) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === "en" || saved === "hi") return saved;
  // The consumer's pages from an SMS link open in Hindi.
  if (location.pathname.startsWith("/f/") || location.pathname.startsWith("/s/")) return "hi";
  return navigator.language.startsWith("hi") ? "hi" : "en";
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const zone = useTimeZone();
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, "app.name");
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      name: (n) => (lang === "hi" && n.nameHi ? n.nameHi : n.nameEn),
      formatDateTime: (iso) =>
        iso
          ? dateFormat(
              lang === "hi" ? "hi-IN" : "en-IN",
              { dateStyle: "medium", timeStyle: "short" },
              zone,
            ).format(new Date(iso))
          : "",
    }),
    [lang, setLang, zone],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}
