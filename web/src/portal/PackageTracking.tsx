import {
  Anchor,
  Badge,
  Box,
  Container,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Timeline,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { api } from "../api/client";
import type { PublicTracking } from "../api/types";
import { day, humanize, statusColor, when } from "../ui/format";
import { ProblemAlert } from "../ui/Problem";

/** Public: where one package is, by its tracking number alone (no order, no personal data). */
export function PackageTracking({ trackingNumber }: { trackingNumber: string }) {
  useEffect(() => {
    document.title = `Package ${trackingNumber}`;
  }, [trackingNumber]);
  const tracking = useQuery({
    queryKey: ["public-tracking", trackingNumber],
    queryFn: ({ signal }) =>
      api.get<PublicTracking>(
        `/v1/tracking/shipments/${encodeURIComponent(trackingNumber)}`,
        undefined,
        signal,
      ),
    retry: false,
  });
  const t = tracking.data;
  const events = [...(t?.events ?? [])].reverse();
  return (
    <Box bg="gray.0" mih="100vh" py="xl">
      <Container size="sm">
        <Stack>
          <Title order={1} size="h2">
            Track your package
          </Title>
          <ProblemAlert
            error={tracking.error}
            title={
              (tracking.error as { status?: number } | null)?.status === 404
                ? "We could not find that tracking number"
                : undefined
            }
          />
          {tracking.isPending && <Skeleton h={200} />}
          {t && (
            <Paper withBorder p="lg" radius="md" aria-live="polite" data-testid="package-tracking">
              <Stack>
                <Group justify="space-between" align="flex-start">
                  <div>
                    <Title order={2} size="h3" data-testid="package-tracking-number">
                      {t.tracking_number}
                    </Title>
                    <Text size="sm" c="dimmed">
                      {t.carrier ?? "Carrier"}
                      {t.shipped_at ? ` · shipped ${when(t.shipped_at)}` : ""}
                    </Text>
                  </div>
                  <Badge size="lg" color={statusColor(t.status)} data-testid="package-tracking-status">
                    {humanize(t.display_status)}
                  </Badge>
                </Group>
                {t.delivered_at ? (
                  <Text fw={600} data-testid="package-tracking-eta">
                    Delivered {when(t.delivered_at)}
                  </Text>
                ) : (
                  t.eta && (
                    <Text fw={600} data-testid="package-tracking-eta">
                      Estimated delivery: {day(t.eta)}
                    </Text>
                  )
                )}
                {events.length > 0 ? (
                  <Timeline active={0} bulletSize={14} lineWidth={2} aria-label="Package history">
                    {events.map((e) => (
                      <Timeline.Item key={`${e.happened_at}|${e.status}`} title={humanize(e.status)}>
                        <Text size="xs" c="dimmed">
                          {when(e.happened_at)}
                          {e.city ? ` · ${e.city}` : ""}
                        </Text>
                        {e.message && <Text size="sm">{e.message}</Text>}
                      </Timeline.Item>
                    ))}
                  </Timeline>
                ) : (
                  <Text size="sm" c="dimmed">
                    No scans from the carrier yet.
                  </Text>
                )}
              </Stack>
            </Paper>
          )}
          <Anchor href="/track" size="sm">
            Track an order instead
          </Anchor>
        </Stack>
      </Container>
    </Box>
  );
}
