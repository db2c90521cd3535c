/**
 * Likely roles of a file's columns, from header names in the languages exports come in
 * (English, French, German, Spanish) and from what the values look like. A guess for `inspect`
 * to propose, printed for the user to check: never applied silently.
 */
export type Role =
  | 'orderId' | 'lineId' | 'customerId' | 'ts' | 'category' | 'product' | 'quantity' | 'unitPrice' | 'amount'
  | 'currency' | 'city' | 'country' | 'paymentMethod' | 'segment' | 'symbol' | 'price' | 'volume';

// Checked in order; the first role whose pattern matches a free column takes it.
const NAMES: [Role, RegExp][] = [
  ['lineId', /^(row|line|item|position|pos)[\s_.-]*(id|no|nr|number|#)$|^(ligne|zeile|l[ií]nea)$/i],
  ['orderId', /(order|commande|bestell|pedido|invoice|facture|rechnung)[\s_.-]*(id|no|nr|number|#|num)?$/i],
  ['customerId', /(customer|client|kunde|cliente)[\s_.-]*(id|no|nr|number|#)?$/i],
  ['ts', /(date|time|timestamp|datum|fecha|zeit|heure)|^(t|ts)$/i],
  ['category', /(cat[eé]gor|kategorie|rubrique)/i],
  ['product', /(product|produit|article|artikel|item|^sku$|description|libell)/i],
  ['quantity', /^(qty|quantity|qt[eé]|quantit[eé]|menge|anzahl|cantidad|units)$/i],
  ['unitPrice', /(unit[\s_.-]*price|prix[\s_.-]*unitaire|einzelpreis|precio[\s_.-]*unitario|^price$|^prix$|^preis$)/i],
  ['amount', /^(sales|amount|total|line[\s_.-]*total|revenue|montant|betrag|importe|umsatz|ventes|chiffre)/i],
  ['currency', /^(currency|devise|w[aä]hrung|moneda|curr|ccy)$/i],
  ['city', /^(city|ville|stadt|ort|ciudad)([\s_./-]*name)?$/i],
  // Excel and Power BI exports say `Country/Region`; others `Country Code`, `country_name`.
  ['country', /^(country|pays|land|pa[ií]s)([\s_./-]*(region|r[ée]gion|code|name|iso))?$/i],
  ['paymentMethod', /(payment|paiement|zahlung|pago)/i],
  ['segment', /segment/i],
  ['symbol', /^(symbole?|s[ií]mbolo|ticker|instrument)$/i],
  ['price', /(^|\.)(close|adj[\s_.-]*close|last|price|schlusskurs|kurs|cours|cl[oô]ture|cierre)$/i],
  ['volume', /(^|\.)(volume|volumen)$/i],
];

export interface ColumnFacts {
  name: string;
  /** Share of non-empty values that are numbers / dates (0..1). */
  numeric: number;
  dates: number;
}

/** Assigns each role at most one column, and each column at most one role. */
export function guessRoles(columns: readonly ColumnFacts[]): Partial<Record<Role, string>> {
  const roles: Partial<Record<Role, string>> = {};
  const taken = new Set<string>();
  for (const [role, re] of NAMES) {
    const fits = columns.filter((c) => !taken.has(c.name) && re.test(c.name.trim()) && fitsValues(role, c));
    const col = fits[0];
    // Each role is in NAMES once, so it is still unassigned here.
    if (col) {
      roles[role] = col.name;
      taken.add(col.name);
    }
  }
  return roles;
}

const NUMERIC_ROLES: readonly Role[] = ['quantity', 'unitPrice', 'amount', 'price', 'volume'];

function fitsValues(role: Role, c: ColumnFacts): boolean {
  if (role === 'ts') return c.dates >= 0.8;
  // Mostly numbers: a few bad cells are the replay's to dead-letter, not a reason to miss the column.
  if (NUMERIC_ROLES.includes(role)) return c.numeric >= 0.8;
  return true;
}

/** The role a header name suggests, whatever its values (the first in NAMES' order). */
export const roleOfName = (name: string): Role | undefined => NAMES.find(([, re]) => re.test(name.trim()))?.[0];

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/**
 * Why a column got no role, for a file `inspect` does not recognise: its name is none it
 * knows, or its values do not fit the role its name suggests (with an example and its line).
 */
export function whyNoRole(c: ColumnFacts & { notNumeric?: { line: number; value: string } }, taken: Partial<Record<Role, string>>): string {
  const role = roleOfName(c.name);
  if (role === undefined) return `column "${c.name}": name not recognised as any role`;
  if (taken[role] !== undefined) return `column "${c.name}": looks like ${role}, but column "${taken[role]}" took that role`;
  if (role === 'ts') return `column "${c.name}": looks like ts, but only ${pct(c.dates)} of its values are dates in one format`;
  if (!NUMERIC_ROLES.includes(role)) return `column "${c.name}": looks like ${role}`;
  const example = c.notNumeric ? `, e.g. line ${c.notNumeric.line}: "${c.notNumeric.value}"` : '';
  return `column "${c.name}": looks like ${role}, but only ${pct(c.numeric)} of its values are numbers${example}`;
}

/** Whether a header name could take `role` (its values decide later): a superset of guessRoles' pick. */
export const nameFits = (role: Role, name: string): boolean => NAMES.some(([r, re]) => r === role && re.test(name.trim()));
