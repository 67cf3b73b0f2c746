import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
import { address, ok, orderBody, product, stock, type World, world } from "./orders-fixtures.js";
import { waitFor } from "./webhooks-receiver.js";

interface Mail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  text: string;
  html: string;
}

// A small MIME reader, enough for what nodemailer writes: RFC 2047 headers, multipart,
// quoted-printable and base64 bodies.
function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === "b"
      ? Buffer.from(data, "base64").toString("utf8")
      : Buffer.from(
          data
            .replace(/_/g, " ")
            .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
          "latin1",
        ).toString("utf8"),
  );
}
function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, " ").split(/\r\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  return headers;
}
function decodeBody(body: string, encoding: string | undefined): string {
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}
function parseMail(raw: string): { headers: Record<string, string>; text: string; html: string } {
  const split = raw.indexOf("\r\n\r\n");
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split + 4);
  const boundary = /boundary="?([^";]+)"?/.exec(headers["content-type"] ?? "")?.[1];
  const parts = boundary
    ? body.split(`--${boundary}`).slice(1, -1)
    : [`${raw.slice(0, split)}\r\n\r\n${body}`];
  let text = "";
  let html = "";
  for (const part of parts) {
    const p = part.replace(/^\r\n/, "");
    const at = p.indexOf("\r\n\r\n");
    const h = parseHeaders(p.slice(0, at));
    const content = decodeBody(p.slice(at + 4), h["content-transfer-encoding"]);
    if ((h["content-type"] ?? "").startsWith("text/plain")) text = content;
    if ((h["content-type"] ?? "").startsWith("text/html")) html = content;
  }
  return { headers, text, html };
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
/** The warehouse accepts, then fulfils, one fulfillment order. */
async function ship(app: TestApp, fulfillmentOrderId: string) {
  const warehouse = await app.as("warehouse");
  expect(ok(await warehouse.post(`/v1/fulfillment_orders/${fulfillmentOrderId}/accept`, {})).status).toBe(
    "accepted",
  );
  expect(ok(await warehouse.post(`/v1/fulfillment_orders/${fulfillmentOrderId}/fulfil`, {})).status).toBe(
    "fulfilled",
  );
}
const mailsTo = (email: string) => mails.filter((m) => m.to.includes(email));
/** Gives the dispatcher time to send anything it would (wrongly) send. */
const settle = () => new Promise((r) => setTimeout(r, 300));
const dollars = (minor: number) => `$${(minor / 100).toFixed(2)}`;

let w: World;

describe("customer e-mail over SMTP", () => {
  beforeAll(async () => {
    w = await world(t);
    // The tent is only in the warehouse, the mats only in the store: two fulfillment orders.
    await product(t, w, "TENT-2P", 12900, { title: "Trail Tent 2P" });
    await product(t, w, "MAT-R", 6500, { title: "Sleeping Mat" });
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
    expect(confirmation.headers.subject).toBe(`Your order #${order.number} is confirmed — Acme Outdoor`);
    expect(confirmation.text).toContain("Hello Ann Lee,");
    expect(confirmation.text).toContain("1 × Trail Tent 2P (TENT-2P)");
    expect(confirmation.text).toContain("2 × Sleeping Mat (MAT-R)");
    expect(order.totals.subtotal).toBe(25900);
    expect(confirmation.text).toContain(`Total: ${dollars(order.totals.grand_total)}`);
    expect(confirmation.html).toContain("#123456");
    expect(confirmation.html).toContain('src="https://cdn.acme.test/logo.png"');

    // The warehouse ships its part: the order is only partly shipped, so no shipped notice yet.
    const fos = await fulfillmentOrders(t, order.id);
    expect(fos).toHaveLength(2);
    const [first, second] = [
      fos.find((f) => f.location_id === w.warehouse)!,
      fos.find((f) => f.location_id === w.store)!,
    ];
    await ship(t, first.id);
    expect(ok(await t.admin.get(`/v1/orders/${order.id}`)).status).toBe("partially_shipped");
    await settle();
    expect(mailsTo("ann@example.com").filter((m) => m.headers.subject?.includes("on its way"))).toEqual([]);

    // The store ships the rest: every unit has left, the real flow emits order.shipped.
    await ship(t, second.id);
    expect(ok(await t.admin.get(`/v1/orders/${order.id}`)).status).toBe("shipped");
    const shipped = await waitFor("the shipped notice", () =>
      mailsTo("ann@example.com").find((m) => m.headers.subject?.includes("on its way")),
    );
    expect(shipped.to).toEqual(["ann@example.com"]);
    expect(shipped.from).toBe("shop@acme.test");
    expect(shipped.headers.subject).toBe(`Your order #${order.number} is on its way — Acme Outdoor`);
    expect(shipped.text).toContain("Hello Ann Lee,");
    expect(shipped.text).toContain(`Order #${order.number}`);
    expect(shipped.text).toContain("1 × Trail Tent 2P (TENT-2P)");
    expect(shipped.text).toContain("2 × Sleeping Mat (MAT-R)");
    expect(shipped.html).toContain("Trail Tent 2P");
    expect(shipped.html).toContain("#123456");

    // Once each: nothing more for Ann, nothing at all for the draft.
    await settle();
    expect(mailsTo("ann@example.com")).toHaveLength(2);
    expect(mailsTo("draft@example.com")).toEqual([]);

    const log = await t.admin.get(`/v1/notifications?resource_id=${order.id}`);
    expect(log.body.data).toHaveLength(2);
    const byTemplate = Object.fromEntries(
      log.body.data.map((n: { template: string }) => [n.template, n]),
    ) as Record<string, any>;
    for (const template of ["order_confirmed", "order_shipped"]) {
      expect(byTemplate[template]).toMatchObject({
        template,
        to: "ann@example.com",
        status: "sent",
        attempts: 1,
      });
      expect(byTemplate[template].message_id).toEqual(expect.any(String));
    }
    const detail = await t.admin.get(`/v1/notifications/${byTemplate.order_confirmed.id}`);
    expect(detail.body.html).toContain("Trail Tent 2P");
    expect(detail.body.text).toContain(`Total: ${dollars(order.totals.grand_total)}`);
    const draftLog = await t.admin.get(`/v1/notifications?resource_id=${draft.id}`);
    expect(draftLog.body.data).toEqual([]);
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
    expect(confirmation.text).toContain("2 × Item E2E-TENT (E2E-TENT)");
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
    expect(cancellation.text).toContain("2 × Item E2E-TENT (E2E-TENT)");
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
