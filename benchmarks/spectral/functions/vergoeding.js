import { has, judged } from './_common.js';

// DO-003: one finding per missing part of the fee.
export default function vergoeding(root) {
  if (!judged(root)) return;
  const fee = root.vergoeding;
  const index = fee !== null && typeof fee === 'object' ? fee.indexering : undefined;
  const parts = [
    ['het bedrag of de prijzen', has(fee, 'bedrag') || has(fee, 'prijzen')],
    ['de berekening', has(fee, 'berekening')],
    ['de indexeringsmethode', has(index, 'methode')],
    ['het indexeringsmoment', has(index, 'moment')],
  ];
  return parts.filter(([, ok]) => !ok)
    .map(([part]) => ({ message: `de vergoeding noemt ${part} niet`, path: ['vergoeding'] }));
}
