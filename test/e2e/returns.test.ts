// Returns in a real browser: a card-paid order ships; the customer starts a return on the tracking
// page (approved by policy); an agent finds it in the console, receives it at a store (restocked
// there) and refunds the computed amount to the card; the customer then sees it refunded.
// Data is set up through the HTTP API only.
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, screenshot, signIn, startE2E, textOf, unlabelledControls } from "./browser.js";
import { ok, placeOrder, stockedProduct } from "./shop.js";

const CUSTOMER = "rita.returns.e2e@example.com";
const AGENT_EMAIL = "alex.agent.returns.e2e@example.com";
const AGENT_PASSWORD = "Agent-Harbor-58-Lantern";
const CARD = "4242424242424242";

const suffix = Date.now().toString(36);

/** Polls `read` until `done` holds (expect.poll works only inside a test, not in beforeAll). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A Mantine select: open it by its accessible name, then pick the option. */
async function choose(scope: Page | Locator, name: string | RegExp, option: string | RegExp) {
  await scope.getByRole("textbox", { name }).or(scope.getByRole("combobox", { name })).first().click();
  const page = "page" in scope ? scope.page() : scope;
  await page.getByRole("option", { name: option }).click();
}

describe("returns: the customer asks on the portal, an agent receives it in store and refunds it", () => {
  let e: E2E;
  let page: Page;
  let orderId: string;
  let orderNumber: number;
  let storeId: string;
  let storeName: string;
  let reference: string;
  let refundDue: number;
  let titleA: string;
  const skuA = `RT-A-${suffix}`.toUpperCase();
  const skuB = `RT-B-${suffix}`.toUpperCase();
  const trackUrl = () => `/track?number=${orderNumber}&email=${encodeURIComponent(CUSTOMER)}`;

  beforeAll(async () => {
    e = await startE2E({ demo: false });
    page = e.page;
    const { admin } = e.t;
    const warehouse = ok(
      await admin.post("/v1/locations", {
        code: `rt-dc-${suffix}`,
        name: `E2E Returns DC ${suffix}`,
        type: "warehouse",
        country: "US",
        region: "NJ",
        city: "Avenel",
        postal_code: "07001",
        capabilities: ["ship", "returns"],
        time_zone: "America/New_York",
        priority: 1,
      }),
      201,
    );
    storeName = `E2E Returns Store ${suffix}`;
    const store = ok(
      await admin.post("/v1/locations", {
        code: `rt-store-${suffix}`,
        name: storeName,
        type: "store",
        country: "US",
        region: "NY",
        city: "New York",
        postal_code: "10001",
        capabilities: ["pickup", "returns"],
        time_zone: "America/New_York",
        priority: 5,
      }),
      201,
    );
    storeId = store.id;
    ok(
      await admin.post("/v1/package_types", {
        location_id: warehouse.id,
        name: "Returns box",
        length_mm: 300,
        width_mm: 200,
        height_mm: 150,
        tare_grams: 150,
        max_weight_grams: 5000,
      }),
      201,
    );
    const priceList = ok(
      await admin.post("/v1/price_lists", { code: `rt-pl-${suffix}`, name: "Retail", currency: "USD" }),
      201,
    );
    const channel = ok(
      await admin.post("/v1/channels", {
        code: `rt-web-${suffix}`,
        name: "Returns web",
        type: "web",
        currency: "USD",
        price_list_id: priceList.id,
        location_ids: [warehouse.id],
      }),
      201,
    );
    for (const [sku, amount] of [
      [skuA, 1200],
      [skuB, 800],
    ] as const) {
      await stockedProduct(admin, { priceListId: priceList.id, locationId: warehouse.id }, sku, amount, {
        weight_grams: 400,
      });
    }
    const order = await placeOrder(
      admin,
      {
        channel: channel.code,
        email: CUSTOMER,
        name: "Rita Example",
        lines: [
          { sku: skuA, quantity: 1 },
          { sku: skuB, quantity: 1 },
        ],
      },
      { payment: { token: CARD } },
    );
    orderId = order.id;
    orderNumber = order.number;
    // The card is authorized in the background; the payment hold is released, then the order is sourced.
    await until(
      async () => ok(await admin.get(`/v1/orders/${orderId}/payments`)).authorized,
      (authorized) => authorized > 0,
      "the card's authorization",
    );
    const fo = await until(
      async () => ok(await admin.get(`/v1/orders/${orderId}/fulfillment_orders`)).data[0],
      (f) => f?.location_id === warehouse.id,
      "the fulfillment order",
    );
    const shipment = ok(
      await admin.post(`/v1/fulfillment_orders/${fo.id}/shipments`, {
        lines: order.lines.map((l: { id: string; sku: string; quantity: number }) => ({
          order_line_id: l.id,
          sku: l.sku,
          quantity: l.quantity,
        })),
      }),
      201,
    );
    ok(await admin.post(`/v1/shipments/${shipment.id}/label`));
    ok(await admin.post(`/v1/shipments/${shipment.id}/ship`));
    // Shipping captures the payment.
    await until(
      async () => ok(await admin.get(`/v1/orders/${orderId}/payments`)).payment_status,
      (status) => status === "charged",
      "the capture on shipment",
    );
    const lookup = ok(
      await e.t.anonymous.post("/v1/tracking/returns/lookup", {
        number: String(orderNumber),
        email: CUSTOMER,
      }),
    );
    titleA = lookup.returnable.find((l: { sku: string }) => l.sku === skuA).title;
    ok(
      await admin.post("/v1/users", {
        email: AGENT_EMAIL,
        name: "Alex Agent",
        role: "agent",
        password: AGENT_PASSWORD,
      }),
      201,
    );
  });
  afterAll(async () => {
    await e?.close();
  });

  it("lets the customer return one item from the tracking page; the policy approves it at once", async () => {
    const customer = await e.browser.newContext({ viewport: { width: 1000, height: 900 }, baseURL: e.t.url });
    try {
      const portal = await customer.newPage();
      portal.setDefaultTimeout(15_000);
      await portal.goto(trackUrl());
      const section = portal.getByTestId("return-items");
      await section.getByRole("heading", { name: "Return items" }).waitFor();
      await section.getByRole("textbox", { name: `How many of ${titleA} to return` }).fill("1");
      await choose(section, `Why are you returning ${titleA}?`, "Changed my mind");
      await section.getByRole("radio", { name: "Back to my original payment" }).check();
      expect(await unlabelledControls(portal)).toEqual([]);
      await screenshot(portal, "40-portal-return-form");
      await section.getByRole("button", { name: "Start return" }).click();
      expect(await textOf(section.getByRole("status"))).toMatch(/is approved/);
      reference = `R${orderNumber}-1`;
      const row = section.getByTestId(`portal-return-${reference}`);
      expect(await textOf(row.getByTestId("portal-return-status"))).toMatch(/^approved$/i);
      expect(await textOf(row)).toContain(`1× ${titleA}`);
      // What is in an open return cannot be asked for twice.
      expect(await section.getByRole("textbox", { name: `How many of ${titleA} to return` }).count()).toBe(0);
      expect(await unlabelledControls(portal)).toEqual([]);
      await screenshot(portal, "41-portal-return-approved");
    } finally {
      await customer.close();
    }
    const [ret] = ok(await e.t.admin.get(`/v1/orders/${orderId}/returns`)).data;
    expect(ret).toMatchObject({ reference, status: "approved", source: "portal" });
  });

  it("lets an agent find the return, receive it at a store with restock, and refund what it computed", async () => {
    await signIn(page, AGENT_EMAIL, AGENT_PASSWORD);
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Returns" })
      .click();
    await page.getByRole("heading", { name: "Returns" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: reference });
    expect(await textOf(row.getByTestId("return-status"))).toMatch(/^approved$/i);
    expect(await textOf(row)).toContain(`#${orderNumber}`);
    expect(await textOf(row)).toContain(`1× ${skuA}`);
    // The status tabs filter the list.
    await page.getByTestId("returns-tab-refunded").click();
    await page.getByTestId("empty").waitFor();
    await page.getByTestId("returns-tab-approved").click();
    await row.waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, "42-console-returns");

    await row.getByRole("link", { name: reference }).click();
    await page.getByRole("heading", { name: `Return ${reference}` }).waitFor();
    const form = page.getByTestId("receive-form");
    await form.waitFor();
    await choose(form, "Receiving location", new RegExp(storeName));
    await choose(form, `Disposition of ${skuA}`, "Restock (sellable)");
    expect(await form.getByRole("textbox", { name: `Units of ${skuA} received` }).inputValue()).toBe("1");
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, "43-console-return-receive");
    const storeBefore = ok(
      await e.t.admin.get(`/v1/inventory_levels?sku=${encodeURIComponent(skuA)}&location_id=${storeId}`),
    ).data[0];
    await form.getByRole("button", { name: "Receive return" }).click();
    await page
      .getByTestId("return-status")
      .getByText(/^received$/i)
      .waitFor();
    const received = ok(await e.t.admin.get(`/v1/orders/${orderId}/returns`)).data[0];
    expect(received).toMatchObject({ status: "received", location_id: storeId });
    refundDue = received.refund_due;
    expect(refundDue).toBe(1200);
    const storeAfter = ok(
      await e.t.admin.get(`/v1/inventory_levels?sku=${encodeURIComponent(skuA)}&location_id=${storeId}`),
    ).data[0];
    expect(storeAfter.on_hand).toBe((storeBefore?.on_hand ?? 0) + 1);

    // The refund as computed: the breakdown and its total; an agent cannot change the amount.
    const card = page.getByTestId("refund-card");
    expect(await textOf(card.getByTestId("refund-due"))).toContain("12.00");
    expect(await textOf(card.getByTestId("refund-breakdown"))).toContain(`1× Product ${skuA}`);
    expect(await card.getByRole("textbox", { name: "Refund amount" }).count()).toBe(0);
    await screenshot(page, "44-console-return-refund");
    await card.getByRole("button", { name: /^Refund .*12\.00/ }).click();
    await page
      .getByTestId("return-status")
      .getByText(/^refunded$/i)
      .waitFor();
    expect(await textOf(card.getByTestId("refunded"))).toContain("12.00");
    expect(await card.getByRole("button", { name: /^Refund / }).count()).toBe(0);
    await screenshot(page, "45-console-return-refunded");

    // The card got it back, and the order's page says so.
    await expect
      .poll(async () => ok(await e.t.admin.get(`/v1/orders/${orderId}/payments`)).refunded, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe(refundDue);
    await page
      .getByRole("link", { name: `#${orderNumber}` })
      .first()
      .click();
    await page.getByRole("heading", { name: `Order #${orderNumber}` }).waitFor();
    const payments = page.getByTestId("order-payments");
    await payments
      .getByTestId("payment-status")
      .getByText(/^partially refunded$/i)
      .waitFor();
    expect(await textOf(payments)).toContain("visa •••• 4242");
    const returns = page.getByTestId("order-returns");
    expect(await textOf(returns.getByRole("link", { name: reference }))).toBe(reference);
    expect(await textOf(returns.getByTestId("return-status"))).toMatch(/^refunded$/i);
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, "46-console-order-payments-returns");
  });

  it("shows the customer the return refunded, with the amount", async () => {
    const customer = await e.browser.newContext({ viewport: { width: 1000, height: 900 }, baseURL: e.t.url });
    try {
      const portal = await customer.newPage();
      portal.setDefaultTimeout(15_000);
      await portal.goto(trackUrl());
      const row = portal.getByTestId(`portal-return-${reference}`);
      expect(await textOf(row.getByTestId("portal-return-status"))).toMatch(/^refunded$/i);
      expect(await textOf(row.getByTestId("portal-return-refund"))).toBe("Refunded 12.00 USD");
      await screenshot(portal, "47-portal-return-refunded");
    } finally {
      await customer.close();
    }
  });
});
