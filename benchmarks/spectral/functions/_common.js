// What the ten rules share: "aanwezig" (present) as the rule language means it, and whether
// a sub-agreement is judged at all. Mirrors ../../rules_python.py.

// The --as-of date of benchmarks/run.py (AS_OF there).
export const AS_OF = '2024-03-01';

export function present(value) {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Date) return true;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true; // numbers (also 0) and booleans (also false)
}

export function has(object, key) {
  return object !== null && typeof object === 'object' && !Array.isArray(object)
    && present(object[key]);
}

function isoDate(value) {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return null;
}

// An ended sub-agreement is judged only while it was in force (until its einddatum).
export function judged(document) {
  if (document === null || typeof document !== 'object') return false;
  if (document.status !== 'beeindigd' && document.status !== 'ingetrokken') return true;
  const end = isoDate(document.einddatum);
  return end !== null && end > AS_OF;
}
