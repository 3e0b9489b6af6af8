import { type FormEvent, useId, useState } from "react";
import { ApiError, api } from "../api.ts";
import type { BillStatus, ComplaintStatus } from "../contract.ts";
import {
  day,
  errorText,
  Failed,
  Link,
  Loading,
  month,
  PageTitle,
  rupees,
  useLoad,
  usePortal,
  when,
} from "./shell.tsx";
import type { PortalKey } from "./strings.ts";

type Named = { nameEn: string; nameHi: string };

function useName() {
  const { lang } = usePortal();
  return (n: Named | null | undefined) => (n ? (lang === "hi" ? n.nameHi : n.nameEn) : "");
}

function statusKey(s: ComplaintStatus): PortalKey {
  return `cstatus.${s}` as PortalKey;
}

/** A field with its label, its error tied to it (aria-describedby), and a hint. */
export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean }) => React.ReactNode;
}) {
  const id = useId();
  const described = [error ? `${id}-err` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(described ? { "aria-describedby": described } : {}),
        ...(error ? { "aria-invalid": true } : {}),
      })}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}

// Public

export function OutagesPage() {
  const { t, lang, signedIn } = usePortal();
  const name = useName();
  const r = useLoad(() => api("GET /api/portal/public/outages"));
  return (
    <>
      <PageTitle>{t("outages.title")}</PageTitle>
      {r.loading && !r.data && <Loading />}
      {r.error !== undefined && <Failed error={r.error} retry={r.reload} />}
      {r.data && (
        <>
          <p className="muted">{t("outages.intro", { time: when(lang, r.data.at) })}</p>
          {r.data.districts.length === 0 ? (
            <p className="notice ok">{t("outages.none")}</p>
          ) : (
            r.data.districts.map((d) => (
              <section
                key={d.district?.code ?? "-"}
                className="card"
                aria-labelledby={`d-${d.district?.code ?? "x"}`}
              >
                <h2 id={`d-${d.district?.code ?? "x"}`}>
                  {d.district ? name(d.district) : t("outages.otherDistrict")}
                </h2>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t("outages.dc")}</th>
                      <th scope="col" className="num">
                        {t("outages.count")}
                      </th>
                      <th scope="col" className="num">
                        {t("outages.consumers")}
                      </th>
                      <th scope="col">{t("outages.etr")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.dcs.map((x) => (
                      <tr key={x.dc.code}>
                        <th scope="row">{name(x.dc)}</th>
                        <td className="num">{x.outages}</td>
                        <td className="num">{x.consumersAffected}</td>
                        <td>{x.latestEtr ? when(lang, x.latestEtr) : t("outages.etrUnknown")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ))
          )}
          <section className="card" aria-labelledby="planned-h">
            <h2 id="planned-h">{t("outages.planned")}</h2>
            {r.data.planned.length === 0 ? (
              <p>{t("outages.plannedNone")}</p>
            ) : (
              <ul className="list">
                {r.data.planned.map((p) => (
                  <li key={`${p.dc.code}-${p.start}-${p.element?.nameEn ?? ""}`}>
                    <strong>
                      {when(lang, p.start)} – {when(lang, p.end)}
                    </strong>
                    <br />
                    {[name(p.element), name(p.dc), name(p.district)].filter(Boolean).join(", ")}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      <p>
        <a href="/track">{t("outages.track")}</a>
      </p>
      {signedIn === false && (
        <p className="notice">
          {t("outages.signInHint")} <Link to="/sign-in">{t("nav.signIn")}</Link>
        </p>
      )}
    </>
  );
}

export function SignInPage() {
  const { t, setSignedIn, go } = usePortal();
  const [consumerNo, setConsumerNo] = useState("");
  const [code, setCode] = useState("");
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: "consumerNo" | "code" | "form"; text: string } | undefined>();

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!consumerNo.trim()) return setError({ field: "consumerNo", text: t("signIn.required") });
    setBusy(true);
    setError(undefined);
    try {
      await api("POST /api/portal/sign-in/code", { body: { consumerNo: consumerNo.trim() } });
      setSent(true);
    } catch (err) {
      setError({
        field: err instanceof ApiError && err.field === "consumerNo" ? "consumerNo" : "form",
        text: errorText(t, err),
      });
    } finally {
      setBusy(false);
    }
  };
  const signIn = async (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) return setError({ field: "code", text: t("signIn.codeRequired") });
    setBusy(true);
    setError(undefined);
    try {
      await api("POST /api/portal/sign-in", { body: { consumerNo: consumerNo.trim(), code: code.trim() } });
      setSignedIn(true);
      go("/");
    } catch (err) {
      setError({
        field: err instanceof ApiError && err.field === "code" ? "code" : "form",
        text: errorText(t, err),
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageTitle>{t("signIn.title")}</PageTitle>
      <p>{t("signIn.intro")}</p>
      {error?.field === "form" && (
        <p className="notice error" role="alert">
          {error.text}
        </p>
      )}
      {!sent ? (
        <form onSubmit={send} noValidate>
          <Field
            label={t("signIn.consumerNo")}
            error={error?.field === "consumerNo" ? error.text : undefined}
          >
            {(p) => (
              <input
                {...p}
                name="consumerNo"
                inputMode="numeric"
                autoComplete="username"
                value={consumerNo}
                onChange={(e) => setConsumerNo(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" disabled={busy}>
            {busy ? t("signIn.sending") : t("signIn.send")}
          </button>
        </form>
      ) : (
        <form onSubmit={signIn} noValidate>
          <p className="notice ok" role="status">
            {t("signIn.sent")}
          </p>
          <Field label={t("signIn.code")} error={error?.field === "code" ? error.text : undefined}>
            {(p) => (
              <input
                {...p}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            )}
          </Field>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("signIn.submit")}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => void send()}>
              {t("signIn.again")}
            </button>
          </div>
        </form>
      )}
      <p className="muted">{t("signIn.noMobile")}</p>
      <p className="notice">
        <Link to="/apply">{t("apply.signInLink")}</Link>
      </p>
    </>
  );
}

// Signed in

export function HomePage() {
  const { t, lang } = usePortal();
  const name = useName();
  const r = useLoad(() => api("GET /api/portal/me"));
  if (r.loading && !r.data) return <Loading />;
  if (!r.data) return <Failed error={r.error} retry={r.reload} />;
  const me = r.data;
  const live = me.power.live;
  // The feeder's or DT's own name says what it is ("Station Road feeder"); a single connection has none.
  const element = (o: NonNullable<typeof live>) =>
    o.element ? name(o.element) : t(`scope.${o.scope}` as PortalKey);
  return (
    <>
      <PageTitle>{t("home.title")}</PageTitle>
      <section className={`card power ${live ? "off" : "on"}`} aria-labelledby="power-h" data-testid="power">
        <h2 id="power-h">{t("home.power")}</h2>
        {live ? (
          <>
            <p className="power-state">
              <span aria-hidden="true">⚠ </span>
              {t("home.powerOff", { element: element(live) })}
            </p>
            <p className="etr">
              {live.etr ? t("home.etr", { time: when(lang, live.etr) }) : t("home.noEtr")}
            </p>
            <p className="muted">{t("home.since", { time: when(lang, live.startedAt) })}</p>
          </>
        ) : (
          <>
            <p className="power-state">
              <span aria-hidden="true">✓ </span>
              {t("home.powerOn")}
            </p>
            <p>
              <Link to="/new">{t("home.offReport")}</Link>
            </p>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="planned-h">
        <h2 id="planned-h">{t("home.planned")}</h2>
        {me.power.planned.length === 0 ? (
          <p>{t("home.plannedNone")}</p>
        ) : (
          <ul className="list">
            {me.power.planned.map((p) => (
              <li key={`${p.plannedStart}-${p.scope}`}>
                {t("home.plannedItem", {
                  element: element(p),
                  from: p.plannedStart ? when(lang, p.plannedStart) : "",
                  to: p.plannedEnd ? when(lang, p.plannedEnd) : "",
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="conn-h">
        <h2 id="conn-h">{me.name}</h2>
        <dl className="facts">
          <dt>{t("home.consumer")}</dt>
          <dd>{me.consumerNo}</dd>
          <dt>{t("home.dc")}</dt>
          <dd>{name(me.dc)}</dd>
          <dt>{t("home.feeder")}</dt>
          <dd>{name(me.feeder) || "–"}</dd>
          <dt>{t("home.dt")}</dt>
          <dd>{name(me.dt) || "–"}</dd>
        </dl>
      </section>
    </>
  );
}

const BILL_CLASS: Record<BillStatus, string> = {
  paid: "ok",
  unpaid: "warn",
  partial: "warn",
  overdue: "bad",
};

export function BillsPage() {
  const { t, lang } = usePortal();
  const r = useLoad(() => api("GET /api/portal/bills"));
  return (
    <>
      <PageTitle>{t("bills.title")}</PageTitle>
      {r.loading && !r.data && <Loading />}
      {r.error !== undefined && <Failed error={r.error} retry={r.reload} />}
      {r.data && r.data.bills.length === 0 && <p>{t("bills.none")}</p>}
      {r.data && (
        <ul className="cards">
          {r.data.bills.map((b) => (
            <li key={b.id} className="card bill" data-testid="bill">
              <h2>{month(lang, b.month)}</h2>
              <p className="amount">₹ {rupees(lang, b.amount)}</p>
              <p>
                {t("bills.due")}: {day(lang, b.dueDate)}
              </p>
              <p>
                <span className={`badge ${BILL_CLASS[b.status]}`}>{t(`bill.${b.status}` as PortalKey)}</span>
              </p>
              {b.status !== "paid" && (
                <>
                  <p>{t("bills.balance", { amount: rupees(lang, b.balance) })}</p>
                  <a
                    className="button"
                    href={b.paymentLink}
                    rel="noopener noreferrer"
                    aria-label={`${t("bills.pay")}: ${month(lang, b.month)}`}
                  >
                    {t("bills.pay")}
                  </a>
                </>
              )}
              {b.payments.map((p) => (
                <p key={p.reference} className="muted">
                  {t("bills.paidOn", { amount: rupees(lang, p.amount), date: when(lang, p.paidAt) })}
                </p>
              ))}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ComplaintsPage() {
  const { t, lang } = usePortal();
  const name = useName();
  const r = useLoad(() => api("GET /api/portal/complaints"));
  return (
    <>
      <PageTitle>{t("complaints.title")}</PageTitle>
      <p>
        <Link to="/new" className="button">
          {t("nav.new")}
        </Link>
      </p>
      {r.loading && !r.data && <Loading />}
      {r.error !== undefined && <Failed error={r.error} retry={r.reload} />}
      {r.data && r.data.items.length === 0 && <p>{t("complaints.none")}</p>}
      {r.data && (
        <ul className="cards">
          {r.data.items.map((c) => (
            <li key={c.number} className="card">
              <h2>
                <Link to={`/complaints/${c.number}`}>{c.number}</Link>
              </h2>
              <p>{name(c.category)}</p>
              <p>
                <span className={`badge s-${c.status}`}>{t(statusKey(c.status))}</span>
              </p>
              <p className="muted">{t("complaints.registered", { time: when(lang, c.registeredAt) })}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ComplaintPage({ number }: { number: string }) {
  const { t, lang } = usePortal();
  const name = useName();
  const r = useLoad(() => api("GET /api/portal/complaints/:number", { params: { number } }), [number]);
  // Kept here: the form goes away once his answer is in, its thanks stay.
  const [answered, setAnswered] = useState<string | undefined>();
  if (r.loading && !r.data) return <Loading />;
  if (!r.data) return <Failed error={r.error} retry={r.reload} />;
  const c = r.data;
  return (
    <>
      <PageTitle>{c.number}</PageTitle>
      <section className="card" aria-labelledby="c-h">
        <h2 id="c-h">{name(c.category)}</h2>
        <p>
          <span className={`badge s-${c.status}`}>{t(statusKey(c.status))}</span>
        </p>
        <p>{t("complaints.registered", { time: when(lang, c.registeredAt) })}</p>
        {!c.resolvedAt && <p>{t("complaints.due", { time: when(lang, c.dueAt) })}</p>}
        <p className="muted">{name(c.dc)}</p>
        {c.photo && <p className="muted">{t("complaints.photoSent")}</p>}
      </section>
      <section className="card" aria-labelledby="tl-h">
        <h2 id="tl-h">{t("complaints.timeline")}</h2>
        <ol className="timeline">
          {c.steps.map((s) => (
            <li key={`${s.at}-${s.action}`}>
              <span className="step">{t(`step.${s.action}` as PortalKey)}</span>
              <span className="muted"> · {when(lang, s.at)}</span>
            </li>
          ))}
        </ol>
      </section>
      {answered && (
        <p className="notice ok" role="status">
          {answered}
        </p>
      )}
      {c.awaitsFeedback && !answered && (
        <FeedbackForm
          number={c.number}
          done={(text) => {
            setAnswered(text);
            r.reload();
          }}
        />
      )}
      <p>
        <Link to="/complaints">{t("common.back")}</Link>
      </p>
    </>
  );
}

function FeedbackForm({ number, done }: { number: string; done: (text: string) => void }) {
  const { t } = usePortal();
  const [fixed, setFixed] = useState<boolean | undefined>();
  const [rating, setRating] = useState("");
  const [words, setWords] = useState("");
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (fixed === false && !words.trim()) return setError(t("complaints.wordsRequired"));
    try {
      const r = await api("POST /api/portal/complaints/:number/feedback", {
        params: { number },
        body: {
          fixed: fixed === true,
          ...(rating ? { overallRating: Number(rating) } : {}),
          ...(words.trim() ? { consumerWords: words.trim() } : {}),
        },
      });
      done(r.status === "confirmed" ? t("complaints.thanks") : t("complaints.reopened"));
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  return (
    <form className="card" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t("complaints.feedbackTitle")}</legend>
        <label className="choice">
          <input type="radio" name="fixed" checked={fixed === true} onChange={() => setFixed(true)} />
          {t("complaints.fixed")}
        </label>
        <label className="choice">
          <input type="radio" name="fixed" checked={fixed === false} onChange={() => setFixed(false)} />
          {t("complaints.notFixed")}
        </label>
      </fieldset>
      {fixed === true && (
        <Field label={t("complaints.rating")}>
          {(p) => (
            <select {...p} value={rating} onChange={(e) => setRating(e.target.value)}>
              <option value="">–</option>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {fixed === false && (
        <Field label={t("complaints.words")} error={error}>
          {(p) => <textarea {...p} rows={3} value={words} onChange={(e) => setWords(e.target.value)} />}
        </Field>
      )}
      {error && fixed !== false && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={fixed === undefined}>
        {t("complaints.sendFeedback")}
      </button>
    </form>
  );
}

const PHOTO_MAX = 2 * 1024 * 1024;

/** A photo as the API takes it: its type and base64, shrunk when a camera made it too large. */
async function readPhoto(
  file: File,
): Promise<{ contentType: "image/jpeg" | "image/png"; data: string; url: string }> {
  const url = await new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
  if (file.size <= PHOTO_MAX) {
    const contentType = file.type === "image/png" ? "image/png" : "image/jpeg";
    return { contentType, data: url.slice(url.indexOf(",") + 1), url };
  }
  // Too large: draw it at most 1600 px wide and send a JPEG.
  const img = new Image();
  await new Promise((resolve, reject) => {
    img.onload = resolve;
    img.onerror = reject;
    img.src = url;
  });
  const scale = Math.min(1, 1600 / Math.max(img.width, img.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(img.width * scale);
  canvas.height = Math.round(img.height * scale);
  canvas.getContext("2d")?.drawImage(img, 0, 0, canvas.width, canvas.height);
  const small = canvas.toDataURL("image/jpeg", 0.8);
  return { contentType: "image/jpeg", data: small.slice(small.indexOf(",") + 1), url: small };
}

export function NewComplaintPage() {
  const { t, lang } = usePortal();
  const name = useName();
  const cat = useLoad(() => api("GET /api/portal/catalogue"));
  const [category, setCategory] = useState("");
  const [sub, setSub] = useState("");
  const [description, setDescription] = useState("");
  const [photo, setPhoto] = useState<{
    contentType: "image/jpeg" | "image/png";
    data: string;
    url: string;
  }>();
  const [errors, setErrors] = useState<Partial<Record<"category" | "photo" | "form", string>>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ number: string; outcome: string } | undefined>();

  if (cat.loading && !cat.data) return <Loading />;
  if (!cat.data) return <Failed error={cat.error} retry={cat.reload} />;
  const chosen = cat.data.categories.find((c) => c.code === category);

  const onPhoto = async (file: File | undefined) => {
    setErrors((e) => ({ ...e, photo: undefined }));
    setPhoto(undefined);
    if (!file) return;
    if (!["image/jpeg", "image/png"].includes(file.type))
      return setErrors((e) => ({ ...e, photo: t("new.photoType") }));
    try {
      const p = await readPhoto(file);
      if ((p.data.length * 3) / 4 > PHOTO_MAX)
        return setErrors((e) => ({ ...e, photo: t("new.photoTooBig") }));
      setPhoto(p);
    } catch {
      setErrors((e) => ({ ...e, photo: t("new.photoType") }));
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!category) return setErrors({ category: t("new.categoryRequired") });
    setBusy(true);
    setErrors({});
    try {
      const r = await api("POST /api/portal/complaints", {
        body: {
          categoryCode: category,
          ...(sub ? { subcategoryCode: sub } : {}),
          ...(description.trim() ? { description: description.trim() } : {}),
          language: lang,
          ...(photo && chosen?.photo ? { photo: { contentType: photo.contentType, data: photo.data } } : {}),
        },
      });
      setDone({ number: r.number, outcome: r.outcome });
    } catch (err) {
      const text = errorText(t, err);
      setErrors(err instanceof ApiError && err.field === "photo" ? { photo: text } : { form: text });
    } finally {
      setBusy(false);
    }
  };
  if (done)
    return (
      <>
        <PageTitle>{t("new.title")}</PageTitle>
        <p className="notice ok" role="status" data-testid="registered">
          {t(done.outcome === "repeat_call" ? "new.repeat" : "new.done", { number: done.number })}
        </p>
        <p>
          <Link to={`/complaints/${done.number}`} className="button">
            {t("new.view")}
          </Link>
        </p>
      </>
    );
  return (
    <>
      <PageTitle>{t("new.title")}</PageTitle>
      {errors.form && (
        <p className="notice error" role="alert">
          {errors.form}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <Field label={t("new.category")} error={errors.category}>
          {(p) => (
            <select
              {...p}
              name="category"
              value={category}
              onChange={(e) => {
                setCategory(e.target.value);
                setSub("");
              }}
            >
              <option value="">{t("new.choose")}</option>
              {cat.data?.categories.map((c) => (
                <option key={c.code} value={c.code}>
                  {name(c)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {chosen?.emergency && (
          <p className="notice error" role="note">
            {t("new.emergency")}
          </p>
        )}
        {chosen && chosen.subcategories.length > 0 && (
          <Field label={t("new.subcategory")}>
            {(p) => (
              <select {...p} name="subcategory" value={sub} onChange={(e) => setSub(e.target.value)}>
                <option value="">{t("new.choose")}</option>
                {chosen.subcategories.map((s) => (
                  <option key={s.code} value={s.code}>
                    {name(s)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t("new.description")}>
          {(p) => (
            <textarea
              {...p}
              name="description"
              rows={3}
              maxLength={2000}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
        {chosen?.photo && (
          <Field label={t("new.photo")} hint={t("new.photoHelp")} error={errors.photo}>
            {(p) => (
              <input
                {...p}
                type="file"
                name="photo"
                accept="image/jpeg,image/png"
                capture="environment"
                onChange={(e) => void onPhoto(e.target.files?.[0])}
              />
            )}
          </Field>
        )}
        {photo && chosen?.photo && <img className="preview" src={photo.url} alt="" />}
        <button type="submit" disabled={busy}>
          {busy ? t("new.submitting") : t("new.submit")}
        </button>
      </form>
    </>
  );
}

export function SettingsPage() {
  const { t } = usePortal();
  const me = useLoad(() => api("GET /api/portal/me"));
  const [mobile, setMobile] = useState("");
  const [replaces, setReplaces] = useState("");
  const [language, setLanguage] = useState<"hi" | "en" | "">("");
  const [pending, setPending] = useState<{ id: number; mobile: string } | undefined>();
  const [code, setCode] = useState("");
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | undefined>();
  if (me.loading && !me.data) return <Loading />;
  if (!me.data) return <Failed error={me.error} retry={me.reload} />;
  const verified = me.data.mobiles.filter((m) => m.verified);
  const lang = language || verified[0]?.language || "hi";

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setMsg(undefined);
    try {
      const r = await api("POST /api/portal/mobiles", {
        body: { mobile: mobile.trim(), language: lang, ...(replaces ? { replaces } : {}) },
      });
      setPending({ id: r.verificationId, mobile: r.mobile });
      setMsg({ ok: true, text: t("settings.codeSent", { mobile: r.mobile }) });
    } catch (err) {
      setMsg({ ok: false, text: errorText(t, err) });
    }
  };
  const verify = async (e: FormEvent) => {
    e.preventDefault();
    if (!pending) return;
    try {
      const r = await api("POST /api/portal/mobiles/verify", {
        body: { verificationId: pending.id, code: code.trim() },
      });
      setPending(undefined);
      setMobile("");
      setCode("");
      setMsg({ ok: true, text: t("settings.added", { mobile: r.mobile }) });
      me.reload();
    } catch (err) {
      setMsg({ ok: false, text: errorText(t, err) });
    }
  };
  const saveLanguage = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api("PUT /api/portal/language", { body: { language: lang } });
      setMsg({ ok: true, text: t("settings.saved") });
    } catch (err) {
      setMsg({ ok: false, text: errorText(t, err) });
    }
  };
  return (
    <>
      <PageTitle>{t("settings.title")}</PageTitle>
      {msg && (
        <p className={`notice ${msg.ok ? "ok" : "error"}`} role={msg.ok ? "status" : "alert"}>
          {msg.text}
        </p>
      )}
      <section className="card" aria-labelledby="m-h">
        <h2 id="m-h">{t("settings.mobiles")}</h2>
        <ul className="list">
          {me.data.mobiles.map((m) => (
            <li key={m.mobile}>
              {m.mobile} · {m.verified ? t("settings.verified") : t("settings.notVerified")}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h">{t("settings.add")}</h2>
        {!pending ? (
          <form onSubmit={start} noValidate>
            <Field label={t("settings.newMobile")}>
              {(p) => (
                <input
                  {...p}
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel-national"
                  value={mobile}
                  onChange={(e) => setMobile(e.target.value)}
                />
              )}
            </Field>
            {verified.length > 0 && (
              <Field label={t("settings.replaces")}>
                {(p) => (
                  <select {...p} value={replaces} onChange={(e) => setReplaces(e.target.value)}>
                    <option value="">{t("settings.keep")}</option>
                    {verified.map((m) => (
                      <option key={m.mobile} value={m.mobile.slice(-4)}>
                        {m.mobile}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            <button type="submit">{t("settings.sendCode")}</button>
          </form>
        ) : (
          <form onSubmit={verify} noValidate>
            <Field label={t("settings.code")}>
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                />
              )}
            </Field>
            <button type="submit">{t("settings.verify")}</button>
          </form>
        )}
      </section>
      <form className="card" onSubmit={saveLanguage}>
        <fieldset>
          <legend>{t("settings.language")}</legend>
          {(["hi", "en"] as const).map((l) => (
            <label key={l} className="choice">
              <input type="radio" name="smsLanguage" checked={lang === l} onChange={() => setLanguage(l)} />
              {t(`settings.${l}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t("settings.saveLanguage")}</button>
      </form>
    </>
  );
}

export function MessagesPage() {
  const { t, lang } = usePortal();
  const r = useLoad(() => api("GET /api/portal/messages"));
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [sent, setSent] = useState(false);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setSent(false);
    if (!text.trim()) return setError(t("messages.required"));
    setError(undefined);
    try {
      await api("POST /api/portal/messages", { body: { text: text.trim(), language: lang } });
      setText("");
      setSent(true);
      r.reload();
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  return (
    <>
      <PageTitle>{t("messages.title")}</PageTitle>
      <p>{t("messages.intro")}</p>
      {r.error !== undefined && <Failed error={r.error} retry={r.reload} />}
      {r.data && r.data.items.length === 0 && <p className="muted">{t("messages.none")}</p>}
      {r.data && r.data.items.length > 0 && (
        <ol className="messages">
          {r.data.items.map((m) => (
            <li key={m.id} className={`message ${m.direction}`}>
              <p className="who">
                {m.direction === "in" ? t("messages.you") : t("messages.desk")} · {when(lang, m.at)}
              </p>
              <p>{m.body}</p>
            </li>
          ))}
        </ol>
      )}
      {sent && (
        <p className="notice ok" role="status">
          {t("messages.sent")}
        </p>
      )}
      <form className="card" onSubmit={send} noValidate>
        <Field label={t("messages.text")} error={error}>
          {(p) => (
            <textarea
              {...p}
              name="text"
              rows={4}
              maxLength={2000}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <button type="submit">{t("messages.send")}</button>
      </form>
    </>
  );
}
