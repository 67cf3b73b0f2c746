// The warehouse workstation in a real browser: a warehouse user accepts a fulfillment order, scans
// its items (one wrong), packs two packages, buys their labels and ships them; the customer then
// sees both packages on the tracking portal. Data is set up through the HTTP API only.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gtinFor } from "../integration/shipping-fixtures.js";
import {
  type DomDocument,
  type E2E,
  screenshot,
  signIn,
  startE2E,
  textOf,
  unlabelledControls,
} from "./browser.js";
import { ok, placeOrder, stockedProduct } from "./shop.js";

const CUSTOMER = "wanda.e2e@example.com";
const WAREHOUSE_EMAIL = "wes.warehouse.e2e@example.com";
const WAREHOUSE_PASSWORD = "Warehouse-Plinth-93-Quartz";

const suffix = Date.now().toString(36);

const activeTestId = (page: Page) =>
  page.evaluate(
    () =>
      (globalThis as unknown as { document: DomDocument }).document.activeElement?.getAttribute(
        "data-testid",
      ) ?? null,
  );

describe("warehouse workstation: pick, pack, label, ship, then the customer tracks it", () => {
  let e: E2E;
  let page: Page;
  let locationName: string;
  let foId: string;
  let orderNumber: number;
  const skuA = `WH-A-${suffix}`.toUpperCase();
  const skuB = `WH-B-${suffix}`.toUpperCase();
  const trackingNumbers: string[] = [];

  beforeAll(async () => {
    e = await startE2E({ demo: false });
    page = e.page;
    const { admin } = e.t;
    locationName = `E2E Bench DC ${suffix}`;
    const location = ok(
      await admin.post("/v1/locations", {
        code: `bench-${suffix}`,
        name: locationName,
        type: "warehouse",
        country: "US",
        region: "NJ",
        city: "Avenel",
        postal_code: "07001",
        capabilities: ["ship"],
        time_zone: "America/New_York",
        priority: 1,
      }),
      201,
    );
    ok(
      await admin.post("/v1/package_types", {
        location_id: location.id,
        name: "Bench box",
        length_mm: 300,
        width_mm: 200,
        height_mm: 150,
        tare_grams: 150,
        max_weight_grams: 5000,
      }),
      201,
    );
    const priceList = ok(
      await admin.post("/v1/price_lists", { code: `pl-${suffix}`, name: "Retail", currency: "USD" }),
      201,
    );
    const channel = ok(
      await admin.post("/v1/channels", {
        code: `bench-web-${suffix}`,
        name: "Bench web",
        type: "web",
        currency: "USD",
        price_list_id: priceList.id,
        location_ids: [location.id],
      }),
      201,
    );
    for (const sku of [skuA, skuB]) {
      await stockedProduct(admin, { priceListId: priceList.id, locationId: location.id }, sku, 1500, {
        weight_grams: 500,
        barcode: gtinFor(sku),
      });
    }
    const order = await placeOrder(admin, {
      channel: channel.code,
      email: CUSTOMER,
      name: "Wanda Example",
      lines: [
        { sku: skuA, quantity: 2 },
        { sku: skuB, quantity: 1 },
      ],
    });
    orderNumber = order.number;
    const fos = ok(await admin.get(`/v1/orders/${order.id}/fulfillment_orders`)).data;
    expect(fos).toHaveLength(1);
    expect(fos[0]).toMatchObject({ location_id: location.id, status: "open" });
    foId = fos[0].id;
    ok(
      await admin.post("/v1/users", {
        email: WAREHOUSE_EMAIL,
        name: "Wes Warehouse",
        role: "warehouse",
        password: WAREHOUSE_PASSWORD,
      }),
      201,
    );
  });
  afterAll(async () => {
    await e?.close();
  });

  it("signs in as a warehouse user, chooses the location and sees the order in the New queue", async () => {
    await signIn(page, WAREHOUSE_EMAIL, WAREHOUSE_PASSWORD);
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await nav.getByRole("link", { name: "Exceptions" }).waitFor();
    await nav.getByRole("link", { name: "Workstation" }).click();
    await page.getByRole("heading", { name: "Workstation" }).waitFor();
    await page.getByTestId("choose-location").waitFor();
    await page
      .getByRole("textbox", { name: "Location" })
      .or(page.getByRole("combobox", { name: "Location" }))
      .first()
      .click();
    await page.getByRole("option", { name: new RegExp(locationName) }).click();
    const row = page.getByTestId(`fo-row-${foId}`);
    await row.waitFor();
    expect(await textOf(page.getByTestId("queue-count-new"))).toBe("1");
    expect(await textOf(row)).toContain(`2× ${skuA}`);
    expect(await unlabelledControls(page)).toEqual([]);
    // The choice is remembered on this device.
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { localStorage: { getItem(k: string): string | null } }
        ).localStorage.getItem("ordo.workstation.location"),
      ),
    ).toBeTruthy();

    // A batch pick list for the selected rows.
    await row.getByRole("checkbox", { name: `Select ${foId}` }).check();
    await page.getByRole("button", { name: "Pick list for 1" }).click();
    const dialog = page.getByRole("dialog");
    // The product's title, with the SKU and barcode beneath it.
    await dialog.getByTestId("pick-list").getByText(`Product ${skuA}`, { exact: true }).waitFor();
    expect(await textOf(dialog.getByTestId("pick-list"))).toContain(`#${orderNumber}`);
    const pdfHref = await dialog.getByRole("link", { name: "Print pick list (PDF)" }).getAttribute("href");
    const pdf = await page.request.get(pdfHref ?? "");
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    await screenshot(page, "31-workstation-pick-list");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await screenshot(page, "30-workstation-queue");
  });

  it("accepts the order, which moves to the Accepted tab, and opens it", async () => {
    await page.getByRole("button", { name: `Accept ${foId}` }).click();
    await expect.poll(() => textOf(page.getByTestId("queue-count-accepted"))).toBe("1");
    expect(await textOf(page.getByTestId("queue-count-new"))).toBe("0");
    await page.getByTestId("queue-tab-accepted").click();
    await page.getByRole("link", { name: `Open ${foId}` }).click();
    await page.getByTestId("fulfillment-work").waitFor();
    expect(await textOf(page.getByTestId("fo-status"))).toMatch(/^accepted$/i);
    await page.getByRole("heading", { name: `Order #${orderNumber}` }).waitFor();
  });

  it("scans the items with Enter; a wrong item is refused loudly and the focus stays in the scan field", async () => {
    const scan = page.getByRole("textbox", { name: "Scan item" });
    await expect.poll(() => activeTestId(page)).toBe("scan-input");
    await scan.pressSequentially("NOT-ON-THIS-ORDER");
    await scan.press("Enter");
    expect(await textOf(page.getByTestId("scan-error"))).toMatch(/wrong item/i);
    expect(await scan.inputValue()).toBe("");
    expect(await activeTestId(page)).toBe("scan-input");
    await screenshot(page, "32-workstation-wrong-item");

    const scanOne = async (code: string, sku: string, progress: string) => {
      await page.keyboard.type(code);
      await page.keyboard.press("Enter");
      await page.getByTestId(`picked-${sku}`).getByText(progress).waitFor();
    };
    // By barcode (as a scanner reads it) and by SKU (typed by hand).
    await scanOne(gtinFor(skuA), skuA, "1 / 2");
    await page.getByTestId("scan-error").waitFor({ state: "detached" });
    await scanOne(skuA, skuA, "2 / 2");
    await scanOne(gtinFor(skuB), skuB, "1 / 1");
    expect(await textOf(page.getByTestId("scan-ok"))).toContain("line complete");
    expect(await activeTestId(page)).toBe("scan-input");
    expect(await textOf(page.getByTestId("fo-status"))).toMatch(/^in progress$/i);
    // One more of A is an over-pick: refused, and still nothing counted twice.
    await page.keyboard.type(skuA);
    await page.keyboard.press("Enter");
    await page.getByTestId("scan-error").waitFor();
    expect(await textOf(page.getByTestId(`picked-${skuA}`))).toBe("2 / 2");
    const fo = ok(await e.t.admin.get(`/v1/fulfillment_orders/${foId}`));
    expect(fo.lines.map((l: { picked_quantity: number }) => l.picked_quantity).sort()).toEqual([1, 2]);
  });

  it("packs two packages: A in the first, B in the second", async () => {
    const form = page.getByTestId("pack-form");
    await form.getByText("Bench box").first().waitFor();
    await form.getByRole("textbox", { name: `Units of ${skuB} in this package` }).fill("0");
    await form.getByRole("button", { name: "Pack package" }).click();
    await page.getByTestId("package-1").waitFor();
    expect(await textOf(page.getByTestId("package-1"))).toContain(`2× ${skuA}`);
    // The form now offers only what is left: B.
    await form.getByRole("textbox", { name: `Units of ${skuB} in this package` }).waitFor();
    expect(await form.getByRole("textbox", { name: `Units of ${skuA} in this package` }).count()).toBe(0);
    await form.getByRole("button", { name: "Pack package" }).click();
    await page.getByTestId("package-2").waitFor();
    expect(await textOf(page.getByTestId("package-2"))).toContain(`1× ${skuB}`);
    await page.getByTestId("all-packed").waitFor();
  });

  it("buys a label for each package (rate shopping's choice) and the label is a PDF", async () => {
    for (const n of [1, 2]) {
      const pkg = page.getByTestId(`package-${n}`);
      await pkg.getByRole("button", { name: "Buy label" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("radio").first().waitFor();
      expect(await dialog.getByRole("radio", { checked: true }).count()).toBe(1);
      if (n === 1) await screenshot(page, "33-workstation-rates");
      await dialog.getByRole("button", { name: "Buy label" }).click();
      await dialog.waitFor({ state: "hidden" });
      const tracking = await textOf(pkg.getByTestId("tracking-number"));
      expect(tracking).toMatch(/^[A-Z0-9-]{6,}$/);
      trackingNumbers.push(tracking);
      expect(await textOf(pkg.getByTestId("package-eta"))).toMatch(/^ETA /);
      expect(await textOf(pkg.getByTestId("package-status"))).toMatch(/^label purchased$/i);
    }
    expect(new Set(trackingNumbers).size).toBe(2);
    const href = await page
      .getByTestId("package-1")
      .getByRole("link", { name: "Print label" })
      .getAttribute("href");
    expect(href).toMatch(/\/label\?format=pdf$/);
    // Fetched with the browser's own session cookie, as the new tab would.
    const label = await page.request.get(href ?? "");
    expect(label.status()).toBe(200);
    expect(label.headers()["content-type"]).toBe("application/pdf");
    expect((await label.body()).subarray(0, 4).toString()).toBe("%PDF");
    const zpl = await page.getByTestId("package-1").getByRole("link", { name: "ZPL" }).getAttribute("href");
    const zplText = await (await page.request.get(zpl ?? "")).text();
    expect(zplText).toContain(trackingNumbers[0]);
    await screenshot(page, "34-workstation-labels");
  });

  it("ships both packages", async () => {
    for (const n of [1, 2]) {
      const pkg = page.getByTestId(`package-${n}`);
      await pkg.getByRole("button", { name: "Ship", exact: true }).click();
      await pkg
        .getByTestId("package-status")
        .getByText(/^shipped$/i)
        .waitFor();
      expect(await pkg.getByRole("button", { name: "Void label" }).count()).toBe(0);
    }
    await screenshot(page, "35-workstation-shipped");
    const shipments = ok(await e.t.admin.get(`/v1/shipments?fulfillment_order_id=${foId}`)).data;
    expect(shipments.map((s: { status: string }) => s.status)).toEqual(["shipped", "shipped"]);
    expect(shipments.map((s: { tracking_number: string }) => s.tracking_number).sort()).toEqual(
      [...trackingNumbers].sort(),
    );
  });

  it("lists shipment exceptions (none for packages that just left)", async () => {
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Exceptions" })
      .click();
    await page.getByRole("heading", { name: "Shipment exceptions" }).waitFor();
    await page.getByTestId("shipment-exceptions").waitFor();
    for (const t of trackingNumbers) expect(await page.getByText(t).count()).toBe(0);
  });

  it("shows the customer both packages, their tracking numbers and the ETA on the portal", async () => {
    const customer = await e.browser.newContext({ viewport: { width: 1000, height: 900 }, baseURL: e.t.url });
    try {
      const portal = await customer.newPage();
      await portal.goto(`/track?number=${orderNumber}&email=${encodeURIComponent(CUSTOMER)}`);
      const shipments = portal.getByTestId("tracking-shipments");
      await shipments.waitFor();
      const shown = await portal.getByTestId("shipment-tracking-number").allInnerTexts();
      expect(shown.map((s) => s.trim()).sort()).toEqual([...trackingNumbers].sort());
      expect(await textOf(portal.getByTestId("tracking-eta"))).toMatch(/^Estimated delivery: /);
      expect(await textOf(portal.getByTestId("tracking-shipment-1"))).toMatch(/shipped/i);
      expect(await textOf(portal.getByTestId("tracking-shipment-1"))).toMatch(/Arrives /);
      // The e-mail does not stay in the address bar.
      expect(portal.url()).not.toContain("email");
      await screenshot(portal, "36-portal-two-packages");

      // One package by its tracking number alone: the public view.
      await portal.goto(`/track?tracking_number=${trackingNumbers[0]}`);
      expect(await textOf(portal.getByTestId("package-tracking-number"))).toBe(trackingNumbers[0]);
      expect(await textOf(portal.getByTestId("package-tracking-eta"))).toMatch(/^Estimated delivery: /);
      await screenshot(portal, "37-portal-package");
    } finally {
      await customer.close();
    }
  });
});
