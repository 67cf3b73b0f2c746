// `npm run client:generate`: regenerate clients/typescript/schema.d.ts from the OpenAPI document
// the code serves today (booted in-process on a scratch SQLite database).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SCHEMA_FILE } from "../clients/typescript/generate.js";
import { currentClientSchema } from "../test/support/client-schema.js";

delete process.env.TEST_DATABASE_URL;
const schema = await currentClientSchema();
writeFileSync(SCHEMA_FILE, schema);
console.log(`wrote ${fileURLToPath(SCHEMA_FILE)} (${schema.split("\n").length} lines)`);
