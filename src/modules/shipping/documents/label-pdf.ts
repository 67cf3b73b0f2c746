// The 4×6 inch shipping label (288×432 pt): sender, recipient, service, the tracking number as
// Code 128 for the carrier's scanners and a QR code of the tracking link.
import { drawBarcode } from "./barcode.js";
import { addressLines, renderPdf } from "./pdf.js";
import type { LabelData } from "./types.js";

const PAGE: [number, number] = [288, 432];
const M = 14;
const W = PAGE[0] - 2 * M;

export function renderLabelPdf(d: LabelData): Promise<Buffer> {
  const meta = { title: `Label ${d.trackingNumber}`, createdAt: d.shipDate };
  return renderPdf({ size: PAGE, margin: M }, meta, (doc) => {
    const rule = (y: number) =>
      doc
        .moveTo(M, y)
        .lineTo(M + W, y)
        .stroke();
    // Every block has a fixed box and clips with an ellipsis: a label is one page, always, and
    // an overlong address must not push into the barcode the carrier scans.
    doc
      .font("Helvetica-Bold")
      .fontSize(13)
      .text(d.carrierName.toUpperCase(), M, M, { width: W - 80, height: 16, ellipsis: true });
    doc
      .font("Helvetica")
      .fontSize(9)
      .text(d.serviceName, M, M + 17, { width: W - 80, height: 18, ellipsis: true });
    doc.text(`Ship ${d.shipDate}`, M, M, { width: W, align: "right" });
    doc.text(`${(d.weightGrams / 1000).toFixed(2)} kg`, M, M + 12, { width: W, align: "right" });
    rule(50);

    doc.font("Helvetica").fontSize(7).text("FROM", M, 56);
    doc.fontSize(8).text(addressLines(d.from).join("\n"), M, 66, { width: W, height: 54, ellipsis: true });
    rule(124);

    doc.fontSize(7).text("SHIP TO", M, 130);
    doc
      .font("Helvetica-Bold")
      .fontSize(12)
      .text(addressLines(d.to).join("\n"), M, 142, { width: W, height: 90, ellipsis: true });
    rule(236);

    drawBarcode(doc, "code128", d.trackingNumber, { x: M + 10, y: 246, width: W - 20, height: 70 }, 18);
    doc.font("Courier-Bold").fontSize(12).text(d.trackingNumber, M, 322, { width: W, align: "center" });
    rule(342);

    drawBarcode(doc, "qrcode", d.trackingUrl, { x: M, y: 350, width: 68, height: 68 });
    const x = M + 78;
    const w = W - 78;
    doc.font("Helvetica-Bold").fontSize(10).text(`Order #${d.orderNumber}`, x, 352, { width: w });
    doc
      .font("Helvetica")
      .fontSize(9)
      .text(`Package ${d.packageIndex} of ${d.packageCount}`, x, 366, { width: w });
    if (d.reference) doc.text(`Ref ${d.reference}`, x, 378, { width: w, height: 11, ellipsis: true });
    doc.fontSize(7).text(d.shipmentId, x, 392, { width: w, height: 9, ellipsis: true });
  });
}
