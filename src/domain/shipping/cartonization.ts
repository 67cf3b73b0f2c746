// Cartonization: which box to pack an order's items into. A suggestion for the packer, not a
// 3-D bin packing: volume with a fill factor (real packing never reaches 100 %), each item's
// own dimensions against the box, and the box's weight limit.

export interface BoxType {
  id: string;
  name: string;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  tareGrams: number;
  maxWeightGrams: number;
}

export interface Item {
  sku: string;
  quantity: number;
  /** Per unit. */
  weightGrams: number;
  /** Optional dimensions per unit; all three are needed for them to count. */
  lengthMm?: number | null;
  widthMm?: number | null;
  heightMm?: number | null;
}

export interface BoxSuggestion {
  box: BoxType;
  itemsWeightGrams: number;
  /** Items plus the box's tare: what the label is bought for. */
  totalWeightGrams: number;
  /** Items' volume over the box's volume. */
  fillRatio: number;
}

/** Volume assumed for a unit whose dimensions are unknown: a 10 cm cube. */
export const DEFAULT_UNIT_VOLUME_MM3 = 1_000_000;

/** Share of a box's volume that items can really use once padding and awkward shapes are allowed for. */
export const FILL_FACTOR = 0.8;

function validQuantity(item: Item): number {
  if (!Number.isInteger(item.quantity) || item.quantity < 0)
    throw new RangeError(`quantity of ${item.sku} must be a non-negative integer, got ${item.quantity}`);
  return item.quantity;
}

export function itemsWeight(items: readonly Item[]): number {
  return items.reduce((sum, item) => {
    if (!Number.isFinite(item.weightGrams) || item.weightGrams < 0)
      throw new RangeError(`weight of ${item.sku} must be a non-negative number, got ${item.weightGrams}`);
    return sum + item.weightGrams * validQuantity(item);
  }, 0);
}

/** Unit dimensions, longest first, or null when any is missing or not positive. */
function unitDims(item: Item): number[] | null {
  const dims = [item.lengthMm, item.widthMm, item.heightMm];
  if (!dims.every((d): d is number => typeof d === "number" && Number.isFinite(d) && d > 0)) return null;
  return dims.sort((a, b) => b - a);
}

function boxDims(box: BoxType): number[] {
  return [box.lengthMm, box.widthMm, box.heightMm].sort((a, b) => b - a);
}

function boxVolume(box: BoxType): number {
  return box.lengthMm * box.widthMm * box.heightMm;
}

function itemsVolume(items: readonly Item[]): number {
  return items.reduce((sum, item) => {
    const dims = unitDims(item);
    const unit = dims ? dims[0]! * dims[1]! * dims[2]! : DEFAULT_UNIT_VOLUME_MM3;
    return sum + unit * validQuantity(item);
  }, 0);
}

/** Every item with known dimensions fits in some orientation (longest side along the longest side, …). */
function dimensionsFit(box: BoxType, items: readonly Item[]): boolean {
  const inner = boxDims(box);
  return items.every((item) => {
    const dims = item.quantity > 0 ? unitDims(item) : null;
    return dims === null || dims.every((d, i) => d <= inner[i]!);
  });
}

/**
 * Suggests the smallest box (by volume) whose volume × FILL_FACTOR holds the items' volume, whose
 * sorted inner dimensions fit each item's sorted dimensions, and whose max weight holds items +
 * tare. Equal volumes: the lighter box (cheaper to ship). Returns null if no box fits (caller splits).
 */
export function suggestBox(boxes: readonly BoxType[], items: readonly Item[]): BoxSuggestion | null {
  const weight = itemsWeight(items);
  const volume = itemsVolume(items);
  const candidates = boxes
    .filter((box) => volume <= boxVolume(box) * FILL_FACTOR)
    .filter((box) => weight + box.tareGrams <= box.maxWeightGrams)
    .filter((box) => dimensionsFit(box, items));
  if (candidates.length === 0) return null;
  const box = candidates.reduce((best, b) => {
    const [vb, vBest] = [boxVolume(b), boxVolume(best)];
    return vb < vBest || (vb === vBest && b.tareGrams < best.tareGrams) ? b : best;
  });
  return {
    box,
    itemsWeightGrams: weight,
    totalWeightGrams: weight + box.tareGrams,
    fillRatio: volume / boxVolume(box),
  };
}
