import { sql } from "kysely";
import type { Executor } from "../../db/transaction.js";
import { normalizeEmail } from "../../domain/address.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { getChannelByCode } from "../channels/index.js";
import { summaryOf } from "./view.js";

export interface OrderFilter {
  number?: number | undefined;
  email?: string | undefined;
  customer_id?: string | undefined;
  name?: string | undefined;
  status?: string | undefined;
  channel?: string | undefined;
  sku?: string | undefined;
  tag?: string | undefined;
  hold?: string | undefined;
  created_from?: string | undefined;
  created_to?: string | undefined;
  external_ref?: string | undefined;
}

/** A LIKE pattern matching values that start with `text`, its `%`, `_` and `\\` taken literally. */
export const prefixPattern = (text: string) =>
  `${text
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listOrders(db: Executor, filter: OrderFilter, page: PageRequest) {
  let q = db.selectFrom("orders").selectAll();
  if (filter.number !== undefined) q = q.where("number", "=", filter.number);
  if (filter.email) q = q.where("email", "=", normalizeEmail(filter.email));
  if (filter.customer_id) q = q.where("customer_id", "=", filter.customer_id);
  if (filter.name) {
    // The range lets both databases use the (name_lc, id) index; LIKE keeps the match exact.
    const prefix = filter.name.trim().toLowerCase();
    q = q
      .where("name_lc", ">=", prefix)
      .where("name_lc", "<", `${prefix}\u{10FFFF}`)
      .where(sql<boolean>`name_lc like ${prefixPattern(filter.name)} escape '\\'`);
  }
  if (filter.status) q = q.where("status", "=", filter.status);
  if (filter.channel) {
    const channel = await getChannelByCode(db, filter.channel);
    q = q.where("channel_id", "=", channel?.id ?? "-");
  }
  if (filter.external_ref) q = q.where("external_ref", "=", filter.external_ref);
  if (filter.sku) {
    const sku = filter.sku;
    q = q.where("id", "in", (eb) => eb.selectFrom("order_lines").select("order_id").where("sku", "=", sku));
  }
  if (filter.tag) {
    const tag = filter.tag;
    q = q.where("id", "in", (eb) => eb.selectFrom("order_tags").select("order_id").where("tag", "=", tag));
  }
  if (filter.hold === "any") q = q.where("open_holds", ">", 0);
  else if (filter.hold) {
    const type = filter.hold;
    q = q.where("id", "in", (eb) =>
      eb
        .selectFrom("order_holds")
        .select("order_id")
        .where("type", "=", type)
        .where("released_at", "is", null),
    );
  }
  if (filter.created_from) q = q.where("created_at", ">=", new Date(filter.created_from).toISOString());
  if (filter.created_to) q = q.where("created_at", "<", new Date(filter.created_to).toISOString());
  const r = await keysetPage(q, "id", page);
  return { data: r.data.map(summaryOf), next_cursor: r.next_cursor };
}
