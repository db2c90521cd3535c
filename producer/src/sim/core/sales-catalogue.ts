/** Static data for the sales generator. Prices are list prices in USD. */
export interface Product {
  category: string;
  name: string;
  priceUsd: number;
}

export const PRODUCTS: readonly Product[] = [
  { category: 'Electronics', name: 'Laptop Pro 14', priceUsd: 1899 },
  { category: 'Electronics', name: 'Smartphone X', priceUsd: 999 },
  { category: 'Electronics', name: 'Wireless Earbuds', priceUsd: 149 },
  { category: 'Electronics', name: '4K Monitor', priceUsd: 429 },
  { category: 'Electronics', name: 'USB-C Cable', priceUsd: 12.99 },
  { category: 'Electronics', name: 'Mechanical Keyboard', priceUsd: 119 },
  { category: 'Home', name: 'Espresso Machine', priceUsd: 649 },
  { category: 'Home', name: 'Robot Vacuum', priceUsd: 379 },
  { category: 'Home', name: 'Bedding Set', priceUsd: 89.5 },
  { category: 'Home', name: 'Scented Candle', priceUsd: 18 },
  { category: 'Home', name: 'Sofa 3-Seater', priceUsd: 1290 },
  { category: 'Fashion', name: 'Running Shoes', priceUsd: 129 },
  { category: 'Fashion', name: 'Denim Jacket', priceUsd: 98 },
  { category: 'Fashion', name: 'Cotton T-Shirt', priceUsd: 24.9 },
  { category: 'Fashion', name: 'Leather Watch', priceUsd: 1450 },
  { category: 'Grocery', name: 'Coffee Beans 1kg', priceUsd: 27.5 },
  { category: 'Grocery', name: 'Olive Oil 1L', priceUsd: 14.2 },
  { category: 'Grocery', name: 'Argan Oil 250ml', priceUsd: 32 },
  { category: 'Grocery', name: 'Mint Tea 500g', priceUsd: 9.5 },
  { category: 'Books', name: 'Streaming Systems', priceUsd: 54.99 },
  { category: 'Books', name: 'Designing Data-Intensive Applications', priceUsd: 47.99 },
  { category: 'Sports', name: 'Road Bike', priceUsd: 2400 },
  { category: 'Sports', name: 'Yoga Mat', priceUsd: 35 },
  { category: 'Office', name: 'Ergonomic Chair', priceUsd: 549 },
  { category: 'Office', name: 'Printer Paper (5 reams)', priceUsd: 29 },
];

/** How often each product is bought, relative: cheap items sell more. */
export const PRODUCT_WEIGHTS: readonly number[] = PRODUCTS.map((p) => 1 / Math.sqrt(p.priceUsd));

/** Businesses buy office, electronics and bulk consumables more, and seldom fashion. */
const BUSINESS_TILT: Readonly<Record<string, number>> = { Office: 6, Electronics: 2.5, Grocery: 1.2, Books: 1.5, Fashion: 0.2, Sports: 0.3, Home: 0.8 };
export const BUSINESS_PRODUCT_WEIGHTS: readonly number[] = PRODUCTS.map((p, i) => (PRODUCT_WEIGHTS[i] ?? 0) * (BUSINESS_TILT[p.category] ?? 1));

export interface City {
  city: string;
  country: string;
  currency: string;
  weight: number;
}

export const CITIES: readonly City[] = [
  { city: 'New York', country: 'US', currency: 'USD', weight: 18 },
  { city: 'San Francisco', country: 'US', currency: 'USD', weight: 9 },
  { city: 'Chicago', country: 'US', currency: 'USD', weight: 7 },
  { city: 'Los Angeles', country: 'US', currency: 'USD', weight: 8 },
  { city: 'Paris', country: 'FR', currency: 'EUR', weight: 10 },
  { city: 'Lyon', country: 'FR', currency: 'EUR', weight: 3 },
  { city: 'Berlin', country: 'DE', currency: 'EUR', weight: 8 },
  { city: 'Madrid', country: 'ES', currency: 'EUR', weight: 6 },
  { city: 'Casablanca', country: 'MA', currency: 'MAD', weight: 6 },
  { city: 'Marrakesh', country: 'MA', currency: 'MAD', weight: 3 },
  { city: 'Rabat', country: 'MA', currency: 'MAD', weight: 2 },
  { city: 'London', country: 'GB', currency: 'GBP', weight: 9 },
  { city: 'Manchester', country: 'GB', currency: 'GBP', weight: 3 },
];

/** Units of local currency per USD, used only to price products locally. */
export const USD_TO: Readonly<Record<string, number>> = { USD: 1, EUR: 0.92, MAD: 10.0, GBP: 0.79 };

export const PAYMENT_METHODS = ['card', 'paypal', 'apple_pay', 'bank_transfer', 'cash_on_delivery'] as const;
export const PAYMENT_WEIGHTS = [55, 18, 12, 8, 7] as const;

/**
 * Payment mix by country, in PAYMENT_METHODS order: cash on delivery dominates in Morocco,
 * PayPal and bank transfer are big in Germany, wallets in the US and UK.
 */
export const PAYMENT_WEIGHTS_BY_COUNTRY: Readonly<Record<string, readonly number[]>> = {
  US: [62, 14, 20, 3, 1],
  FR: [68, 14, 9, 7, 2],
  DE: [30, 32, 8, 28, 2],
  ES: [60, 16, 8, 6, 10],
  GB: [62, 14, 20, 3, 1],
  MA: [30, 4, 1, 10, 55],
};

/** Businesses pay by invoice (bank transfer) far more often than consumers. */
export const BUSINESS_PAYMENT_WEIGHTS = [35, 5, 0, 58, 2] as const;

/** Relative order rate by UTC hour: a night trough and evening peak. */
export const HOURLY_SEASONALITY: readonly number[] = [
  0.25, 0.18, 0.12, 0.1, 0.1, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95, 1.0, 1.05, 1.0, 0.95, 0.95, 1.0, 1.1, 1.3,
  1.45, 1.5, 1.3, 0.9, 0.5,
];

/** Relative order rate by UTC weekday (Sunday first): Sunday evening shopping, quiet Saturdays. */
export const WEEKDAY_SEASONALITY: readonly number[] = [1.0, 0.96, 0.92, 0.92, 0.94, 0.88, 0.82];

/** Share of customers that are businesses. */
export const BUSINESS_SHARE = 0.12;
