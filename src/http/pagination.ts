import type { SelectQueryBuilder } from "kysely";
import { z } from "zod";
import { badRequest } from "../domain/errors.js";

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export type PageRequest = z.infer<typeof pageQuerySchema>;

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable() });

// The cursor is opaque to clients: the last key seen and the direction, so it cannot be
// replayed against another ordering by accident.
function encodeCursor(key: string, direction: "asc" | "desc"): string {
  return Buffer.from(JSON.stringify([direction, key])).toString("base64url");
}

function decodeCursor(cursor: string, direction: "asc" | "desc"): string {
  try {
    const [dir, key] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as [string, string];
    if (dir === direction && typeof key === "string") return key;
  } catch {
    // fall through to the error below
  }
  throw badRequest("The cursor is not valid for this list", [
    { path: "querystring.cursor", message: "Invalid cursor" },
  ]);
}

/**
 * Keyset pagination on a unique, sortable key (our ids are ULIDs, so newest first by default).
 * Rows inserted while a client pages never shift the pages it has not read yet.
 */
export async function keysetPage<DB, TB extends keyof DB, O extends Record<string, unknown>>(
  query: SelectQueryBuilder<DB, TB, O>,
  key: string & keyof O,
  page: PageRequest,
  direction: "asc" | "desc" = "desc",
): Promise<Page<O>> {
  // biome-ignore lint/suspicious/noExplicitAny: the key column is checked against the row type above
  const column = key as any;
  let q = query.orderBy(column, direction).limit(page.limit + 1);
  if (page.cursor)
    q = q.where(column, direction === "desc" ? "<" : ">", decodeCursor(page.cursor, direction));
  const rows = (await q.execute()) as O[];
  const hasMore = rows.length > page.limit;
  const data = hasMore ? rows.slice(0, page.limit) : rows;
  const last = data[data.length - 1];
  return { data, next_cursor: hasMore && last ? encodeCursor(String(last[key]), direction) : null };
}
