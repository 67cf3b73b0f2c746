// The OpenAPI document as a code generator reads it, and the server keeping its promises.
import { createConfig, lintFromString, type NormalizedProblem } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problemSchema } from "../../src/http/schemas.js";
import { startTestApp, type TestApp } from "../support/harness.js";
import { ok, orderBody, product, stock, type World, world } from "./orders-fixtures.js";

let t: TestApp;
let w: World;
let doc: any;
beforeAll(async () => {
  t = await startTestApp();
  w = await world(t);
  doc = ok(await t.anonymous.get("/openapi.json"));
});
afterAll(() => t?.close());

const operations = () =>
  Object.entries<any>(doc.paths).flatMap(([path, item]) =>
    Object.entries<any>(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, "{$1}");

describe("the OpenAPI document", () => {
  it("names every operation once, in camelCase, and says where the API is", () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id ?? ""))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.servers).toEqual([{ url: expect.stringMatching(/^http:\/\/localhost:\d+$/) }]);
    const byKey = new Map(operations().map(({ key, op }) => [key, op.operationId]));
    expect(byKey.get("POST /v1/orders")).toBe("createOrder");
    expect(byKey.get("POST /v1/orders/{id}/cancel")).toBe("cancelOrder");
    expect(byKey.get("GET /v1/orders/{id}/timeline")).toBe("getOrderTimeline");
    expect(byKey.get("POST /v1/auth/login")).toBe("login");
  });

  it("documents every error an operation answers as problem+json, with room for its extension members", () => {
    const wrong: string[] = [];
    for (const { key, op } of operations()) {
      for (const [status, response] of Object.entries<any>(op.responses)) {
        // Readiness answers 503 with its own health report, which load balancers read.
        if (Number(status) < 400 || (key === "GET /readyz" && status === "503")) continue;
        const content = response.content ?? {};
        if (!content["application/problem+json"]) wrong.push(`${key} ${status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(doc.components.schemas.Problem.additionalProperties).not.toBe(false);
    const create = doc.paths["/v1/orders"].post.responses;
    expect(Object.keys(create)).toEqual(expect.arrayContaining(["400", "401", "403", "409", "422"]));
  });

  it("documents files as what they are: PDF, ZPL, CSV", async () => {
    const content = (path: string) => Object.keys(doc.paths[path].get.responses["200"].content);
    expect(content("/v1/shipments/{id}/label")).toEqual(["application/pdf", "application/zpl"]);
    expect(content("/v1/shipments/{id}/packing_slip")).toEqual(["application/pdf"]);
    expect(content("/v1/pick_list.pdf")).toEqual(["application/pdf"]);
    expect(content("/v1/inventory_levels.csv")).toEqual(["text/csv"]);
    const csv = await t.admin.get("/v1/inventory_levels.csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
  });

  it("marks exactly the public routes as needing no credentials", () => {
    const publicKeys = new Set(
      t.server.app.routeTable.entries
        .filter((r) => r.public || !r.url.startsWith("/v1/"))
        .map((r) => `${r.method} ${toOpenApiPath(r.url)}`),
    );
    for (const { key, op } of operations()) {
      if (publicKeys.has(key)) expect(op.security, key).toEqual([]);
      else expect(op.security, key).toBeUndefined();
    }
    expect(doc.paths["/v1/auth/login"].post.security).toEqual([]);
  });

  it("documents Idempotency-Key on the routes that honour it", () => {
    const header = (op: any) =>
      (op.parameters ?? []).find((p: any) => p.in === "header" && p.name === "idempotency-key");
    expect(header(doc.paths["/v1/orders"].post)).toMatchObject({
      schema: { type: "string", maxLength: 255 },
    });
    expect(header(doc.paths["/v1/fulfillment_orders/{id}/accept"].post)).toBeDefined();
    expect(header(doc.paths["/v1/orders"].get)).toBeUndefined();
  });

  it("documents Location on every 201 and WWW-Authenticate on every 401, both required", () => {
    const missing: string[] = [];
    let created = 0;
    for (const { key, op } of operations()) {
      const headers = (status: string) => op.responses[status]?.headers ?? {};
      if (op.responses["201"]) {
        created++;
        if (!headers("201").Location?.required) missing.push(`${key} 201 Location`);
      }
      if (op.responses["401"] && !headers("401")["WWW-Authenticate"]?.required)
        missing.push(`${key} 401 WWW-Authenticate`);
    }
    expect(missing).toEqual([]);
    expect(created).toBeGreaterThan(15);
    expect(doc.paths["/v1/orders"].post.responses["201"].headers.Location.schema).toEqual({
      type: "string",
      format: "uri-reference",
    });
  });
});

describe("the document lints clean", () => {
  const describeProblem = (p: NormalizedProblem) =>
    `${p.ruleId} ${p.location.map((l) => l.pointer).join(", ")}: ${p.message}`;

  it("the live /openapi.json has no error under Redocly's recommended rules, and only the warnings we accept", async () => {
    const res = await fetch(`${t.url}/openapi.json`);
    expect(res.status).toBe(200);
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: await res.text(), config });

    expect(problems.filter((p) => p.severity === "error").map(describeProblem)).toEqual([]);
    // Accepted on purpose: the server URL is PUBLIC_URL, which is localhost in tests; liveness,
    // readiness and the setup status never answer a 4xx, and the document does not pretend they do.
    expect(
      problems
        .filter((p) => p.severity === "warn")
        .map((p) => `${p.ruleId} ${p.location[0]?.pointer}`)
        .sort(),
    ).toEqual([
      "no-server-example.com #/servers/0/url",
      "operation-4xx-response #/paths/~1healthz/get/responses",
      "operation-4xx-response #/paths/~1readyz/get/responses",
      "operation-4xx-response #/paths/~1v1~1setup/get/responses",
    ]);
  });

  it("keeps only the component schemas an operation uses: no `…Input` copy of a schema only answered", () => {
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(expect.arrayContaining(["Order", "Problem", "Address"]));
    // Zod's registry yields each schema as read and as written; these are only ever written.
    for (const name of ["OrderInput", "ProblemInput", "LocationInput", "AuditEventInput"])
      expect(names).not.toContain(name);
    const text = JSON.stringify({ ...doc, components: { ...doc.components, schemas: {} } });
    const referenced = (name: string) =>
      text.includes(`"#/components/schemas/${name}"`) ||
      Object.values(doc.components.schemas).some((s) =>
        JSON.stringify(s).includes(`"#/components/schemas/${name}"`),
      );
    expect(names.filter((n) => !referenced(n))).toEqual([]);
  });
});

describe("the server keeps the document's promises", () => {
  it("accepts a body-less action and answers refusals with the documented Problem shape", async () => {
    await product(t, w, "OAS-1", 500);
    await stock(t, "OAS-1", w.warehouse, 2);
    const order = ok(await t.admin.post("/v1/orders", orderBody(w, [{ sku: "OAS-1", quantity: 1 }])), 201);
    const [fo] = ok(await t.admin.get(`/v1/fulfillment_orders?order_id=${order.id}`)).data;
    // No body and no content type at all, as most HTTP clients send an action.
    const accepted = await t.admin.request("POST", `/v1/fulfillment_orders/${fo.id}/accept`);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const again = await t.admin.request("POST", `/v1/fulfillment_orders/${fo.id}/accept`);
    expect(again.status).toBe(409);
    expect(problemSchema.safeParse(again.body).success).toBe(true);
    expect(again.body).toMatchObject({
      type: "https://ordo.dev/problems/conflict",
      current_status: "accepted",
    });
    const missing = await t.admin.request("POST", "/v1/orders");
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["body.lines"]),
    );
  });
});
