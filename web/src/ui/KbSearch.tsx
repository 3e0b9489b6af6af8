import { useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery, useDebounced } from "../query.ts";
import { navigate } from "../router.tsx";
import { useErrorText } from "./errors.tsx";
import { Notice, Spinner } from "./index.tsx";
import { articleHref, KbCategoryBadge, summaryOf, titleOf } from "./kb.tsx";
import { cleanSnippet, languageOfText } from "./kb-text.ts";

/**
 * The knowledge base's search, over any screen (`?` opens it): results follow the typing, in Hindi
 * or English; the arrow keys pick one and Enter opens it; Esc closes and gives the focus back.
 */
export function KbSearch({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const explain = useErrorText();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const back = useRef<Element | null>(null);
  const id = useId();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const { data, error, isFetching } = useApiQuery(
    [...keys.kb, "search", q],
    "GET /api/kb/articles",
    { query: { q, pageSize: 8 } },
    { enabled: open && q.length > 0, keep: true, staleTime: 30_000 },
  );
  const items = q.length > 0 ? (data?.items ?? []) : [];
  // Results in the language he searched in: a Hindi query shows the Hindi titles and opens the Hindi text.
  const shown = languageOfText(q) ?? lang;

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      back.current = document.activeElement;
      setText("");
      setActive(0);
      d.showModal();
      input.current?.focus();
    }
    if (!open && d.open) {
      d.close();
      if (back.current instanceof HTMLElement) back.current.focus();
    }
  }, [open]);

  // A new answer starts again at its first result.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the results change
  useEffect(() => setActive(0), [data, q]);

  // The chosen result stays in sight as the arrows move through a long list.
  useEffect(() => {
    document.getElementById(`${id}-opt-${active}`)?.scrollIntoView({ block: "nearest" });
  }, [active, id]);

  const go = (articleId: number) => {
    onClose();
    navigate(articleHref(articleId, undefined, shown));
  };

  const onKey = (e: React.KeyboardEvent) => {
    // The overlay's keys are its own: the page below (its number keys, Esc = back, j/k) does not see them.
    e.stopPropagation();
    if (e.key === "Escape") {
      e.preventDefault();
      onClose();
    } else if (e.key === "ArrowDown" && items.length > 0) {
      e.preventDefault();
      setActive((a) => (a + 1) % items.length);
    } else if (e.key === "ArrowUp" && items.length > 0) {
      e.preventDefault();
      setActive((a) => (a - 1 + items.length) % items.length);
    } else if (e.key === "Enter") {
      const chosen = items[active];
      if (chosen && e.target === input.current) {
        e.preventDefault();
        go(chosen.id);
      }
    }
  };

  const optionId = (i: number) => `${id}-opt-${i}`;
  const searching = isFetching && q.length > 0;

  return (
    <dialog
      ref={dialog}
      className="kb-overlay"
      aria-labelledby={`${id}-title`}
      onKeyDown={onKey}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === dialog.current) onClose(); // a click on the backdrop
      }}
      data-testid="kb-overlay"
    >
      {open ? (
        <div className="kb-overlay-body">
          <div className="kb-overlay-head">
            <h2 id={`${id}-title`}>{t("kb.search.title")}</h2>
            <button type="button" className="btn btn-ghost" onClick={onClose}>
              {t("common.close")} <kbd>Esc</kbd>
            </button>
          </div>
          <div className="kb-overlay-input">
            <input
              ref={input}
              type="search"
              role="combobox"
              aria-label={t("kb.search.label")}
              aria-expanded={items.length > 0}
              aria-controls={`${id}-list`}
              aria-autocomplete="list"
              aria-activedescendant={items[active] ? optionId(active) : undefined}
              placeholder={t("kb.search.placeholder")}
              value={text}
              autoComplete="off"
              onChange={(e) => setText(e.target.value)}
            />
            {searching ? (
              <span className="kb-overlay-busy" role="status">
                <Spinner /> <span className="sr-only">{t("kb.search.searching")}</span>
              </span>
            ) : null}
          </div>
          {error ? <Notice tone="error">{explain(error)}</Notice> : null}
          {q.length === 0 ? <p className="muted small">{t("kb.search.hint")}</p> : null}
          {q.length > 0 && data && items.length === 0 && !searching ? (
            <p className="muted" role="status">
              {t("kb.search.none", { q })}
            </p>
          ) : null}
          <div id={`${id}-list`} role="listbox" aria-label={t("kb.search.results")} className="kb-results">
            {items.map((a, i) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the input's (arrows + Enter)
              <div
                key={a.id}
                tabIndex={-1}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                className={i === active ? "on" : ""}
                onMouseEnter={() => setActive(i)}
                onClick={() => go(a.id)}
              >
                <span className="kb-result-head">
                  <strong lang={shown}>{titleOf(a, shown)}</strong> <KbCategoryBadge category={a.category} />
                </span>
                <span className="small kb-result-snippet">
                  {a.snippet ? cleanSnippet(a.snippet) : summaryOf(a, shown)}
                </span>
              </div>
            ))}
          </div>
          <p className="muted small kb-overlay-keys">{t("kb.search.keys")}</p>
        </div>
      ) : null}
    </dialog>
  );
}
