// Forecasting in a real browser: 120 days of sales written back-dated through the stock services,
// a forecast run from the console, a SKU's chart with its trust badge, and one click turning the
// suggested transfer into a real transfer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "../../src/modules/access/index.js";
import { seedDemandHistory } from "../../src/modules/forecasting/index.js";
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from "../../src/seed/demo.js";
import { network, ok, product, stock, uniq } from "../integration/sourcing-fixtures.js";
import { type E2E, screenshot, signIn, startE2E } from "./browser.js";

describe("forecasting in a real browser", () => {
  let e: E2E;
  let net: Awaited<ReturnType<typeof network>>;
  const sku = uniq("E2E-FC");
  beforeAll(async () => {
    e = await startE2E();
    const { t } = e;
    net = await network(t);
    await product(t, net, sku);
    await seedDemandHistory(t.server.database.db, systemContext(), {
      skus: [sku],
      locationIds: [net.east, net.west],
      days: 120,
      seed: 11,
      endCoverDays: [0, 0.5],
    });
    await stock(t, sku, net.west, 1500);
  });
  afterAll(async () => {
    await e?.close();
  });

  it("runs a forecast, charts a SKU with its trust badge, and creates the suggested transfer", async () => {
    const { page, t } = e;
    await signIn(page, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    await page.getByRole("link", { name: "Forecasting" }).click();
    await page.getByRole("heading", { name: "Forecasting" }).waitFor();
    await page.getByRole("button", { name: "Run forecast" }).click();
    await page.getByTestId("forecast-done").waitFor();
    await page.getByRole("button", { name: sku }).first().click();
    await page.getByRole("heading", { name: sku }).waitFor();
    await page.locator(".recharts-line").first().waitFor();
    await page.locator("label", { hasText: "East DC" }).first().click();
    await page.getByTestId("trust-badge").first().waitFor();
    await screenshot(page, "forecasting-01-chart");

    const row = page
      .getByTestId("suggestions")
      .getByRole("row")
      .filter({ hasText: sku })
      .filter({ hasText: "Transfer" });
    await row.getByRole("button", { name: "Create transfer" }).click();
    await page.getByTestId("forecast-done").filter({ hasText: "Created transfer" }).waitFor();
    await screenshot(page, "forecasting-02-transfer");
    const transfers = ok(await t.admin.get("/v1/transfers")).data;
    const made = transfers.find((x: any) => x.lines.some((l: any) => l.sku === sku));
    expect(made).toMatchObject({
      origin_location_id: net.west,
      destination_location_id: net.east,
      status: "draft",
    });
  });
});
