import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from "../../src/seed/demo.js";
import { type E2E, screenshot, signIn, startE2E, textOf } from "./browser.js";

describe("back-office console in a real browser", () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  });
  afterAll(async () => {
    await e?.close();
  });

  it("refuses a wrong password with a readable message, then signs in with the demo login", async () => {
    const { page } = e;
    await page.goto("/");
    await page.getByRole("heading", { name: "Sign in to Ordo" }).waitFor();
    await screenshot(page, "01-login");
    await page.getByRole("textbox", { name: "E-mail" }).fill(DEMO_ADMIN_EMAIL);
    await page.getByRole("textbox", { name: "Password" }).fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await textOf(page.getByTestId("problem"))).toContain("Wrong e-mail or password");

    await signIn(page, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    expect(await textOf(page.getByTestId("whoami"))).toBe("Ada Admin");
    await page.getByTestId("kpi-orders-today").locator(".num").waitFor();
    await screenshot(page, "02-dashboard");
  });

  it("lists users and shows an API key once when it is created", async () => {
    const { page } = e;
    await page.getByRole("link", { name: "Users" }).click();
    await page.getByRole("cell", { name: DEMO_ADMIN_EMAIL }).waitFor();
    await screenshot(page, "03-users");

    await page.getByRole("link", { name: "API keys" }).click();
    await page.getByRole("button", { name: "New API key" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("e2e storefront");
    await dialog.getByRole("button", { name: "Create key" }).click();
    // No scope chosen: the server's field error is shown in the dialog, which stays open.
    expect(await textOf(dialog.getByTestId("problem"))).toMatch(/scopes/i);
    await dialog.getByLabel("Scopes").click();
    await page.getByRole("option", { name: "orders:read" }).click();
    await page.keyboard.press("Escape");
    await dialog.getByRole("button", { name: "Create key" }).click();
    const key = await page.getByTestId("new-api-key").textContent();
    expect(key).toMatch(/^ordo_/);
    await page.getByRole("cell", { name: "e2e storefront" }).waitFor();
  });
});
