/** Chart values: nested plain objects, merged key by key as helm merges `--values` files. */
export type Values = { [key: string]: unknown };

const isMap = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merges `over` into `base` recursively; `over` wins, lists are replaced whole (as helm does). */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isMap(current) && isMap(value) ? mergeValues(current, value) : value;
  }
  return out;
}
