// Holds real HTTP answers to the OpenAPI document the server publishes: the status must be
// documented for the operation, the content type too, the body must match the schema declared
// for that status and type (JSON Schema 2020-12, as OpenAPI 3.1 says), and the headers it marks
// as required must be there and match theirs.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Client, Reply } from "./harness.js";

interface Operation {
  operationId?: string;
  responses: Record<string, ResponseObject>;
}
interface ResponseObject {
  description?: string;
  headers?: Record<string, { required?: boolean; schema?: object }>;
  content?: Record<string, { schema?: object }>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
}

/** One answer checked: which operation and documented response it was held to. */
export interface Checked {
  method: string;
  path: string;
  operationId: string | undefined;
  status: number;
  contentType: string | null;
}

export class ContractViolation extends Error {}

export class Contract {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<object, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp; statics: number }>;
  /** Every answer checked so far, to show that a test covered what it says it did. */
  readonly checked: Checked[] = [];

  constructor(private readonly doc: OpenApiDocument) {
    if (!/^3\.1\./.test(doc.openapi)) throw new Error(`expected OpenAPI 3.1, got ${doc.openapi}`);
    this.ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(this.ajv);
    // `$ref: "#/components/schemas/Order"` resolves to the schema added under that very key.
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      this.ajv.addSchema(schema, `#/components/schemas/${name}`);
    }
    this.templates = Object.keys(doc.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
      statics: template.split("/").filter((s) => s && !s.startsWith("{")).length,
    }));
  }

  /** The documented path template a concrete path falls under (the most specific one). */
  templateFor(path: string): string {
    const bare = path.split("?")[0] ?? path;
    const found = this.templates.filter((t) => t.pattern.test(bare)).sort((a, b) => b.statics - a.statics)[0];
    if (!found) throw new ContractViolation(`no documented path matches ${bare}`);
    return found.template;
  }

  private validator(schema: object): ValidateFunction {
    let v = this.compiled.get(schema);
    if (!v) {
      v = this.ajv.compile(schema);
      this.compiled.set(schema, v);
    }
    return v;
  }

  /** Throws a ContractViolation naming everything the answer does differently from the document. */
  check(method: string, path: string, reply: Reply): Checked {
    const template = this.templateFor(path);
    const operation = this.doc.paths[template]?.[method.toLowerCase()];
    const where = `${method} ${template} → ${reply.status}`;
    if (!operation) throw new ContractViolation(`${method} ${template} is not documented`);
    const status = String(reply.status);
    const documented =
      operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
    if (!documented) {
      throw new ContractViolation(
        `${where}: status not documented (documented: ${Object.keys(operation.responses).join(", ")})`,
      );
    }
    const problems: string[] = [];
    const contentType = reply.headers.get("content-type")?.split(";")[0]?.trim() ?? null;
    if (contentType) {
      const media = documented.content?.[contentType];
      if (!media) {
        problems.push(
          `content type ${contentType} not documented (documented: ${Object.keys(documented.content ?? {}).join(", ") || "none"})`,
        );
      } else if (media.schema && contentType.includes("json")) {
        const validate = this.validator(media.schema);
        if (!validate(reply.body)) {
          problems.push(`body does not match: ${this.ajv.errorsText(validate.errors, { separator: "; " })}`);
        }
      }
    } else if (documented.content && Object.keys(documented.content).length > 0) {
      problems.push("no content type, but the document promises content");
    }
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      const value = reply.headers.get(name);
      if (value === null) {
        if (header.required) problems.push(`required header ${name} is missing`);
        continue;
      }
      if (!header.schema) continue;
      const type = (header.schema as { type?: string }).type;
      const validate = this.validator(header.schema);
      const parsed = type === "integer" || type === "number" ? Number(value) : value;
      if (!validate(parsed)) problems.push(`header ${name}: ${this.ajv.errorsText(validate.errors)}`);
    }
    if (problems.length > 0) {
      throw new ContractViolation(
        `${where}:\n  ${problems.join("\n  ")}\n  body: ${JSON.stringify(reply.body)}`,
      );
    }
    const checked = {
      method,
      path: template,
      operationId: operation.operationId,
      status: reply.status,
      contentType,
    };
    this.checked.push(checked);
    return checked;
  }

  /** A client whose every answer is checked against the document before the test sees it. */
  client(inner: Client): Client {
    const request: Client["request"] = async (method, path, body, headers) => {
      const reply = await inner.request(method, path, body, headers);
      this.check(method, path, reply);
      return reply;
    };
    return {
      request,
      get: (path, headers) => request("GET", path, undefined, headers),
      post: (path, body, headers) => request("POST", path, body, headers),
      patch: (path, body, headers) => request("PATCH", path, body, headers),
      delete: (path, headers) => request("DELETE", path, undefined, headers),
    };
  }
}
