import { describe, expect, it } from 'vitest';
import { deliveryOf, type PartReport } from './delivery-outcome';

const report = (outcome: PartReport['outcome'], second: number, detail: string = outcome): PartReport => ({
  outcome,
  at: `2026-12-06T10:00:${String(second).padStart(2, '0')}.000Z`,
  detail,
});
const at = (second: number) => `2026-12-06T10:00:${String(second).padStart(2, '0')}.000Z`;

describe('deliveryOf', () => {
  it.each<[string, (PartReport | undefined)[], ReturnType<typeof deliveryOf>]>([
    ['no report yet', [undefined], undefined],
    ['no part at all', [], undefined],
    ['a single part delivered', [report('delivered', 1, 'SM received by the SME')], { status: 'delivered', at: at(1), detail: 'SM received by the SME' }],
    ['a single part failed', [report('failed', 2)], { status: 'undelivered', at: at(2), detail: 'failed' }],
    ['a single part still pending', [report('pending', 3)], { status: 'pending', at: at(3), detail: 'pending' }],
    ['an unknown report leaves it pending', [report('unknown', 3)], { status: 'pending', at: at(3), detail: 'unknown' }],
    ['two of three parts delivered', [report('delivered', 1), undefined, report('delivered', 2)], { status: 'pending', at: at(2), detail: 'delivered' }],
    ['every part delivered, out of order', [report('delivered', 5), report('delivered', 9), report('delivered', 7)], { status: 'delivered', at: at(9), detail: 'delivered' }],
    ['one part failed while the others are missing', [undefined, report('failed', 4), undefined], { status: 'undelivered', at: at(4), detail: 'failed' }],
    ['one part failed though the others were delivered', [report('delivered', 1), report('failed', 6), report('delivered', 8)], { status: 'undelivered', at: at(6), detail: 'failed' }],
    ['one part pending, the others delivered', [report('delivered', 1), report('pending', 2), report('delivered', 3)], { status: 'pending', at: at(3), detail: 'delivered' }],
  ])('%s', (_, parts, expected) => {
    expect(deliveryOf(parts)).toEqual(expected);
  });
});
