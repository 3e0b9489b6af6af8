import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { dateFormat, useTimeZone } from "../time.ts";
import { en, type MessageKey } from "./en.ts";
import { hi } from "./hi.ts";

export type Lang = "en" | "hi";
export type Vars = Record<string, string | number>;
/** A message said in several forms by a number (`x_one`, `x_other`): asked for as `x`, with `count`. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}_other` ? Base : never }[MessageKey];
export type TextKey = MessageKey | PluralKey;
export type Translate = (key: TextKey, vars?: Vars) => string;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, hi };
const STORAGE_KEY = "powerdesk.lang";
// Hindi and English both have two forms: "one" (Hindi's takes 0 too) and "other".
const plurals: Record<Lang, Intl.PluralRules> = {
  en: new Intl.PluralRules("en-IN"),
  hi: new Intl.PluralRules("hi-IN"),
};

/** The message's key for this count: `x_one` or `x_other`, as the language's plural rules say. */
function pluralForm(lang: Lang, key: TextKey, count: Vars[string] | undefined): string {
  if (key in en || typeof count !== "number") return key;
  const form = `${key}_${plurals[lang].select(count)}`;
  return form in en ? form : `${key}_other`;
}

export function translate(lang: Lang, key: TextKey, vars?: Vars): string {
  const k = pluralForm(lang, key, vars?.count) as MessageKey;
  const text = dictionaries[lang][k] ?? en[k] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = vars[name];
    return v === undefined ? `{${name}}` : typeof v === "number" ? v.toLocaleString("en-IN") : v;
  });
}

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
