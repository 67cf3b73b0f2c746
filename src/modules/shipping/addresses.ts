// Where a package goes from and to, in the shape carriers and documents use.
import type { Executor } from "../../db/transaction.js";
import { unprocessable } from "../../domain/errors.js";
import { getLocationsByIds, type Location } from "../locations/index.js";
import { type OrderContact, orderContact } from "../orders/index.js";
import type { ShippingAddress } from "./carriers/carrier.js";

export interface Route {
  origin: Location;
  from: ShippingAddress;
  to: ShippingAddress;
  contact: OrderContact;
}

export async function routeOf(db: Executor, s: { location_id: string; order_id: string }): Promise<Route> {
  const [origin] = await getLocationsByIds(db, [s.location_id]);
  if (!origin) throw unprocessable(`Location ${s.location_id} no longer exists`);
  const contact = await orderContact(db, s.order_id);
  const a = contact.shipping_address;
  return {
    origin,
    contact,
    from: {
      name: origin.name,
      line1: origin.address_line1,
      line2: origin.address_line2,
      city: origin.city,
      region: origin.region,
      postalCode: origin.postal_code,
      country: origin.country,
      lat: origin.latitude,
      lon: origin.longitude,
    },
    to: {
      name: a?.name ?? contact.customer_name,
      line1: a?.line1 ?? null,
      line2: a?.line2 ?? null,
      city: a?.city ?? null,
      region: a?.region ?? null,
      postalCode: a?.postal_code ?? null,
      country: a?.country ?? origin.country,
      lat: null,
      lon: null,
    },
  };
}
