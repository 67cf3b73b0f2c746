// Customer-service cases through the real HTTP API: console and API cases about orders, the
// workflow and its SLA, replies and internal notes, the customer's side on the portal, cases
// opened by failed deliveries from the real ship-and-track flow, bad input, and concurrency.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client, TestApp } from "../support/harness.js";
import { startTestApp } from "../support/harness.js";
import {
  boxes,
  CARRIER_SECRET,
  expectProblem,
  orderWithFo,
  pack,
  signedCarrierCall,
} from "./shipping-fixtures.js";
import { type Net, network, ok, product, stock, uniq } from "./sourcing-fixtures.js";

const H = 3_600_000;
// Urgent cases run out of time in about a second, so breaches can be watched happen.
const URGENT_FIRST_HOURS = 0.0003;

let t: TestApp;
let net: Net;
let agent: Client;
let agentId: string;

beforeAll(async () => {
  t = await startTestApp({
    env: {
      CARRIER_WEBHOOK_SECRET: CARRIER_SECRET,
      CASE_FIRST_RESPONSE_HOURS: `urgent:${URGENT_FIRST_HOURS},high:4,normal:24,low:48`,
      CASE_RESOLUTION_HOURS: "urgent:0.0006,high:24,normal:72,low:120",
      CASE_DELIVERY_ATTEMPTS: "2",
    },
  });
  net = await network(t);
  await boxes(t, net.east);
  agent = await t.as("agent");
  agentId = ok(await agent.get("/v1/auth/me")).id;
});
afterAll(() => t?.close());

/** An order for one unit of a fresh SKU (two lines when asked), shippable from the east warehouse. */
async function anOrder(lines = 1) {
  const skus = Array.from({ length: lines }, () => uniq("CS"));
  for (const sku of skus) {
    await product(t, net, sku);
    await stock(t, sku, net.east, 10);
  }
  const { order, fo } = await orderWithFo(
    t,
    net,
    skus.map((sku) => ({ sku, quantity: 1 })),
  );
  return { order, fo, skus };
}

const getCase = async (ref: string, as: Client = t.admin) => ok(await as.get(`/v1/cases/${ref}`));
const act = (id: string, action: string, as: Client = agent) => as.post(`/v1/cases/${id}/${action}`);
const reply = (id: string, body: string, visibility = "public", as: Client = agent) =>
  as.post(`/v1/cases/${id}/messages`, { body, visibility });
const proofOf = (order: any) => ({ number: `#${order.number}`, email: order.email });
const casesOf = async (orderId: string) => ok(await t.admin.get(`/v1/orders/${orderId}/cases`)).data;
const eventsFor = async (type: string, id: string) =>
  ok(await t.admin.get(`/v1/events?type=${type}&resource_id=${id}&limit=500`)).data;

describe("cases from the console and the API", () => {
  it("opens a case about an order lines, with the order's customer, its SLA, messages, audit and event", async () => {
    const { order } = await anOrder(2);
    const before = Date.now();
    const res = await agent.post("/v1/cases", {
      order_id: order.id,
      order_line_ids: [order.lines[1].id],
      type: "damaged",
      subject: "Mug arrived broken",
      priority: "high",
      message: "The handle came off in the box.",
      internal_note: "Ask for a photo before reshipping",
    });
    const c = ok(res, 201);
    expect(res.headers.get("location")).toBe(`/v1/cases/${c.id}`);
    expect(c.id).toMatch(/^case_/);
    expect(c).toMatchObject({
      reference: `CS-${c.number}`,
      order_id: order.id,
      order_number: order.number,
      order_line_ids: [order.lines[1].id],
      type: "damaged",
      status: "new",
      priority: "high",
      source: "console",
      customer_email: order.email,
      customer_name: order.customer_name,
      assignee_id: null,
      first_responded_at: null,
      version: 1,
    });
    expect(c.number).toBeGreaterThan(1000);
    // High priority: first response within 4 h, resolution within 24 h of creation.
    const created = Date.parse(c.created_at);
    expect(created).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(c.first_response_due_at) - created).toBe(4 * H);
    expect(Date.parse(c.resolution_due_at) - created).toBe(24 * H);
    expect(c.sla).toMatchObject({
      breached: false,
      at_risk: false,
      first_response: { state: "on_track", met_at: null },
      resolution: { state: "on_track" },
    });
    expect(c.allowed_actions).toEqual(["open", "await_customer", "resolve"]);
    expect(c.messages.map((m: any) => [m.author_type, m.visibility, m.body])).toEqual([
      ["customer", "public", "The handle came off in the box."],
      ["staff", "internal", "Ask for a photo before reshipping"],
    ]);
    expect(c.messages[1].author_id).toBe(agentId);

    // Found by id and by reference; listed on its order.
    expect((await getCase(c.reference)).id).toBe(c.id);
    expect((await casesOf(order.id)).map((x: any) => x.id)).toEqual([c.id]);
    const audit = ok(await t.admin.get(`/v1/audit_events?resource_id=${c.id}`)).data;
    expect(audit.map((a: any) => [a.action, a.actor_id])).toEqual([["case.opened", agentId]]);
    const [opened] = await eventsFor("case.opened", c.id);
    expect(opened.data).toMatchObject({ id: c.id, reference: c.reference, status: "new" });

    // An integration (API key) opens cases as `api`; without an order, the e-mail is the customer.
    const api = ok(
      await t.admin.post("/v1/cases", {
        type: "other",
        subject: "Question about gift wrapping",
        customer_email: "  Sam@Example.COM ",
      }),
      201,
    );
    expect(api).toMatchObject({
      source: "api",
      order_id: null,
      customer_email: "sam@example.com",
      priority: "normal",
    });
    expect(Date.parse(api.first_response_due_at) - Date.parse(api.created_at)).toBe(24 * H);
    expect(api.number).toBeGreaterThan(c.number);
  });

  it("takes a new case with the first public reply (the first response) and changes priority with its SLA", async () => {
    const { order } = await anOrder();
    const c = ok(
      await agent.post("/v1/cases", { order_id: order.id, type: "where_is_my_order", subject: "Where?" }),
      201,
    );
    const noted = ok(await reply(c.id, "Carrier says Tuesday", "internal"), 201);
    expect(noted).toMatchObject({ status: "new", first_responded_at: null });
    const res = await reply(c.id, "Your parcel arrives on Tuesday.");
    const replied = ok(res, 201);
    expect(res.headers.get("location")).toBe(`/v1/cases/${c.id}`);
    expect(replied.status).toBe("open");
    expect(replied.first_responded_at).not.toBeNull();
    expect(replied.sla.first_response.state).toBe("met");
    expect(replied.last_message_at).toBe(replied.first_responded_at);
    const again = ok(await reply(c.id, "Any other question?"), 201);
    expect(again.first_responded_at).toBe(replied.first_responded_at);
    expect(again.version).toBe(4);

    const urgent = ok(await agent.patch(`/v1/cases/${c.id}`, { priority: "low", subject: "Where is it?" }));
    expect(urgent).toMatchObject({ priority: "low", subject: "Where is it?" });
    expect(Date.parse(urgent.resolution_due_at) - Date.parse(c.created_at)).toBe(120 * H);
    expect(Date.parse(urgent.first_response_due_at) - Date.parse(c.created_at)).toBe(48 * H);
    const types = (await eventsFor("case.message_added", c.id)).map((e: any) => e.data.message.visibility);
    expect(types.sort()).toEqual(["internal", "public", "public"]);
  });

  it("moves through its workflow, refusing what it does not allow with a 409 that writes nothing", async () => {
    const { order } = await anOrder();
    const c = ok(
      await agent.post("/v1/cases", { order_id: order.id, type: "wrong_item", subject: "Got a blue one" }),
      201,
    );

    const counts = await t.rowCounts();
    for (const action of ["close", "reopen"]) {
      const refused = await act(c.id, action);
      expectProblem(refused, 409);
      expect(refused.body.current_status).toBe("new");
    }
    expect(await t.rowCounts()).toEqual(counts);

    // Body-less actions take no body, or an empty one.
    const opened = ok(await act(c.id, "open"));
    expect(opened.status).toBe("open");
    const waiting = ok(await agent.post(`/v1/cases/${c.id}/await_customer`, {}));
    expect(waiting.status).toBe("awaiting_customer");
    expect(waiting.sla.resolution.state).toBe("paused");
    // The customer answers on the portal: the case is open again, its pause added to the target.
    const answered = ok(
      await t.anonymous.post(`/v1/tracking/cases/${c.reference}/messages`, {
        ...proofOf(order),
        message: "It is the blue one, I ordered red.",
      }),
      201,
    );
    expect(answered.status).toBe("open");
    const afterAnswer = await getCase(c.id);
    expect(afterAnswer.status).toBe("open");
    expect(Date.parse(afterAnswer.resolution_due_at)).toBeGreaterThanOrEqual(
      Date.parse(waiting.resolution_due_at),
    );

    const resolved = ok(await act(c.id, "resolve"));
    expect(resolved).toMatchObject({ status: "resolved", allowed_actions: ["close", "reopen"] });
    expect(resolved.resolved_at).not.toBeNull();
    expect(resolved.sla.resolution).toMatchObject({ state: "met", met_at: resolved.resolved_at });
    const reopened = ok(await act(c.id, "reopen"));
    expect(reopened).toMatchObject({ status: "open", resolved_at: null });
    ok(await act(c.id, "resolve"));
    const closed = ok(await act(c.id, "close"));
    expect(closed).toMatchObject({ status: "closed", allowed_actions: [] });
    expect(closed.closed_at).not.toBeNull();
    expect(closed.resolved_at).not.toBeNull();

    const frozen = await t.rowCounts();
    expectProblem(await reply(c.id, "One more thing"), 409);
    expectProblem(await act(c.id, "reopen"), 409);
    expectProblem(await agent.post(`/v1/cases/${c.id}/assign`, { assignee_id: agentId }), 409);
    expectProblem(
      await t.anonymous.post(`/v1/tracking/cases/${c.reference}/messages`, {
        ...proofOf(order),
        message: "Hello?",
      }),
      409,
    );
    expect(await t.rowCounts()).toEqual(frozen);

    expect((await eventsFor("case.resolved", c.id)).length).toBe(2);
    expect((await eventsFor("case.closed", c.id)).length).toBe(1);
    const actions = ok(await t.admin.get(`/v1/audit_events?resource_id=${c.id}&limit=100`)).data.map(
      (a: any) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        "case.opened",
        "case.open",
        "case.await_customer",
        "case.message_added",
        "case.resolve",
        "case.reopen",
        "case.close",
      ]),
    );
  });

  it("assigns to staff who work cases (a new case opens), and refuses anyone else", async () => {
    const { order } = await anOrder();
    const c = ok(
      await agent.post("/v1/cases", {
        order_id: order.id,
        type: "return_question",
        subject: "Can I return?",
      }),
      201,
    );
    const mine = ok(await agent.post(`/v1/cases/${c.id}/assign`, { assignee_id: agentId }));
    expect(mine).toMatchObject({ assignee_id: agentId, assignee_name: "Test agent", status: "open" });
    expect(
      ok(await agent.get(`/v1/cases?assignee_id=${agentId}&order_id=${order.id}`)).data.map((x: any) => x.id),
    ).toEqual([c.id]);

    const warehouse = await t.as("warehouse");
    const warehouseId = ok(await warehouse.get("/v1/auth/me")).id;
    const counts = await t.rowCounts();
    const refused = await agent.post(`/v1/cases/${c.id}/assign`, { assignee_id: warehouseId });
    expectProblem(refused, 422);
    expect(refused.body.errors[0].path).toBe("body.assignee_id");
    expectProblem(await agent.post(`/v1/cases/${c.id}/assign`, { assignee_id: "usr_nobody" }), 422);
    // Warehouse staff may read cases, not work them.
    expect((await getCase(c.id, warehouse)).id).toBe(c.id);
    expectProblem(
      await warehouse.post("/v1/cases", { type: "other", subject: "x", customer_email: "a@b.co" }),
      403,
    );
    expectProblem(await reply(c.id, "hi", "public", warehouse), 403);
    expect(await t.rowCounts()).toEqual(counts);

    const unassigned = ok(await agent.post(`/v1/cases/${c.id}/assign`, { assignee_id: null }));
    expect(unassigned).toMatchObject({ assignee_id: null, assignee_name: null, status: "open" });
    expect(ok(await agent.get(`/v1/cases?assignee_id=none&order_id=${order.id}`)).data).toHaveLength(1);
  });
});

describe("cases on the portal", () => {
  it("lets a customer who proves the order open a case and write to it, never showing internal notes", async () => {
    const { order, skus } = await anOrder(2);
    const counts = await t.rowCounts();
    expectProblem(
      await t.anonymous.post("/v1/tracking/cases", {
        number: `#${order.number}`,
        email: "someone-else@example.com",
        type: "damaged",
        subject: "Broken",
        message: "It broke",
      }),
      404,
    );
    expectProblem(
      await t.anonymous.post("/v1/tracking/cases", {
        ...proofOf(order),
        type: "damaged",
        subject: "Broken",
        message: "It broke",
        skus: ["NOT-IN-ORDER"],
      }),
      422,
    );
    expect(await t.rowCounts()).toEqual(counts);

    const res = await t.anonymous.post("/v1/tracking/cases", {
      number: String(order.number),
      email: order.email.toUpperCase(),
      type: "damaged",
      subject: "The lamp is cracked",
      message: "The glass shade arrived cracked.",
      skus: [skus[0]],
    });
    const pc = ok(res, 201);
    expect(res.headers.get("location")).toBe(`/v1/tracking/cases/${pc.reference}`);
    expect(pc).toMatchObject({ type: "damaged", status: "new", status_label: "Received" });
    expect(pc.messages).toEqual([
      expect.objectContaining({ from: "you", body: "The glass shade arrived cracked." }),
    ]);
    expect(Object.keys(pc)).not.toContain("assignee_id");

    const [staffSide] = await casesOf(order.id);
    expect(staffSide).toMatchObject({
      reference: pc.reference,
      source: "portal",
      customer_email: order.email,
      order_line_ids: [order.lines.find((l: any) => l.sku === skus[0]).id],
    });
    ok(await reply(staffSide.id, "SECRET: customer has 3 prior damage claims", "internal"), 201);
    ok(await reply(staffSide.id, "Sorry! Could you send a photo?"), 201);
    ok(await act(staffSide.id, "await_customer"));

    const seen = ok(await t.anonymous.post("/v1/tracking/cases/lookup", proofOf(order)));
    expect(seen.data).toHaveLength(1);
    expect(seen.data[0]).toMatchObject({
      reference: pc.reference,
      status: "awaiting_customer",
      status_label: "Waiting for your reply",
    });
    expect(seen.data[0].messages.map((m: any) => [m.from, m.body])).toEqual([
      ["you", "The glass shade arrived cracked."],
      ["support", "Sorry! Could you send a photo?"],
    ]);
    expect(JSON.stringify(seen)).not.toContain("SECRET");
    // Staff stay unnamed to the customer.
    expect(seen.data[0].messages[1].author_name).toBe("Customer service");
    expect(JSON.stringify(seen)).not.toContain("Test agent");
    const one = ok(await t.anonymous.post(`/v1/tracking/cases/${pc.reference}`, proofOf(order)));
    expect(JSON.stringify(one)).not.toContain("SECRET");

    const answer = ok(
      await t.anonymous.post(`/v1/tracking/cases/${pc.reference.toLowerCase()}/messages`, {
        ...proofOf(order),
        message: "Photo sent by e-mail.",
      }),
      201,
    );
    expect(answer.status).toBe("open");
    expect(JSON.stringify(answer)).not.toContain("SECRET");
    const staffAfter = await getCase(staffSide.id);
    expect(staffAfter.status).toBe("open");
    expect(staffAfter.messages.at(-1)).toMatchObject({
      author_type: "customer",
      visibility: "public",
      author_id: null,
    });

    // Another order's proof does not reach this case; a wrong e-mail gets the same 404.
    const { order: other } = await anOrder();
    const before = await t.rowCounts();
    expectProblem(await t.anonymous.post(`/v1/tracking/cases/${pc.reference}`, proofOf(other)), 404);
    expectProblem(
      await t.anonymous.post(`/v1/tracking/cases/${pc.reference}/messages`, {
        ...proofOf(other),
        message: "hi",
      }),
      404,
    );
    expectProblem(
      await t.anonymous.post(`/v1/tracking/cases/${pc.reference}/messages`, {
        number: `#${order.number}`,
        email: "wrong@example.com",
        message: "hi",
      }),
      404,
    );
    expect(await t.rowCounts()).toEqual(before);
    expect(ok(await t.anonymous.post("/v1/tracking/cases/lookup", proofOf(other))).data).toEqual([]);
  });
});

describe("listing cases", () => {
  it("filters by status, type and order, pages by keyset, and finds the cases whose SLA was breached", async () => {
    const { order } = await anOrder();
    const open = (body: Record<string, unknown>) =>
      agent.post("/v1/cases", { order_id: order.id, subject: "Listed", ...body }).then((r) => ok(r, 201));
    const urgent = await open({ type: "where_is_my_order", priority: "urgent" });
    const normal = await open({ type: "damaged" });
    const third = await open({ type: "damaged" });
    ok(await act(third.id, "resolve"));

    const page1 = ok(await agent.get(`/v1/cases?order_id=${order.id}&limit=2`));
    expect(page1.data.map((c: any) => c.id)).toEqual([third.id, normal.id]);
    const page2 = ok(await agent.get(`/v1/cases?order_id=${order.id}&limit=2&cursor=${page1.next_cursor}`));
    expect(page2.data.map((c: any) => c.id)).toEqual([urgent.id]);
    expect(page2.next_cursor).toBeNull();

    const ids = async (q: string) =>
      ok(await agent.get(`/v1/cases?order_id=${order.id}&${q}`)).data.map((c: any) => c.id);
    expect(await ids("status=new")).toEqual([normal.id, urgent.id]);
    expect(await ids("status=resolved,closed")).toEqual([third.id]);
    expect(await ids("type=damaged")).toEqual([third.id, normal.id]);
    expect(await ids("type=damaged&status=new")).toEqual([normal.id]);
    expect(await ids("priority=urgent")).toEqual([urgent.id]);

    // The urgent case's first response is due within about a second: wait until it is missed.
    const due = Date.parse(urgent.first_response_due_at);
    expect(due - Date.parse(urgent.created_at)).toBe(Math.round(URGENT_FIRST_HOURS * H));
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now()) + 50));
    expect(await ids("breached=true")).toEqual([urgent.id]);
    expect(await ids("breached=false")).toEqual([third.id, normal.id]);
    const late = await getCase(urgent.id);
    expect(late.sla.breached).toBe(true);
    expect(late.sla.first_response.state).toBe("breached");
    expect(late.sla.first_response.remaining_ms).toBeLessThan(0);
    // Replying late meets the target, late: the case stays breached.
    ok(await reply(urgent.id, "Sorry for the wait"), 201);
    expect(await ids("breached=true")).toEqual([urgent.id]);
  });
});

describe("cases opened by delivery exceptions", () => {
  /** Packs the order's unit, buys a label from the built-in carrier and ships it. */
  async function shipped(order: any, fo: any) {
    const p = ok(
      await pack(t, fo.id, [{ order_line_id: order.lines[0].id, sku: order.lines[0].sku, quantity: 1 }]),
      201,
    );
    ok(await t.admin.post(`/v1/shipments/${p.id}/label`));
    return ok(await t.admin.post(`/v1/shipments/${p.id}/ship`));
  }

  const carrierSays = async (
    trackingNumber: string,
    events: Array<{ id: string; status: string; at: string }>,
  ) => {
    const call = signedCarrierCall(
      events.map((e) => ({
        id: e.id,
        tracking_number: trackingNumber,
        status: e.status,
        occurred_at: e.at,
        city: "Newark",
        message: "Recipient not available",
      })),
    );
    return ok(await t.anonymous.post("/v1/carriers/ordo_rates/webhooks", call.body, call.headers));
  };

  it("opens one where_is_my_order case on the Nth failed attempt of a package, whatever follows", async () => {
    const { order, fo } = await anOrder();
    const s = await shipped(order, fo);
    expect(s.status).toBe("shipped");
    const id = uniq("ev");
    await carrierSays(s.tracking_number, [
      { id: `${id}-1`, status: "in_transit", at: "2026-12-01T08:00:00Z" },
    ]);
    await carrierSays(s.tracking_number, [
      { id: `${id}-2`, status: "attempted_delivery", at: "2026-12-02T10:00:00Z" },
    ]);
    expect(await casesOf(order.id)).toEqual([]);

    const second = [{ id: `${id}-3`, status: "attempted_delivery", at: "2026-12-03T10:00:00Z" }];
    expect(await carrierSays(s.tracking_number, second)).toMatchObject({ applied: 1 });
    const [c] = await casesOf(order.id);
    expect(c).toMatchObject({
      type: "where_is_my_order",
      source: "delivery_exception",
      status: "new",
      priority: "normal",
      order_id: order.id,
      order_number: order.number,
      shipment_id: s.id,
      order_line_ids: [order.lines[0].id],
      customer_email: order.email,
    });
    expect(c.subject).toContain(s.tracking_number);
    const full = await getCase(c.id);
    expect(full.messages).toEqual([
      expect.objectContaining({ author_type: "system", visibility: "internal", author_name: "Ordo" }),
    ]);
    expect(full.messages[0].body).toContain("Recipient not available");
    const [opened] = await eventsFor("case.opened", c.id);
    expect(opened).toMatchObject({ actor_type: "system", actor_id: "carrier:ordo_rates" });

    // The same webhook again, a third attempt, then a failure: still one case for this package.
    expect(await carrierSays(s.tracking_number, second)).toMatchObject({ applied: 0 });
    await carrierSays(s.tracking_number, [
      { id: `${id}-4`, status: "attempted_delivery", at: "2026-12-04T10:00:00Z" },
      { id: `${id}-5`, status: "failure", at: "2026-12-05T10:00:00Z" },
    ]);
    expect((await casesOf(order.id)).map((x: any) => x.id)).toEqual([c.id]);
    // The portal shows the customer the case, without the carrier note meant for staff.
    const portal = ok(await t.anonymous.post("/v1/tracking/cases/lookup", proofOf(order)));
    expect(portal.data.map((x: any) => [x.reference, x.messages.length])).toEqual([[c.reference, 0]]);
  });

  it("opens a high-priority case at once on a failure reported through the API, and none for a delivered package", async () => {
    const { order, fo } = await anOrder();
    const s = await shipped(order, fo);
    ok(
      await t.admin.post(`/v1/shipments/${s.id}/tracking_events`, {
        status: "failure",
        happened_at: "2026-12-02T10:00:00Z",
        message: "Address not found",
      }),
    );
    const [c] = await casesOf(order.id);
    expect(c).toMatchObject({ source: "delivery_exception", priority: "high", shipment_id: s.id });
    expect(c.subject).toBe(`Delivery failed for package ${s.tracking_number}`);

    // Delivered first; a failure arriving afterwards (out of order) opens nothing.
    const { order: o2, fo: fo2 } = await anOrder();
    const s2 = await shipped(o2, fo2);
    const ev = (status: string, at: string) =>
      t.admin.post(`/v1/shipments/${s2.id}/tracking_events`, { status, happened_at: at });
    ok(await ev("delivered", "2026-12-03T10:00:00Z"));
    ok(await ev("failure", "2026-12-02T10:00:00Z"));
    expect(await casesOf(o2.id)).toEqual([]);
  });
});

describe("bad input", () => {
  it("is a 4xx problem+json that writes nothing", async () => {
    const { order } = await anOrder();
    const { order: other } = await anOrder();
    const c = ok(
      await agent.post("/v1/cases", { order_id: order.id, type: "other", subject: "Target" }),
      201,
    );
    const counts = await t.rowCounts();
    const bad: Array<[Promise<any>, number, string?]> = [
      [agent.post("/v1/cases", { subject: "No type", customer_email: "a@b.co" }), 400, "body.type"],
      [
        agent.post("/v1/cases", { type: "lost_cat", subject: "x", customer_email: "a@b.co" }),
        400,
        "body.type",
      ],
      [
        agent.post("/v1/cases", { type: "other", subject: "   ", customer_email: "a@b.co" }),
        400,
        "body.subject",
      ],
      [
        agent.post("/v1/cases", { type: "other", subject: "x".repeat(201), customer_email: "a@b.co" }),
        400,
        "body.subject",
      ],
      [
        agent.post("/v1/cases", { type: "other", subject: "x", customer_email: "not-an-email" }),
        400,
        "body.customer_email",
      ],
      [agent.post("/v1/cases", { type: "other", subject: "x" }), 400, "body.customer_email"],
      [
        agent.post("/v1/cases", { type: "other", subject: "x", customer_email: "a@b.co", colour: "red" }),
        400,
      ],
      [
        agent.post("/v1/cases", { type: "other", subject: "x", priority: "asap", customer_email: "a@b.co" }),
        400,
        "body.priority",
      ],
      [
        agent.post("/v1/cases", { type: "other", subject: "x", order_id: "ord_missing" }),
        422,
        "body.order_id",
      ],
      [
        agent.post("/v1/cases", {
          type: "other",
          subject: "x",
          order_id: order.id,
          order_line_ids: [other.lines[0].id],
        }),
        422,
        "body.order_line_ids.0",
      ],
      [
        agent.post("/v1/cases", {
          type: "other",
          subject: "x",
          customer_email: "a@b.co",
          order_line_ids: ["ol_1"],
        }),
        400,
      ],
      [
        agent.post("/v1/cases", {
          type: "other",
          subject: "x",
          customer_email: "a@b.co",
          assignee_id: "usr_x",
        }),
        422,
        "body.assignee_id",
      ],
      [
        agent.post("/v1/cases", { type: "other", subject: "x\u0007", customer_email: "a@b.co" }),
        400,
        "body.subject",
      ],
      [agent.post("/v1/cases", "{not json"), 400],
      [agent.post(`/v1/cases/${c.id}/messages`, { body: "" }), 400, "body.body"],
      [agent.post(`/v1/cases/${c.id}/messages`, { body: "x", visibility: "secret" }), 400, "body.visibility"],
      [agent.post(`/v1/cases/${c.id}/messages`, { body: "x".repeat(10_001) }), 400, "body.body"],
      [agent.post("/v1/cases/case_missing/messages", { body: "x" }), 404],
      [agent.post("/v1/cases/CS-999999/resolve"), 404],
      [agent.post(`/v1/cases/${c.id}/resolve`, { reason: "x" }), 400],
      [agent.post(`/v1/cases/${c.id}/assign`, {}), 400, "body.assignee_id"],
      [agent.patch(`/v1/cases/${c.id}`, {}), 400],
      [agent.patch(`/v1/cases/${c.id}`, { order_line_ids: [other.lines[0].id] }), 422],
      [agent.get("/v1/cases?status=pending"), 400],
      [agent.get("/v1/cases?breached=maybe"), 400],
      [agent.get("/v1/cases?cursor=garbage"), 400],
      [agent.get("/v1/cases?limit=0"), 400],
      [agent.get("/v1/cases/case_missing"), 404],
      [agent.get("/v1/cases/CS-99999999999999"), 404],
      [t.anonymous.post("/v1/tracking/cases/CS-99999999999999", proofOf(order)), 404],
      [agent.get("/v1/orders/ord_missing/cases"), 404],
      [t.anonymous.get("/v1/cases"), 401],
      [
        t.anonymous.post("/v1/tracking/cases", { ...proofOf(order), type: "other", subject: "x" }),
        400,
        "body.message",
      ],
      [
        t.anonymous.post("/v1/tracking/cases", {
          ...proofOf(order),
          type: "other",
          subject: "x",
          message: "m",
          priority: "urgent",
        }),
        400,
      ],
      [
        t.anonymous.post("/v1/tracking/cases", {
          number: "abc",
          email: order.email,
          type: "other",
          subject: "x",
          message: "m",
        }),
        404,
      ],
      [t.anonymous.post("/v1/tracking/cases/lookup", { number: `#${order.number}` }), 400, "body.email"],
      [t.anonymous.post("/v1/tracking/cases/CS-999999", proofOf(order)), 404],
      [
        t.anonymous.post(`/v1/tracking/cases/${c.reference}/messages`, { ...proofOf(order), message: " " }),
        400,
        "body.message",
      ],
    ];
    for (const [request, status, path] of bad) {
      const res = await request;
      expectProblem(res, status);
      if (path)
        expect(
          res.body.errors.map((e: any) => e.path),
          JSON.stringify(res.body),
        ).toContain(path);
    }
    expect(await t.rowCounts()).toEqual(counts);
    expect((await getCase(c.id)).version).toBe(1);
  });
});

describe("concurrency", () => {
  it("keeps every one of 10 parallel messages, and lets exactly one of 10 parallel transitions through", async () => {
    const { order } = await anOrder();
    const c = ok(
      await agent.post("/v1/cases", { order_id: order.id, type: "other", subject: "Busy case" }),
      201,
    );
    const writes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0
          ? reply(c.id, `staff ${i}`, i % 4 === 0 ? "public" : "internal")
          : t.anonymous.post(`/v1/tracking/cases/${c.reference}/messages`, {
              ...proofOf(order),
              message: `customer ${i}`,
            }),
      ),
    );
    expect(writes.map((w) => w.status)).toEqual(Array(10).fill(201));
    const after = await getCase(c.id);
    expect(after.version).toBe(11);
    expect(after.messages.map((m: any) => m.body).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? `staff ${i}` : `customer ${i}`)).sort(),
    );
    expect((await eventsFor("case.message_added", c.id)).length).toBe(10);

    const moves = await Promise.all(Array.from({ length: 10 }, () => act(c.id, "resolve")));
    expect(moves.filter((m) => m.status === 200)).toHaveLength(1);
    expect(moves.filter((m) => m.status === 409)).toHaveLength(9);
    const resolved = await getCase(c.id);
    expect(resolved).toMatchObject({ status: "resolved", version: 12 });
    expect((await eventsFor("case.resolved", c.id)).length).toBe(1);

    // Ten cases opened at once get ten different numbers.
    const made = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        agent.post("/v1/cases", { order_id: order.id, type: "other", subject: `parallel ${i}` }),
      ),
    );
    const numbers = made.map((m) => ok(m, 201).number);
    expect(new Set(numbers).size).toBe(10);
  });
});
