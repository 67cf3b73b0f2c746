import { Anchor, Group, Select, Stack, Text } from "@mantine/core";
import { Link, useParams } from "react-router";
import { PageHeader } from "../../ui/PageHeader";
import { useLocations } from "../reference";
import { FulfillmentQueue } from "./FulfillmentQueue";
import { FulfillmentWork } from "./FulfillmentWork";
import { useStationLocation } from "./station";

/** The packing bench: the location's queue of fulfillment orders, then one order's pick, pack and ship. */
export function WorkstationPage() {
  const { id } = useParams();
  const locations = useLocations();
  const [locationId, setLocationId] = useStationLocation();
  const known = !locationId || locations.list.length === 0 || locations.list.some((l) => l.id === locationId);
  return (
    <Stack gap="md">
      <PageHeader
        title="Workstation"
        subtitle={
          locationId ? `Picking and packing at ${locations.name(locationId)}` : "Choose where you work"
        }
        actions={
          <Select
            label="Location"
            placeholder="Choose a location"
            searchable
            w={280}
            data={locations.options}
            value={known ? locationId : null}
            onChange={setLocationId}
            allowDeselect={false}
            data-testid="station-location"
          />
        }
      />
      {id ? (
        <Stack gap="xs">
          <Group>
            <Anchor component={Link} to="/warehouse" size="sm">
              ← Back to the queue
            </Anchor>
          </Group>
          <FulfillmentWork id={id} />
        </Stack>
      ) : locationId && known ? (
        <FulfillmentQueue locationId={locationId} />
      ) : (
        <Text c="dimmed" data-testid="choose-location">
          Choose the location of this workstation to see its queue.
        </Text>
      )}
    </Stack>
  );
}
