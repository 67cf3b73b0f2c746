// The HTTP edge as a stranger meets it: access decided on the matched route whatever the URL's
// spelling, every refusal as problem+json, and a shutdown that cannot be held open by a client.
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startTestApp, type TestApp } from "../support/harness.js";

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends the path exactly as written: fetch and URL would normalise some spellings. */
function raw(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
) {
  const { hostname, port } = new URL(base);
  return new Promise<RawReply>((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Bytes on a bare socket, for requests no HTTP client would send. */
function rawSocket(base: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (c) => (text += c));
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
}

// The documented public API routes; everything else under /v1 needs credentials.
const PUBLIC_API_ROUTES = new Set([
  "POST /v1/auth/login",
  "POST /v1/auth/logout",
  "POST /v1/tracking/lookup",
  "POST /v1/tracking/cases",
  "POST /v1/tracking/cases/lookup",
  "POST /v1/tracking/cases/:reference",
  "POST /v1/tracking/cases/:reference/messages",
  "GET /v1/tracking/shipments/:tracking_number",
  "HEAD /v1/tracking/shipments/:tracking_number",
  "GET /v1/feedback/:token",
  "HEAD /v1/feedback/:token",
  "POST /v1/feedback/:token",
  "POST /v1/carriers/:code/webhooks",
  "POST /v1/payment_providers/:code/webhooks",
  "POST /v1/tracking/returns",
  "POST /v1/tracking/returns/lookup",
  "GET /v1/return_labels/:token",
  "HEAD /v1/return_labels/:token",
  "GET /v1/setup",
  "HEAD /v1/setup",
  "POST /v1/setup",
]);

const concrete = (pattern: string) => pattern.replace(/:[A-Za-z_]+/g, "x01");
// Spellings of the same path that a decoding router treats as one.
const spellings = (path: string) => [
  path,
  path.replace(/^\/v1\//, "/%761/"),
  path.replace(/^\/v1\//, "/v%31/"),
  path.replace(/^\/v1\//, "/%76%31/"),
];

describe("the HTTP edge", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { METRICS_TOKEN: "metrics-token-0123456789" } });
  });
  afterAll(() => app?.close());

  it("refuses every API route without credentials, however its path is spelled", async () => {
    const routes = app.server.app.routeTable.entries.filter((r) => r.url.startsWith("/v1/"));
    expect(routes.length).toBeGreaterThan(100);
    const publicOnes = routes.filter((r) => r.public).map((r) => `${r.method} ${r.url}`);
    for (const route of publicOnes) expect(PUBLIC_API_ROUTES, route).toContain(route);

    const open: string[] = [];
    for (const route of routes.filter((r) => !r.public && r.method !== "HEAD")) {
      for (const path of spellings(concrete(route.url))) {
        const hasBody = route.method !== "GET" && route.method !== "DELETE";
        const res = await raw(
          app.url,
          route.method,
          path,
          hasBody ? { "content-type": "application/json" } : {},
          hasBody ? "{}" : undefined,
        );
        if (res.status !== 401) open.push(`${route.method} ${path} → ${res.status}`);
        else {
          expect(res.headers["content-type"]).toContain("application/problem+json");
          expect(res.headers["www-authenticate"]).toBe('Bearer realm="ordo"');
        }
      }
    }
    expect(open).toEqual([]);
  });

  it("answers an unknown API path with the API's 404, however it is spelled", async () => {
    for (const path of spellings("/v1/no_such_things")) {
      const res = await raw(app.url, "GET", path);
      expect(res.status, path).toBe(404);
      expect(res.headers["content-type"]).toContain("application/problem+json");
    }
  });

  it("answers a bad API key with 401 on an encoded path too", async () => {
    const res = await raw(app.url, "GET", "/%761/users", { authorization: "Bearer ordo_sk_wrong" });
    expect(res.status).toBe(401);
  });

  it("marks authenticated API answers not to be cached", async () => {
    const res = await app.admin.get("/v1/orders");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers the router's own refusals as problem+json", async () => {
    const badEncoding = await raw(app.url, "GET", "/v1/orders/%E0%A4%A");
    expect(badEncoding.status).toBe(400);
    expect(badEncoding.headers["content-type"]).toContain("application/problem+json");
    expect(JSON.parse(badEncoding.body)).toMatchObject({
      status: 400,
      type: "https://ordo.dev/problems/bad-url",
    });

    const longParam = await raw(app.url, "POST", `/v1/orders/${"a".repeat(5000)}/cancel`, {
      authorization: `Bearer ${ADMIN_KEY}`,
    });
    expect(longParam.status).toBe(414);
    expect(longParam.headers["content-type"]).toContain("application/problem+json");
    expect(JSON.parse(longParam.body)).toMatchObject({ status: 414, title: "URI Too Long" });
  });

  it("answers a wrong content type with 415 problem+json", async () => {
    const res = await app.admin.post("/v1/locations", "code=x", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body).toMatchObject({ status: 415, title: "Unsupported Media Type" });
  });

  it("answers a method the path does not accept with 405 and Allow", async () => {
    const res = await app.admin.request("PUT", "/v1/orders");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const unknown = await app.admin.get("/v1/no_such_things");
    expect(unknown.status).toBe(404);
  });

  it("answers broken HTTP framing with problem+json before closing", async () => {
    const reply = await rawSocket(
      app.url,
      "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(reply).toContain("Content-Type: application/problem+json");
    const body = JSON.parse(reply.slice(reply.indexOf("\r\n\r\n") + 4));
    expect(body).toMatchObject({ status: 400, type: "https://ordo.dev/problems/malformed-request" });
  });

  it("protects /metrics with its token when one is set", async () => {
    expect((await app.anonymous.get("/metrics")).status).toBe(401);
    expect(
      (await app.anonymous.get("/metrics", { authorization: "Bearer metrics-token-wrong-0000" })).status,
    ).toBe(401);
    const ok = await app.anonymous.get("/metrics", { authorization: "Bearer metrics-token-0123456789" });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("process_cpu");
  });
});

describe("graceful shutdown", () => {
  it("is not held open by an idle keep-alive socket or a silent one", async () => {
    const app = await startTestApp({ env: { SHUTDOWN_TIMEOUT_MS: "1500" } });
    const { hostname, port } = new URL(app.url);
    // One socket that made a request and stays open for more, and one that never says anything.
    const keptAlive = connect(Number(port), hostname);
    await new Promise<void>((resolve) => {
      keptAlive.once("data", () => resolve());
      keptAlive.write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
    });
    const silent = connect(Number(port), hostname);
    await new Promise((r) => silent.once("connect", r));
    const closedBy = Promise.all([
      new Promise((r) => keptAlive.once("close", r)),
      new Promise((r) => silent.once("close", r)),
    ]);
    const started = Date.now();
    await app.close();
    await closedBy;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
