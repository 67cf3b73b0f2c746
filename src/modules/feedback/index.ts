// The feedback module's public face: surveys after delivery, their sending and their routes.

export { requestFeedbackOnDelivery, sendDueFeedback } from "./requests.js";
export { feedbackRoutes } from "./routes.js";
