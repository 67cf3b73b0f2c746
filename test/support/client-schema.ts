// The typed client's schema.d.ts as the code today makes it: the live /openapi.json of a test
// server, through openapi-typescript (clients/typescript/generate.ts).
import { generateSchema } from "../../clients/typescript/generate.js";
import { startTestApp } from "./harness.js";

export async function currentClientSchema(): Promise<string> {
  const t = await startTestApp({ env: { DISPATCH_ENABLED: "false" } });
  try {
    const res = await t.anonymous.get("/openapi.json");
    if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
    return await generateSchema(res.body);
  } finally {
    await t.close();
  }
}
