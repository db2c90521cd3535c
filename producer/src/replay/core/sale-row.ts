import { SaleEventSchema, type SaleEvent } from '@tickflow/contracts';
import { firstIssue, type FieldSpec, type Rejection, type Values } from './mapping.js';

/** The sale fields a file maps; each is a column, with a fallback for absent or empty cells. */
export const SALE_FIELDS = [
  'orderId', 'lineId', 'customerId', 'ts', 'category', 'product', 'quantity', 'unitPrice', 'amount', 'currency', 'city', 'country', 'paymentMethod', 'segment',
] as const;
export type SaleField = (typeof SALE_FIELDS)[number];

/**
 * What a row gets when an optional column is absent from the file or its cell is empty.
 * Order id, time, price (unit price or line amount) and currency have none: without them a
 * row cannot be counted, so it is dead-lettered (or the header refused).
 */
export const SALE_DEFAULTS: Partial<Record<SaleField, string>> = {
  customerId: 'anonymous',
  category: 'uncategorized',
  product: 'unknown',
  quantity: '1',
  city: 'unknown',
  country: 'unknown',
  paymentMethod: 'unknown',
  segment: 'consumer',
};

export interface SaleMapping {
  columns: Partial<Record<SaleField, string>>;
  /** Values for rows whose column is absent or empty (e.g. `--currency EUR`); override SALE_DEFAULTS. */
  fixed?: Partial<Record<SaleField, string>>;
}

const KIND: Record<SaleField, FieldSpec['kind']> = {
  orderId: 'string', lineId: 'string', customerId: 'string', ts: 'time', category: 'string', product: 'string', quantity: 'number',
  unitPrice: 'number', amount: 'number', currency: 'string', city: 'string', country: 'string', paymentMethod: 'string', segment: 'string',
};

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Field specs for a mapping. With an amount column (line total) the unit price is derived and
 * its column not read; without one the unit price column is required.
 */
export function saleFields(m: SaleMapping): FieldSpec[] {
  const byAmount = m.columns.amount !== undefined;
  return SALE_FIELDS.filter((key) => (byAmount ? key !== 'unitPrice' : key !== 'amount'))
    .filter((key) => key !== 'lineId' || m.columns.lineId !== undefined)
    .map((key) => ({
      key,
      kind: KIND[key],
      column: m.columns[key],
      fixed: m.fixed?.[key] ?? SALE_DEFAULTS[key],
      flag: `--${kebab(key === 'ts' ? 'time' : key)}-column`,
    }));
}

// Segment labels seen in real exports (e.g. Superstore's Consumer / Corporate / Home Office).
const SEGMENTS: Record<string, 'consumer' | 'business'> = {
  consumer: 'consumer', b2c: 'consumer', retail: 'consumer', private: 'consumer', individual: 'consumer',
  business: 'business', b2b: 'business', corporate: 'business', company: 'business', 'home office': 'business', professional: 'business',
};

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * A replayed order line, validated against the contract. From a line amount, unit price =
 * amount / quantity (the amount is kept as written); from a unit price, amount = quantity *
 * unit price rounded to the cent.
 */
export function buildSale(v: Values): SaleEvent | Rejection {
  const segment = v.segment === undefined ? 'consumer' : SEGMENTS[String(v.segment).toLowerCase()];
  if (segment === undefined) return { reason: 'invalid_value', error: `segment: unknown "${v.segment}" (consumer|business)` };
  const quantity = Number(v.quantity);
  const byAmount = v.amount !== undefined;
  const amount = byAmount ? Number(v.amount) : round2(quantity * Number(v.unitPrice));
  const unitPrice = byAmount ? amount / quantity : Number(v.unitPrice);
  const candidate = {
    v: 1,
    orderId: v.orderId,
    ...(v.lineId === undefined ? {} : { lineId: String(v.lineId) }),
    customerId: v.customerId,
    segment,
    ts: v.ts,
    category: v.category,
    product: v.product,
    quantity,
    unitPrice,
    amount,
    currency: typeof v.currency === 'string' ? v.currency.toUpperCase() : v.currency,
    city: v.city,
    country: v.country,
    paymentMethod: typeof v.paymentMethod === 'string' ? v.paymentMethod.toLowerCase().replace(/[\s-]+/g, '_') : v.paymentMethod,
  };
  const parsed = SaleEventSchema.safeParse(candidate);
  return parsed.success ? parsed.data : { reason: 'invalid_value', error: firstIssue(parsed.error.issues) };
}
