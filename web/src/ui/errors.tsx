import { useCallback } from "react";
import { ApiError, errorText } from "../api.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { Notice } from "./index.tsx";

/** What to tell the user about an error, in his language: the function, for a screen that needs the text. */
export function useErrorText(): (err: unknown) => string {
  const { t, lang } = useI18n();
  return useCallback((err: unknown) => errorText(t, err, lang), [t, lang]);
}

/** The field an API error names, if any (the form then shows it under that field). */
export function errorField(err: unknown): string | undefined {
  return err instanceof ApiError ? err.field : undefined;
}

/**
 * A form's error texts from its last failed request: `field(name)` under a
 * named input, `general` in a notice when the error names no field (or one
 * the form does not show, listed in `shown`).
 */
export function useFormError(err: unknown, shown?: readonly string[]) {
  const text = useErrorText();
  const message = err ? text(err) : undefined;
  const named = errorField(err);
  const onForm = named !== undefined && (shown === undefined || shown.includes(named));
  return {
    general: onForm ? undefined : message,
    field: (name: string): string | undefined => (named === name ? message : undefined),
  };
}

/** The notice for a failed request; nothing when there is no error. */
export function ErrorNotice({ error, onClose }: { error: unknown; onClose?: (() => void) | undefined }) {
  const text = useErrorText();
  if (!error) return null;
  return (
    <Notice tone="error" {...(onClose ? { onClose } : {})}>
      {text(error)}
    </Notice>
  );
}

/**
 * What to tell a consumer whose SMS link does not open, or no longer does:
 * used or expired (410), unknown (404), too many tries (429, when the page
 * has its own words for it), else the usual error.
 */
export function useLinkProblem(say: { gone: MessageKey; unknown: MessageKey; tooMany?: MessageKey }) {
  const { t } = useI18n();
  const text = useErrorText();
  return (err: unknown): string => {
    if (err instanceof ApiError && err.status === 410) return t(say.gone);
    if (err instanceof ApiError && err.status === 404) return t(say.unknown);
    if (err instanceof ApiError && err.status === 429 && say.tooMany) return t(say.tooMany);
    return text(err);
  };
}
