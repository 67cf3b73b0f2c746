// The carriers this installation can buy labels from. Add an adapter here (configured from the
// environment) and it takes part in rate shopping and receives its own webhooks at
// `POST /v1/carriers/<code>/webhooks`.
import type { Config } from "../../../config.js";
import type { Carrier } from "./carrier.js";
import { rateTableCarrier } from "./rate-table-carrier.js";

export interface Carriers {
  all: readonly Carrier[];
  get(code: string): Carrier | undefined;
}

export function carriersFor(config: Pick<Config, "publicUrl" | "shipping">): Carriers {
  const all = [
    rateTableCarrier({
      trackingPageUrl: (n) => `${config.publicUrl}/track?tracking_number=${encodeURIComponent(n)}`,
      webhookSecret: config.shipping.carrierWebhookSecret,
    }),
  ];
  return { all, get: (code) => all.find((c) => c.code === code) };
}
