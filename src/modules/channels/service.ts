import type { Executor } from "../../db/transaction.js";
import type { ChannelsTable } from "./tables.js";

export interface Channel extends Omit<ChannelsTable, "active"> {
  active: boolean;
  /** Locations allowed to serve this channel's orders. */
  location_ids: string[];
}

export async function getChannelByCode(db: Executor, code: string): Promise<Channel | null> {
  const row = await db.selectFrom("channels").selectAll().where("code", "=", code).executeTakeFirst();
  if (!row) return null;
  const links = await db.selectFrom("channel_locations").select("location_id").where("channel_id", "=", row.id).execute();
  return { ...row, active: row.active === 1, location_ids: links.map((l) => l.location_id) };
}
