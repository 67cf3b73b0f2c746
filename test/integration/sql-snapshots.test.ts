import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { generateSnapshots } from "../sql/snapshots.js";

// The committed sql/*.sql must be what the code runs today: a query change shows up in review.
it("the committed SQL snapshots match the queries the hot paths run (npm run sql:snapshots)", async () => {
  const files = await generateSnapshots();
  expect(files.size).toBeGreaterThan(0);
  for (const [name, content] of files) {
    const committed = readFileSync(`sql/${name}`, "utf8");
    expect(content, `sql/${name} is stale: run npm run sql:snapshots`).toBe(committed);
  }
});
