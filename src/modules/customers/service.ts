import { sql } from "kysely";
import { type Executor, inTransaction } from "../../db/transaction.js";
import {
  type FieldError,
  isEmail,
  normalizeAddress,
  normalizeEmail,
  normalizePhone,
  type PostalAddress,
  validateAddress,
} from "../../domain/address.js";
import { badRequest, conflict, notFound } from "../../domain/errors.js";
import { keysetPage, type PageRequest } from "../../http/pagination.js";
import { newId, nowIso } from "../../lib/ids.js";
import type { RequestContext } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { CustomerAddressesTable, CustomersTable } from "./tables.js";

export interface CustomerAddress {
  id: string;
  label: string | null;
  address: PostalAddress;
  is_default_shipping: boolean;
  is_default_billing: boolean;
  created_at: string;
}

export interface Customer {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  notes: string | null;
  addresses: CustomerAddress[];
  created_at: string;
  updated_at: string;
}

export interface AddressInput {
  label?: string | undefined;
  address: PostalAddress;
  is_default_shipping?: boolean | undefined;
  is_default_billing?: boolean | undefined;
}

const toAddress = (r: CustomerAddressesTable): CustomerAddress => ({
  id: r.id,
  label: r.label,
  address: JSON.parse(r.address) as PostalAddress,
  is_default_shipping: r.is_default_shipping === 1,
  is_default_billing: r.is_default_billing === 1,
  created_at: r.created_at,
});

function toCustomer(row: CustomersTable, addresses: CustomerAddressesTable[]): Customer {
  const { name_lc: _, ...rest } = row;
  return { ...rest, addresses: addresses.map(toAddress) };
}

function check(errors: FieldError[]) {
  if (errors.length) throw badRequest("The customer is invalid", errors);
}

export async function createCustomer(
  db: Executor,
  ctx: RequestContext,
  input: {
    email: string;
    first_name: string;
    last_name: string;
    phone?: string | undefined;
    notes?: string | undefined;
    addresses?: AddressInput[] | undefined;
  },
): Promise<Customer> {
  const errors: FieldError[] = [];
  const email = normalizeEmail(input.email);
  if (!isEmail(email)) errors.push({ path: "body.email", message: "Not a valid e-mail address" });
  const phone = input.phone ? normalizePhone(input.phone) : null;
  if (input.phone && !phone)
    errors.push({ path: "body.phone", message: "Not a valid phone number (use +country format)" });
  (input.addresses ?? []).forEach((a, i) => {
    errors.push(...validateAddress(a.address, `body.addresses.${i}.address`));
  });
  check(errors);
  return inTransaction(db, async (tx) => {
    const existing = await tx
      .selectFrom("customers")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirst();
    if (existing)
      throw conflict(`A customer with e-mail ${email} already exists`, { customer_id: existing.id });
    const now = nowIso();
    const row: CustomersTable = {
      id: newId("customer"),
      email,
      first_name: input.first_name,
      last_name: input.last_name,
      name_lc: `${input.first_name} ${input.last_name}`.toLowerCase(),
      phone,
      notes: input.notes ?? null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto("customers").values(row).execute();
    const addresses = (input.addresses ?? []).map((a) => addressRow(row.id, a, now));
    if (addresses.length) await tx.insertInto("customer_addresses").values(addresses).execute();
    await recordAudit(tx, ctx, {
      action: "customer.created",
      resourceType: "customer",
      resourceId: row.id,
      data: { email },
    });
    return toCustomer(row, addresses);
  });
}

function addressRow(customerId: string, a: AddressInput, now: string): CustomerAddressesTable {
  return {
    id: newId("address"),
    customer_id: customerId,
    label: a.label ?? null,
    address: JSON.stringify(normalizeAddress(a.address)),
    is_default_shipping: a.is_default_shipping ? 1 : 0,
    is_default_billing: a.is_default_billing ? 1 : 0,
    created_at: now,
  };
}

export async function addCustomerAddress(
  db: Executor,
  ctx: RequestContext,
  customerId: string,
  input: AddressInput,
): Promise<Customer> {
  check(validateAddress(input.address, "body.address"));
  return inTransaction(db, async (tx) => {
    await getCustomer(tx, customerId);
    const now = nowIso();
    if (input.is_default_shipping) {
      await tx
        .updateTable("customer_addresses")
        .set({ is_default_shipping: 0 })
        .where("customer_id", "=", customerId)
        .execute();
    }
    if (input.is_default_billing) {
      await tx
        .updateTable("customer_addresses")
        .set({ is_default_billing: 0 })
        .where("customer_id", "=", customerId)
        .execute();
    }
    const row = addressRow(customerId, input, now);
    await tx.insertInto("customer_addresses").values(row).execute();
    await tx.updateTable("customers").set({ updated_at: now }).where("id", "=", customerId).execute();
    await recordAudit(tx, ctx, {
      action: "customer.address_added",
      resourceType: "customer",
      resourceId: customerId,
      data: { address_id: row.id },
    });
    return getCustomer(tx, customerId);
  });
}

export async function updateCustomer(
  db: Executor,
  ctx: RequestContext,
  id: string,
  patch: {
    first_name?: string | undefined;
    last_name?: string | undefined;
    phone?: string | null | undefined;
    notes?: string | null | undefined;
  },
): Promise<Customer> {
  let phone: string | null | undefined = patch.phone;
  if (patch.phone) {
    phone = normalizePhone(patch.phone);
    if (!phone) check([{ path: "body.phone", message: "Not a valid phone number (use +country format)" }]);
  }
  return inTransaction(db, async (tx) => {
    const current = await getCustomer(tx, id);
    const first = patch.first_name ?? current.first_name;
    const last = patch.last_name ?? current.last_name;
    await tx
      .updateTable("customers")
      .set({
        first_name: first,
        last_name: last,
        name_lc: `${first} ${last}`.toLowerCase(),
        ...(phone !== undefined ? { phone } : {}),
        ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
        updated_at: nowIso(),
      })
      .where("id", "=", id)
      .execute();
    await recordAudit(tx, ctx, {
      action: "customer.updated",
      resourceType: "customer",
      resourceId: id,
      data: patch,
    });
    return getCustomer(tx, id);
  });
}

export async function getCustomer(db: Executor, id: string): Promise<Customer> {
  const row = await db.selectFrom("customers").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Customer", id);
  const addresses = await db
    .selectFrom("customer_addresses")
    .selectAll()
    .where("customer_id", "=", id)
    .orderBy("id")
    .execute();
  return toCustomer(row, addresses);
}

/** For order capture: the customer's name and e-mail, or null when unknown. */
export async function findCustomer(
  db: Executor,
  id: string,
): Promise<{ id: string; email: string; name: string; phone: string | null } | null> {
  const row = await db
    .selectFrom("customers")
    .select(["id", "email", "first_name", "last_name", "phone"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row
    ? { id: row.id, email: row.email, name: `${row.first_name} ${row.last_name}`, phone: row.phone }
    : null;
}

export async function listCustomers(
  db: Executor,
  filter: { email?: string | undefined; q?: string | undefined },
  page: PageRequest,
) {
  let query = db.selectFrom("customers").selectAll();
  if (filter.email) query = query.where("email", "=", normalizeEmail(filter.email));
  if (filter.q) {
    const pattern = `${filter.q
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const prefix = filter.q.trim().toLowerCase();
    query = query
      .where("name_lc", ">=", prefix)
      .where("name_lc", "<", `${prefix}\u{10FFFF}`)
      .where(sql<boolean>`name_lc like ${pattern} escape '\\'`);
  }
  const result = await keysetPage(query, "id", page);
  const ids = result.data.map((r) => r.id);
  const addresses = ids.length
    ? await db
        .selectFrom("customer_addresses")
        .selectAll()
        .where("customer_id", "in", ids)
        .orderBy("id")
        .execute()
    : [];
  return {
    data: result.data.map((r) =>
      toCustomer(
        r,
        addresses.filter((a) => a.customer_id === r.id),
      ),
    ),
    next_cursor: result.next_cursor,
  };
}

/** The customer with this e-mail (normalized as stored), or null. */
export async function findCustomerByEmail(db: Executor, email: string): Promise<{ id: string } | null> {
  const row = await db
    .selectFrom("customers")
    .select("id")
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  return row ?? null;
}
