// What the PDF documents share: a pdfkit document collected into a Buffer, page footers,
// addresses as lines, and variant titles shown only when they say something. Barcodes: barcode.ts.
import PDFDocument from "pdfkit";
import type { Address } from "./types.js";

export type Doc = PDFKit.PDFDocument;

export interface PdfMeta {
  title: string;
  /** A date from the input (ship date, order date): pdfkit derives the file ID from it. */
  createdAt: string;
  /** Text for the foot of each page, e.g. "Order #1042 · page 2 of 3"; omitted when absent. */
  footer?: (page: number, pages: number) => string;
}

/**
 * A fixed creation date taken from the document's own data, never the clock: pdfkit writes it
 * into the info dictionary and hashes it into the file ID, so a reprint is byte-identical.
 */
function creationDate(value: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

/** Renders `draw` into a PDF and resolves with the whole file. */
export async function renderPdf(
  options: PDFKit.PDFDocumentOptions,
  meta: PdfMeta,
  draw: (doc: Doc) => Promise<void> | void,
): Promise<Buffer> {
  const doc = new PDFDocument({
    ...options,
    // Footers need the page count, known only once everything is drawn.
    bufferPages: meta.footer !== undefined,
    info: {
      Title: meta.title,
      Producer: "Ordo",
      Creator: "Ordo",
      CreationDate: creationDate(meta.createdAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  await draw(doc);
  if (meta.footer) drawFooters(doc, meta.footer);
  doc.end();
  return done;
}

function drawFooters(doc: Doc, footer: NonNullable<PdfMeta["footer"]>): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { margins, width, height } = doc.page;
    // Writing inside the bottom margin would make pdfkit start a new page; lift it meanwhile.
    const bottom = margins.bottom;
    margins.bottom = 0;
    doc
      .font("Helvetica")
      .fontSize(8)
      .fillColor("#555")
      .text(footer(i - start + 1, count), margins.left, height - bottom / 2 - 4, {
        width: width - margins.left - margins.right,
        align: "center",
        lineBreak: false,
      })
      .fillColor("#000");
    margins.bottom = bottom;
  }
}

export function addressLines(a: Address): string[] {
  const cityLine = [a.city, [a.region, a.postalCode].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return [a.name, a.line1, a.line2, cityLine, a.country].filter((l): l is string => !!l && l.trim() !== "");
}

/** "Default" / "Default Title" variants are the product itself: nothing to add. */
export function variantNote(variantTitle: string | null): string | null {
  if (!variantTitle) return null;
  return /^default( title)?$/i.test(variantTitle.trim()) ? null : variantTitle;
}

/** How tall `text` sets in the current font at `width` — to keep a table row on one page. */
export function textHeight(doc: Doc, text: string, size: number, width: number): number {
  return doc.fontSize(size).heightOfString(text, { width });
}

/** Starts a new page when fewer than `needed` points are left above the bottom margin. */
export function ensureRoom(doc: Doc, needed: number, onNewPage: () => void): void {
  if (doc.y + needed <= doc.page.height - doc.page.margins.bottom) return;
  doc.addPage();
  onNewPage();
}
