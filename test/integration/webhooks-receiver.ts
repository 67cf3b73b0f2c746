// A webhook receiver for tests: a real HTTP server that records every request and verifies its
// Standard Webhooks signature with a verifier written here from the spec (not Ordo's code).
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  json: any;
  verified: boolean;
  at: number;
}

/** Verifies `webhook-signature` per https://www.standardwebhooks.com (v1, HMAC-SHA256, base64). */
export function verifyStandardWebhook(
  secret: string,
  id: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  if (!secret.startsWith("whsec_")) return false;
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  return signature.split(" ").some((part) => {
    const [version, value] = part.split(",");
    if (version !== "v1" || !value) return false;
    const given = Buffer.from(value, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export type Mode = "ok" | "fail" | "hold";

export class Receiver {
  readonly received: Received[] = [];
  secret = "";
  mode: Mode = "ok";
  private server: Server | null = null;
  private held: ServerResponse[] = [];
  private heldListeners: Array<() => void> = [];
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start(port = 0): Promise<this> {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString();
        const h = (name: string) => String(req.headers[name] ?? "");
        let json: any = null;
        try {
          json = JSON.parse(body);
        } catch {}
        this.received.push({
          id: h("webhook-id"),
          timestamp: h("webhook-timestamp"),
          signature: h("webhook-signature"),
          body,
          json,
          verified: verifyStandardWebhook(
            this.secret,
            h("webhook-id"),
            h("webhook-timestamp"),
            body,
            h("webhook-signature"),
          ),
          at: Date.now(),
        });
        if (this.mode === "fail") {
          res.statusCode = 503;
          res.end("down");
        } else if (this.mode === "hold") {
          this.held.push(res);
          for (const l of this.heldListeners.splice(0)) l();
        } else {
          res.statusCode = 204;
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Resolves when a request is being held open. */
  nextHeld(): Promise<void> {
    if (this.held.length) return Promise.resolve();
    return new Promise((resolve) => this.heldListeners.push(resolve));
  }

  releaseHeld(): void {
    for (const res of this.held.splice(0)) {
      try {
        res.statusCode = 204;
        res.end();
      } catch {}
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    this.releaseHeld();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  ids(): string[] {
    return this.received.map((r) => r.id);
  }

  eventIds(): string[] {
    return this.received.map((r) => r.json?.id as string);
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
