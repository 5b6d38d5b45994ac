import { judged } from './_common.js';

// The section must be there, even if it is empty (DO-007: `mandaten: []` says none are needed).
export default function rubriek(root, { veld }) {
  if (!judged(root)) return;
  if (!Object.prototype.hasOwnProperty.call(root, veld)) {
    return [{ message: `geen rubriek '${veld}'` }];
  }
}
