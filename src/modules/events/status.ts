import { sql } from "kysely";
import type { Executor } from "../../db/transaction.js";

/**
 * How far behind delivery is, for operators and alerts: events not yet fanned out, and per
 * channel what is waiting, due now, and dead.
 */
export async function deliveryStatus(db: Executor, busEnabled: boolean) {
  const now = new Date().toISOString();
  const outbox = await db
    .selectFrom("events")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("created_at").as("oldest")])
    .where("fanned_out", "=", 0)
    .executeTakeFirstOrThrow();
  const count = async (table: "webhook_deliveries" | "notifications" | "bus_messages", status: string) => {
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from ${sql.table(table)} where status = ${status}`.execute(db);
    return Number(rows[0]?.n ?? 0);
  };
  const due = await db
    .selectFrom("webhook_deliveries")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("next_attempt_at").as("oldest")])
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .executeTakeFirstOrThrow();
  const disabled = await db
    .selectFrom("webhook_endpoints")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "disabled")
    .executeTakeFirstOrThrow();
  return {
    outbox: { pending_fan_out: Number(outbox.n), oldest_pending_at: outbox.oldest ?? null },
    webhooks: {
      pending: await count("webhook_deliveries", "pending"),
      due: Number(due.n),
      oldest_due_at: due.oldest ?? null,
      dead: await count("webhook_deliveries", "dead"),
      endpoints_disabled: Number(disabled.n),
    },
    notifications: {
      pending: await count("notifications", "pending"),
      failed: await count("notifications", "failed"),
      stored: await count("notifications", "stored"),
    },
    bus: busEnabled
      ? {
          enabled: true,
          pending: await count("bus_messages", "pending"),
          dead: await count("bus_messages", "dead"),
        }
      : { enabled: false, pending: 0, dead: 0 },
  };
}
