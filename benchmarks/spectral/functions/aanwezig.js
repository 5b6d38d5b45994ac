import { judged, present } from './_common.js';

// One finding when any of `velden` (dotted paths from the root) is absent.
export default function aanwezig(root, { velden }) {
  if (!judged(root)) return;
  for (const veld of velden) {
    let value = root;
    for (const key of veld.split('.')) {
      value = value !== null && typeof value === 'object' && !Array.isArray(value)
        ? value[key] : undefined;
    }
    if (!present(value)) {
      return [{ message: `'${veld}' ontbreekt of is leeg`, path: [velden[0]] }];
    }
  }
}
