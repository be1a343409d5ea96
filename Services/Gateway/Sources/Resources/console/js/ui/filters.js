// The filter bar of a server-paged list: a text box searches after a short pause (or at once on Enter), a select
// as soon as it changes. The filters live in the address, so a reload or a shared link shows the same list, and a
// change reloads the list from its first page.
import { replaceQuery } from "../core/router.js";

/** controls: { filterName: <input>|<select> }, filters: the object the table's load() reads (changed in place). */
export function bindFilters({ controls, filters, table, delay = 350 }) {
  let timer;
  const read = () => Object.fromEntries(Object.entries(controls).map(([name, control]) => [name, control.value.trim()]));

  /** `force` reloads even when no filter changed (after a new row was added, say). */
  function apply(force = false) {
    clearTimeout(timer);
    const next = read();
    if (!force && Object.keys(next).every((name) => (filters[name] ?? "") === next[name])) return;
    Object.assign(filters, next);
    replaceQuery(filters);
    table.reload({ first: true });
  }

  for (const control of Object.values(controls)) {
    if (control.tagName === "SELECT") {
      control.addEventListener("change", () => apply());
    } else {
      // A pause that ends after the person left the screen changes nothing (the control is no longer on the page).
      control.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { if (control.isConnected) apply(); }, delay); });
      control.addEventListener("keydown", (event) => { if (event.key === "Enter") apply(); });
    }
  }

  return {
    apply,
    clear({ force = false } = {}) {
      for (const control of Object.values(controls)) control.value = "";
      apply(force);
    },
  };
}
