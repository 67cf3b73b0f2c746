// The e2e harness: a real Ordo server (test/support/harness.ts) with the demo data and the built
// web app, and a headless chromium page pointed at it. Screenshots go to artifacts/screenshots/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { seedDemo } from "../../src/seed/demo.js";
import { startTestApp, type TestApp } from "../support/harness.js";

const ROOT = new URL("../../", import.meta.url).pathname;
export const SCREENSHOTS = join(ROOT, "artifacts/screenshots");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface E2E {
  t: TestApp;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Builds the web app if it is missing (CI builds it first), starts Ordo (with the demo data unless
 * `demo: false`), opens chromium.
 */
export async function startE2E(opts: { demo?: boolean; env?: Record<string, string> } = {}): Promise<E2E> {
  if (!existsSync(join(ROOT, "web/dist/index.html"))) {
    const built = spawnSync("npm", ["run", "build:web", "--silent"], { cwd: ROOT, stdio: "inherit" });
    if (built.status !== 0) throw new Error("npm run build:web failed");
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const t = await startTestApp({ env: opts.env ?? {} });
  if (opts.demo !== false) await seedDemo(t.server.database.db);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: t.url });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return {
    t,
    browser,
    context,
    page,
    async close() {
      await browser.close().catch(() => {});
      await t.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0); // no hover tooltips in the pictures
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/");
  await page.getByRole("textbox", { name: "E-mail" }).fill(email);
  await page.getByRole("textbox", { name: "Password" }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
}

/** The text of an element once it is visible (what a person would read). */
export async function textOf(locator: Locator): Promise<string> {
  await locator.first().waitFor({ state: "visible" });
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a person reads
  return (await locator.first().innerText()).trim();
}

/** The little of the DOM these checks use (the test code is compiled without DOM types). */
interface DomElement {
  id: string;
  labels?: { length: number } | null;
  outerHTML: string;
  getAttribute(name: string): string | null;
  closest(selector: string): unknown;
}
export interface DomDocument {
  activeElement: DomElement | null;
  querySelector(selector: string): unknown;
  querySelectorAll(selector: string): Iterable<DomElement>;
}

/** Form controls a screen reader could not name (no label, aria-label or aria-labelledby). */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: DomDocument }).document;
    return [...doc.querySelectorAll("input:not([type=hidden]), select, textarea")]
      .filter((el) => {
        if (el.getAttribute("aria-hidden") === "true" || el.closest("[aria-hidden=true]")) return false;
        const byFor = el.id && doc.querySelector(`label[for="${el.id}"]`);
        return !(
          el.labels?.length ||
          byFor ||
          el.getAttribute("aria-label") ||
          el.getAttribute("aria-labelledby")
        );
      })
      .map((el) => el.outerHTML.slice(0, 120));
  });
}
