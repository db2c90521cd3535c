import { SaleEventSchema, type SaleEvent } from '@tickflow/contracts';
import { firstIssue, type FieldSpec, type Rejection, type Values } from './mapping.js';

/** The sale fields a file maps; each is a column, and some may be fixed on the command line. */
export const SALE_FIELDS = [
  'orderId', 'customerId', 'ts', 'category', 'product', 'quantity', 'unitPrice', 'currency', 'city', 'country', 'paymentMethod', 'segment',
] as const;
export type SaleField = (typeof SALE_FIELDS)[number];

export interface SaleMapping {
  columns: Partial<Record<SaleField, string>>;
  /** Fixed values, for files without such a column (e.g. one shop: one currency and country). */
  fixed?: Partial<Record<SaleField, string>>;
}

const KIND: Record<SaleField, FieldSpec['kind']> = {
  orderId: 'string', customerId: 'string', ts: 'time', category: 'string', product: 'string', quantity: 'number',
  unitPrice: 'number', currency: 'string', city: 'string', country: 'string', paymentMethod: 'string', segment: 'string',
};

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function saleFields(m: SaleMapping): FieldSpec[] {
  return SALE_FIELDS.map((key) => ({
    key,
    kind: KIND[key],
    column: m.columns[key],
    fixed: m.fixed?.[key],
    // Without a segment column every buyer is a consumer.
    optional: key === 'segment',
    flag: `--${kebab(key === 'ts' ? 'time' : key)}-column`,
  }));
}

// Segment labels seen in real exports (e.g. Superstore's Consumer / Corporate / Home Office).
const SEGMENTS: Record<string, 'consumer' | 'business'> = {
  consumer: 'consumer', b2c: 'consumer', retail: 'consumer', private: 'consumer', individual: 'consumer',
  business: 'business', b2b: 'business', corporate: 'business', company: 'business', 'home office': 'business', professional: 'business',
};

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** A replayed order line, validated against the contract; amount = quantity * unit price. */
export function buildSale(v: Values): SaleEvent | Rejection {
  const segment = v.segment === undefined ? 'consumer' : SEGMENTS[String(v.segment).toLowerCase()];
  if (segment === undefined) return { reason: 'invalid_value', error: `segment: unknown "${v.segment}" (consumer|business)` };
  const quantity = Number(v.quantity);
  const unitPrice = Number(v.unitPrice);
  const candidate = {
    v: 1,
    orderId: v.orderId,
    customerId: v.customerId,
    segment,
    ts: v.ts,
    category: v.category,
    product: v.product,
    quantity,
    unitPrice,
    amount: round2(quantity * unitPrice),
    currency: typeof v.currency === 'string' ? v.currency.toUpperCase() : v.currency,
    city: v.city,
    country: v.country,
    paymentMethod: typeof v.paymentMethod === 'string' ? v.paymentMethod.toLowerCase().replace(/[\s-]+/g, '_') : v.paymentMethod,
  };
  const parsed = SaleEventSchema.safeParse(candidate);
  return parsed.success ? parsed.data : { reason: 'invalid_value', error: firstIssue(parsed.error.issues) };
}
