/**
 * Intl date-time options for a language, shared by the server (SMS, reports)
 * and the web. In Hindi a 12-hour time names its part of the day, as people
 * say it ("सुबह 4:43", "दोपहर 1:15", "रात 12:43"), where ICU's hi-IN would
 * print the English "am"/"pm". Intl refuses `dayPeriod` beside `timeStyle`
 * or `dateStyle`, so those are spelt out as fields for Hindi. A 24-hour
 * clock (`hourCycle` h23/h24 or `hour12: false`) is left as asked.
 */
export function dateTimeOptions(
  language: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormatOptions {
  if (!language.startsWith("hi")) return options;
  const twentyFour = options.hourCycle === "h23" || options.hourCycle === "h24" || options.hour12 === false;
  if (twentyFour || (options.hour === undefined && options.timeStyle === undefined)) return options;
  const { dateStyle, timeStyle, ...rest } = options;
  const date: Intl.DateTimeFormatOptions =
    dateStyle === undefined
      ? {}
      : dateStyle === "short"
        ? { day: "numeric", month: "numeric", year: "2-digit" }
        : dateStyle === "medium"
          ? { day: "numeric", month: "short", year: "numeric" }
          : dateStyle === "long"
            ? { day: "numeric", month: "long", year: "numeric" }
            : { weekday: "long", day: "numeric", month: "long", year: "numeric" };
  const time: Intl.DateTimeFormatOptions =
    timeStyle === undefined
      ? {}
      : timeStyle === "short"
        ? { hour: "numeric", minute: "2-digit" }
        : { hour: "numeric", minute: "2-digit", second: "2-digit" };
  return { ...date, ...time, ...rest, dayPeriod: "short" };
}
