// What the returns pages share: colours and labels for a return's states, the channel's reasons,
// and the places that can receive a parcel.
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Disposition, RefundMethod, Return, ReturnPolicy, ReturnStatus } from "../../api/types";
import { humanize } from "../../ui/format";
import { useAuth } from "../auth";
import { useLocations } from "../reference";

export const RETURN_STATUSES: ReturnStatus[] = [
  "requested",
  "approved",
  "received",
  "refunded",
  "rejected",
  "cancelled",
];

export const RETURN_STATUS_COLORS: Record<ReturnStatus, string> = {
  requested: "blue",
  approved: "indigo",
  received: "teal",
  refunded: "green",
  rejected: "red",
  cancelled: "gray",
};

export const DISPOSITIONS: Array<{ value: Disposition; label: string }> = [
  { value: "restock", label: "Restock (sellable)" },
  { value: "damaged", label: "Set aside as damaged" },
  { value: "dispose", label: "Dispose of" },
];

export const REFUND_METHODS: Array<{ value: RefundMethod; label: string }> = [
  { value: "original_payment", label: "To the original payment" },
  { value: "store_credit", label: "As store credit" },
];

export const refundMethodLabel = (m: RefundMethod) =>
  REFUND_METHODS.find((x) => x.value === m)?.label ?? humanize(m);

/** The channel's return policy (its reasons, window and fees); the default policy when none is set. */
export function useReturnPolicy(channelId: string | null | undefined) {
  const { can } = useAuth();
  const q = useQuery({
    queryKey: ["return-policy", channelId],
    queryFn: ({ signal }) =>
      api.get<ReturnPolicy>(`/v1/channels/${channelId}/return_policy`, undefined, signal),
    enabled: !!channelId && can("settings:read"),
    staleTime: 5 * 60_000,
  });
  const reasons = q.data?.reasons ?? [];
  return {
    policy: q.data,
    reasons,
    reasonLabel: (code: string) => reasons.find((r) => r.code === code)?.label ?? humanize(code),
  };
}

/** Where a parcel can come back to: active warehouses and stores, grouped. */
export function useReceivingLocations() {
  const locations = useLocations();
  const active = locations.list.filter((l) => l.active);
  const group = (type: "warehouse" | "store", label: string) => ({
    group: label,
    items: active
      .filter((l) => l.type === type)
      .map((l) => ({ value: l.id, label: `${l.name} (${l.code})` })),
  });
  return {
    ...locations,
    receiving: [group("warehouse", "Warehouses"), group("store", "Stores")].filter((g) => g.items.length),
  };
}

/** "2× SKU-1, 1× SKU-2". */
export const returnItems = (r: Pick<Return, "lines">) =>
  r.lines.map((l) => `${l.quantity}× ${l.sku}`).join(", ");
