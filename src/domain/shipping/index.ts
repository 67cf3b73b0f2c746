// The shipping domain's pure logic: rates, rate shopping, boxes, tracking and exceptions.
export * from "./cartonization.js";
export * from "./exceptions.js";
export * from "./rate-shopping.js";
export * from "./rate-table.js";
export * from "./tracking.js";
export * from "./tracking-number.js";
