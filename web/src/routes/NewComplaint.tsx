import { useI18n } from "../i18n/index.tsx";
import { RegisterComplaint } from "./RegisterComplaint.tsx";

/** A caller who is not a consumer (a passer-by reporting a fallen line): register against a place. */
export function NewComplaint() {
  const { t } = useI18n();
  return (
    <section className="page new-complaint">
      <h1>{t("nav.newComplaint")}</h1>
      <p className="muted">{t("home.newComplaintText")}</p>
      <RegisterComplaint />
    </section>
  );
}
