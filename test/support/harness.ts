import { sql } from "kysely";
import { ulid } from "ulid";
import { loadConfig } from "../../src/config.js";
import { type OpenOptions, openDatabase } from "../../src/db/database.js";
import type { Role } from "../../src/domain/permissions.js";
import type { App } from "../../src/http/app-types.js";
import { systemContext } from "../../src/modules/access/actor.js";
import { createUser } from "../../src/modules/access/service.js";
import { type RunningServer, startServer } from "../../src/serve.js";
import { freshDatabase } from "./databases.js";

export const ADMIN_KEY = "ordo_sk_test_admin_key_0123456789abcdef";
export const TEST_PASSWORD = "test-password-123";
const DISPATCHER_TABLES = new Set([
  "webhook_deliveries",
  "webhook_delivery_attempts",
  "notifications",
  "bus_messages",
]);

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Client {
  request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply<T>>;
  get<T = any>(path: string, headers?: Record<string, string>): Promise<Reply<T>>;
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  patch<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  delete<T = any>(path: string, headers?: Record<string, string>): Promise<Reply<T>>;
}

export function client(baseUrl: string, auth: Record<string, string> = {}): Client {
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const hasBody = body !== undefined;
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(hasBody && typeof body !== "string" ? { "content-type": "application/json" } : {}),
        ...auth,
        ...headers,
      },
      body: hasBody ? (typeof body === "string" ? body : JSON.stringify(body)) : undefined,
    });
    const text = await res.text();
    const type = res.headers.get("content-type") ?? "";
    return {
      status: res.status,
      headers: res.headers,
      body: type.includes("json") && text ? JSON.parse(text) : text,
    };
  };
  return {
    request,
    get: (path, headers) => request("GET", path, undefined, headers),
    post: (path, body, headers) => request("POST", path, body, headers),
    patch: (path, body, headers) => request("PATCH", path, body, headers),
    delete: (path, headers) => request("DELETE", path, undefined, headers),
  };
}

export interface TestApp {
  url: string;
  server: RunningServer;
  dialect: "sqlite" | "postgres";
  /** A client authenticated with the admin API key. */
  admin: Client;
  /** A client without credentials. */
  anonymous: Client;
  /** Creates a user with that role and returns a client with its session cookie. */
  as(role: Role): Promise<Client>;
  /** Rows per table: compare before and after to prove a request wrote nothing. */
  rowCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  beforeListen?: (app: App) => void;
  onQuery?: OpenOptions["onQuery"];
}

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const target = await freshDatabase(process.env.TEST_DATABASE_URL, "ordo_t");
  const config = loadConfig({
    DATABASE_URL: target.url,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ORDO_ADMIN_API_KEY: ADMIN_KEY,
    SQLITE_SYNCHRONOUS: "NORMAL",
    LOGIN_RATE_LIMIT_PER_MINUTE: "1000",
    ...opts.env,
  });
  const database = openDatabase(config.database, { onQuery: opts.onQuery });
  const server = await startServer(config, { database, beforeListen: opts.beforeListen });
  const url = server.url;
  let userCount = 0;
  return {
    url,
    server,
    dialect: server.database.dialect,
    admin: client(url, { authorization: `Bearer ${ADMIN_KEY}` }),
    anonymous: client(url),
    async as(role) {
      const email = `${role}-${++userCount}-${ulid().toLowerCase()}@test.local`;
      await createUser(server.database.db, systemContext(), {
        email,
        name: `Test ${role}`,
        role,
        password: TEST_PASSWORD,
      });
      return login(url, email, TEST_PASSWORD);
    },
    async rowCounts() {
      const tables = await server.database.db.introspection.getTables();
      const counts: Record<string, number> = {};
      for (const t of tables) {
        if (t.name.startsWith("ordo_migrations")) continue;
        // Written in the background by the event dispatcher, not by the request under test.
        if (DISPATCHER_TABLES.has(t.name)) continue;
        const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)}`.execute(
          server.database.db,
        );
        counts[t.name] = Number(rows[0]?.n ?? 0);
      }
      return counts;
    },
    async close() {
      await server.shutdown();
      await target.drop();
    },
  };
}

export async function login(url: string, email: string, password: string): Promise<Client> {
  const res = await fetch(`${url}/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return client(url, { cookie });
}
