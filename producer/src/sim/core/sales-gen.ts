import type { SaleEvent } from '@tickflow/contracts';
import { Rng } from './rng.js';
import {
  BUSINESS_PAYMENT_WEIGHTS,
  BUSINESS_PRODUCT_WEIGHTS,
  BUSINESS_SHARE,
  CITIES,
  HOURLY_SEASONALITY,
  PAYMENT_METHODS,
  PAYMENT_WEIGHTS,
  PAYMENT_WEIGHTS_BY_COUNTRY,
  PRODUCTS,
  PRODUCT_WEIGHTS,
  USD_TO,
  WEEKDAY_SEASONALITY,
  type City,
} from './sales-catalogue.js';

export interface SalesGenOptions {
  seed: number;
  /** Event time of the first order, epoch ms. */
  startTs: number;
  /** Mean orders per second at the daily peak (seasonality scales it down off-peak). */
  peakRatePerSec: number;
  /** Size of the customer pool (ids c-1..c-N); a loyal core of it buys repeatedly. */
  customers?: number;
}

/** What stays the same across a customer's orders. */
interface Customer {
  home: City;
  segment: 'consumer' | 'business';
  payment: (typeof PAYMENT_METHODS)[number];
}

/** Share of the pool that is loyal, and share of orders that loyal customers place. */
export const LOYAL_POOL_SHARE = 0.1;
export const LOYAL_ORDER_SHARE = 0.4;
const CITY_WEIGHTS = CITIES.map((c) => c.weight);
const PEAK_HOUR_RATE = Math.max(...HOURLY_SEASONALITY);
const round2 = (x: number): number => Math.round(x * 100) / 100;
const paymentWeights = (country: string): readonly number[] => PAYMENT_WEIGHTS_BY_COUNTRY[country] ?? PAYMENT_WEIGHTS;

/** A well-mixed 32-bit seed per (run seed, customer): profiles don't depend on order history. */
function customerSeed(seed: number, customerNo: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(customerNo, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Seeded e-commerce orders. Order ids are sequential per seed, so a rerun produces
 * the same ids (and the processor's dedup/idempotence can be tested).
 *
 * Realism: the order rate follows the hour of day and the weekday; customers come from a
 * pool with a loyal core (repeat buyers) and keep a home city, segment and usual payment
 * method; businesses buy in bulk and pay by transfer; expensive products and bulk quantities
 * make a heavy tail of high-ticket orders. Prices are local (USD, EUR, MAD, GBP), +-10 %.
 */
export class SalesGenerator {
  private readonly rng: Rng;
  private ts: number;
  private seq = 0;
  private readonly customers: number;
  private readonly profiles = new Map<number, Customer>();

  constructor(private readonly opts: SalesGenOptions) {
    this.rng = new Rng(opts.seed);
    this.ts = opts.startTs;
    this.customers = opts.customers ?? 5000;
  }

  next(): SaleEvent {
    const now = new Date(this.ts);
    const seasonal = ((HOURLY_SEASONALITY[now.getUTCHours()] ?? 1) / PEAK_HOUR_RATE) * (WEEKDAY_SEASONALITY[now.getUTCDay()] ?? 1);
    this.ts += Math.max(1, Math.round(this.rng.exponential(1000 / (this.opts.peakRatePerSec * seasonal))));
    this.seq++;

    const customerNo = this.pickCustomer();
    const customer = this.profile(customerNo);
    const business = customer.segment === 'business';
    // Most orders ship home; some are gifts or bought while travelling.
    // Stryker disable next-line EqualityOperator: equivalent, next() is k / 2^32 and never equals this threshold (0.5: with probability 2^-32)
    const place = this.rng.next() < 0.9 ? customer.home : this.rng.weighted(CITIES, CITY_WEIGHTS);
    const product = this.rng.weighted(PRODUCTS, business ? BUSINESS_PRODUCT_WEIGHTS : PRODUCT_WEIGHTS);
    const quantity = business ? this.businessQuantity() : this.consumerQuantity();
    const fx = USD_TO[place.currency] ?? 1;
    const volumeDiscount = quantity >= 10 ? 0.9 : 1;
    const unitPrice = round2(product.priceUsd * fx * volumeDiscount * (0.9 + 0.2 * this.rng.next()));
    // Stryker disable EqualityOperator: equivalent, next() is k / 2^32 and never equals 0.85
    const paymentMethod = business
      ? this.rng.weighted(PAYMENT_METHODS, BUSINESS_PAYMENT_WEIGHTS)
      : this.rng.next() < 0.85
        ? customer.payment
        : this.rng.weighted(PAYMENT_METHODS, paymentWeights(place.country));
    // Stryker restore EqualityOperator

    return {
      v: 1,
      orderId: `o-${this.opts.seed}-${this.seq}`,
      customerId: `c-${customerNo}`,
      segment: customer.segment,
      ts: this.ts,
      category: product.category,
      product: product.name,
      quantity,
      unitPrice,
      amount: round2(unitPrice * quantity),
      currency: place.currency,
      city: place.city,
      country: place.country,
      paymentMethod,
    };
  }

  /**
   * Repeat buyers: a loyal core (the first 10 % of ids) places 40 % of orders; the rest come
   * from the whole pool, so in a short run most buyers are new and the core keeps coming back.
   */
  private pickCustomer(): number {
    // Stryker disable next-line EqualityOperator: equivalent, next() is k / 2^32 and never equals this threshold (0.5: with probability 2^-32)
    const loyal = this.rng.next() < LOYAL_ORDER_SHARE;
    const pool = loyal ? Math.max(1, Math.round(this.customers * LOYAL_POOL_SHARE)) : this.customers;
    return 1 + Math.floor(pool * this.rng.next());
  }

  /** Mostly single items; a few multi-packs and gifts. */
  private consumerQuantity(): number {
    const u = this.rng.next();
    // Stryker disable next-line EqualityOperator: equivalent, next() is k / 2^32 and never equals this threshold (0.5: with probability 2^-32)
    return u < 0.8 ? 1 : u < 0.97 ? this.rng.int(2, 3) : this.rng.int(4, 10);
  }

  /** Businesses restock: a long tail up to 60 units. */
  private businessQuantity(): number {
    const u = this.rng.next();
    // Stryker disable next-line EqualityOperator: equivalent, next() is k / 2^32 and never equals this threshold (0.5: with probability 2^-32)
    return u < 0.5 ? this.rng.int(1, 3) : u < 0.9 ? this.rng.int(5, 20) : this.rng.int(21, 60);
  }

  private profile(customerNo: number): Customer {
    let c = this.profiles.get(customerNo);
    // Stryker disable next-line ConditionalExpression: equivalent, a cache: a profile is a pure function of (seed, customer)
    if (!c) {
      const r = new Rng(customerSeed(this.opts.seed, customerNo));
      const home = r.weighted(CITIES, CITY_WEIGHTS);
      // Stryker disable next-line EqualityOperator: equivalent, next() is k / 2^32 and never equals this threshold (0.5: with probability 2^-32)
      c = { home, segment: r.next() < BUSINESS_SHARE ? 'business' : 'consumer', payment: r.weighted(PAYMENT_METHODS, paymentWeights(home.country)) };
      // Stryker disable next-line all: equivalent, the same cache
      this.profiles.set(customerNo, c);
    }
    return c;
  }
}
