import type { SaleEvent } from '@tickflow/common';
import { Rng } from './rng.js';
import {
  CITIES,
  HOURLY_SEASONALITY,
  PAYMENT_METHODS,
  PAYMENT_WEIGHTS,
  PRODUCTS,
  PRODUCT_WEIGHTS,
  USD_TO,
} from './sales-catalogue.js';

export interface SalesGenOptions {
  seed: number;
  /** Event time of the first order, epoch ms. */
  startTs: number;
  /** Mean orders per second at the daily peak (seasonality scales it down off-peak). */
  peakRatePerSec: number;
  /** Size of the customer pool; a Zipf-like pick makes some customers buy repeatedly. */
  customers?: number;
}

const CITY_WEIGHTS = CITIES.map((c) => c.weight);
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Seeded e-commerce orders. Order ids are sequential per seed, so a rerun produces
 * the same ids (and the processor's dedup/idempotence can be tested).
 */
export class SalesGenerator {
  private readonly rng: Rng;
  private ts: number;
  private seq = 0;
  private readonly customers: number;

  constructor(private readonly opts: SalesGenOptions) {
    this.rng = new Rng(opts.seed);
    this.ts = opts.startTs;
    this.customers = opts.customers ?? 5000;
  }

  next(): SaleEvent {
    const hour = new Date(this.ts).getUTCHours();
    const rate = this.opts.peakRatePerSec * (HOURLY_SEASONALITY[hour] ?? 1) / 1.5;
    this.ts += Math.max(1, Math.round(this.rng.exponential(1000 / rate)));
    this.seq++;

    const place = this.rng.weighted(CITIES, CITY_WEIGHTS);
    const product = this.rng.weighted(PRODUCTS, PRODUCT_WEIGHTS);
    // Heavy tail: most orders are 1-2 units, a few are bulk (business) orders.
    const bulk = this.rng.next() < 0.03;
    const quantity = bulk ? this.rng.int(5, 40) : this.rng.next() < 0.8 ? 1 : this.rng.int(2, 3);
    const fx = USD_TO[place.currency] ?? 1;
    const unitPrice = round2(product.priceUsd * fx * (0.9 + 0.2 * this.rng.next()));
    // Zipf-like: u^3 concentrates picks on low ids, giving repeat buyers.
    const customerNo = 1 + Math.floor(this.customers * this.rng.next() ** 3);

    return {
      v: 1,
      orderId: `o-${this.opts.seed}-${this.seq}`,
      customerId: `c-${customerNo}`,
      segment: bulk || this.rng.next() < 0.1 ? 'business' : 'consumer',
      ts: this.ts,
      category: product.category,
      product: product.name,
      quantity,
      unitPrice,
      amount: round2(unitPrice * quantity),
      currency: place.currency,
      city: place.city,
      country: place.country,
      paymentMethod: this.rng.weighted(PAYMENT_METHODS, PAYMENT_WEIGHTS),
    };
  }
}
