// Writes the client's types from Ordo's OpenAPI document, with openapi-typescript. It runs on
// TypeScript 5 (a dev dependency of this package only): openapi-typescript builds its output with
// the TypeScript compiler API, which TypeScript 7, the project's compiler, does not have.
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";

export const SCHEMA_FILE = new URL("./schema.d.ts", import.meta.url);

/** The text of `schema.d.ts` for this document. */
export async function generateSchema(document: object): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], {
    silent: true,
    // Only `required` decides what is there; a default value says what the server assumes.
    defaultNonNullable: false,
  });
  return `${COMMENT_HEADER}// Regenerate with \`npm run client:generate\` (test/integration/typed-client.test.ts checks it).\n\n${astToString(ast)}`;
}
