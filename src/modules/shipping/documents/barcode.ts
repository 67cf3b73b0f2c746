// Barcodes drawn into the PDF as vectors. bwip-js encodes the symbol and renders it as SVG;
// its paths are replayed with pdfkit's own path drawing. Vectors rather than bwip-js's PNG
// because (1) bwip-js PNGs are RGBA, which pdfkit embeds with asynchronous zlib work whose
// completion order decides the object order in the file, so two images made a reprint differ
// byte for byte; and (2) bars stay crisp at any printer resolution.
import bwipjs from "bwip-js/node";
import type { Doc } from "./pdf.js";

export type BarcodeKind = "code128" | "qrcode";

interface SvgPath {
  d: string;
  stroke: string | null;
  strokeWidth: number;
  fill: string | null;
}

interface Rendered {
  width: number;
  height: number;
  paths: SvgPath[];
}

const attr = (tag: string, name: string): string | null =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

/** Encodes `text` with bwip-js and reads back the viewBox and the paths of its SVG. */
function symbol(kind: BarcodeKind, text: string, height: number): Rendered {
  const svg = bwipjs.toSVG({
    bcid: kind,
    text,
    scale: 1,
    // The documents print the human-readable text themselves, in a font a person can read.
    ...(kind === "code128" ? { height, includetext: false } : {}),
  });
  const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!box) throw new Error(`bwip-js returned no viewBox for ${kind}`);
  const paths = [...svg.matchAll(/<path\b[^>]*>/g)].map(([tag]) => ({
    d: attr(tag, "d") ?? "",
    stroke: attr(tag, "stroke"),
    strokeWidth: Number(attr(tag, "stroke-width") ?? 1),
    fill: attr(tag, "fill"),
  }));
  return { width: Number(box[1]), height: Number(box[2]), paths };
}

/**
 * Draws the barcode scaled to fit the box, keeping its proportions, at the top of the box and
 * aligned within its width (centred unless told). `barHeight` is Code 128's bar height in millimetres before scaling,
 * i.e. its height relative to its width.
 */
export function drawBarcode(
  doc: Doc,
  kind: BarcodeKind,
  text: string,
  box: { x: number; y: number; width: number; height: number; align?: "left" | "center" | "right" },
  barHeight = 12,
): void {
  const s = symbol(kind, text, barHeight);
  const k = Math.min(box.width / s.width, box.height / s.height);
  const spare = box.width - s.width * k;
  const dx = box.align === "left" ? 0 : box.align === "right" ? spare : spare / 2;
  doc.save();
  doc.translate(box.x + dx, box.y).scale(k);
  for (const p of s.paths) {
    doc.path(p.d);
    if (p.stroke) doc.lineWidth(p.strokeWidth).strokeColor(p.stroke).stroke();
    else doc.fillColor(p.fill ?? "#000000").fill();
  }
  doc.restore();
}
