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
  { category: 'Home', name: 'Espresso Machine', priceUsd: 649 },
  { category: 'Home', name: 'Robot Vacuum', priceUsd: 379 },
  { category: 'Home', name: 'Bedding Set', priceUsd: 89.5 },
  { category: 'Home', name: 'Scented Candle', priceUsd: 18 },
  { category: 'Fashion', name: 'Running Shoes', priceUsd: 129 },
  { category: 'Fashion', name: 'Denim Jacket', priceUsd: 98 },
  { category: 'Fashion', name: 'Cotton T-Shirt', priceUsd: 24.9 },
  { category: 'Fashion', name: 'Leather Watch', priceUsd: 1450 },
  { category: 'Grocery', name: 'Coffee Beans 1kg', priceUsd: 27.5 },
  { category: 'Grocery', name: 'Olive Oil 1L', priceUsd: 14.2 },
  { category: 'Grocery', name: 'Argan Oil 250ml', priceUsd: 32 },
  { category: 'Books', name: 'Streaming Systems', priceUsd: 54.99 },
  { category: 'Books', name: 'Designing Data-Intensive Applications', priceUsd: 47.99 },
  { category: 'Sports', name: 'Road Bike', priceUsd: 2400 },
  { category: 'Sports', name: 'Yoga Mat', priceUsd: 35 },
];

/** How often each product is bought, relative: cheap items sell more. */
export const PRODUCT_WEIGHTS: readonly number[] = PRODUCTS.map((p) => 1 / Math.sqrt(p.priceUsd));

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
  { city: 'Paris', country: 'FR', currency: 'EUR', weight: 10 },
  { city: 'Berlin', country: 'DE', currency: 'EUR', weight: 8 },
  { city: 'Madrid', country: 'ES', currency: 'EUR', weight: 6 },
  { city: 'Casablanca', country: 'MA', currency: 'MAD', weight: 6 },
  { city: 'Marrakesh', country: 'MA', currency: 'MAD', weight: 3 },
  { city: 'London', country: 'GB', currency: 'GBP', weight: 9 },
];

/** Units of local currency per USD, used only to price products locally. */
export const USD_TO: Readonly<Record<string, number>> = { USD: 1, EUR: 0.92, MAD: 10.0, GBP: 0.79 };

export const PAYMENT_METHODS = ['card', 'paypal', 'apple_pay', 'bank_transfer', 'cash_on_delivery'] as const;
export const PAYMENT_WEIGHTS = [55, 18, 12, 8, 7] as const;

/** Relative order rate by UTC hour: a night trough and evening peak. */
export const HOURLY_SEASONALITY: readonly number[] = [
  0.25, 0.18, 0.12, 0.1, 0.1, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95, 1.0, 1.05, 1.0, 0.95, 0.95, 1.0, 1.1, 1.3,
  1.45, 1.5, 1.3, 0.9, 0.5,
];
