import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { z } from "zod";
import { DEFAULT_STUCK_HOURS, parseStateHours } from "./domain/analytics.js";
import { CASE_PRIORITIES, type CasePriority, parsePriorityHours, type SlaPolicy } from "./domain/cases.js";
import { HostAllowList } from "./domain/webhook-url.js";

/** `shop@acme.com` or `Acme Outdoor <shop@acme.com>` (the display name may be quoted). */
const MAILBOX = /^(?:[^<>@\r\n]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>"]+@[^\s@<>]+\.[^\s@<>]+)$/;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** `urgent:1,high:4,normal:24,low:48`: hours for each case priority. */
function priorityHours(defaults: string) {
  return z
    .string()
    .default(defaults)
    .refine(
      (v) => parsePriorityHours(v) !== null,
      `hours for each of ${CASE_PRIORITIES.join(", ")}, e.g. ${defaults}`,
    )
    .transform((v) => parsePriorityHours(v) as Record<CasePriority, number>);
}

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .min(1)
    .default("./data/ordo.db")
    .describe("postgres:// URL, or a SQLite file path (':memory:' for a throwaway database)"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("localhost"),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  ORDO_ADMIN_API_KEY: z
    .string()
    .min(24, "ORDO_ADMIN_API_KEY must be at least 24 characters")
    .optional()
    .describe("when set, an admin API key with this value exists after start"),
  SMTP_URL: z.url().optional(),
  PUBLIC_URL: z.url().optional(),
  SQLITE_SYNCHRONOUS: z.enum(["OFF", "NORMAL", "FULL", "EXTRA"]).default("FULL"),
  /** SQLite page cache per connection, in MiB (SQLite's own default is 2 MiB). */
  SQLITE_CACHE_MB: z.coerce.number().int().min(1).max(65536).default(64),
  /** Most transactions committed together in one SQLite group commit (1 = one commit each). */
  SQLITE_GROUP_COMMIT: z.coerce.number().int().min(1).max(1000).default(64),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** When set, `/metrics` answers only `Authorization: Bearer <this token>`. */
  ORDO_SETUP_TOKEN: z.string().min(24, "ORDO_SETUP_TOKEN must be at least 24 characters").max(200).optional(),
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  /** Longest a graceful shutdown waits for in-flight requests before closing their sockets. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  // Event delivery (outbox dispatcher, webhooks, e-mail, message bus)
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (rate limits, logs):
   * `false`, `true` (any), a hop count, or addresses/CIDRs separated by commas.
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/,
      "true, false, a hop count, or addresses/CIDRs",
    )
    .default("false"),
  DISPATCH_ENABLED: z.enum(["true", "false"]).default("true"),
  /** Standard Webhooks secret (`whsec_…`) the built-in carrier signs tracking webhooks with. */
  CARRIER_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, "a whsec_ secret (base64 of 24+ bytes)")
    .optional(),
  /** Standard Webhooks secret (`whsec_…`) payment providers sign their webhooks with. */
  PAYMENT_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, "a whsec_ secret (base64 of 24+ bytes)")
    .optional(),
  /** Hours without a tracking event after which a shipment is listed as stuck. */
  SHIPMENT_STUCK_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(48),
  /** Days delivered events and finished deliveries are kept (0: forever). */
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** Hours a stored Idempotency-Key response is kept. */
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().min(1).max(8760).default(24),
  DISPATCH_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  DISPATCH_CLAIM_TTL_MS: z.coerce.number().int().min(500).optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(12),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).default(5_000),
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default("")
    .refine(
      (v) => HostAllowList.invalidEntries(v.split(",")).length === 0,
      "WEBHOOK_ALLOWED_HOSTS must list host names, IP addresses or CIDR ranges, separated by commas",
    )
    .describe("comma-separated hosts, addresses or CIDR ranges exempt from the SSRF checks"),
  NATS_URL: z.string().min(1).optional(),
  NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default("ORDO"),
  NATS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default("ordo"),
  MERCHANT_NAME: z.string().min(1).max(120).default("Ordo Demo Store"),
  /** The From of customer e-mail; required with SMTP_URL (no made-up no-reply address is sent from). */
  MAIL_FROM: z
    .string()
    .trim()
    .max(254)
    .regex(MAILBOX, 'an address, or a name and an address: "Acme Outdoor <shop@acme.com>"')
    .optional(),
  MERCHANT_EMAIL: z.email().optional(),
  // Customer-service cases
  /** Hours to a case's first response, per priority. */
  CASE_FIRST_RESPONSE_HOURS: priorityHours("urgent:1,high:4,normal:24,low:48"),
  /** Hours to a case's resolution, per priority (time awaiting the customer not counted). */
  CASE_RESOLUTION_HOURS: priorityHours("urgent:8,high:24,normal:72,low:120"),
  /** A running SLA target is at risk once less than this share (%) of its time is left. */
  CASE_AT_RISK_PERCENT: z.coerce.number().int().min(0).max(100).default(25),
  /** Failed delivery attempts of a package that open a where_is_my_order case (a failure always does). */
  CASE_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(2),
  /** Days after delivery the feedback survey e-mail goes out (0: no surveys). */
  FEEDBACK_DELAY_DAYS: z.coerce.number().int().min(0).max(365).default(3),
  /** Analytics: hours an order may stay in a status before it is listed as stuck, `status:hours,…`. */
  ANALYTICS_STUCK_HOURS: z
    .string()
    .default("")
    .refine((v) => {
      try {
        parseStateHours(v, DEFAULT_STUCK_HOURS);
        return true;
      } catch {
        return false;
      }
    }, "status:hours pairs, e.g. open:48,shipped:168")
    .transform((v) => parseStateHours(v, DEFAULT_STUCK_HOURS)),
  /** Replenishment: supplier lead time in days, and per location `loc_a:3,loc_b:10`. */
  REPLENISHMENT_LEAD_TIME_DAYS: z.coerce.number().min(0).max(365).default(7),
  REPLENISHMENT_LEAD_TIMES: z
    .string()
    .default("")
    .refine((v) => parseLocationNumbers(v) !== null, "location:days pairs, e.g. loc_a:3,loc_b:10")
    .transform((v) => parseLocationNumbers(v) ?? {}),
  /** Replenishment: the probability of no stock-out in a cycle, and days between orders. */
  REPLENISHMENT_SERVICE_LEVEL: z.coerce.number().min(0.5).max(0.999).default(0.95),
  REPLENISHMENT_REVIEW_DAYS: z.coerce.number().min(0).max(90).default(7),
  /** Forecasting: days of ledger history a forecast run reads. */
  FORECAST_HISTORY_DAYS: z.coerce.number().int().min(28).max(1095).default(365),
  /** Scheduling: minutes a slot hold keeps its capacity before it expires. */
  SLOT_HOLD_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Scheduling: wall-clock budget of one route plan's solve. */
  ROUTE_PLAN_BUDGET_MS: z.coerce.number().int().min(10).max(10_000).default(1000),
});

/** `loc_a:3,loc_b:10` → {loc_a: 3, loc_b: 10}; null when malformed. */
function parseLocationNumbers(value: string): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const part of value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [id, n] = part.split(":");
    const days = Number(n);
    if (!id || !Number.isFinite(days) || days < 0) return null;
    out[id.trim()] = days;
  }
  return out;
}

export type Env = z.infer<typeof envSchema>;

export interface Config {
  database:
    | {
        kind: "sqlite";
        file: string;
        synchronous: Env["SQLITE_SYNCHRONOUS"];
        cacheMb: number;
        groupCommit: number;
      }
    | { kind: "postgres"; url: string; poolSize: number };
  port: number;
  host: string;
  logLevel: Env["LOG_LEVEL"];
  adminApiKey: string | undefined;
  /** Proves the right to create the first administrator of an empty installation. */
  setupToken: string;
  smtpUrl: string | undefined;
  publicUrl: string;
  bodyLimitBytes: number;
  sessionTtlMs: number;
  loginRateLimitPerMinute: number;
  metricsToken: string | undefined;
  shutdownTimeoutMs: number;
  retention: { eventRetentionDays: number; idempotencyKeyTtlHours: number };
  trustProxy: boolean | number | string;
  shipping: {
    carrierWebhookSecret: string | undefined;
    stuckHours: number;
  };
  payments: { webhookSecret: string | undefined };
  delivery: {
    enabled: boolean;
    intervalMs: number;
    /** How long a claim on a delivery lasts; longer than a webhook timeout, or two processes could both send. */
    claimTtlMs: number;
    webhookTimeoutMs: number;
    webhookMaxAttempts: number;
    webhookRetryBaseMs: number;
    allowedHosts: string[];
    natsUrl: string | undefined;
    natsStream: string;
    natsSubjectPrefix: string;
    merchantName: string;
    mailFrom: string | undefined;
    merchantEmail: string | undefined;
  };
  cases: {
    sla: SlaPolicy;
    /** attempted_delivery events of one package that open a where_is_my_order case. */
    deliveryAttemptsBeforeCase: number;
  };
  /** Feedback surveys after delivery: sent this many days after it (0: switched off). */
  feedback: { delayDays: number };
  analytics: { stuckHours: Record<string, number> };
  /** Demand forecasts and replenishment suggestions. */
  forecasting: {
    historyDays: number;
    leadTimeDays: number;
    leadTimeDaysByLocation: Record<string, number>;
    serviceLevel: number;
    reviewDays: number;
  };
  /** Delivery slots, service appointments and route plans. */
  scheduling: { holdMinutes: number; routeBudgetMs: number };
}

export class ConfigError extends Error {}

/** Reads the environment into a typed config; every problem is reported at once, by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const lines = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  // Sending real e-mail needs a real sender: a made-up no-reply@<host> is refused or marked as spam.
  if (env.SMTP_URL && !env.MAIL_FROM?.trim())
    lines.push(
      '  MAIL_FROM: required when SMTP_URL is set: the From address of customer e-mail, e.g. MAIL_FROM="Acme Outdoor <shop@acme.com>"',
    );
  if (!parsed.success || lines.length > 0)
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  const e = parsed.data;
  const isPostgres = /^postgres(ql)?:\/\//.test(e.DATABASE_URL);
  return {
    database: isPostgres
      ? { kind: "postgres", url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : {
          kind: "sqlite",
          file: e.DATABASE_URL === ":memory:" ? ":memory:" : resolve(e.DATABASE_URL),
          synchronous: e.SQLITE_SYNCHRONOUS,
          cacheMb: e.SQLITE_CACHE_MB,
          groupCommit: e.SQLITE_GROUP_COMMIT,
        },
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    adminApiKey: e.ORDO_ADMIN_API_KEY,
    setupToken: e.ORDO_SETUP_TOKEN ?? randomBytes(24).toString("base64url"),
    smtpUrl: e.SMTP_URL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    metricsToken: e.METRICS_TOKEN,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    trustProxy:
      e.TRUST_PROXY === "true"
        ? true
        : e.TRUST_PROXY === "false"
          ? false
          : /^\d+$/.test(e.TRUST_PROXY)
            ? Number(e.TRUST_PROXY)
            : e.TRUST_PROXY,
    shipping: {
      carrierWebhookSecret: e.CARRIER_WEBHOOK_SECRET,
      stuckHours: e.SHIPMENT_STUCK_HOURS,
    },
    payments: { webhookSecret: e.PAYMENT_WEBHOOK_SECRET },
    retention: {
      eventRetentionDays: e.EVENT_RETENTION_DAYS,
      idempotencyKeyTtlHours: e.IDEMPOTENCY_KEY_TTL_HOURS,
    },
    delivery: {
      enabled: e.DISPATCH_ENABLED === "true",
      intervalMs: e.DISPATCH_INTERVAL_MS,
      claimTtlMs: Math.max(
        e.DISPATCH_CLAIM_TTL_MS ?? 0,
        e.WEBHOOK_TIMEOUT_MS + 1_000,
        e.DISPATCH_CLAIM_TTL_MS ? 0 : 60_000,
      ),
      webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
      webhookMaxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      webhookRetryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      allowedHosts: e.WEBHOOK_ALLOWED_HOSTS.split(",")
        .map((h) => h.trim())
        .filter(Boolean),
      natsUrl: e.NATS_URL,
      natsStream: e.NATS_STREAM,
      natsSubjectPrefix: e.NATS_SUBJECT_PREFIX,
      merchantName: e.MERCHANT_NAME,
      mailFrom: e.MAIL_FROM,
      merchantEmail: e.MERCHANT_EMAIL,
    },
    cases: {
      sla: {
        firstResponseHours: e.CASE_FIRST_RESPONSE_HOURS,
        resolutionHours: e.CASE_RESOLUTION_HOURS,
        atRiskPercent: e.CASE_AT_RISK_PERCENT,
      },
      deliveryAttemptsBeforeCase: e.CASE_DELIVERY_ATTEMPTS,
    },
    feedback: { delayDays: e.FEEDBACK_DELAY_DAYS },
    analytics: { stuckHours: e.ANALYTICS_STUCK_HOURS },
    forecasting: {
      historyDays: e.FORECAST_HISTORY_DAYS,
      leadTimeDays: e.REPLENISHMENT_LEAD_TIME_DAYS,
      leadTimeDaysByLocation: e.REPLENISHMENT_LEAD_TIMES,
      serviceLevel: e.REPLENISHMENT_SERVICE_LEVEL,
      reviewDays: e.REPLENISHMENT_REVIEW_DAYS,
    },
    scheduling: { holdMinutes: e.SLOT_HOLD_MINUTES, routeBudgetMs: e.ROUTE_PLAN_BUDGET_MS },
  };
}
