// The payments domain's pure logic: the transaction ledger, what is due when, the test cards.
export * from "./charges.js";
export * from "./ledger.js";
export * from "./test-cards.js";
