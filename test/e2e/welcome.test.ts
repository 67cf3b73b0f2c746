import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupLink } from "../../src/modules/access/first-admin.js";
import { type E2E, screenshot, startE2E, textOf } from "./browser.js";

const SETUP_TOKEN = "e2e-setup-token-0123456789abcdef";

describe("a fresh installation in a real browser", () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ demo: false, env: { ORDO_SETUP_TOKEN: SETUP_TOKEN } });
  });
  afterAll(async () => {
    await e?.close();
  });

  it("says how to get in, then creates the first administrator from the setup link", async () => {
    const { page } = e;
    await page.goto("/");
    expect(await textOf(page.getByTestId("needs-setup"))).toContain("setup link");

    await page.goto(setupLink(e.t.url, SETUP_TOKEN));
    await page.getByRole("heading", { name: "Welcome to Ordo" }).waitFor();
    await page.getByRole("textbox", { name: "Your name" }).fill("Grace Founder");
    await page.getByRole("textbox", { name: "E-mail" }).fill("grace@example.com");
    await page.getByRole("textbox", { name: "Password" }).fill("password12345");
    await page.getByRole("button", { name: /create administrator/i }).click();
    expect(await textOf(page.getByTestId("problem"))).toMatch(/common|guess/i);
    await screenshot(page, "00-welcome-weak-password");

    await page.getByRole("textbox", { name: "Password" }).fill("amber-glacier-tulip-81");
    await page.getByRole("button", { name: /create administrator/i }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    expect(await textOf(page.getByTestId("whoami"))).toBe("Grace Founder");
  });
});
