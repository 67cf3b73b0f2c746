// The packing slip that goes in the box: the order, where it goes, and what is in this package
// by product title (the variant only where it tells products apart), with a barcode of the
// order number for the returns desk.
import { drawBarcode } from "./barcode.js";
import { addressLines, type Doc, ensureRoom, renderPdf, textHeight, variantNote } from "./pdf.js";
import type { PackingSlipData } from "./types.js";

const M = 48;

export function renderPackingSlipPdf(d: PackingSlipData): Promise<Buffer> {
  const meta = {
    title: `Packing slip #${d.orderNumber}`,
    createdAt: d.orderedAt,
    footer: (page: number, pages: number) => `Order #${d.orderNumber} · page ${page} of ${pages}`,
  };
  return renderPdf({ size: "LETTER", margin: M }, meta, (doc) => {
    const width = doc.page.width - 2 * M;
    const right = M + width - 170;
    doc
      .font("Helvetica-Bold")
      .fontSize(18)
      .text(d.merchantName, M, M, { width: width - 180 });
    doc
      .font("Helvetica")
      .fontSize(10)
      .text("Packing slip", { width: width - 180 });
    drawBarcode(
      doc,
      "code128",
      d.orderNumber,
      { x: right, y: M, width: 170, height: 40, align: "right" },
      10,
    );
    doc.fontSize(10).text(`Order #${d.orderNumber}`, right, 92, { width: 170, align: "right" });
    doc.text(`Ordered ${d.orderedAt.slice(0, 10)}`, { width: 170, align: "right" });
    doc.text(`Package ${d.packageIndex} of ${d.packageCount}`, { width: 170, align: "right" });

    doc.font("Helvetica-Bold").fontSize(10).text("Ship to", M, 130);
    doc.font("Helvetica").text(addressLines(d.shipTo).join("\n"), M, 144, { width: 260 });
    if (d.note) {
      doc.font("Helvetica-Bold").text("Note", M + 280, 130);
      doc.font("Helvetica").text(d.note, M + 280, 144, { width: width - 280 });
    }
    doc.y = Math.max(doc.y, 220);
    itemTable(doc, d, width);

    if (d.supportEmail) {
      ensureRoom(doc, 40, () => undefined);
      doc.moveDown(2).fontSize(9).text(`Questions or returns: ${d.supportEmail}`, M, doc.y, { width });
    }
  });
}

function itemTable(doc: Doc, d: PackingSlipData, width: number): void {
  const col = { qty: M, item: M + 50, sku: M + width - 140 };
  const itemWidth = width - 200;
  const header = () => {
    doc.font("Helvetica-Bold").fontSize(10);
    const y = doc.y + 10;
    doc.text("Qty", col.qty, y, { width: 40 });
    doc.text("Item", col.item, y, { width: itemWidth });
    doc.text("SKU", col.sku, y, { width: 140 });
    doc
      .moveTo(M, doc.y + 4)
      .lineTo(M + width, doc.y + 4)
      .stroke();
    doc.y += 10;
  };
  header();
  for (const line of d.lines) {
    const note = variantNote(line.variantTitle);
    // Measure the row first so a wrapped title never splits across a page break.
    doc.font("Helvetica");
    const height =
      Math.max(textHeight(doc, line.productTitle, 10, itemWidth), textHeight(doc, line.sku, 10, 140)) +
      (note ? textHeight(doc, note, 8, itemWidth) : 0);
    ensureRoom(doc, height + 6, header);
    const y = doc.y;
    // The header of a new page leaves its bold font behind.
    doc.font("Helvetica").fontSize(10).text(String(line.quantity), col.qty, y, { width: 40 });
    doc.text(line.productTitle, col.item, y, { width: itemWidth });
    if (note) {
      doc.fontSize(8).fillColor("#555").text(note, col.item, doc.y, { width: itemWidth }).fillColor("#000");
    }
    const bottom = doc.y;
    doc.fontSize(10).text(line.sku, col.sku, y, { width: 140 });
    doc.y = Math.max(bottom, doc.y) + 6;
  }
}
