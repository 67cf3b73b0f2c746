import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { Channel, Location, Page, PriceList } from "../api/types";

/** Locations and channels change rarely: fetched once, used to show names instead of ids. */
export function useLocations() {
  const q = useQuery({
    queryKey: ["ref", "locations"],
    queryFn: ({ signal }) => api.get<Page<Location>>("/v1/locations", { limit: 500 }, signal),
    staleTime: 5 * 60_000,
  });
  const list = q.data?.data ?? [];
  const byId = new Map(list.map((l) => [l.id, l]));
  return {
    list,
    name: (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? id) : "—"),
    code: (id: string | null | undefined) => (id ? (byId.get(id)?.code ?? id) : "—"),
    options: list.map((l) => ({ value: l.id, label: `${l.name} (${l.code})` })),
  };
}

export function usePriceLists() {
  const q = useQuery({
    queryKey: ["ref", "price-lists"],
    queryFn: ({ signal }) => api.get<Page<PriceList>>("/v1/price_lists", { limit: 500 }, signal),
    staleTime: 5 * 60_000,
  });
  return (q.data?.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.code}, ${p.currency})` }));
}

export function useChannels() {
  const q = useQuery({
    queryKey: ["ref", "channels"],
    queryFn: ({ signal }) => api.get<Page<Channel>>("/v1/channels", { limit: 500 }, signal),
    staleTime: 5 * 60_000,
  });
  const list = q.data?.data ?? [];
  const byId = new Map(list.map((c) => [c.id, c]));
  return {
    list,
    name: (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? id) : "—"),
    options: list.map((c) => ({ value: c.code, label: c.name })),
  };
}
