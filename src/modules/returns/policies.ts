// Return policies, one per channel: the window, what cannot come back, the fees and the reasons.
import type { Executor } from "../../db/transaction.js";
import { DEFAULT_RETURN_POLICY, type ReturnPolicy } from "../../domain/returns.js";
import { nowIso } from "../../lib/ids.js";
import type { ReturnPoliciesTable } from "./tables.js";

const fromRow = (row: ReturnPoliciesTable): ReturnPolicy => ({
  window_days: row.window_days,
  non_returnable_skus: JSON.parse(row.non_returnable_skus) as string[],
  restocking_fee_bps: row.restocking_fee_bps,
  return_shipping_fee: Number(row.return_shipping_fee),
  requires_approval: row.requires_approval === 1,
  reasons: JSON.parse(row.reasons) as ReturnPolicy["reasons"],
});

export async function returnPolicy(db: Executor, channelId: string): Promise<ReturnPolicy> {
  const row = await db
    .selectFrom("return_policies")
    .selectAll()
    .where("channel_id", "=", channelId)
    .executeTakeFirst();
  return row ? fromRow(row) : DEFAULT_RETURN_POLICY;
}

export async function putReturnPolicy(
  db: Executor,
  channelId: string,
  policy: ReturnPolicy,
): Promise<ReturnPolicy> {
  const row: ReturnPoliciesTable = {
    channel_id: channelId,
    window_days: policy.window_days,
    non_returnable_skus: JSON.stringify([...new Set(policy.non_returnable_skus)]),
    restocking_fee_bps: policy.restocking_fee_bps,
    return_shipping_fee: policy.return_shipping_fee,
    requires_approval: policy.requires_approval ? 1 : 0,
    reasons: JSON.stringify(policy.reasons),
    updated_at: nowIso(),
  };
  const { channel_id: _, ...rest } = row;
  await db
    .insertInto("return_policies")
    .values(row)
    .onConflict((oc) => oc.column("channel_id").doUpdateSet(rest))
    .execute();
  return fromRow(row);
}
