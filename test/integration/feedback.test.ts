// Feedback surveys through the real flow: an order placed, packed, labelled, shipped and
// delivered through the API; the dispatcher sends the survey e-mail to a real SMTP server once
// it is due; the customer answers through the link in that e-mail; the console's summary and
// responses show it. Nothing is injected by hand.
import { createHash, randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";
import { parseMail } from "../support/mail.js";
import { boxes, expectProblem, orderWithFo, stocked } from "./shipping-fixtures.js";
import { type Net, network, ok, uniq } from "./sourcing-fixtures.js";
import { waitFor } from "./webhooks-receiver.js";

interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

function mailOf(raw: string, to: string[]): Mail {
  const { headers, text, html } = parseMail(raw);
  return { to, subject: headers.subject ?? "", text, html };
}

const PUBLIC_URL = "http://shop.ordo.test";
const mails: Mail[] = [];
let smtp: SMTPServer;
let t: TestApp;
let net: Net;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        mails.push(mailOf(Buffer.concat(chunks).toString("utf8"), to));
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
      MERCHANT_NAME: "Acme Outdoor",
      PUBLIC_URL,
      FEEDBACK_DELAY_DAYS: "3",
      DISPATCH_INTERVAL_MS: "20",
    },
  });
  net = await network(t);
  await boxes(t, net.east);
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const DAY = 86_400_000;
const mailsTo = (email: string) => mails.filter((m) => m.to.includes(email));
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * An order for `sum(units)` of one SKU at the East warehouse; the warehouse accepts it, packs it
 * into one box per entry of `units`, buys the labels and ships them. Returns the order and boxes.
 */
async function shipInBoxes(email: string, units: number[]) {
  const sku = uniq("FB");
  const quantity = units.reduce((a, b) => a + b, 0);
  await stocked(t, net, sku, net.east, quantity);
  const { order, fo } = await orderWithFo(t, net, [{ sku, quantity }], { email });
  expect(fo.location_id).toBe(net.east);
  const accepted = ok(await t.admin.post(`/v1/fulfillment_orders/${fo.id}/accept`, {}));
  const line = accepted.lines[0];
  const packages: any[] = [];
  for (const n of units) {
    const lines = [{ order_line_id: line.order_line_id, sku: line.sku, quantity: n }];
    const box = ok(await t.admin.post(`/v1/fulfillment_orders/${fo.id}/shipments`, { lines }), 201);
    ok(await t.admin.post(`/v1/shipments/${box.id}/label`, {}));
    expect(ok(await t.admin.post(`/v1/shipments/${box.id}/ship`, {})).status).toBe("shipped");
    packages.push(box);
  }
  return { order, packages };
}

/** The carrier reports a package delivered at that time (the real tracking-event route). */
async function carrierDelivered(shipmentId: string, at: Date) {
  const tracked = ok(
    await t.admin.post(`/v1/shipments/${shipmentId}/tracking_events`, {
      status: "delivered",
      happened_at: at.toISOString(),
      carrier_event_id: uniq("ev"),
    }),
  );
  expect(tracked.status).toBe("delivered");
}

const orderNow = async (id: string) => ok(await t.admin.get(`/v1/orders/${id}`));
const surveysOf = (orderId: string) =>
  t.server.database.db.selectFrom("feedback_requests").selectAll().where("order_id", "=", orderId).execute();

/** One package, delivered at `deliveredAt`: returns the delivered order. */
async function deliver(email: string, deliveredAt: Date) {
  const { order, packages } = await shipInBoxes(email, [2]);
  await carrierDelivered(packages[0].id, deliveredAt);
  const delivered = await orderNow(order.id);
  expect(delivered.status).toBe("delivered");
  return delivered;
}

describe("feedback after delivery", () => {
  let order: any;
  let token: string;
  const email = "ann.feedback@example.com";

  it("e-mails the survey link once it is due (delivered 4 days ago, delay 3 days)", async () => {
    order = await deliver(email, new Date(Date.now() - 4 * DAY));
    const survey = await waitFor("the survey e-mail", () =>
      mailsTo(email).find((m) => m.subject.startsWith("How was your order")),
    );
    expect(survey.subject).toBe(`How was your order #${order.number}? — Acme Outdoor`);
    expect(survey.text).toContain("Rate it from 1 to 5");
    // One link: the survey's, at PUBLIC_URL/feedback/<token>.
    const links = survey.text.match(/https?:\/\/\S+/g) ?? [];
    expect(links).toHaveLength(1);
    const match = new RegExp(`^${PUBLIC_URL}/feedback/([A-Za-z0-9_-]{20,})$`).exec(links[0]!);
    expect(match, links[0]).not.toBeNull();
    token = match![1]!;
    expect(survey.html).toContain(`href="${PUBLIC_URL}/feedback/${token}"`);

    // Only the token's SHA-256 is stored, with where and when the order was delivered.
    const row = await t.server.database.db
      .selectFrom("feedback_requests")
      .selectAll()
      .where("order_id", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row).toMatchObject({ channel_id: order.channel_id, location_id: net.east, email, score: null });
    expect(Date.parse(row.due_at) - Date.parse(row.delivered_at)).toBe(3 * DAY);
    expect(row.sent_at).not.toBeNull();

    // The notification log says it went out, once.
    const log = ok(await t.admin.get(`/v1/notifications?resource_id=${row.id}`)).data;
    expect(log.map((n: any) => [n.template, n.status, n.to])).toEqual([["feedback_request", "sent", email]]);
  });

  it("serves the survey page's app at the link, as it serves /track", async () => {
    const page = await fetch(`${t.url}/feedback/${token}`);
    const track = await fetch(`${t.url}/track`);
    expect(page.status).not.toBe(404);
    expect(page.status).toBe(track.status);
    expect(page.headers.get("content-type")).toBe(track.headers.get("content-type"));
    expect(await page.text()).toBe(await track.text());
  });

  it("shows the survey without login and without personal data", async () => {
    const survey = ok(await t.anonymous.get(`/v1/feedback/${token}`));
    expect(survey).toEqual({ order_number: order.number, merchant_name: "Acme Outdoor", answered: false });
  });

  it("refuses bad answers (400) and unknown links (404), writing nothing", async () => {
    const before = await t.rowCounts();
    for (const body of [
      { score: 0 },
      { score: 6 },
      { score: 4.5 },
      { score: "5" },
      {},
      { score: 5, comment: "x".repeat(2001) },
      { score: 5, extra: true },
    ]) {
      expectProblem(await t.anonymous.post(`/v1/feedback/${token}`, body), 400);
    }
    expectProblem(
      await t.anonymous.request("POST", `/v1/feedback/${token}`, "not json", {
        "content-type": "application/json",
      }),
      400,
    );
    const stranger = randomBytes(32).toString("base64url");
    expectProblem(await t.anonymous.get(`/v1/feedback/${stranger}`), 404);
    expectProblem(await t.anonymous.post(`/v1/feedback/${stranger}`, { score: 5 }), 404);
    // The hash itself is no link either.
    expectProblem(await t.anonymous.get(`/v1/feedback/${sha256(token)}`), 404);
    expect(await t.rowCounts()).toEqual(before);
  });

  it("takes one answer through the link; a second is a 409", async () => {
    const answered = ok(
      await t.anonymous.post(`/v1/feedback/${token}`, {
        score: 5,
        comment: "  Great tent, fast delivery!  ",
      }),
    );
    expect(answered).toEqual({ order_number: order.number, merchant_name: "Acme Outdoor", answered: true });
    expect(ok(await t.anonymous.get(`/v1/feedback/${token}`)).answered).toBe(true);
    expectProblem(await t.anonymous.post(`/v1/feedback/${token}`, { score: 1 }), 409);

    // On the order's timeline and in the outbox.
    const timeline = ok(await t.admin.get(`/v1/orders/${order.id}/timeline`)).data;
    expect(timeline.map((e: any) => e.type)).toContain("feedback.answered");
    const events = ok(await t.admin.get("/v1/events?type=feedback.*")).data;
    const mine = events.filter((e: any) => e.data.order_id === order.id);
    expect(mine.map((e: any) => e.type).sort()).toEqual(["feedback.answered", "feedback.requested"]);
    expect(mine.find((e: any) => e.type === "feedback.answered").data).toMatchObject({
      score: 5,
      comment: "Great tent, fast delivery!",
    });
  });

  it("summarises per channel and per location, and lists the comment", async () => {
    const byChannel = ok(await t.admin.get("/v1/feedback/summary?group_by=channel"));
    const channel = byChannel.groups.find((g: any) => g.key === order.channel_id);
    expect(channel).toEqual({
      key: order.channel_id,
      sent: 1,
      answered: 1,
      response_rate_percent: 100,
      average_score: 5,
      csat_percent: 100,
      distribution: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 1 },
    });
    const byLocation = ok(await t.admin.get("/v1/feedback/summary?group_by=location"));
    expect(byLocation.groups.find((g: any) => g.key === net.east)).toMatchObject({ sent: 1, answered: 1 });
    // The period is by send time: nothing was sent before yesterday.
    const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);
    const old = ok(await t.admin.get(`/v1/feedback/summary?to=${yesterday}`));
    expect(old).toMatchObject({ groups: [], total: { sent: 0, answered: 0, average_score: null } });
    expectProblem(await t.admin.get("/v1/feedback/summary?group_by=sku"), 400);
    expectProblem(await t.admin.get("/v1/feedback/summary?from=2026-12-05&to=2026-12-01"), 400);

    const responses = ok(await t.admin.get("/v1/feedback/responses"));
    expect(responses.data[0]).toMatchObject({
      order_id: order.id,
      order_number: order.number,
      score: 5,
      comment: "Great tent, fast delivery!",
      location_id: net.east,
    });
    expect(ok(await t.admin.get("/v1/feedback/responses?score=1")).data).toEqual([]);
    expectProblem(await t.admin.get("/v1/feedback/responses?cursor=bogus"), 400);
  });

  it("is for staff who can read orders", async () => {
    expectProblem(await t.anonymous.get("/v1/feedback/summary"), 401);
    expectProblem(await t.anonymous.get("/v1/feedback/responses"), 401);
    const warehouse = await t.as("warehouse");
    expect((await warehouse.get("/v1/feedback/summary?group_by=location")).status).toBe(200);
  });

  it("creates the survey when the last package arrives, once, and does not send it before it is due", async () => {
    const later = "bob.feedback@example.com";
    const { order: two, packages } = await shipInBoxes(later, [1, 2]);
    await carrierDelivered(packages[0].id, new Date(Date.now() - 2 * DAY));
    expect((await orderNow(two.id)).status).toBe("shipped");
    expect(await surveysOf(two.id)).toEqual([]);
    const lastArrived = new Date(Date.now() - 60_000);
    await carrierDelivered(packages[1].id, lastArrived);
    expect((await orderNow(two.id)).status).toBe("delivered");
    // The carrier repeating itself changes nothing.
    ok(
      await t.admin.post(`/v1/shipments/${packages[1].id}/tracking_events`, {
        status: "delivered",
        carrier_event_id: uniq("ev"),
      }),
    );
    const rows = await surveysOf(two.id);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ sent_at: null, token_hash: null, location_id: net.east, email: later });
    // Due three days after the last package arrived.
    expect(row.delivered_at).toBe(lastArrived.toISOString());
    expect(row.due_at).toBe(new Date(lastArrived.getTime() + 3 * DAY).toISOString());
    // Give the dispatcher time to (wrongly) send it.
    await new Promise((r) => setTimeout(r, 400));
    expect(mailsTo(later).some((m) => m.subject.includes("has been delivered"))).toBe(true);
    expect(mailsTo(later).filter((m) => m.subject.startsWith("How was"))).toEqual([]);
    expect(mailsTo(email).filter((m) => m.subject.startsWith("How was"))).toHaveLength(1);
    expect(ok(await t.admin.get("/v1/feedback/summary")).total).toMatchObject({ sent: 1, answered: 1 });
  });
});

describe("feedback switched off", () => {
  it("FEEDBACK_DELAY_DAYS=0 creates no survey for a delivered order", async () => {
    const off = await startTestApp({ env: { FEEDBACK_DELAY_DAYS: "0" } });
    try {
      const offNet = await network(off);
      await boxes(off, offNet.east);
      const sku = uniq("OFF");
      await stocked(off, offNet, sku, offNet.east, 2);
      const { order, fo } = await orderWithFo(off, offNet, [{ sku, quantity: 1 }]);
      const accepted = ok(await off.admin.post(`/v1/fulfillment_orders/${fo.id}/accept`, {}));
      const lines = accepted.lines.map((l: any) => ({
        order_line_id: l.order_line_id,
        sku: l.sku,
        quantity: 1,
      }));
      const box = ok(await off.admin.post(`/v1/fulfillment_orders/${fo.id}/shipments`, { lines }), 201);
      ok(await off.admin.post(`/v1/shipments/${box.id}/label`, {}));
      ok(await off.admin.post(`/v1/shipments/${box.id}/ship`, {}));
      ok(await off.admin.post(`/v1/shipments/${box.id}/tracking_events`, { status: "delivered" }));
      expect(ok(await off.admin.get(`/v1/orders/${order.id}`)).status).toBe("delivered");
      const rows = await off.server.database.db.selectFrom("feedback_requests").select("id").execute();
      expect(rows).toEqual([]);
    } finally {
      await off.close();
    }
  });
});
