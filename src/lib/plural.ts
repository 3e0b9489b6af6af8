// Server text (CLI output, error messages) is English: the word that goes
// with a count is chosen by the language's plural rules, not by "(s)".
const english = new Intl.PluralRules("en");

/** The word for a count: ("outage", 1) "outage", ("outage", 0) "outages"; `other` for an irregular plural. */
export function plural(n: number, one: string, other = `${one}s`): string {
  return english.select(n) === "one" ? one : other;
}

/** The count and its word: "1 migration", "3 migrations" (the number as given, not grouped). */
export function count(n: number, one: string, other?: string): string {
  return `${n} ${plural(n, one, other)}`;
}
