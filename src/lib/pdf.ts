import { type Browser, chromium } from "playwright-core";

// PDFs of reports, rendered from HTML by Chromium (Debian's `chromium`, driven
// by playwright-core, which gives it a fresh profile; never a browser download). Hindi needs a Devanagari
// font on the machine (fonts-lohit-deva or fonts-noto-core). One browser is
// started on first use and kept for a minute after the last render, so a
// worker making a batch of scheduled reports pays the start once.

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export class PdfUnavailable extends Error {}

let shared: { browser: Promise<Browser>; path: string } | undefined;
let idle: NodeJS.Timeout | undefined;
let inFlight = 0;

function launch(executablePath: string) {
  const browser = chromium
    .launch({
      executablePath,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    })
    .catch((err: unknown) => {
      shared = undefined;
      throw new PdfUnavailable(`cannot start Chromium at ${executablePath}: ${(err as Error).message}`);
    });
  return { browser, path: executablePath };
}

/** Closes the kept browser (tests, shutdown). */
export async function closePdfBrowser(): Promise<void> {
  if (idle) clearTimeout(idle);
  idle = undefined;
  const s = shared;
  shared = undefined;
  if (!s) return;
  try {
    await (await s.browser).close();
  } catch {
    // It never started.
  }
}

/**
 * Renders a whole HTML document (with its own <style>) to an A4 PDF. No
 * network: the page may not load anything from outside, so a report can't
 * leak or wait. Throws PdfUnavailable when Chromium cannot start.
 */
export async function htmlToPdf(
  html: string,
  options: { executablePath?: string; landscape?: boolean } = {},
): Promise<Buffer> {
  const path = options.executablePath ?? DEFAULT_CHROMIUM;
  if (!shared || shared.path !== path) {
    if (shared) await closePdfBrowser();
    shared = launch(path);
  }
  if (idle) clearTimeout(idle);
  inFlight++;
  const browser = await shared.browser;
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({
      format: "A4",
      landscape: options.landscape ?? false,
      printBackground: true,
      margin: { top: "12mm", bottom: "14mm", left: "10mm", right: "10mm" },
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate:
        '<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    });
  } finally {
    await context.close();
    inFlight--;
    if (inFlight === 0) {
      idle = setTimeout(() => void closePdfBrowser(), 60_000);
      idle.unref();
    }
  }
}
