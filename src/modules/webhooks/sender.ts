import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { hostOf } from "../../domain/webhook-url.js";
import type { AddressGuard } from "./guard.js";

export interface SendResult {
  /** The HTTP status, or null when there was no response. */
  status: number | null;
  durationMs: number;
  error: string | null;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/** POSTs one webhook; never follows redirects; gives up after `timeoutMs` in all. */
export function postWebhook(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  guard: AddressGuard,
): Promise<SendResult> {
  const started = performance.now();
  const done = (status: number | null, error: string | null): SendResult => ({
    status,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      resolve(done(null, "invalid URL"));
      return;
    }
    const host = hostOf(url);
    // Literal addresses skip DNS, so the connect-time check would not run: check them here.
    if (isIP(host)) {
      const problem = guard.addressProblem(host, host);
      if (problem) {
        resolve(done(null, `refused: ${problem}`));
        return;
      }
    }
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = send(url, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      lookup: guard.lookup as never,
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    req.on("response", (res) => {
      let received = 0;
      res.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) res.destroy();
      });
      const end = () => finish(done(res.statusCode ?? null, null));
      res.on("end", end);
      res.on("close", end);
      res.on("error", end);
    });
    req.on("error", (err) => finish(done(null, err.message.slice(0, 500))));
    req.end(body);
  });
}
