// The filter choices: brands, categories and shops with their currencies,
// read once per page.
import { getJSON } from "./api.js";

let facets = null;

/** Resolves to {brands, categories, shops, currencies}, each [{value, label}]. */
export function loadFacets() {
  if (!facets) {
    facets = Promise.all([
      getJSON("api/v1/brands"), getJSON("api/v1/categories"), getJSON("api/v1/shops"),
    ]).then(([b, c, s]) => ({
      brands: b.items.map((i) => ({ value: i.value, label: `${i.value} (${i.products})` })),
      categories: c.items.map((i) => ({ value: i.value, label: `${cap(i.value)} (${i.products})` })),
      shops: s.items.map((i) => ({ value: i.slug, label: i.name })),
      currencies: [...new Set(s.items.map((i) => i.currency))].sort().map((c) => ({ value: c, label: c })),
    }));
    facets.catch(() => { facets = null; });
  }
  return facets;
}

export const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
