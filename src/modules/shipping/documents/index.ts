// Printed documents: labels (PDF, ZPL II), packing slips and pick lists, rendered from plain data.
export { renderLabelPdf } from "./label-pdf.js";
export { renderLabelZpl, zplField } from "./label-zpl.js";
export { renderPackingSlipPdf } from "./packing-slip-pdf.js";
export { renderPickListPdf } from "./pick-list-pdf.js";
export type { Address, LabelData, PackingSlipData, PickListData, PickListLine, SlipLine } from "./types.js";
