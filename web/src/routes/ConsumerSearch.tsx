import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import type { ConsumerSummary } from "../contract.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/index.tsx";
import { keys, useApiQuery } from "../query.ts";
import { Link, navigate, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { ApplicationTable } from "../ui/connection.tsx";
import { useErrorText } from "../ui/errors.tsx";
import { Button, Loading, Notice } from "../ui/index.tsx";
import { StatusBadge } from "./ConsumerCard.tsx";

export function ConsumerSearch() {
  const { t, name } = useI18n();
  const explain = useErrorText();
  const { query } = useLocation();
  const q = query.get("q") ?? "";
  const [text, setText] = useState(q);
  const [tooShort, setTooShort] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  const searching = q.trim().length >= 3;
  const found = useApiQuery(
    [...keys.consumers, "search", q],
    "GET /api/consumers",
    { query: { q, limit: 25 } },
    { enabled: searching, keep: true },
  );
  const result = searching ? found.data : undefined;
  const busy = found.isFetching;
  const { can } = useSession();
  const seesApplications = can("connections.read");
  const apps = useApiQuery(
    [...keys.connections, "lookup", q],
    "GET /api/connections",
    { query: { q, pageSize: 10 } },
    { enabled: searching && seesApplications, keep: true },
  );
  const appItems = searching && seesApplications && !apps.isError ? (apps.data?.items ?? []) : [];
  const appRows = useRef<(HTMLTableRowElement | null)[]>([]);
  const toApplications = () => appRows.current[0]?.focus();
  const error = tooShort ? t("search.tooShort") : found.error ? explain(found.error) : undefined;

  // The box shows what the page searched for (also after Back); a new answer starts at its first row.
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (result) setActive(0);
  }, [result]);

  useEffect(() => {
    if (!q) input.current?.focus();
  }, [q]);

  // One exact hit: put focus on it, so Enter opens the card at once.
  useEffect(() => {
    if (result?.items.length === 1 && result.items[0]?.matchedBy !== "name") rows.current[0]?.focus();
  }, [result]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = text.trim();
    setTooShort(v.length < 3);
    if (v.length < 3) return;
    navigate(`/consumers?q=${encodeURIComponent(v)}`, q === v);
  };

  // A CTI dialer opens /consumers?q=<caller>&caller=<caller>: the number rides along to the complaint form.
  const caller = query.get("caller");
  const open = (c: ConsumerSummary) =>
    navigate(
      `/consumers/${encodeURIComponent(c.consumerNo)}${caller ? `?caller=${encodeURIComponent(caller)}` : ""}`,
    );

  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" && result?.items.length) {
      e.preventDefault();
      setActive(0);
      rows.current[0]?.focus();
    } else if (e.key === "ArrowDown" && appItems.length) {
      e.preventDefault();
      toApplications();
    }
  };

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, i: number, c: ConsumerSummary) => {
    if (e.key === "Enter") open(c);
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      // Down from the last consumer goes on to the applications below.
      if (e.key === "ArrowDown" && i === (result?.items.length ?? 0) - 1 && appItems.length) {
        toApplications();
        return;
      }
      const next = Math.max(
        0,
        Math.min((result?.items.length ?? 1) - 1, i + (e.key === "ArrowDown" ? 1 : -1)),
      );
      if (e.key === "ArrowUp" && i === 0) {
        input.current?.focus();
        return;
      }
      setActive(next);
      rows.current[next]?.focus();
    }
  };

  return (
    <section className="page">
      <h1>{t("search.title")}</h1>
      <search>
        <form className="searchbar" onSubmit={submit}>
          <label htmlFor="consumer-search" className="sr-only">
            {t("search.label")}
          </label>
          <input
            id="consumer-search"
            ref={input}
            type="search"
            inputMode="search"
            autoComplete="off"
            placeholder={t("search.placeholder")}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onInputKey}
            aria-describedby="search-hint"
          />
          <Button type="submit" busy={busy}>
            {t("search.submit")}
          </Button>
        </form>
      </search>
      <p id="search-hint" className="muted small search-hint">
        <span>
          {t("search.label")} · {t("search.hint")}
        </span>
        {can("connections.create") ? (
          <Link
            className="btn btn-secondary"
            href={`/connections/new${newApplicationQuery(q)}`}
            data-testid="new-application-link"
          >
            + {t("conn.new.fromSearch")}
          </Link>
        ) : null}
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {busy && !result ? <Loading text={t("search.searching")} /> : null}
      {result && !busy && result.items.length === 0 ? (
        <Notice tone="info">{t("search.none", { q })}</Notice>
      ) : null}
      {result && result.items.length > 0 ? (
        <div aria-busy={busy}>
          <p className="muted small" aria-live="polite">
            {t("search.count", { count: result.items.length })}
          </p>
          {result.more ? <Notice tone="info">{t("search.more")}</Notice> : null}
          <table className="grid results">
            <thead>
              <tr>
                <th>{t("col.consumerNo")}</th>
                <th>{t("col.name")}</th>
                <th>{t("col.address")}</th>
                <th>{t("col.mobile")}</th>
                <th>{t("col.dc")}</th>
                <th>{t("col.feederDt")}</th>
                <th>{t("col.status")}</th>
                <th>{t("col.matched")}</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((c, i) => (
                <tr
                  key={c.consumerNo}
                  ref={(el) => {
                    rows.current[i] = el;
                  }}
                  tabIndex={i === active ? 0 : -1}
                  className={i === active ? "active" : ""}
                  onClick={() => open(c)}
                  onKeyDown={(e) => onRowKey(e, i, c)}
                  onFocus={() => setActive(i)}
                >
                  <td className="mono">{c.consumerNo}</td>
                  <td>
                    <strong>{c.name}</strong>
                  </td>
                  <td className="address">{c.address}</td>
                  <td className="mono">{c.mobile ?? "—"}</td>
                  <td>{name(c.dc)}</td>
                  <td className="mono small">
                    {c.feederCode ?? "—"}
                    <br />
                    {c.dtCode ?? ""}
                  </td>
                  <td>
                    <StatusBadge status={c.connectionStatus} />
                  </td>
                  <td className="small">{t(`match.${c.matchedBy}` as MessageKey)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {appItems.length > 0 ? (
        <section
          className="search-applications"
          aria-labelledby="apps-found"
          data-testid="application-results"
        >
          <h2 id="apps-found">{t("conn.search.title", { count: appItems.length })}</h2>
          <ApplicationTable
            items={appItems}
            testId="application-results-table"
            rowRef={(i, el) => {
              appRows.current[i] = el;
            }}
            onTop={() => {
              const last = (result?.items.length ?? 0) - 1;
              if (last >= 0) {
                setActive(last);
                rows.current[last]?.focus();
              } else input.current?.focus();
            }}
          />
          {(apps.data?.total ?? 0) > appItems.length ? (
            <p className="small">
              <Link href={`/connections?q=${encodeURIComponent(q)}`}>
                {t("conn.search.more", { count: apps.data?.total ?? 0 })}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

/** The search's words carried to the new application's form: a mobile as the mobile, else as the name. */
function newApplicationQuery(q: string): string {
  const v = q.trim();
  if (!v) return "";
  if (/^[6-9][0-9]{9}$/.test(v)) return `?mobile=${v}`;
  if (/^[^0-9]+$/.test(v)) return `?name=${encodeURIComponent(v)}`;
  return "";
}
