import { describe, expect, it } from 'vitest';
import { guessRoles, type ColumnFacts, type Role } from '../../../../src/replay/core/column-roles.js';

const NUMERIC: Role[] = ['quantity', 'unitPrice', 'amount', 'price', 'volume'];
/** A column whose values fit `role` (all numbers for numeric roles, all dates for ts, text otherwise). */
const fitting = (name: string, role?: Role): ColumnFacts => ({
  name,
  numeric: role && NUMERIC.includes(role) ? 1 : 0,
  dates: role === 'ts' ? 1 : 0,
});
const col = (name: string, numeric = 0, dates = 0): ColumnFacts => ({ name, numeric, dates });
const rolesOf = (...columns: ColumnFacts[]) => guessRoles(columns);

// Header names each role accepts alone, in the languages exports come in.
const ACCEPTED: Record<Role, string[]> = {
  lineId: ['Row ID', 'line_no', 'Item.Nr', 'position-number', 'Pos#', 'LineID', 'line__no', 'Ligne', 'Zeile', 'Línea', 'linea'],
  orderId: ['Order ID', 'order_no', 'Bestell-Nr', 'Pedido.num', 'InvoiceNumber', 'Facture #', 'Rechnung', 'Pedido', 'Commande', 'Order', 'Invoice', 'Sales Order Number'],
  customerId: ['Customer ID', 'client_no', 'Kunde-Nr', 'customer#', 'CustomerNumber', 'Client', 'Cliente', 'Kunde'],
  ts: ['Order Date', 'InvoiceDate', 'Datum', 'Fecha', 'Zeitstempel', 'Heure', 'Timestamp', 'Time', 't', 'TS'],
  category: ['Category', 'Catégorie', 'categoria', 'Product Category', 'Kategorie', 'Rubrique'],
  product: ['Product', 'Produit', 'Article', 'Artikel', 'Item', 'SKU', 'sku', 'Description', 'Libellé', 'Producto', 'Product Name'],
  quantity: ['Qty', 'Quantity', 'Qte', 'Qté', 'Quantité', 'quantite', 'Menge', 'Anzahl', 'Cantidad', 'Units'],
  unitPrice: ['Unit Price', 'UnitPrice', 'unit_price', 'unit.price', 'unit-price', 'unit  price', 'Prix unitaire', 'Prix_Unitaire', 'PrixUnitaire', 'prix  unitaire', 'Einzelpreis', 'Precio unitario', 'precio-unitario', 'PrecioUnitario', 'precio__unitario', 'Price', 'Prix', 'Preis'],
  amount: ['Sales', 'Amount', 'Total', 'Line Total', 'LineTotal', 'Line_Total', 'line.total', 'line-total', 'Total Price', 'Revenue', 'Montant TTC', 'Betrag', 'Importe', 'Umsatz', 'Ventes', "Chiffre d'affaires"],
  currency: ['Currency', 'Devise', 'Währung', 'Wahrung', 'Moneda', 'Curr', 'CCY'],
  city: ['City', 'Ville', 'Stadt', 'Ort', 'Ciudad'],
  country: ['Country', 'Pays', 'Land', 'País', 'Pais'],
  paymentMethod: ['Payment Method', 'Mode de paiement', 'Zahlungsart', 'Método de pago'],
  segment: ['Segment', 'Customer Segment'],
  symbol: ['Symbol', 'Symbole', 'Símbolo', 'Simbolo', 'Ticker', 'Instrument'],
  price: ['Close', 'Adj Close', 'AdjClose', 'adj_close', 'adj.close', 'adj-close', 'Last', 'AAPL.Close', 'quote.price', 'Schlusskurs', 'Kurs', 'Cours', 'Clôture', 'Cloture', 'Cierre'],
  volume: ['Volume', 'Volumen', 'AAPL.Volume'],
};

// Names near a role's words that take no role at all: anchors and separators matter.
const UNMATCHED = [
  'Order Line ID', 'Row/ID', 'Line Number Old', 'Zeilennummer', 'Hauptzeile', // not a line id
  'Order Status', 'Invoice Total', // an order word must end the name (or be followed by an id word)
  'Customer Name', 'Kunden', // a customer word must end the name too
  'tx', 'Shift', // only "t" and "ts" exactly, among short names
  'SKU code', 'Parent SKU', // "sku" only as the whole name
  'Qty shipped', 'Order Qty', 'Unity', // quantity words are the whole name
  'Price Paid', 'Prix HT', 'Meilleur prix', 'Gesamtpreis', 'Preise', 'unit/price', // bare price words are the whole name
  'Net Amount', 'Subtotal', // amount words begin the name
  'Currency code', 'Base currency',
  'Ortsteil', 'Billing city',
  'Landkreis', 'Ship country',
  'Symbols', 'Stock symbol', 'Symbolo', 'Simbol',
  'Previous Close', 'Enclose', 'quote_close', 'close price', 'Adj/Close', // a close word is the whole name or the last path segment
  'Volumes', 'Trade volume',
];

describe('guessRoles: header names', () => {
  for (const [role, names] of Object.entries(ACCEPTED) as [Role, string[]][]) {
    it(`${role}: ${names.join(', ')}`, () => {
      for (const name of names) expect(rolesOf(fitting(name, role)), name).toEqual({ [role]: name });
    });
  }

  it('names near a role that take no role', () => {
    for (const name of UNMATCHED) expect(rolesOf(col(name, 1, 1)), name).toEqual({});
  });

  it('matches the name with surrounding spaces trimmed, and reports it as written', () => {
    expect(rolesOf(col(' City '), col('  Qty ', 1))).toEqual({ city: ' City ', quantity: '  Qty ' });
  });
});

describe('guessRoles: values', () => {
  it('a time column needs at least 80 % dates', () => {
    expect(rolesOf(col('Date', 0, 0.8))).toEqual({ ts: 'Date' });
    expect(rolesOf(col('Date', 1, 0.79))).toEqual({});
  });

  it('quantity, unit price, amount, price and volume need at least 80 % numbers', () => {
    const names: Record<string, string> = { quantity: 'Qty', unitPrice: 'Unit Price', amount: 'Amount', price: 'Close', volume: 'Volume' };
    for (const [role, name] of Object.entries(names)) {
      expect(rolesOf(col(name, 0.8)), name).toEqual({ [role]: name });
      expect(rolesOf(col(name, 0.79, 1)), name).toEqual({});
    }
  });

  it('text roles take a column whatever its values', () => {
    for (const name of ['Order ID', 'Customer ID', 'Row ID', 'City', 'Country', 'Category', 'Product', 'Currency', 'Payment Method', 'Segment', 'Symbol']) {
      expect(Object.values(rolesOf(col(name, 0, 0)))).toEqual([name]);
      expect(Object.values(rolesOf(col(name, 1, 1)))).toEqual([name]);
    }
  });
});

describe('guessRoles: precedence and ambiguity', () => {
  it('a name that fits two roles goes to the earlier one in the table, once', () => {
    expect(rolesOf(fitting('Price', 'price'))).toEqual({ unitPrice: 'Price' }); // also a price name
    expect(rolesOf(fitting('Item No', 'lineId'))).toEqual({ lineId: 'Item No' }); // also a product name
    expect(rolesOf(fitting('Product Category'))).toEqual({ category: 'Product Category' });
    expect(rolesOf(col('Order Date', 0, 1))).toEqual({ ts: 'Order Date' });
    expect(rolesOf(col('Total Price', 1))).toEqual({ amount: 'Total Price' });
  });

  it('a column a role passed over (values do not fit) stays free for a later role', () => {
    // "Price" is a unit-price name, but text values: no role (price needs numbers too).
    expect(rolesOf(col('Price', 0.5), col('Close', 1))).toEqual({ price: 'Close' });
    // "Item No" with dates: a line id (text role), not taken by product.
    expect(rolesOf(col('Item', 0), col('Item No', 0))).toEqual({ product: 'Item', lineId: 'Item No' });
  });

  it('two columns fit one role: the first in file order takes it, the other stays unassigned', () => {
    expect(rolesOf(col('Close', 1), col('Adj Close', 1))).toEqual({ price: 'Close' });
    expect(rolesOf(col('Adj Close', 1), col('Close', 1))).toEqual({ price: 'Adj Close' });
    expect(rolesOf(col('Order ID'), col('Invoice No'))).toEqual({ orderId: 'Order ID' });
    // The first fitting one: a non-date "Date" column is skipped for a later "Time".
    expect(rolesOf(col('Date', 0, 0.2), col('Time', 0, 1))).toEqual({ ts: 'Time' });
  });

  it('real headers: Online Retail II, a Yahoo daily export, the vendored AAPL file', () => {
    const retail = [fitting('Invoice'), fitting('StockCode'), fitting('Description'), col('Quantity', 1), col('InvoiceDate', 0, 1), col('Price', 1), col('Customer ID', 0.98), fitting('Country')];
    expect(guessRoles(retail)).toEqual({ orderId: 'Invoice', product: 'Description', quantity: 'Quantity', ts: 'InvoiceDate', unitPrice: 'Price', customerId: 'Customer ID', country: 'Country' });
    const yahoo = ['Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'].map((n) => col(n, 1));
    expect(guessRoles([col('Date', 0, 1), ...yahoo])).toEqual({ ts: 'Date', price: 'Close', volume: 'Volume' });
    const aapl = ['AAPL.Open', 'AAPL.High', 'AAPL.Low', 'AAPL.Close'].map((n) => col(n, 1));
    expect(guessRoles([col('Date', 0, 1), ...aapl])).toEqual({ ts: 'Date', price: 'AAPL.Close' });
  });

  it('no columns, no roles', () => {
    expect(guessRoles([])).toEqual({});
  });
});
