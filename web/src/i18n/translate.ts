import { en, type MessageKey } from "./en.ts";
import { hi } from "./hi.ts";

export type Lang = "en" | "hi";
export type Vars = Record<string, string | number>;
/** A message said in several forms by a number (`x_one`, `x_other`): asked for as `x`, with `count`. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}_other` ? Base : never }[MessageKey];
export type TextKey = MessageKey | PluralKey;
export type Translate = (key: TextKey, vars?: Vars) => string;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, hi };
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
