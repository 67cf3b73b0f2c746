import {
  Badge,
  Button,
  Group,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import { PageHeader } from "../../ui/PageHeader";
import { ProblemAlert } from "../../ui/Problem";
import { useAuth } from "../auth";
import { useLocations } from "../reference";

interface Slot {
  id: string;
  date: string;
  kind: "delivery" | "service";
  skill: string | null;
  starts_at: string;
  ends_at: string;
  cutoff_at: string;
  capacity: number;
  used: number;
  available: number;
}

interface PlannedStop {
  booking_id: string;
  order_id: string | null;
  sequence: number;
  window_start: string;
  window_end: string;
  eta: string;
  reasons: string[];
}

interface RoutePlan {
  id: string;
  date: string;
  routes: Array<{
    vehicle_id: string;
    driver_id: string | null;
    departure: string;
    return_time: string;
    distance_m: number;
    stops: PlannedStop[];
  }>;
  unassigned: Array<{ booking_id: string; reason: string }>;
  stop_count: number;
  distance_m: number;
  elapsed_ms: number;
}

const today = () => new Date().toISOString().slice(0, 10);
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const time = (iso: string, timeZone?: string) =>
  new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", timeZone }).format(new Date(iso));

/** Slots per location (booked / capacity, by day) and the day's local-delivery route plan. */
export function SchedulingPage() {
  const { can } = useAuth();
  const locations = useLocations();
  const [location, setLocation] = useState<string | null>(null);
  const [from, setFrom] = useState(today());
  const [planDate, setPlanDate] = useState(today());
  const [plan, setPlan] = useState<RoutePlan | null>(null);
  const zone = locations.list.find((l) => l.id === location)?.time_zone;
  const to = plusDays(from, 6);
  const slots = useQuery({
    queryKey: ["scheduling", "calendar", location, from],
    enabled: location !== null,
    queryFn: ({ signal }) =>
      api.get<{ data: Slot[] }>(
        "/v1/slot_calendar",
        { location_id: location ?? undefined, from, to },
        signal,
      ),
  });
  const planRoutes = useMutation({
    mutationFn: () => api.post<RoutePlan>("/v1/route_plans", { location_id: location, date: planDate }),
    onSuccess: setPlan,
  });
  const byDay = new Map<string, Slot[]>();
  for (const s of slots.data?.data ?? []) byDay.set(s.date, [...(byDay.get(s.date) ?? []), s]);
  return (
    <Stack gap="md">
      <PageHeader
        title="Scheduling"
        subtitle="Delivery slots and service appointments per location, and local-delivery route plans"
        actions={
          <Group align="flex-end">
            <Select
              label="Location"
              placeholder="Choose a location"
              data={locations.options}
              value={location}
              onChange={setLocation}
              data-testid="scheduling-location"
            />
            <TextInput
              label="Week from"
              type="date"
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
            />
          </Group>
        }
      />
      <ProblemAlert error={slots.error ?? planRoutes.error} />
      {location === null && <Text c="dimmed">Choose a location to see its slots.</Text>}
      {location !== null && (
        <Paper withBorder radius="md">
          <ScrollArea type="auto">
            <Table verticalSpacing="xs" miw={760} data-testid="slot-calendar">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Day</Table.Th>
                  <Table.Th scope="col">Slots (booked / capacity)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {byDay.size === 0 && !slots.isPending && (
                  <Table.Tr>
                    <Table.Td colSpan={2}>No slots this week.</Table.Td>
                  </Table.Tr>
                )}
                {[...byDay.entries()].map(([date, day]) => (
                  <Table.Tr key={date}>
                    <Table.Td>{date}</Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        {day.map((s) => (
                          <Badge
                            key={s.id}
                            variant="light"
                            color={s.available === 0 ? "red" : s.kind === "service" ? "violet" : "blue"}
                            title={`${s.kind}${s.skill ? ` (${s.skill})` : ""}, cut-off ${time(s.cutoff_at, zone)}`}
                          >
                            {time(s.starts_at, zone)}–{time(s.ends_at, zone)} · {s.used}/{s.capacity}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Paper>
      )}

      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4">
          Route plan
        </Title>
        <Group align="flex-end">
          <TextInput
            label="Day"
            type="date"
            value={planDate}
            onChange={(e) => setPlanDate(e.currentTarget.value)}
          />
          {can("fulfillment:write") && (
            <Button
              disabled={location === null}
              loading={planRoutes.isPending}
              onClick={() => planRoutes.mutate()}
            >
              Plan routes
            </Button>
          )}
        </Group>
      </Group>
      {plan && (
        <Stack gap="sm" data-testid="route-plan">
          <Text size="sm">
            {plan.stop_count} stops on {plan.routes.length} routes · {(plan.distance_m / 1000).toFixed(1)} km
            · solved in {plan.elapsed_ms} ms ·{" "}
            <a href={`/v1/route_plans/${plan.id}/sheet.pdf`} target="_blank" rel="noreferrer">
              route sheet (PDF)
            </a>
          </Text>
          {plan.routes.map((r) => (
            <Paper key={r.vehicle_id} withBorder radius="md" p="sm">
              <Text fw={600}>
                {r.vehicle_id}
                {r.driver_id ? ` · ${r.driver_id}` : ""} · leaves {time(r.departure, zone)}, back{" "}
                {time(r.return_time, zone)}
              </Text>
              <Table verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">#</Table.Th>
                    <Table.Th scope="col">ETA</Table.Th>
                    <Table.Th scope="col">Window</Table.Th>
                    <Table.Th scope="col">Booking</Table.Th>
                    <Table.Th scope="col">Why here</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.stops.map((s) => (
                    <Table.Tr key={s.booking_id}>
                      <Table.Td>{s.sequence}</Table.Td>
                      <Table.Td>{time(s.eta, zone)}</Table.Td>
                      <Table.Td>
                        {time(s.window_start, zone)}–{time(s.window_end, zone)}
                      </Table.Td>
                      <Table.Td>{s.order_id ?? s.booking_id}</Table.Td>
                      <Table.Td>{s.reasons.join(", ")}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          ))}
          {plan.unassigned.length > 0 && (
            <Text c="red" size="sm">
              Not routed: {plan.unassigned.map((u) => `${u.booking_id} (${u.reason})`).join(", ")}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}
