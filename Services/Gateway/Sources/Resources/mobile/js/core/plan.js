// The procedure's entry order, as the records service applies it (Services/Records/Sources/Entry/EntryPlan.swift and
// EntrySheet.swift): input items in procedure order, a reading table point-major then run-minor; the next step is the
// first cell that is required and empty, or re-opened; entering a different value before later ones re-opens those
// later ones, which must each be confirmed again. The phone applies the same rule to values waiting in its outbox, so
// it can go on offline with the step the server will expect.

export const INPUT_KINDS = new Set(["text", "number", "date", "choice", "photo", "table"]);

export const cellKey = (cell) => `${cell.itemCode}|${cell.point || 0}|${cell.run || 0}`;

export function entrySteps(items) {
  const steps = [];
  items.forEach((item, index) => {
    if (!INPUT_KINDS.has(item.kind)) return;
    if (item.kind === "table") {
      const points = Math.max(item.points || 0, 1);
      const runs = Math.max(item.runs || 0, 1);
      for (let point = 1; point <= points; point++) {
        for (let run = 1; run <= runs; run++) {
          steps.push({ cell: { itemCode: item.code, point, run }, item, index, pointLabel: item.pointLabels?.[point - 1] || "" });
        }
      }
    } else {
      steps.push({ cell: { itemCode: item.code, point: 0, run: 0 }, item, index, pointLabel: "" });
    }
  });
  return steps;
}

/** The record as the tester sees it: the server's values with the outbox applied in order. */
export class Sheet {
  constructor(steps, values) {
    this.steps = steps;
    this.positions = new Map(steps.map((step, i) => [cellKey(step.cell), i]));
    this.values = new Map();
    for (const v of values || []) this.values.set(cellKey(v.cell), { value: v.value, reopened: Boolean(v.reopened), pending: false });
  }
  position(cell) { return this.positions.get(cellKey(cell)); }
  get(cell) { return this.values.get(cellKey(cell)); }

  frontier() {
    for (let i = 0; i < this.steps.length; i++) {
      const step = this.steps[i];
      const value = this.values.get(cellKey(step.cell));
      if (value?.reopened) return i;
      if (step.item.required && !value) return i;
    }
    return this.steps.length;
  }

  /** Applies a value typed on the phone (pending until the server confirms it). */
  apply(cell, value) {
    const position = this.position(cell);
    if (position === undefined) return;
    const old = this.values.get(cellKey(cell));
    const changes = !old || old.value !== value;
    if (changes) {
      for (const step of this.steps.slice(position + 1)) {
        const later = this.values.get(cellKey(step.cell));
        if (later && !later.reopened) later.reopened = true;
      }
    }
    this.values.set(cellKey(cell), { value, reopened: false, pending: true });
  }
}
