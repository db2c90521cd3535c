import { z } from 'zod';

export const SEGMENTS = ['consumer', 'business'] as const;

/**
 * One e-commerce order line (an order with several lines is several events sharing `orderId`,
 * told apart by `lineId`). `amount` is in `currency`, not yet converted:
 * the processor converts with its rate table and dead-letters unknown currencies.
 * `ts` is the order's event time in epoch milliseconds.
 */
export const SaleEventSchema = z
  .object({
    v: z.literal(1),
    orderId: z.string().min(1).max(64),
    /** The file's own line/row id when an order spans several lines: dedup is by (orderId, lineId). */
    lineId: z.string().min(1).max(64).optional(),
    customerId: z.string().min(1).max(64),
    segment: z.enum(SEGMENTS),
    ts: z.number().int().positive(),
    category: z.string().min(1).max(64),
    product: z.string().min(1).max(128),
    quantity: z.number().int().positive(),
    unitPrice: z.number().finite().positive(),
    amount: z.number().finite().positive(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    city: z.string().min(1).max(64),
    country: z.string().min(2).max(64),
    paymentMethod: z.string().min(1).max(32),
  })
  .refine((s) => Math.abs(s.amount - s.quantity * s.unitPrice) <= 0.01 + 1e-9 * s.amount, {
    message: 'amount must equal quantity * unitPrice',
    path: ['amount'],
  });

export type SaleEvent = z.infer<typeof SaleEventSchema>;
