// The API keeps the contract its OpenAPI document states: a whole order's life through real HTTP,
// refusals included, every answer held to the schema the document declares for that operation,
// status and content type (Ajv, JSON Schema 2020-12), with the headers it promises.
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { App } from "../../src/http/app-types.js";
import { registerLocation } from "../../src/http/location.js";
import { registerRouteTable } from "../../src/http/route-table.js";
import { type Client, startTestApp, type TestApp } from "../support/harness.js";
import { Contract, ContractViolation, type OpenApiDocument } from "../support/openapi-contract.js";
import { expectProblem, ok, orderBody, product, stock, type World, world } from "./orders-fixtures.js";

let t: TestApp;
let contract: Contract;
/** The admin API key, every answer checked against the document. */
let api: Client;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  const doc = ok<OpenApiDocument>(await t.anonymous.get("/openapi.json"));
  contract = new Contract(doc);
  api = contract.client(t.admin);
  // The fixtures' own requests (locations, price list, channel, products, stock) are checked too.
  const checked = { ...t, admin: api };
  w = await world(checked, api);
  await product(checked, w, "CT-1", 1250);
  await product(checked, w, "CT-2", 900);
  await stock(checked, "CT-1", w.warehouse, 10);
  await stock(checked, "CT-2", w.warehouse, 1);
});
afterAll(() => t?.close());

/** A 201's Location, checked to name the resource the body describes, and followed. */
async function followLocation(reply: { headers: Headers; body: { id: string } }, collection: string) {
  const location = reply.headers.get("location");
  expect(location).toBe(`${collection}/${reply.body.id}`);
  const fetched = ok(await api.get(location as string));
  expect(fetched.id).toBe(reply.body.id);
  return fetched;
}

describe("the contract checker", () => {
  it("refuses an answer the document does not describe", () => {
    const reply = (status: number, body: unknown, type = "application/json") => ({
      status,
      headers: new Headers({ "content-type": type }),
      body,
    });
    expect(() => contract.check("GET", "/v1/orders/ord_x", reply(200, { id: 1 }))).toThrow(
      /body does not match/,
    );
    expect(() => contract.check("GET", "/v1/orders/ord_x", reply(418, {}))).toThrow(/status not documented/);
    expect(() => contract.check("GET", "/v1/orders/ord_x", reply(200, "x", "text/plain"))).toThrow(
      /content type text\/plain not documented/,
    );
    expect(() =>
      contract.check(
        "POST",
        "/v1/orders/ord_x/cancel",
        reply(401, { type: "t", title: "t", status: 401 }, "application/problem+json"),
      ),
    ).toThrow(/required header WWW-Authenticate is missing/);
    expect(() => contract.check("GET", "/v1/nowhere", reply(200, {}))).toThrow(ContractViolation);
  });
});

describe("an order's life, as the document says", () => {
  it("captures with an Idempotency-Key, reads, lists, holds, releases, cancels", async () => {
    const key = `contract-${Date.now()}`;
    const body = orderBody(w, [{ sku: "CT-1", quantity: 2 }]);
    const created = await api.post("/v1/orders", body, { "idempotency-key": key });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const order = await followLocation(created, "/v1/orders");
    expect(order).toMatchObject({ status: created.body.status, totals: created.body.totals });

    // The same key and body: the first answer again, Location included.
    const replay = await api.post("/v1/orders", body, { "idempotency-key": key });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.headers.get("location")).toBe(created.headers.get("location"));
    expect(replay.body.id).toBe(order.id);

    const listed = ok(await api.get(`/v1/orders?limit=5&email=${encodeURIComponent(body.email)}`));
    expect(listed.data.map((o: { id: string }) => o.id)).toContain(order.id);
    ok(await api.get(`/v1/orders/${order.id}/timeline`));

    // A hold is part of its order: Location names the order.
    const held = await api.post(`/v1/orders/${order.id}/holds`, { type: "payment", reason: "card declined" });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    expect(held.headers.get("location")).toBe(`/v1/orders/${order.id}`);
    const hold = held.body.holds.find((h: { released_at: string | null }) => h.released_at === null);
    const released = ok(
      await api.post(`/v1/orders/${order.id}/holds/${hold.id}/release`, { reason: "card accepted" }),
    );
    expect(released.on_hold).toBe(false);

    const cancelled = ok(await api.post(`/v1/orders/${order.id}/cancel`, { reason: "customer asked" }));
    expect(cancelled.status).toBe("cancelled");
    // The order's state refuses a second cancellation: 409, as documented.
    expectProblem(await api.post(`/v1/orders/${order.id}/cancel`, { reason: "again" }), 409);
  });

  it("fulfils an order through its fulfillment order", async () => {
    const created = await api.post("/v1/orders", orderBody(w, [{ sku: "CT-1", quantity: 1 }]), {
      "idempotency-key": `contract-fulfil-${Date.now()}`,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const order = await followLocation(created, "/v1/orders");
    const [fo] = ok(await api.get(`/v1/orders/${order.id}/fulfillment_orders`)).data;
    ok(await api.post(`/v1/fulfillment_orders/${fo.id}/accept`));
    ok(await api.post(`/v1/fulfillment_orders/${fo.id}/start`));
    expect(ok(await api.post(`/v1/fulfillment_orders/${fo.id}/fulfil`)).status).toBe("fulfilled");
    expect(ok(await api.get(`/v1/orders/${order.id}`)).status).toBe("shipped");
  });
});

describe("refusals, as the document says", () => {
  it("400: a malformed body, each field named", async () => {
    const reply = await api.post("/v1/orders", { channel: w.channel, lines: "two shirts" });
    expectProblem(reply, 400, "body.lines");
  });

  it("401: no credentials, with WWW-Authenticate", async () => {
    const reply = await contract.client(t.anonymous).get("/v1/orders");
    expectProblem(reply, 401);
    expect(reply.headers.get("www-authenticate")).toBe('Bearer realm="ordo"');
  });

  it("403: a caller without the permission", async () => {
    const warehouse = contract.client(await t.as("warehouse"));
    expectProblem(await warehouse.post("/v1/orders", orderBody(w, [{ sku: "CT-1", quantity: 1 }])), 403);
  });

  it("404: an unknown id", async () => {
    expectProblem(await api.get("/v1/orders/ord_00000000000000000000000000"), 404);
    expectProblem(await api.post("/v1/orders/ord_00000000000000000000000000/cancel", { reason: "x" }), 404);
  });

  it("409: not enough stock, and the key keeps that answer", async () => {
    const key = `contract-short-${Date.now()}`;
    const short = orderBody(w, [{ sku: "CT-2", quantity: 5 }]);
    const reply = await api.post("/v1/orders", short, { "idempotency-key": key });
    expectProblem(reply, 409);
    expect(reply.body.type).toBe("https://ordo.dev/problems/insufficient-stock");
    const again = await api.post("/v1/orders", short, { "idempotency-key": key });
    expectProblem(again, 409);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });

  it("422: a key reused for another request, and an order the rules refuse", async () => {
    const key = `contract-reuse-${Date.now()}`;
    ok(
      await api.post("/v1/orders", orderBody(w, [{ sku: "CT-1", quantity: 1 }]), { "idempotency-key": key }),
      201,
    );
    const reused = await api.post("/v1/orders", orderBody(w, [{ sku: "CT-1", quantity: 2 }]), {
      "idempotency-key": key,
    });
    expectProblem(reused, 422);
    expect(reused.body.type).toBe("https://ordo.dev/problems/idempotency-key-reuse");
    const unknownSku = await api.post("/v1/orders", orderBody(w, [{ sku: "CT-NOPE", quantity: 1 }]));
    expectProblem(unknownSku, 422);
  });
});

describe("every 201 says where its resource is", () => {
  it("collections, sub-collections and parts each answer with the path of what they created", async () => {
    const customer = await api.post("/v1/customers", {
      email: `ct-${Date.now()}@example.com`,
      first_name: "Ann",
      last_name: "Lee",
    });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    await followLocation(customer, "/v1/customers");
    // An address is part of its customer: Location names the customer.
    const address = await api.post(`/v1/customers/${customer.body.id}/addresses`, {
      label: "home",
      address: { name: "Ann", line1: "1 Main St", city: "New York", postal_code: "10001", country: "US" },
    });
    expect(address.status, JSON.stringify(address.body)).toBe(201);
    expect(address.headers.get("location")).toBe(`/v1/customers/${customer.body.id}`);

    const created = await api.post("/v1/products", {
      title: "Contract tee",
      variants: [{ sku: "CT-TEE-S", title: "S" }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await followLocation(created, "/v1/products");
    // A variant is created under its product but lives at /v1/variants.
    const variant = await api.post(`/v1/products/${created.body.id}/variants`, {
      sku: "CT-TEE-M",
      title: "M",
    });
    expect(variant.status, JSON.stringify(variant.body)).toBe(201);
    await followLocation(variant, "/v1/variants");

    // Where the created thing is inside the body: a template on the route.
    const adjusted = await api.post("/v1/inventory_adjustments", {
      sku: "CT-TEE-S",
      location_id: w.warehouse,
      delta: 3,
      reason: "received",
    });
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(201);
    expect(adjusted.headers.get("location")).toBe(`/v1/inventory_movements/${adjusted.body.movement.id}`);
    expect(ok(await api.get(adjusted.headers.get("location") as string))).toMatchObject({
      id: adjusted.body.movement.id,
      sku: "CT-TEE-S",
    });
    const key = await api.post("/v1/api_keys", { name: "contract", scopes: ["orders:read"] });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    expect(key.headers.get("location")).toBe(`/v1/api_keys/${key.body.api_key.id}`);
    expect(ok(await api.get(key.headers.get("location") as string)).id).toBe(key.body.api_key.id);
    const counted = await api.post("/v1/inventory_counts", {
      location_id: w.warehouse,
      lines: [{ sku: "CT-TEE-S", counted_quantity: 2 }],
    });
    expect(counted.status, JSON.stringify(counted.body)).toBe(201);
    const levels = ok(await api.get(counted.headers.get("location") as string));
    expect(levels.data.find((l: { sku: string }) => l.sku === "CT-TEE-S")).toMatchObject({ on_hand: 2 });
  });

  it("the flows above met every status they claim, and each kind of 201 (each one checked for Location)", () => {
    const statuses = new Set(contract.checked.map((c) => c.status));
    for (const status of [200, 201, 400, 401, 403, 404, 409, 422]) expect(statuses).toContain(status);
    const created = contract.checked.filter((c) => c.status === 201).map((c) => c.operationId);
    expect(new Set(created)).toEqual(
      new Set([
        "createLocation",
        "createPriceList",
        "createChannel",
        "createProduct",
        "createInventoryAdjustment",
        "createOrder",
        "placeOrderHold",
        "createCustomer",
        "addCustomerAddress",
        "addProductVariant",
        "createApiKey",
        "createInventoryCount",
      ]),
    );
  });
});

describe("a route that answers 201", () => {
  const appWith = (register: (app: App) => void) => {
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    registerLocation(app, registerRouteTable(app));
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    register(app);
    return app;
  };

  it("without a way to tell its Location, stops the server at start-up", async () => {
    const app = appWith((a) =>
      a.post(
        "/v1/reports/run",
        { schema: { response: { 201: z.object({ id: z.string() }) } } },
        async () => ({
          id: "r_1",
        }),
      ),
    );
    await expect(app.ready()).rejects.toThrow(
      "POST /v1/reports/run answers 201 but its Location cannot be told",
    );
    await app.close();
  });

  it("whose body lacks the member's key, stops it too; a template or the member's own key says where", async () => {
    const noKey = appWith((a) => {
      a.get("/v1/reports/:id", async () => ({}));
      a.post("/v1/reports", { schema: { response: { 201: z.object({ name: z.string() }) } } }, async () => ({
        name: "x",
      }));
    });
    await expect(noKey.ready()).rejects.toThrow("POST /v1/reports answers 201 without `id` for its Location");
    await noKey.close();

    const fine = appWith((a) => {
      a.get("/v1/tickets/:reference", async () => ({}));
      a.post(
        "/v1/tickets",
        { schema: { response: { 201: z.object({ reference: z.string() }) } } },
        async (_r, reply) => reply.code(201).send({ reference: "T 1" }),
      );
      a.post(
        "/v1/runs",
        {
          schema: { response: { 201: z.object({ run: z.object({ id: z.string() }) }) } },
          config: { location: "/v1/reports/{run.id}" },
        },
        async (_r, reply) => reply.code(201).send({ run: { id: "r_2" } }),
      );
    });
    const ticket = await fine.inject({ method: "POST", url: "/v1/tickets" });
    expect(ticket.headers.location).toBe("/v1/tickets/T%201");
    const run = await fine.inject({ method: "POST", url: "/v1/runs" });
    expect(run.headers.location).toBe("/v1/reports/r_2");
    await fine.close();
  });
});
