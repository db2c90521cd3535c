/** Analyst view: crossed filters, today vs yesterday vs last week, tops, peak hour, long-term trends. */
import * as barchart from '@grafana/grafana-foundation-sdk/barchart';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { ConstantVariableBuilder, QueryVariableBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import * as piechart from '@grafana/grafana-foundation-sdk/piechart';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { at, byName, changePercent, DS, flux, legend, TEXT_AS_WRITTEN, tickflowDashboard, withAll } from './common.js';
import { positiveTiers, signedTiers } from './decimals.js';
import { LONGTERM_DEFAULT, plain } from './markets.js';
import { byColumn, customers, dayCurve, keys, latestHighTicket, mix, peakHour, perCategory, perWindow, todayVs, topProducts, trend } from './sales-queries.js';

/** Money: $ with 2 decimals, more for small values (decimals.ts tiers). */
const money = <B extends { unit(u: string): B; decimals(d: number): B; withOverride(o: never): B }>(b: B): B => withAll(b.unit('prefix:$').decimals(2), positiveTiers() as never[]);
/** A money table: its text columns (ids, names) as written, not as amounts. */
const moneyTable = (b: table.PanelBuilder): table.PanelBuilder => withAll(money(b), [TEXT_AS_WRITTEN]);

const pie = (id: number, title: string, column: string, pos: ReturnType<typeof at>) =>
  money(new piechart.PanelBuilder().id(id).title(title).gridPos(pos).datasource(DS)
    .withTarget(flux(mix(column)))
    .displayName(`\${__field.labels.${column}}`)
    .pieType(piechart.PieChartType.Donut)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .displayLabels([piechart.PieChartLabels.Percent])
    .legend(new piechart.PieChartLegendOptionsBuilder().displayMode(common.LegendDisplayMode.Table).placement(common.LegendPlacement.Right).showLegend(true).values([piechart.PieChartLegendValues.Percent])));
const count = { unit: 'none', decimals: 0 };
/** Today vs yesterday and vs last week: percentages, red below 0, green above. */
const comparisons = [changePercent('vs_yesterday', 'vs yesterday'), changePercent('vs_last_week', 'vs last week')];

/**
 * "All" means any key: without a custom all value Grafana expands All to the option list, the
 * keys the variable query saw in the last 7 days, and the 30- and 365-day panels would drop the
 * rest. The queries match `=~ /^${x:regex}$/`, so ".*" (inserted as written) matches every key.
 */
const ANY = '.*';

const filterVar = (name: string, dim: string, label: string) =>
  new QueryVariableBuilder(name).label(label).datasource(DS).query(keys(dim)).refresh(2).sort(1).multi(true).includeAll(true).allValue(ANY)
    .current({ text: 'All', value: '$__all' });

export function sales(): Dashboard {
  return tickflowDashboard('Sales', 'sales', 'now-24h', 'Sales analyst view; days and times in UTC.')
    .withVariable(filterVar('category', 'category', 'Category'))
    .withVariable(filterVar('city', 'city', 'City'))
    .withVariable(filterVar('country', 'country', 'Country'))
    .withVariable(filterVar('segment', 'segment', 'Segment'))
    .withVariable(filterVar('payment', 'payment', 'Payment'))
    .withVariable(filterVar('product', 'product', 'Product'))
    .withVariable(new ConstantVariableBuilder('loyal_after').value('5'))
    .withVariable(new ConstantVariableBuilder('longterm').value(LONGTERM_DEFAULT))
    .withPanel(
      withAll(money(new stat.PanelBuilder().id(1).title('Revenue today vs yesterday and last week (same time of day)').gridPos(at(0, 0, 12, 4)).datasource(DS)
        .withTarget(flux(todayVs('revenue')))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
        .textMode(common.BigValueTextMode.ValueAndName).graphMode(common.BigValueGraphMode.None)
        // Each value over its name: the wide layout (name left, value right) gives a value
        // about 30 % of its third of a 12-column panel, and the text shrinks to fit.
        .wideLayout(false)
        .colorScheme(plain())
        .overrideByName('today', [{ id: 'displayName', value: 'Revenue today' }])),
      // The comparisons after the tiers: 2 decimals, coloured by sign (the last override wins).
      [...signedTiers(), ...comparisons]),
    )
    .withPanel(
      withAll(new stat.PanelBuilder().id(2).title('Orders today vs yesterday and last week').gridPos(at(12, 0, 8, 4)).datasource(DS)
        .withTarget(flux(todayVs('orders')))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
        .textMode(common.BigValueTextMode.ValueAndName).graphMode(common.BigValueGraphMode.None)
        .wideLayout(false)
        .colorScheme(plain())
        .unit('none').decimals(0)
        .overrideByName('today', [{ id: 'displayName', value: 'Orders today' }]),
      comparisons),
    )
    .withPanel(
      money(new stat.PanelBuilder().id(3).title('Peak hour today').gridPos(at(20, 0, 4, 4)).datasource(DS)
        .withTarget(flux(peakHour))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false).fields('/.*/'))
        .textMode(common.BigValueTextMode.ValueAndName).graphMode(common.BigValueGraphMode.None)
        .colorScheme(plain())
        .overrideByName('peak_hour', [{ id: 'displayName', value: 'Peak hour starts' }, { id: 'unit', value: 'time:HH:00' }])
        .overrideByName('revenue', [{ id: 'displayName', value: 'Revenue in that hour' }])),
    )
    .withPanel(
      money(new timeseries.PanelBuilder().id(4).title('Revenue per hour: today, yesterday, same day last week').gridPos(at(0, 4, 12, 8)).datasource(DS).legend(legend())
        .withTarget(flux(dayCurve('0d', 'today'), 'A'))
        .withTarget(flux(dayCurve('1d', 'yesterday'), 'B'))
        .withTarget(flux(dayCurve('7d', 'same day last week'), 'C'))
        .timeFrom('now/d')
        .overrideByName('yesterday', [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }])
        .overrideByName('same day last week', [{ id: 'custom.lineStyle', value: { fill: 'dot', dash: [2, 6] } }])),
    )
    .withPanel(
      money(new timeseries.PanelBuilder().id(5).title('Revenue per window by category').gridPos(at(12, 4, 12, 8)).datasource(DS).legend(legend())
        .withTarget(flux(perCategory))
        .displayName('${__field.labels.category}')
        .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal)).fillOpacity(40)),
    )
    .withPanel(pie(6, 'Payment-method mix (revenue)', 'payment_method', at(0, 12, 5, 8)))
    .withPanel(pie(13, 'Segment mix (revenue)', 'segment', at(5, 12, 4, 8)))
    .withPanel(
      money(new barchart.PanelBuilder().id(7).title('Revenue by city (top 15)').gridPos(at(9, 12, 8, 8)).datasource(DS).legend(legend())
        .withTarget(flux(byColumn('city')))
        .orientation(common.VizOrientation.Horizontal).xField('city')),
    )
    .withPanel(
      money(new barchart.PanelBuilder().id(8).title('Revenue by country').gridPos(at(17, 12, 7, 8)).datasource(DS).legend(legend())
        .withTarget(flux(byColumn('country')))
        .orientation(common.VizOrientation.Horizontal).xField('country')),
    )
    .withPanel(
      withAll(
        moneyTable(new table.PanelBuilder().id(9).title('Top customers (lifetime)').gridPos(at(0, 20, 12, 8)).datasource(DS).withTarget(flux(customers))),
        [
          byName('orders', { displayName: 'Orders', unit: 'none', decimals: 0 }),
          byName('customer_id', { displayName: 'Customer' }),
          byName('total_spent', { displayName: 'Total spent' }),
          byName('avg_basket', { displayName: 'Average basket' }),
          byName('loyal', { displayName: 'Loyal' }),
        ],
      ),
    )
    .withPanel(
      new timeseries.PanelBuilder().id(10).title('Orders and high-ticket orders per window').gridPos(at(12, 20, 12, 8)).datasource(DS).legend(legend())
        .withTarget(flux(perWindow('orders', 'orders'), 'A'))
        .withTarget(flux(perWindow('high_ticket', 'high-ticket orders'), 'B'))
        .decimals(0),
    )
    .withPanel(
      money(new timeseries.PanelBuilder().id(11).title('Revenue per day, last 30 days (long-term bucket)').gridPos(at(0, 28, 12, 8)).datasource(DS).legend(legend())
        .withTarget(flux(trend))
        .timeFrom('30d')
        .drawStyle(common.GraphDrawStyle.Bars).fillOpacity(60)),
    )
    .withPanel(
      money(new timeseries.PanelBuilder().id(12).title('Revenue per day, last 365 days (long-term bucket)').gridPos(at(12, 28, 12, 8)).datasource(DS).legend(legend())
        .withTarget(flux(trend))
        .timeFrom('365d')),
    )
    .withPanel(
      withAll(
        moneyTable(new table.PanelBuilder().id(14).title('Top products (product filter; all categories, cities, segments)').gridPos(at(0, 36, 10, 9)).datasource(DS)
          .description('From sales,dim=product: products are not in the crossed cube (their number grows with the catalogue), so only the product filter narrows this table.')
          .noValue('No sale of these products in the range')
          .withTarget(flux(topProducts))),
        [
          byName('product', { displayName: 'Product' }),
          byName('units', count),
          byName('orders', count),
        ],
      ),
    )
    .withPanel(
      withAll(
        moneyTable(new table.PanelBuilder().id(15).title('Latest high-ticket orders').gridPos(at(10, 36, 14, 9)).datasource(DS)
          .description('One row per high-ticket order line (amount in base currency at or above the processor threshold), newest first; every filter applies, the product filter too.')
          .noValue('No high-ticket order in the range for these filters')
          .withTarget(flux(latestHighTicket))),
        [
          byName('_time', { displayName: 'Ordered at' }),
          byName('order_id', { displayName: 'Order' }),
          byName('customer_id', { displayName: 'Customer' }),
          byName('payment_method', { displayName: 'Payment' }),
          byName('quantity', count),
        ],
      ),
    )
    .build();
}
