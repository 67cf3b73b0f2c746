// The notifications module's public face: what other modules, flows and tools may use.

export { smtpMailer } from "./mailer.js";
export { notificationRoutes } from "./routes.js";
export { createNotifications, getBranding, notificationBacklog, sendDueNotifications } from "./service.js";
