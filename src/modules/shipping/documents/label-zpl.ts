// The same 4×6 label in ZPL II for thermal printers at 203 dpi (812×1218 dots). All text goes
// through ^FH hex escapes, so an address containing ^ or ~ cannot inject printer commands.
import { addressLines } from "./pdf.js";
import type { LabelData } from "./types.js";

const WIDTH = 812;
const LEFT = 30;
const INNER = WIDTH - 2 * LEFT;

/**
 * Field data with every byte outside printable ASCII, and the three characters ZPL gives a
 * meaning (^ command, ~ control command, _ the ^FH escape itself), written as _XX hex. Under
 * ^CI28 the printer decodes the escaped bytes as UTF-8, so accented names still print.
 */
function hex(text: string): string {
  return [...Buffer.from(text, "utf8")]
    .map((b) =>
      b >= 0x20 && b < 0x7f && b !== 0x5e && b !== 0x7e && b !== 0x5f
        ? String.fromCharCode(b)
        : `_${b.toString(16).padStart(2, "0").toUpperCase()}`,
    )
    .join("");
}

/** A complete, escaped field: `^FH_^FD<data>^FS`. */
export function zplField(text: string): string {
  return `^FH_^FD${hex(text)}^FS`;
}

/**
 * Wraps lines at word boundaries to about as many characters as fit, and keeps at most
 * `maxLines`: ZPL has no measuring, and text past the edge is simply lost. Font 0 averages a
 * little over half its height per character, hence the 0.55.
 */
function wrap(lines: string[], size: number, maxLines: number, width = INNER): string[] {
  const perLine = Math.floor(width / (size * 0.55));
  const out: string[] = [];
  for (const line of lines) {
    let current = "";
    for (const word of line.split(/\s+/).filter(Boolean)) {
      const piece = word.length > perLine ? word.slice(0, perLine) : word;
      if (current && current.length + 1 + piece.length > perLine) {
        out.push(current);
        current = piece;
      } else current = current ? `${current} ${piece}` : piece;
    }
    if (current) out.push(current);
  }
  return out.slice(0, maxLines);
}

const text = (x: number, y: number, size: number, value: string) =>
  `^FO${x},${y}^A0N,${size},${size}${zplField(value)}`;

/** Module width (^BY) so the worst case, all of Code 128 subset B, still fits the label. */
function moduleWidth(data: string): number {
  const modules = (data.length + 3) * 11 + 2; // start, check and stop symbols, plus termination bar
  return Math.max(1, Math.min(3, Math.floor(INNER / modules)));
}

export function renderLabelZpl(d: LabelData): string {
  // ^CI28: UTF-8 field data; ^PW/^LL: the 4×6 label at 203 dpi; ^LH: origin at the corner.
  const out: string[] = ["^XA", "^CI28", `^PW${WIDTH}`, "^LL1218", "^LH0,0"];
  out.push(text(LEFT, 30, 40, wrap([d.carrierName.toUpperCase()], 40, 1, 520)[0] ?? ""));
  out.push(text(LEFT, 78, 28, wrap([d.serviceName], 28, 1, 520)[0] ?? ""));
  out.push(
    text(560, 30, 26, `Ship ${d.shipDate}`),
    text(560, 66, 26, `${(d.weightGrams / 1000).toFixed(2)} kg`),
  );
  out.push(`^FO${LEFT},110^GB${INNER},3,3^FS`, text(LEFT, 122, 20, "FROM"));
  out.push(...wrap(addressLines(d.from), 24, 5).map((l, i) => text(LEFT, 148 + i * 28, 24, l)));
  out.push(`^FO${LEFT},300^GB${INNER},3,3^FS`, text(LEFT, 312, 20, "SHIP TO"));
  out.push(...wrap(addressLines(d.to), 40, 6).map((l, i) => text(LEFT, 340 + i * 46, 40, l)));
  out.push(`^FO${LEFT},620^GB${INNER},3,3^FS`);
  // Code 128 in automatic mode (A): the printer switches to subset C for runs of digits, which
  // keeps long numeric tracking numbers narrow. No interpretation line: it is printed below.
  out.push(`^FO70,650^BY${moduleWidth(d.trackingNumber)},3,200^BCN,200,N,N,N,A${zplField(d.trackingNumber)}`);
  out.push(text(70, 870, 36, d.trackingNumber));
  out.push(`^FO${LEFT},930^GB${INNER},3,3^FS`);
  // QR model 2, magnification 5; "QA," = error correction Q (survives a scuffed label), automatic input.
  out.push(`^FO${LEFT},950^BQN,2,5${zplField(`QA,${d.trackingUrl}`)}`);
  out.push(
    text(300, 970, 32, `Order #${d.orderNumber}`),
    text(300, 1012, 28, `Package ${d.packageIndex} of ${d.packageCount}`),
  );
  if (d.reference)
    out.push(text(300, 1050, 24, wrap([`Ref ${d.reference}`], 24, 1, WIDTH - LEFT - 300)[0] ?? ""));
  out.push(text(300, 1084, 22, d.shipmentId), "^XZ");
  return `${out.join("\n")}\n`;
}
