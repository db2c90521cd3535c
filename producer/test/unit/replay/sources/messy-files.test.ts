import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectCommand } from '../../../../src/replay/inspect.js';
import type { Proposal } from '../../../../src/replay/core/inspect-report.js';
import { runCommand } from '../../../support/run-command.js';

const dir = mkdtempSync(join(tmpdir(), 'messy-'));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function inspect(path: string, json = false, cliPrefix?: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await inspectCommand.run({ file: path, delimiter: 'auto', encoding: 'auto', json }, (s) => (out += s), cliPrefix ? { cliPrefix } : {});
  return { code, out };
}
const proposalOf = async (path: string): Promise<Proposal> => (JSON.parse((await inspect(path, true)).out) as { proposal: Proposal }).proposal;
/** Runs the proposed command (in-process, into memory) with the file's own times. */
const replay = async (p: Proposal) => runCommand([p.command as string, ...(p.args[0] as string[]), '--keep-time']);

describe('inspect and replay on messy files', () => {
  it('1 249,50: a space or narrow no-break space groups thousands before a decimal comma', async () => {
    const path = file('fr.csv', 'Commande;Date;Article;Qté;Montant;Devise\nF-1;15/03/2024 10:05;Lampe;2;1 249,50;EUR\nF-2;15/03/2024 10:07;Vase;1;1\u202f020,00;EUR\nF-3;16/03/2024 09:00;Bougie;3;12,50;EUR\n');
    expect((await inspect(path)).out).toContain('decimal mark: "," (votes: , 3 / . 0)');
    const p = await proposalOf(path);
    expect(p.args[0]).toEqual(expect.arrayContaining(['--delimiter', ';', '--decimal', ',']));
    const { summary, sink } = await replay(p);
    expect(summary).toMatchObject({ rows: 3, sent: 3, deadLettered: 0 });
    expect(sink.saleEvents.map((s) => s.amount)).toEqual([1249.5, 1020, 12.5]);
  });

  it("Excel's sep=; first line, a header ending CR CR LF, and a Country/Region column", async () => {
    const path = file('excel.csv', 'sep=;\r\nOrder ID;Order Date;Product;Quantity;Sales;Currency;Country/Region\r\r\nA-1;2024-03-01;Lamp;1;10.50;EUR;France\r\nA-2;2024-03-02;Vase;2;20.00;EUR;Belgium\r\n');
    const { code, out } = await inspect(path);
    expect(code).toBe(0);
    expect(out).toContain('delimiter:  ";" (from the first line "sep=;", skipped)');
    expect(out).toContain('  Country/Region           country');
    const p = await proposalOf(path);
    expect(p.args[0]).toEqual(expect.arrayContaining(['--country-column', 'Country/Region']));
    const { summary, sink } = await replay(p);
    expect(summary).toMatchObject({ rows: 2, sent: 2, deadLettered: 0 });
    expect(sink.saleEvents.map((s) => [s.product, s.country])).toEqual([['Lamp', 'France'], ['Vase', 'Belgium']]);
  });

  it('a Windows-1252 (Latin-1) file: detected from the first byte that is not UTF-8, and decoded', async () => {
    const text = 'order_id,order_date,product,city,unit_price,currency\n1,2024-03-01,Café crème,Zürich,3.50,CHF\n2,2024-03-02,Thé,Genève,2.80,CHF\n';
    const path = file('latin1.csv', Buffer.from(text, 'latin1'));
    expect((await inspect(path)).out).toContain('encoding:   windows-1252 (not UTF-8: byte 0xE9 on line 2; if wrong, --encoding utf8|latin1)');
    const p = await proposalOf(path);
    expect(p.args[0]).toEqual(expect.arrayContaining(['--encoding', 'windows-1252']));
    const { summary, sink } = await replay(p);
    expect(summary).toMatchObject({ rows: 2, sent: 2 });
    expect(sink.saleEvents.map((s) => [s.product, s.city])).toEqual([['Café crème', 'Zürich'], ['Thé', 'Genève']]);
    // Replayed without --encoding, the file is still read right, and the guess is logged.
    const auto = await runCommand(['sales-replay', ...(p.args[0] as string[]).filter((a, i, all) => a !== '--encoding' && all[i - 1] !== '--encoding'), '--keep-time']);
    expect(auto.sink.saleEvents.map((s) => s.product)).toEqual(['Café crème', 'Thé']);
    expect(auto.logs.find((l) => l.level === 40 && String(l.msg).includes('not UTF-8'))).toMatchObject({ msg: 'file is not UTF-8: read as Windows-1252 (--encoding to choose)', line: 2, byte: 0xe9 });
  });

  it('Latin-1 bytes only past the first MB (read as UTF-8): counted, located, and --encoding latin1 suggested', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `${i},2024-03-01,Tea ${i % 7},1.50,EUR`);
    const text = `order_id,order_date,product,unit_price,currency\n${rows.join('\n')}\n40000,2024-03-02,Caf\xe9,2.00,EUR\n`;
    const path = file('late-latin1.csv', Buffer.from(text, 'latin1'));
    expect(Buffer.byteLength(text, 'latin1')).toBeGreaterThan(1 << 20);
    const { out } = await inspect(path);
    expect(out).toContain('encoding:   utf-8\n');
    expect(out).toContain('note:       ENCODING: 1 values hold bytes that are not utf-8 (first at line 40002, column "product"): if the file is Latin-1 or Windows-1252 past its first MB, add --encoding latin1');
  });

  it("Excel's \"Unicode text\" (UTF-16LE with a BOM, tab-separated): decoded", async () => {
    const text = 'order_id\torder_date\tproduct\tamount\tcurrency\r\n1\t2024-03-01\tCafé\t1 249,50\tEUR\r\n2\t2024-03-02\tThé\t12,50\tEUR\r\n';
    const path = file('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect((await inspect(path)).out).toContain('encoding:   utf-16le (byte order mark; if wrong, --encoding utf8|latin1)\ndelimiter:  "\\t"');
    const p = await proposalOf(path);
    expect(p.args[0]).toEqual(expect.arrayContaining(['--encoding', 'utf-16le', '--delimiter', 'tab', '--decimal', ',']));
    expect((await replay(p)).sink.saleEvents.map((s) => [s.product, s.amount])).toEqual([['Café', 1249.5], ['Thé', 12.5]]);
  });

  it('a UTF-8 file with a byte order mark: the first column keeps its name', async () => {
    const path = file('bom.csv', '\ufefforder_id,order_date,unit_price,currency\n1,2024-03-01,3.50,EUR\n');
    const { out } = await inspect(path);
    expect(out).toContain('encoding:   utf-8 (byte order mark)');
    expect(out).toContain('  order_id                 orderId');
  });

  it('$12.00 and 12,00 € amounts without a currency column: the sign is the currency', async () => {
    const path = file('usd.csv', 'Order,Date,Total\nA,2024-03-01,$12.00\nB,2024-03-02,"$1,249.50"\nC,2024-03-03,$0.99\n');
    const p = await proposalOf(path);
    expect(p.args[0]).toEqual(expect.arrayContaining(['--currency', 'USD']));
    expect(p.notes).toContain("no currency column, but the amounts carry currency signs (USD 3): each row's sign is its currency, --currency USD is for rows without one");
    const { sink } = await replay(p);
    expect(sink.saleEvents.map((s) => [s.amount, s.currency])).toEqual([[12, 'USD'], [1249.5, 'USD'], [0.99, 'USD']]);
    const eur = await proposalOf(file('eur.csv', 'Order;Date;Total\nA;2024-03-01;12,00 €\nB;2024-03-02;€1.234,50\n'));
    expect(eur.args[0]).toEqual(expect.arrayContaining(['--decimal', ',', '--currency', 'EUR']));
    expect((await replay(eur)).sink.saleEvents.map((s) => [s.amount, s.currency])).toEqual([[12, 'EUR'], [1234.5, 'EUR']]);
  });

  it('a file it does not recognise: the reason per column', async () => {
    const path = file('odd.csv', 'Ref,Date,Total,Remark\nA,2024-03-01,n/a,x\nB,2024-03-02,12.00,y\nC,2024-03-03,call us,z\n');
    const { code, out } = await inspect(path);
    expect(code).toBe(3);
    expect(out).toContain('note:       neither an order id with an amount/unit price, nor a price column: not a sales or price file this tool recognises');
    expect(out).toContain('note:       column "Ref": name not recognised as any role');
    expect(out).toContain('note:       column "Total": looks like amount, but only 33% of its values are numbers, e.g. line 2: "n/a"');
    expect(out).toContain('note:       column "Remark": name not recognised as any role');
  });

  it('bad values: listed by line and column, as replay will reject them', async () => {
    const rows = ['F-1;15/03/2024;1;10,00', 'F-2;16/03/2024;deux;12,50', 'F-3;31/02/2024;1;5,00', 'F-4;17/03/2024;2;7,25', 'F-5;18/03/2024;1;1,00', 'F-6;19/03/2024;4;3,00'];
    const path = file('bad.csv', `Commande;Date;Qté;Montant;Devise\n${rows.map((r) => `${r};EUR`).join('\n')}\n`);
    const { out } = await inspect(path);
    expect(out).toContain(['bad values: 1 in "Qté", 1 in "Date" (replay dead-letters these rows)', '  line 3: column 3 "Qté": "deux" is not a number (decimal mark ",")', '  line 4: column 2 "Date": "31/02/2024" is not a date in format D/M/YYYY'].join('\n'));
  });

  it('no currency column and no currency sign: --currency is not made up; exit 3 and the flag to add', async () => {
    const path = file('nocur.csv', 'order_id,order_date,amount\nA,2024-03-01,12.00\n');
    const { code, out } = await inspect(path);
    expect(code).toBe(3);
    expect(out).toContain('note:       NO CURRENCY: no currency column and no currency sign on the amounts: add --currency and the ISO code (e.g. --currency EUR) to the command below');
    expect(out).toContain('replay with (add --currency first):\n  npm run producer -- sales-replay --file');
    expect(out).not.toContain('--currency EUR --');
  });

  it('the printed command starts with the configured prefix and keeps the path as given', async () => {
    const { out } = await inspect('producer/test/fixtures/replay/sales-eu.csv', false, 'docker compose run --rm producer');
    expect(out).toContain('replay with:\n  docker compose run --rm producer sales-replay --file producer/test/fixtures/replay/sales-eu.csv --delimiter');
  });
});
