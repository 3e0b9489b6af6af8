import { useRef, useState } from "react";
import { useI18n } from "../i18n/index.tsx";
import { Button } from "./index.tsx";

/**
 * A value the agent reads out or pastes for the caller (a payment link), selectable, with a Copy
 * button and what became of the copy.
 */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "no">();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // No clipboard (plain http, an old browser): select it for Ctrl+C.
      input.current?.select();
      setCopied(document.execCommand?.("copy") ? "yes" : "no");
    }
  };
  return (
    <div className="bill-link">
      <label htmlFor={id}>{label}</label>
      <div className="bill-link-row">
        <input
          id={id}
          ref={input}
          className="mono"
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          size={value.length + 2}
        />
        <Button variant="secondary" onClick={copy}>
          {t("bills.copy")}
        </Button>
        <span className="small muted" aria-live="polite">
          {copied === "yes" ? t("bills.copied") : copied === "no" ? t("bills.copyFailed") : ""}
        </span>
      </div>
    </div>
  );
}
