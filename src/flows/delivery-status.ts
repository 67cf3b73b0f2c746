// How far behind delivery is, across the outbox and each channel it feeds (webhooks, e-mail,
// bus): each module reports its own backlog; this puts them side by side for operators.
import type { Executor } from "../db/transaction.js";
import { busBacklog, outboxBacklog } from "../modules/events/index.js";
import { notificationBacklog } from "../modules/notifications/index.js";
import { webhookBacklog } from "../modules/webhooks/index.js";

export async function deliveryStatus(db: Executor, busEnabled: boolean) {
  return {
    outbox: await outboxBacklog(db),
    webhooks: await webhookBacklog(db, new Date().toISOString()),
    notifications: await notificationBacklog(db),
    bus: busEnabled ? { enabled: true, ...(await busBacklog(db)) } : { enabled: false, pending: 0, dead: 0 },
  };
}
