// Who an order goes to, read from its row in one query: what shipping labels, packing slips and
// customer messages about a shipment need (not the whole order view).
import type { Executor } from "../../db/transaction.js";
import type { PostalAddress } from "../../domain/address.js";
import { notFound } from "../../domain/errors.js";

export interface OrderContact {
  id: string;
  number: number;
  email: string;
  customer_name: string | null;
  shipping_address: PostalAddress | null;
  requested_delivery_date: string | null;
  placed_at: string | null;
  created_at: string;
}

export async function orderContact(db: Executor, orderId: string): Promise<OrderContact> {
  const row = await db
    .selectFrom("orders")
    .select([
      "id",
      "number",
      "email",
      "customer_name",
      "shipping_address",
      "requested_delivery_date",
      "placed_at",
      "created_at",
    ])
    .where("id", "=", orderId)
    .executeTakeFirst();
  if (!row) throw notFound("Order", orderId);
  return {
    ...row,
    number: Number(row.number),
    shipping_address: row.shipping_address ? (JSON.parse(row.shipping_address) as PostalAddress) : null,
  };
}
