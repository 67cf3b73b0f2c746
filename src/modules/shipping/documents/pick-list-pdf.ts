// The pick list a picker walks the aisles with: one row per SKU in bin order, how many to take,
// and — for a batch — how many go to which order; a tick box per row.
import { ensureRoom, renderPdf, textHeight, variantNote } from "./pdf.js";
import type { PickListData } from "./types.js";

const M = 40;

export function renderPickListPdf(d: PickListData): Promise<Buffer> {
  const meta = {
    title: d.title,
    createdAt: d.generatedAt,
    footer: (page: number, pages: number) => `${d.title} · page ${page} of ${pages}`,
  };
  return renderPdf({ size: "LETTER", margin: M }, meta, (doc) => {
    const width = doc.page.width - 2 * M;
    doc.font("Helvetica-Bold").fontSize(16).text(d.title, M, M, { width });
    doc
      .font("Helvetica")
      .fontSize(9)
      .text(`${d.locationName} · ${d.generatedAt.slice(0, 16).replace("T", " ")} UTC`, { width });
    doc.text(`Fulfillment orders: ${d.fulfillmentOrderIds.join(", ")}`, { width });
    const col = { box: M, bin: M + 20, sku: M + 100, title: M + 220, qty: M + width - 40 };
    const titleWidth = col.qty - col.title - 8;
    const header = () => {
      doc.font("Helvetica-Bold").fontSize(9);
      const y = doc.y + 8;
      doc.text("Bin", col.bin, y).text("SKU", col.sku, y).text("Item", col.title, y);
      doc.text("Qty", col.qty, y, { width: 40, align: "right" });
      doc
        .moveTo(M, doc.y + 3)
        .lineTo(M + width, doc.y + 3)
        .stroke();
      doc.y += 8;
    };
    header();
    // A single order's picks all go to that order: the split is only worth printing for a batch.
    const batch = d.fulfillmentOrderIds.length > 1;
    for (const line of d.lines) {
      const note = variantNote(line.variantTitle);
      const split = batch ? line.picks : [];
      doc.font("Helvetica");
      const height =
        Math.max(textHeight(doc, line.productTitle, 9, titleWidth), textHeight(doc, line.sku, 9, 116), 12) +
        (note ? textHeight(doc, note, 8, titleWidth) : 0) +
        split.length * textHeight(doc, "#", 8, titleWidth);
      ensureRoom(doc, height + 6, header);
      const y = doc.y;
      doc.rect(col.box, y, 10, 10).stroke();
      doc
        .font("Helvetica-Bold")
        .fontSize(10)
        .text(line.bin ?? "—", col.bin, y, { width: 76 });
      doc.font("Helvetica").fontSize(9).text(line.sku, col.sku, y, { width: 116 });
      const skuBottom = doc.y;
      doc.text(line.productTitle, col.title, y, { width: titleWidth });
      if (note) doc.fontSize(8).fillColor("#555").text(note, col.title, doc.y, { width: titleWidth });
      doc.fillColor("#000");
      for (const p of split) {
        doc
          .fontSize(8)
          .text(`Order #${p.orderNumber}: ${p.quantity}`, col.title, doc.y, { width: titleWidth });
      }
      const bottom = Math.max(doc.y, skuBottom);
      doc
        .font("Helvetica-Bold")
        .fontSize(11)
        .text(String(line.quantity), col.qty, y, { width: 40, align: "right" });
      doc.y = Math.max(bottom, doc.y) + 6;
    }
  });
}
