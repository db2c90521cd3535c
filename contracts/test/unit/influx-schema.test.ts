import { describe, expect, it } from 'vitest';
import { CUBE_TAGS, FIELDS, MEASUREMENTS, TAGS } from '../../src/influx-schema.js';

describe('InfluxDB schema', () => {
  it('measurement names are the ones Grafana and the InfluxDB tasks query', () => {
    expect(MEASUREMENTS).toEqual({
      quote: 'quote',
      candle: 'candle',
      pattern: 'pattern',
      sales: 'sales',
      salesCube: 'sales_cube',
      customers: 'customers',
      highTicketOrder: 'high_ticket_order',
      pipeline: 'pipeline',
    });
  });

  it('lists tags and fields for every measurement, the cube tags in cube-key order', () => {
    const names = Object.values(MEASUREMENTS).sort();
    expect(Object.keys(TAGS).sort()).toEqual(names);
    expect(Object.keys(FIELDS).sort()).toEqual(names);
    expect(TAGS.sales_cube.slice(0, 5)).toEqual([...CUBE_TAGS]);
    expect(CUBE_TAGS).toEqual(['category', 'city', 'country', 'segment', 'payment_method']);
  });
});
