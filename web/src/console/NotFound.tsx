import { Anchor, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { PageHeader } from "../ui/PageHeader";

export function NotFound() {
  return (
    <Stack>
      <PageHeader title="Page not found" />
      <Text>
        There is no page here.{" "}
        <Anchor component={Link} to="/">
          Back to the dashboard
        </Anchor>
      </Text>
    </Stack>
  );
}
