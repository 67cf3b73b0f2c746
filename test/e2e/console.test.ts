import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from "../../src/seed/demo.js";
import {
  type DomDocument,
  type E2E,
  screenshot,
  signIn,
  startE2E,
  textOf,
  unlabelledControls,
} from "./browser.js";

const CUSTOMER = "dana.e2e@example.com";

describe("back-office console and tracking portal in a real browser", () => {
  let e: E2E;
  let page: Page;
  let sku: string;
  let locationCode: string;
  let locationId: string;
  let orderNumber: number;

  beforeAll(async () => {
    e = await startE2E();
    page = e.page;
    const { admin } = e.t;
    // Stock one demo SKU at one location of the web channel, then take an order for it.
    const channel = (await admin.get("/v1/channels/web")).body;
    const location = (await admin.get(`/v1/locations/${channel.location_ids[0]}`)).body;
    locationCode = location.code;
    locationId = location.id;
    const variants = (await admin.get("/v1/variants?limit=50&status=active&is_kit=false")).body.data;
    sku = variants.find((v: { track_inventory: boolean }) => v.track_inventory).sku;
    const stocked = await admin.post("/v1/inventory_adjustments", {
      sku,
      location_id: location.id,
      delta: 20,
      reason: "received",
    });
    expect(stocked.status).toBe(201);
    const order = await admin.post("/v1/orders", {
      channel: "web",
      email: CUSTOMER,
      shipping_address: {
        name: "Dana Example",
        line1: "1 Market St",
        city: "San Francisco",
        region: "CA",
        postal_code: "94105",
        country: "US",
      },
      lines: [{ sku, quantity: 2 }],
    });
    expect(order.status).toBe(201);
    orderNumber = order.body.number;
  });
  afterAll(async () => {
    await e?.close();
  });

  it("refuses a wrong password with a readable message, then signs in with the demo login", async () => {
    await page.goto("/");
    await page.getByRole("heading", { name: "Sign in to Ordo" }).waitFor();
    await screenshot(page, "01-login");
    await page.getByRole("textbox", { name: "E-mail" }).fill(DEMO_ADMIN_EMAIL);
    await page.getByRole("textbox", { name: "Password" }).fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await textOf(page.getByTestId("problem"))).toContain("Wrong e-mail or password");

    await signIn(page, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    expect(await textOf(page.getByTestId("whoami"))).toBe("Ada Admin");
    // The order placed above is today's.
    expect(Number(await textOf(page.getByTestId("kpi-orders-today").locator(".num")))).toBeGreaterThanOrEqual(
      1,
    );
    await page
      .getByRole("img", { name: /orders per day/i })
      .or(page.locator(".recharts-surface"))
      .first()
      .waitFor();
    await screenshot(page, "02-dashboard");
  });

  it("finds the order by the customer's e-mail and opens it", async () => {
    // "/" from anywhere jumps to the order search, ready to type.
    await page.keyboard.press("/");
    await page.waitForURL(/\/orders/);
    await expect
      .poll(() =>
        page.evaluate(() =>
          (globalThis as unknown as { document: DomDocument }).document.activeElement?.getAttribute("type"),
        ),
      )
      .toBe("search");
    expect(await unlabelledControls(page)).toEqual([]);
    await page.getByRole("searchbox", { name: "Search orders" }).fill(CUSTOMER);
    expect(await textOf(page.getByTestId("search-kind"))).toMatch(/^e-?mail$/i);
    const link = page.getByRole("link", { name: `#${orderNumber}` });
    await link.waitFor();
    // The demo orders give way to the one match (plus the header row) once the search applies.
    await expect.poll(() => page.getByRole("row").count(), { timeout: 10_000 }).toBe(2);
    await screenshot(page, "03-orders-search");
    await link.click();
    await page.getByRole("heading", { name: `Order #${orderNumber}` }).waitFor();
    expect(await textOf(page.getByTestId("order-status"))).toMatch(/^open$/i);
    await page.getByText(sku).first().waitFor();
    await screenshot(page, "04-order-detail");
  });

  it("places a hold with a reason and releases it, each visible on the order and its timeline", async () => {
    await page.getByRole("button", { name: "Place hold" }).click();
    const dialog = page.getByRole("dialog");
    // A reason is required: the form will not submit without one, and the dialog stays open.
    await dialog.getByRole("button", { name: "Place hold" }).click();
    expect(
      await dialog
        .getByRole("textbox", { name: "Reason" })
        .evaluate((el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing),
    ).toBe(true);
    expect(await page.getByTestId("on-hold").count()).toBe(0);
    await dialog.getByRole("textbox", { name: "Reason" }).fill("Customer asked us to wait");
    await dialog.getByRole("button", { name: "Place hold" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await textOf(page.getByTestId("on-hold"))).toMatch(/^on hold$/i);
    expect(await textOf(page.getByTestId("holds"))).toContain("Customer asked us to wait");
    await page.getByText(/held/i).first().waitFor();
    await screenshot(page, "05-order-on-hold");

    await page.getByTestId("holds").getByRole("button", { name: "Release" }).click();
    await page
      .getByRole("dialog")
      .getByRole("textbox", { name: "Why release it?" })
      .fill("Customer confirmed");
    await page.getByRole("dialog").getByRole("button", { name: "Release hold" }).click();
    await page.getByTestId("on-hold").waitFor({ state: "detached" });
    await page
      .getByText(/Customer confirmed/)
      .first()
      .waitFor();
  });

  it("adjusts stock and shows the new available quantity", async () => {
    await page.getByRole("link", { name: "Stock levels" }).click();
    await page.getByRole("searchbox", { name: "SKU" }).fill(sku);
    const level = (await e.t.admin.get(`/v1/inventory_levels?sku=${sku}&location_id=${locationId}`)).body
      .data[0];
    const available = page.getByTestId(`available-${sku}-${locationCode}`);
    await expect(textOf(available)).resolves.toBe(String(level.available));
    await page.getByRole("button", { name: `Adjust ${sku} at ${locationCode}` }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Change in units on hand" }).fill("5");
    await dialog.getByRole("button", { name: "Apply adjustment" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page
      .getByTestId(`available-${sku}-${locationCode}`)
      .getByText(String(level.available + 5), { exact: true })
      .waitFor();
    expect(await textOf(page.getByTestId("network-totals"))).toContain(`${sku} across all locations`);
    // A reorder point above what is available makes it a low-stock line.
    const point = level.available + 1000;
    await page.getByRole("button", { name: `Reorder point of ${sku} at ${locationCode}` }).click();
    await page.getByRole("dialog").getByRole("textbox", { name: "Reorder point" }).fill(String(point));
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await page.getByRole("cell", { name: String(point), exact: true }).waitFor();
    const alerts = (await e.t.admin.get(`/v1/inventory_alerts?sku=${sku}&location_id=${locationId}`)).body
      .data;
    expect(alerts.map((a: { sku: string }) => a.sku)).toEqual([sku]);
    await screenshot(page, "06-stock-levels");
  });

  it("takes an order as an agent on the call-center channel, with the server's field errors shown", async () => {
    await page.getByRole("link", { name: "New order" }).click();
    await page.getByRole("heading", { name: "New order" }).waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await page.getByRole("textbox", { name: "Customer e-mail" }).fill("caller.e2e@example.com");
    await page.getByLabel("SKU of item 1").fill("NO-SUCH-SKU");
    await page.getByRole("textbox", { name: "Address line 1" }).fill("9 Phone Lane");
    await page.getByRole("textbox", { name: "City" }).fill("Reno");
    await page.getByRole("textbox", { name: "Postal code" }).fill("89501");
    await page.getByRole("button", { name: "Place order" }).click();
    expect(await textOf(page.getByTestId("problem"))).toContain("Unknown SKU NO-SUCH-SKU");
    await page.getByLabel("SKU of item 1").fill(sku);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Place order" }).click();
    await page.getByRole("heading", { name: /^Order #\d+$/ }).waitFor();
    expect(await textOf(page.getByText(/placed/).first())).toMatch(/Call center/);
    expect(await textOf(page.getByText("caller.e2e@example.com").first())).toBe("caller.e2e@example.com");

    // The caller changes their mind: cancel it, with a confirmation and a reason.
    await page.getByRole("button", { name: "Cancel order" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Reason" }).fill("Customer called back to cancel");
    await dialog.getByRole("button", { name: "Cancel the order" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await textOf(page.getByTestId("order-status"))).toMatch(/^cancelled$/i);
    await page
      .getByText(/Customer called back to cancel/)
      .first()
      .waitFor();
    // A cancelled order offers no more changes.
    expect(await page.getByRole("button", { name: "Place hold" }).count()).toBe(0);
  });

  it("creates a location from the console, with the server's field error shown on its field", async () => {
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Locations", exact: true })
      .click();
    await page.getByRole("button", { name: "New location" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Code", exact: true }).fill("e2e-west");
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("E2E West warehouse");
    await dialog.getByRole("textbox", { name: "Region" }).fill("CA");
    await dialog.getByRole("textbox", { name: "City" }).fill("Los Angeles");
    await dialog.getByRole("textbox", { name: "Postal code" }).fill("9001");
    await dialog.getByRole("checkbox", { name: "Pickup" }).check();
    await dialog.getByRole("button", { name: "Create location" }).click();
    await dialog.getByText("Not a valid postal code for US").first().waitFor();
    const postal = dialog.getByRole("textbox", { name: "Postal code" });
    expect(await postal.getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "21-new-location-error");
    await dialog.getByRole("textbox", { name: "Postal code" }).fill("90012");
    await dialog.getByRole("button", { name: "Create location" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("cell", { name: "e2e-west" }).waitFor();
    const created = (await e.t.admin.get("/v1/locations?limit=100")).body.data.find(
      (l: { code: string }) => l.code === "e2e-west",
    );
    expect(created).toMatchObject({
      name: "E2E West warehouse",
      type: "warehouse",
      country: "US",
      region: "CA",
      postal_code: "90012",
      capabilities: ["ship", "pickup"],
    });
  });

  it("creates a channel that sells at a price list and fulfils from the new location", async () => {
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Channels", exact: true })
      .click();
    await page.getByRole("button", { name: "New channel" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Code", exact: true }).fill("e2e-coast");
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("E2E coast shop");
    await dialog.getByRole("textbox", { name: "Currency" }).fill("EUR");
    await dialog
      .getByRole("textbox", { name: "Price list" })
      .or(dialog.getByRole("combobox", { name: "Price list" }))
      .first()
      .click();
    await page.getByRole("option").filter({ hasText: "USD" }).first().click();
    await dialog
      .getByRole("textbox", { name: "Fulfils from" })
      .or(dialog.getByRole("combobox", { name: "Fulfils from" }))
      .first()
      .click();
    await page.getByRole("option", { name: /\(e2e-west\)/ }).click();
    // Close the list (a click elsewhere in the dialog) so it does not cover the buttons.
    await dialog.getByRole("heading", { name: "New channel" }).click();
    await dialog.getByRole("button", { name: "Create channel" }).click();
    // The price list sells in USD: the server says so on the currency field.
    await dialog.getByText("Must equal the price list's currency USD").first().waitFor();
    expect(await dialog.getByRole("textbox", { name: "Currency" }).getAttribute("aria-invalid")).toBe("true");
    await dialog.getByRole("textbox", { name: "Currency" }).fill("USD");
    await dialog.getByRole("button", { name: "Create channel" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("cell", { name: "e2e-coast" }).waitFor();
    const channel = (await e.t.admin.get("/v1/channels/e2e-coast")).body;
    const west = (await e.t.admin.get("/v1/locations?limit=100")).body.data.find(
      (l: { code: string }) => l.code === "e2e-west",
    );
    expect(channel).toMatchObject({ name: "E2E coast shop", currency: "USD", location_ids: [west.id] });
    expect(channel.price_list_id).toBeTruthy();
    await screenshot(page, "22-new-channel");
  });

  it("creates a staff user; a short password is refused on its field", async () => {
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Users", exact: true })
      .click();
    await page.getByRole("button", { name: "New user" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("Wanda Warehouse");
    await dialog.getByRole("textbox", { name: "E-mail" }).fill("wanda@e2e.local");
    await dialog.getByLabel("Initial password").fill("short");
    await dialog.getByRole("button", { name: "Create user" }).click();
    // The server's message, under the field it is about (and in the summary).
    await dialog.getByText("Use at least 10 characters").first().waitFor();
    expect(await dialog.getByText("Use at least 10 characters").count()).toBe(2);
    await dialog.getByLabel("Initial password").fill("a-long-enough-password");
    await dialog.getByRole("button", { name: "Create user" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("cell", { name: "wanda@e2e.local" }).waitFor();
  });

  it("opens every other console page against the real API without an error", async () => {
    const pages: Array<[string, string, string]> = [
      ["Movements", "Stock movements", "09-movements"],
      ["Low stock", "Low stock", "10-low-stock"],
      ["Transfers", "Transfers", "11-transfers"],
      ["Purchase orders", "Purchase orders", "12-purchase-orders"],
      ["Catalog", "Catalog", "13-catalog"],
      ["Locations", "Locations", "14-locations"],
      ["Channels", "Channels", "15-channels"],
      ["Webhooks", "Webhooks", "16-webhooks"],
      ["Events", "Events", "17-events"],
      ["Users", "Users", "18-users"],
      ["API keys", "API keys", "19-api-keys"],
      ["Audit trail", "Audit trail", "20-audit"],
    ];
    for (const [link, heading, shot] of pages) {
      await page
        .getByRole("navigation", { name: "Main navigation" })
        .getByRole("link", { name: link, exact: true })
        .click();
      await page.getByRole("heading", { name: heading, exact: true }).waitFor();
      // Loaded: the first page of rows (or the empty state) replaced the skeleton.
      await page.locator("table[aria-busy=false]").first().waitFor();
      expect(await page.getByTestId("problem").count(), `${link} shows an error`).toBe(0);
      await screenshot(page, shot);
    }
    // The audit trail has the hold placed above, with who did it.
    await page.getByRole("textbox", { name: "Action" }).fill("order.held");
    await expect.poll(() => page.getByRole("row").count()).toBeGreaterThan(1);
  });

  it("shows an agent only what an agent may use, and stays usable at tablet width", async () => {
    const agentContext = await e.browser.newContext({
      baseURL: e.t.url,
      viewport: { width: 768, height: 1024 },
    });
    const tablet = await agentContext.newPage();
    await signIn(tablet, "agent@ordo.local", DEMO_PASSWORD);
    // Below the navbar's breakpoint the menu is behind the burger.
    const burger = tablet.getByRole("button", { name: "Toggle navigation" });
    if (await burger.isVisible()) await burger.click();
    const nav = tablet.getByRole("navigation", { name: "Main navigation" });
    await nav.getByRole("link", { name: "Orders", exact: true }).waitFor();
    await expect(nav.getByRole("link", { name: "New order" }).count()).resolves.toBe(1);
    for (const hidden of ["Users", "API keys", "Audit trail", "Webhooks"]) {
      await expect(nav.getByRole("link", { name: hidden }).count()).resolves.toBe(0);
    }
    await nav.getByRole("link", { name: "Orders", exact: true }).click();
    await tablet.getByRole("link", { name: `#${orderNumber}` }).waitFor();
    await screenshot(tablet, "08-orders-tablet-agent");
    // Typing the address of an admin page gets the API's refusal, shown as such.
    await tablet.goto("/users");
    expect(await textOf(tablet.getByTestId("problem"))).toContain("users:manage");
    await agentContext.close();
  });

  it("serves the app at / and /track but never instead of the API", async () => {
    const app = await fetch(`${e.t.url}/orders/anything`);
    expect(app.status).toBe(200);
    expect(app.headers.get("content-type")).toContain("text/html");
    expect(app.headers.get("content-security-policy")).toContain("script-src 'self'");
    const api = await fetch(`${e.t.url}/v1/no_such_thing`);
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
    expect((await fetch(`${e.t.url}/openapi.json`)).headers.get("content-type")).toContain(
      "application/json",
    );
  });

  it("lets the customer track the order by number and e-mail, and tells a wrong e-mail nothing", async () => {
    const customer = await e.browser.newContext({ baseURL: e.t.url, viewport: { width: 820, height: 1000 } });
    const portal = await customer.newPage();
    await portal.goto("/track");
    await portal.getByRole("textbox", { name: "Order number" }).fill(`#${orderNumber}`);
    await portal.getByRole("textbox", { name: "E-mail used for the order" }).fill("someone.else@example.com");
    await portal.getByRole("button", { name: "Track order" }).click();
    expect(await textOf(portal.getByTestId("problem"))).toContain("We could not find that order");

    await portal.getByRole("textbox", { name: "E-mail used for the order" }).fill(CUSTOMER.toUpperCase());
    await portal.getByRole("button", { name: "Track order" }).click();
    expect(await textOf(portal.getByTestId("tracking-status"))).toMatch(/^processing$/i);
    const tracking = await textOf(portal.getByTestId("tracking"));
    expect(tracking).toContain(`Order #${orderNumber}`);
    expect(tracking).toContain("Order placed");
    expect(tracking).toContain(sku);
    // Staff-only facts stay out: the hold and its reason.
    expect(tracking).not.toContain("Customer asked us to wait");
    await screenshot(portal, "07-portal-tracking");

    // The link in the order e-mail carries both: the page looks the order up at once,
    // then drops the e-mail from the address bar.
    await portal.goto(`/track?number=${orderNumber}&email=${encodeURIComponent(CUSTOMER)}`);
    expect(await textOf(portal.getByTestId("tracking"))).toContain(`Order #${orderNumber}`);
    expect(portal.url()).not.toContain("email=");
    await customer.close();
  });
});
