// The customers module's public face: what other modules, flows and tools may use.

export { customerRoutes } from "./routes.js";
export { createCustomer, findCustomer, findCustomerByEmail } from "./service.js";
