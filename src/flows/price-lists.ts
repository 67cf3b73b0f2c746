// Price lists and the channels that sell from them: a channel's currency is its price list's, so
// a price list in use cannot change currency.
import { type Executor, inTransaction } from "../db/transaction.js";
import { conflict } from "../domain/errors.js";
import type { RequestContext } from "../modules/access/index.js";
import { getPriceList, type PriceList, updatePriceList } from "../modules/catalog/index.js";
import { channelSellingFrom } from "../modules/channels/index.js";

export async function changePriceList(
  db: Executor,
  ctx: RequestContext,
  ref: string,
  patch: { name?: string | undefined; currency?: string | undefined },
): Promise<PriceList> {
  return inTransaction(db, async (tx) => {
    const current = await getPriceList(tx, ref);
    if (patch.currency !== undefined && patch.currency !== current.currency) {
      const channel = await channelSellingFrom(tx, current.id);
      if (channel)
        throw conflict(
          `Channel ${channel.code} sells in ${current.currency} from this price list; its currency cannot change`,
        );
    }
    return updatePriceList(tx, ctx, current.id, patch);
  });
}
