// What the warehouse pages share: the workstation's location (kept on this device), how much of
// a fulfillment order is left to pick, and the query keys that reload after a change.
import type { QueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiProblem } from "../../api/client";
import type { FulfillmentOrder, FulfillmentOrderLine } from "../../api/types";

const LOCATION_KEY = "ordo.workstation.location";

function stored(): string | null {
  try {
    return window.localStorage.getItem(LOCATION_KEY);
  } catch {
    return null;
  }
}

/** The location this workstation works at: chosen once, remembered on this device. */
export function useStationLocation(): [string | null, (id: string | null) => void] {
  const [id, setId] = useState<string | null>(stored);
  const set = (next: string | null) => {
    setId(next);
    try {
      if (next) window.localStorage.setItem(LOCATION_KEY, next);
      else window.localStorage.removeItem(LOCATION_KEY);
    } catch {
      // Private mode: remembered for this visit only.
    }
  };
  return [id, set];
}

/** Units of a line still to take off the shelf. */
export function toPick(l: FulfillmentOrderLine): number {
  return Math.max(0, l.quantity - l.fulfilled_quantity - l.shortage_quantity - l.picked_quantity);
}

/** Units of a line that still have to be picked, in all. */
export function toHandle(l: FulfillmentOrderLine): number {
  return Math.max(0, l.quantity - l.fulfilled_quantity - l.shortage_quantity);
}

/** In progress with every unit picked: waiting to be packed. */
export function isReady(fo: FulfillmentOrder): boolean {
  return fo.status === "in_progress" && fo.lines.every((l) => toPick(l) === 0);
}

export function linesSummary(fo: FulfillmentOrder): string {
  return fo.lines.map((l) => `${l.quantity}× ${l.sku}`).join(", ");
}

/** "3 h", "2 d": how long it has waited. */
export function age(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

export function ageHours(hours: number): string {
  return hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} d`;
}

/** The problem code at the end of a problem's `type` (`…/wrong-item` → `wrong-item`). */
export function problemCode(error: unknown): string | null {
  return error instanceof ApiProblem && error.type ? (error.type.split("/").pop() ?? null) : null;
}

export const foKey = (id: string) => ["fulfillment_order", id] as const;
export const shipmentsKey = (foId: string) => ["shipments", { fulfillment_order_id: foId }] as const;
export const suggestionKey = (foId: string) => ["package_suggestion", foId] as const;

/** After any change to a fulfillment order's work: it, its packages and the queues reload. */
export function refreshWork(queryClient: QueryClient, foId: string): void {
  void queryClient.invalidateQueries({ queryKey: foKey(foId) });
  void queryClient.invalidateQueries({ queryKey: shipmentsKey(foId) });
  void queryClient.invalidateQueries({ queryKey: suggestionKey(foId) });
  void queryClient.invalidateQueries({ queryKey: ["fulfillment_orders"] });
  void queryClient.invalidateQueries({ queryKey: ["shipments", "exceptions"] });
}

/** Where a document of the API is: opened in a new tab with the session's cookie. */
export const documentUrl = {
  label: (id: string, format: "pdf" | "zpl" = "pdf") => `/v1/shipments/${id}/label?format=${format}`,
  packingSlip: (id: string) => `/v1/shipments/${id}/packing_slip`,
  pickList: (ids: string[]) =>
    `/v1/pick_list.pdf?fulfillment_order_ids=${ids.map(encodeURIComponent).join(",")}`,
};
