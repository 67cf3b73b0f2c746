import { timingSafeEqual } from "node:crypto";
import { sql } from "kysely";
import { type Executor, inTransaction, isPostgres } from "../../db/transaction.js";
import { DomainError } from "../../domain/errors.js";
import { sha256 } from "../../lib/secrets.js";
import { systemContext } from "./actor.js";
import { createUser, type PublicUser } from "./service.js";

/**
 * A fresh installation has no users and so no one who could sign in. Rather than shipping a known
 * password, each start of an empty installation holds a one-time setup token (random, or
 * ORDO_SETUP_TOKEN) that is printed as a link; whoever has it creates the first administrator, once.
 */
export async function needsSetup(db: Executor): Promise<boolean> {
  const anyone = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  return !anyone;
}

export function setupLink(publicUrl: string, token: string): string {
  // In the fragment, the token never reaches a server's access log or a Referer header.
  return `${publicUrl}/welcome#token=${encodeURIComponent(token)}`;
}

const alreadySetUp = () =>
  new DomainError(
    "already-set-up",
    "Ordo is already set up: sign in, or ask an administrator for an account",
  );

function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(Buffer.from(sha256(given), "hex"), Buffer.from(sha256(expected), "hex"));
}

export async function createFirstAdmin(
  db: Executor,
  expectedToken: string,
  input: { token: string; email: string; name: string; password: string },
): Promise<PublicUser> {
  if (!(await needsSetup(db))) throw alreadySetUp();
  if (!sameToken(input.token, expectedToken)) {
    throw new DomainError(
      "invalid-setup-token",
      "This setup link is not valid: use the one the server printed at start",
    );
  }
  return inTransaction(db, async (tx) => {
    // Two setup requests at once must not both find the table empty (PostgreSQL reads committed
    // data; SQLite already runs one writer at a time).
    if (isPostgres(tx)) await sql`lock table users in share row exclusive mode`.execute(tx);
    if (!(await needsSetup(tx))) throw alreadySetUp();
    const { token: _, ...user } = input;
    return createUser(tx, systemContext(), { ...user, role: "admin" });
  });
}
