import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/seed/demo.js";
import { startTestApp, type TestApp } from "../support/harness.js";
import { parseMail } from "../support/mail.js";
import { address, ok, orderBody, product, stock, type World, world } from "./orders-fixtures.js";
import { waitFor } from "./webhooks-receiver.js";

interface Mail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  text: string;
  html: string;
}

const mails: Mail[] = [];
let smtp: SMTPServer;
let t: TestApp;
let flakyRejected = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === "flaky@example.com" && flakyRejected++ === 0) {
        const error = Object.assign(new Error("try again later"), { responseCode: 451 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const parsed = parseMail(Buffer.concat(chunks).toString("utf8"));
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          ...parsed,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await startTestApp({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: "Acme Outdoor <shop@acme.test>",
      DISPATCH_INTERVAL_MS: "20",
      WEBHOOK_RETRY_BASE_MS: "100",
    },
  });
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

// Every message here is caused by the real flow through the HTTP API: an order placed, its
// fulfillment orders accepted and fulfilled by the warehouse, an order cancelled. No event is
// injected by hand (a test that emits an event no code emits proves nothing).

async function placeOrder(app: TestApp, body: unknown) {
  return ok(await app.admin.post("/v1/orders", body), 201);
}
async function fulfillmentOrders(app: TestApp, orderId: string): Promise<any[]> {
  return ok(await app.admin.get(`/v1/orders/${orderId}/fulfillment_orders`)).data;
}
/**
 * The warehouse accepts one fulfillment order, packs everything into one box, buys the label and
 * ships it (the real flow that sends the shipped notice); returns the shipment.
 */
async function ship(app: TestApp, fulfillmentOrderId: string) {
  const warehouse = await app.as("warehouse");
  const fo = ok(await warehouse.post(`/v1/fulfillment_orders/${fulfillmentOrderId}/accept`, {}));
  expect(fo.status).toBe("accepted");
  const lines = fo.lines.map((l: any) => ({
    order_line_id: l.order_line_id,
    sku: l.sku,
    quantity: l.quantity,
  }));
  const box = { length_mm: 400, width_mm: 300, height_mm: 200 };
  const p = ok(
    await warehouse.post(`/v1/fulfillment_orders/${fulfillmentOrderId}/shipments`, { ...box, lines }),
    201,
  );
  ok(await warehouse.post(`/v1/shipments/${p.id}/label`, {}));
  const shipped = ok(await warehouse.post(`/v1/shipments/${p.id}/ship`, {}));
  expect(shipped.status).toBe("shipped");
  return shipped;
}
const mailsTo = (email: string) => mails.filter((m) => m.to.includes(email));
/** Gives the dispatcher time to send anything it would (wrongly) send. */
const settle = () => new Promise((r) => setTimeout(r, 300));
const dollars = (minor: number) => `$${(minor / 100).toFixed(2)}`;

let w: World;

/** A product with one variant, both titled, priced in the world's price list. */
async function titled(app: TestApp, pw: World, sku: string, price: number, title: string, variant: string) {
  ok(await app.admin.post("/v1/products", { title, variants: [{ sku, title: variant }] }), 201);
  ok(await app.admin.post(`/v1/price_lists/${pw.priceList}/prices`, { prices: [{ sku, amount: price }] }));
}

describe("customer e-mail over SMTP", () => {
  beforeAll(async () => {
    w = await world(t);
    // The tent is only in the warehouse, the mats only in the store: two fulfillment orders.
    // The tent comes in colours; the mat has one variant, which the catalog calls "Default".
    await titled(t, w, "TENT-2P", 12900, "Trail Tent 2P", "Green");
    await titled(t, w, "MAT-R", 6500, "Sleeping Mat", "Default");
    await stock(t, "TENT-2P", w.warehouse, 10);
    await stock(t, "MAT-R", w.store, 10);
  });

  it("sends the confirmation and, once every unit has shipped, the shipped notice, branded, once each", async () => {
    const settings = await t.admin.patch("/v1/settings", {
      merchant_name: "Acme Outdoor",
      brand_color: "#123456",
      logo_url: "https://cdn.acme.test/logo.png",
      support_email: "help@acme.test",
    });
    expect(settings.status).toBe(200);
    expect(settings.body.merchant_name).toBe("Acme Outdoor");

    const lines = [
      { sku: "TENT-2P", quantity: 1 },
      { sku: "MAT-R", quantity: 2 },
    ];
    const order = await placeOrder(
      t,
      orderBody(w, lines, { email: "ann@example.com", shipping_address: address({ name: "Ann Lee" }) }),
    );
    // A draft is not confirmed yet: no message.
    const draft = await placeOrder(
      t,
      orderBody(w, lines, {
        email: "draft@example.com",
        shipping_address: address({ name: "Dora Draft" }),
        draft: true,
      }),
    );
    expect(draft.status).toBe("draft");

    const confirmation = await waitFor("the confirmation", () =>
      mailsTo("ann@example.com").find((m) => m.headers.subject?.includes("confirmed")),
    );
    expect(confirmation.to).toEqual(["ann@example.com"]);
    expect(confirmation.from).toBe("shop@acme.test");
    // From is MAIL_FROM; a customer who answers reaches the shop's support address.
    expect(confirmation.headers.from).toBe("Acme Outdoor <shop@acme.test>");
    expect(confirmation.headers["reply-to"]).toBe("help@acme.test");
    expect(confirmation.headers.subject).toBe(`Your order #${order.number} is confirmed — Acme Outdoor`);
    expect(confirmation.text).toContain("Hello Ann Lee,");
    // Product and variant by name; a "Default" variant says nothing and is left out.
    expect(confirmation.text).toContain("1 × Trail Tent 2P — Green (TENT-2P)");
    expect(confirmation.text).toContain("2 × Sleeping Mat (MAT-R)");
    expect(confirmation.text).not.toContain("Default");
    expect(confirmation.html).toContain("Trail Tent 2P — Green");
    expect(order.lines.map((l: any) => [l.sku, l.product_title, l.variant_title, l.title])).toEqual(
      expect.arrayContaining([
        ["TENT-2P", "Trail Tent 2P", "Green", "Trail Tent 2P — Green"],
        ["MAT-R", "Sleeping Mat", null, "Sleeping Mat"],
      ]),
    );
    expect(order.totals.subtotal).toBe(25900);
    expect(confirmation.text).toContain(`Total: ${dollars(order.totals.grand_total)}`);
    expect(confirmation.html).toContain("#123456");
    expect(confirmation.html).toContain('src="https://cdn.acme.test/logo.png"');

    // The warehouse ships its part: one shipped notice for that package, with its tracking.
    const fos = await fulfillmentOrders(t, order.id);
    expect(fos).toHaveLength(2);
    const [first, second] = [
      fos.find((f) => f.location_id === w.warehouse)!,
      fos.find((f) => f.location_id === w.store)!,
    ];
    const tent = await ship(t, first.id);
    expect(ok(await t.admin.get(`/v1/orders/${order.id}`)).status).toBe("partially_shipped");
    const onItsWay = () =>
      mailsTo("ann@example.com").filter((m) => m.headers.subject?.includes("on its way"));
    const shipped = await waitFor("the first shipped notice", () => onItsWay()[0]);
    expect(shipped.to).toEqual(["ann@example.com"]);
    expect(shipped.from).toBe("shop@acme.test");
    expect(shipped.headers.from).toBe("Acme Outdoor <shop@acme.test>");
    expect(shipped.headers["reply-to"]).toBe("help@acme.test");
    expect(shipped.headers.subject).toBe(`Your order #${order.number} is on its way — Acme Outdoor`);
    expect(shipped.text).toContain("Hello Ann Lee,");
    expect(shipped.text).toContain(`Order #${order.number}`);
    expect(shipped.text).toContain(`Tracking number: ${tent.tracking_number}`);
    expect(shipped.text).toContain(tent.tracking_url);
    const tentLines = tent.lines.map((l: any) => `${l.quantity} × ${l.title} (${l.sku})`);
    for (const l of tentLines) expect(shipped.text).toContain(l);
    expect(shipped.html).toContain(tent.tracking_number);
    expect(shipped.html).toContain("#123456");

    // The store ships the rest: a second notice, for the second package.
    const mat = await ship(t, second.id);
    expect(ok(await t.admin.get(`/v1/orders/${order.id}`)).status).toBe("shipped");
    const secondNotice = await waitFor("the second shipped notice", () =>
      onItsWay().find((m) => m.text.includes(mat.tracking_number)),
    );
    expect(secondNotice.text).not.toContain(tent.tracking_number);

    // The carrier's events for the first package: out for delivery, delayed (new ETA), delivered.
    const track = async (status: string, id: string, extra: Record<string, unknown> = {}) =>
      ok(
        await t.admin.post(`/v1/shipments/${tent.id}/tracking_events`, {
          status,
          carrier_event_id: id,
          ...extra,
        }),
      );
    await track("out_for_delivery", "c1");
    await waitFor("out for delivery", () =>
      mailsTo("ann@example.com").find((m) => m.headers.subject?.includes("out for delivery")),
    );
    await track("delayed", "c2", { estimated_delivery_at: "2030-01-07" });
    const delayed = await waitFor("delayed", () =>
      mailsTo("ann@example.com").find((m) => m.headers.subject?.includes("delayed")),
    );
    expect(delayed.text).toContain("2030-01-07");
    await track("delivered", "c3");
    await waitFor("delivered", () =>
      mailsTo("ann@example.com").find((m) => m.headers.subject?.includes("has been delivered")),
    );

    // Once each: nothing more for Ann, nothing at all for the draft.
    await settle();
    expect(mailsTo("ann@example.com")).toHaveLength(6);
    expect(mailsTo("draft@example.com")).toEqual([]);

    const log = await t.admin.get(`/v1/notifications?resource_id=${order.id}`);
    expect(log.body.data.map((n: { template: string }) => n.template)).toEqual(["order_confirmed"]);
    const byTemplate: Record<string, any> = { order_confirmed: log.body.data[0] };
    const tentLog = (await t.admin.get(`/v1/notifications?resource_id=${tent.id}`)).body.data;
    expect(tentLog.map((n: { template: string }) => n.template).sort()).toEqual([
      "order_delayed",
      "order_delivered",
      "order_out_for_delivery",
      "order_shipped",
    ]);
    for (const n of [byTemplate.order_confirmed, ...tentLog]) {
      expect(n).toMatchObject({ to: "ann@example.com", status: "sent", attempts: 1 });
      expect(n.message_id).toEqual(expect.any(String));
    }
    const detail = await t.admin.get(`/v1/notifications/${byTemplate.order_confirmed.id}`);
    expect(detail.body.html).toContain("Trail Tent 2P");
    expect(detail.body.text).toContain(`Total: ${dollars(order.totals.grand_total)}`);
    const draftLog = await t.admin.get(`/v1/notifications?resource_id=${draft.id}`);
    expect(draftLog.body.data).toEqual([]);
  });

  it("tells the customer a return is approved (with its label), received and refunded", async () => {
    const email = "rita@example.com";
    const order = await placeOrder(
      t,
      orderBody(w, [{ sku: "TENT-2P", quantity: 1 }], {
        email,
        shipping_address: address({ name: "Rita Returns" }),
        payment: { token: "4242424242424242" },
      }),
    );
    await waitFor(
      "the authorization",
      async () => ok(await t.admin.get(`/v1/orders/${order.id}/payments`)).authorized > 0 || undefined,
    );
    const [fo] = await fulfillmentOrders(t, order.id);
    await ship(t, fo.id);
    await waitFor(
      "the capture",
      async () => ok(await t.admin.get(`/v1/orders/${order.id}/payments`)).charged > 0 || undefined,
    );
    const line = order.lines[0];
    const started = ok(
      await t.anonymous.post("/v1/tracking/returns", {
        number: String(order.number),
        email,
        lines: [{ order_line_id: line.id, quantity: 1, reason: "wrong_size" }],
      }),
    );
    const ret = ok(await t.admin.get(`/v1/orders/${order.id}/returns`)).data[0];
    expect(started.returns[0].reference).toBe(ret.reference);
    const approved = await waitFor("the approval", () =>
      mailsTo(email).find(
        (m) => m.headers.subject?.includes("return") && m.headers.subject?.includes("approved"),
      ),
    );
    expect(approved.text).toContain("Trail Tent 2P — Green");

    ok(await t.admin.post(`/v1/returns/${ret.id}/label`));
    const label = await waitFor("the label", () =>
      mailsTo(email).find((m) => m.headers.subject?.includes("return label")),
    );
    const link = /https?:\/\/\S+\/v1\/return_labels\/[A-Za-z0-9_-]+/.exec(label.text)?.[0];
    expect(link, label.text).toBeTruthy();
    const pdf = await fetch(link!.replace(/^https?:\/\/[^/]+/, t.url));
    expect(pdf.headers.get("content-type")).toBe("application/pdf");

    ok(
      await t.admin.post(`/v1/returns/${ret.id}/receive`, {
        location_id: w.warehouse,
        lines: [{ order_line_id: line.id, quantity: 1, disposition: "restock" }],
      }),
    );
    await waitFor("the receipt", () =>
      mailsTo(email).find((m) => m.headers.subject?.includes("received your return")),
    );
    const refunded = ok(await t.admin.post(`/v1/returns/${ret.id}/refund`));
    const refundMail = await waitFor("the refund", () =>
      mailsTo(email).find((m) => m.headers.subject?.includes("refund")),
    );
    expect(refundMail.text).toContain(dollars(refunded.refunded_amount));
  });

  it("a placed order that is cancelled gets its confirmation, then the cancellation", async () => {
    await product(t, w, "E2E-TENT", 12900);
    await stock(t, "E2E-TENT", w.warehouse, 5);
    // Without WEBHOOK_ALLOWED_HOSTS (this app has none), a receiver on this machine is refused.
    const hook = await t.admin.post("/v1/webhook_endpoints", {
      url: "http://127.0.0.1:8080/hooks",
      event_types: ["*"],
    });
    expect(hook.status).toBe(422);
    const placed = await placeOrder(
      t,
      orderBody(w, [{ sku: "E2E-TENT", quantity: 2 }], { email: "e2e@example.com" }),
    );
    const confirmation = await waitFor("confirmation", () =>
      mailsTo("e2e@example.com").find((m) => m.headers.subject?.includes("confirmed")),
    );
    expect(confirmation.headers.subject).toBe(`Your order #${placed.number} is confirmed — Acme Outdoor`);
    expect(confirmation.text).toContain("2 × Product E2E-TENT — Item E2E-TENT (E2E-TENT)");
    expect(confirmation.text).toContain(`Total: ${dollars(placed.totals.grand_total)}`);

    const cancelled = await t.admin.post(`/v1/orders/${placed.id}/cancel`, { reason: "customer asked" });
    expect(cancelled.status).toBe(200);
    const cancellation = await waitFor("cancellation", () =>
      mailsTo("e2e@example.com").find((m) => m.headers.subject?.includes("has been cancelled")),
    );
    expect(cancellation.to).toEqual(["e2e@example.com"]);
    expect(cancellation.from).toBe("shop@acme.test");
    expect(cancellation.headers.subject).toBe(
      `Your order #${placed.number} has been cancelled — Acme Outdoor`,
    );
    expect(cancellation.text).toContain("Hello Jane Doe,");
    expect(cancellation.text).toContain("2 × Product E2E-TENT — Item E2E-TENT (E2E-TENT)");
    expect(cancellation.headers.from).toBe("Acme Outdoor <shop@acme.test>");
    expect(cancellation.headers["reply-to"]).toBe("help@acme.test");
    expect(confirmation.headers.from).toBe("Acme Outdoor <shop@acme.test>");
    expect(confirmation.headers["reply-to"]).toBe("help@acme.test");
    await settle();
    expect(mailsTo("e2e@example.com")).toHaveLength(2);
    const log = await t.admin.get(`/v1/notifications?resource_id=${placed.id}`);
    expect(log.body.data.map((n: { template: string }) => n.template).sort()).toEqual([
      "order_cancelled",
      "order_confirmed",
    ]);
  });

  it("retries when the SMTP server refuses for a while", async () => {
    const placed = await placeOrder(
      t,
      orderBody(w, [{ sku: "TENT-2P", quantity: 1 }], { email: "flaky@example.com" }),
    );
    const sent = await waitFor("sent after a retry", async () => {
      const list = await t.admin.get(`/v1/notifications?resource_id=${placed.id}`);
      return list.body.data[0]?.status === "sent" ? list.body.data[0] : null;
    });
    expect(sent.template).toBe("order_confirmed");
    expect(sent.attempts).toBe(2);
    expect(flakyRejected).toBeGreaterThanOrEqual(2);
    expect(mailsTo("flaky@example.com")).toHaveLength(1);
    expect(mailsTo("flaky@example.com")[0]!.headers.subject).toBe(
      `Your order #${placed.number} is confirmed — Acme Outdoor`,
    );
  });

  it("shows the log to staff who can read orders, and validates settings", async () => {
    expect((await t.anonymous.get("/v1/notifications")).status).toBe(401);
    const warehouse = await t.as("warehouse");
    expect((await warehouse.get("/v1/notifications")).status).toBe(200);
    expect((await warehouse.patch("/v1/settings", { merchant_name: "X" })).status).toBe(403);
    const before = await t.rowCounts();
    const bad = await t.admin.patch("/v1/settings", { brand_color: "red", logo_url: "javascript:alert(1)" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      "body.brand_color",
      "body.logo_url",
    ]);
    expect(await t.rowCounts()).toEqual(before);
  });
});

describe("demo data with SMTP configured", () => {
  it("sends no e-mail for the demo orders, nor later for what staff do to them", async () => {
    const port = (smtp.server.address() as AddressInfo).port;
    const app = await startTestApp({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        MAIL_FROM: "shop@demo-shop.test",
        DISPATCH_INTERVAL_MS: "20",
      },
    });
    try {
      const before = mails.length;
      await seedDemo(app.server.database.db); // what `ordo seed --demo` and `ordo start` run
      const { db } = app.server.database;
      const count = async (status: "stored" | "pending") =>
        Number(
          (
            await db
              .selectFrom("notifications")
              .select((eb) => eb.fn.countAll().as("n"))
              .where("status", "=", status)
              .executeTakeFirstOrThrow()
          ).n,
        );
      // The dispatcher fans the demo's events out: the messages are kept for the console only.
      await waitFor("the demo's messages stored", async () => ((await count("stored")) > 100 ? true : null));
      const demoOrder = (await app.admin.get("/v1/orders?limit=1&status=open")).body.data[0];
      expect(demoOrder.email).toMatch(/@demo\.example$/);
      // An agent cancels a demo order: its customer cannot exist, so nothing is sent either.
      const cancelled = await app.admin.post(`/v1/orders/${demoOrder.id}/cancel`, { reason: "demo" });
      expect(cancelled.status).toBe(200);
      await waitFor("the cancellation stored", async () => {
        const list = await app.admin.get(`/v1/notifications?resource_id=${demoOrder.id}`);
        return list.body.data.some((n: { template: string }) => n.template === "order_cancelled")
          ? true
          : null;
      });
      // A real order placed over HTTP in the same shop is sent as usual.
      const channel = (await app.admin.get("/v1/channels/web")).body;
      const sku = (await app.admin.get("/v1/variants?limit=50&status=active&is_kit=false")).body.data[0].sku;
      ok(
        await app.admin.post("/v1/inventory_adjustments", {
          sku,
          location_id: channel.location_ids[0],
          delta: 50,
          reason: "received",
        }),
        201,
      );
      ok(
        await app.admin.post("/v1/orders", {
          channel: "web",
          email: "real.customer@example.com",
          lines: [{ sku, quantity: 1 }],
          shipping_address: address({ name: "Real Customer" }),
        }),
        201,
      );
      await waitFor("the real confirmation", () => mailsTo("real.customer@example.com")[0]);
      await settle();
      expect(await count("pending")).toBe(0);
      const sent = mails.slice(before);
      expect(sent.filter((m) => m.to.some((to) => to.endsWith(".example")))).toEqual([]);
      expect(sent.flatMap((m) => m.to)).toEqual(["real.customer@example.com"]);
    } finally {
      await app.close();
    }
  }, 120_000);
});

describe("without SMTP", () => {
  it("stores the message for the console instead of sending it", async () => {
    const app = await startTestApp({ env: { DISPATCH_INTERVAL_MS: "20", MERCHANT_NAME: "Plain Shop" } });
    try {
      const pw = await world(app);
      await product(app, pw, "PLAIN-TENT", 12900, { title: "Trail Tent 2P" });
      await stock(app, "PLAIN-TENT", pw.warehouse, 3);
      const placed = await placeOrder(
        app,
        orderBody(pw, [{ sku: "PLAIN-TENT", quantity: 1 }], { email: "ann@example.com" }),
      );
      const stored = await waitFor(
        "stored message",
        async () => (await app.admin.get(`/v1/notifications?resource_id=${placed.id}`)).body.data[0],
      );
      expect(stored).toMatchObject({
        template: "order_confirmed",
        status: "stored",
        to: "ann@example.com",
        subject: `Your order #${placed.number} is confirmed — Plain Shop`,
      });
      const detail = await app.admin.get(`/v1/notifications/${stored.id}`);
      expect(detail.body.html).toContain("Plain Shop");
      expect(detail.body.text).toContain("Trail Tent 2P");
    } finally {
      await app.close();
    }
  });
});
