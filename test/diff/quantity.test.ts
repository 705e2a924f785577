import { describe, expect, it } from 'vitest';
import {
  compareQuantities,
  parseQuantity,
  quantitiesEqual,
  quantityToNumber,
} from '../../src/kube/quantity.js';

describe('quantities', () => {
  it.each([
    ['1000m', '1'],
    ['1Gi', '1024Mi'],
    ['0.5', '500m'],
    ['1e3', '1k'],
    ['1.5Gi', '1536Mi'],
    ['100M', '1e8'],
    [2, '2000m'],
    ['.5', '0.5'],
    ['1E-3', '1m'],
    ['1n', '0.001u'],
  ])('%s equals %s', (a, b) => {
    expect(quantitiesEqual(a, b)).toBe(true);
  });

  it.each([
    ['1Gi', '1G'],
    ['1', '1001m'],
    ['abc', 'abc'],
    ['1Gb', '1Gb'],
    [true, 1],
  ])('%s differs from %s', (a, b) => {
    expect(quantitiesEqual(a, b)).toBe(false);
  });

  it('orders and converts exactly', () => {
    expect(compareQuantities(parseQuantity('999m')!, parseQuantity('1')!)).toBeLessThan(0);
    expect(compareQuantities(parseQuantity('1Ki')!, parseQuantity('1k')!)).toBeGreaterThan(0);
    expect(quantityToNumber(parseQuantity('-250m')!)).toBe(-0.25);
    expect(parseQuantity('')).toBeUndefined();
  });
});
