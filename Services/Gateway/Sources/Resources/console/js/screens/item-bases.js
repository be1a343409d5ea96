// An item's legal bases (开展依据): the certificates under which the lab may do this work. The service takes the
// whole list on every change, so adding or removing one sends the others as they are.
import { api } from "../core/api.js";
import { h } from "../core/dom.js";
import { confirmAction, openDialog } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { daysUntil } from "../ui/format.js";
import { simpleTable } from "../ui/table.js";
import { notify, notifyError } from "../ui/toast.js";
import { basisFields, basisFromValues, basisKindLabel } from "./item-common.js";

const plain = (b) => ({ kind: b.kind, certificateNo: b.certificateNo, validUntil: b.validUntil, issuer: b.issuer || "" });

export function basesPanel(item, { canEdit, onChanged }) {
  const table = simpleTable({
    testId: "item-bases",
    emptyText: "尚未登记开展依据：该项目不能开展工作",
    rows: item.bases,
    rowClass: (b) => (daysUntil(b.validUntil) < 0 ? "row-danger" : daysUntil(b.validUntil) <= 90 ? "row-warn" : undefined),
    columns: [
      { label: "类型", render: (b) => basisKindLabel(b.kind) },
      { label: "证书编号", render: (b) => h("span", { class: "mono" }, b.certificateNo) },
      { label: "发证机关", render: (b) => b.issuer || h("span", { class: "muted" }, "—") },
      { label: "有效期至", render: (b) => [b.validUntil, " ", expiry(b)] },
      canEdit && { label: "操作", render: (b, index) => h("button", { type: "button", class: "link danger", onclick: () => remove(index) }, "删除") },
    ].filter(Boolean),
  });

  // The bases are replaced as a whole list: one removal at a time, or a second one would send the list from before
  // the first and bring its basis back.
  let busy = false;
  async function remove(index) {
    if (busy) return;
    busy = true;
    try {
      const basis = item.bases[index];
      const last = item.bases.length === 1;
      const ok = await confirmAction({
        title: "删除开展依据", danger: true, confirmLabel: "删除",
        message: `删除“${basisKindLabel(basis.kind)} ${basis.certificateNo}”？${last ? "这是唯一的开展依据，删除后该项目不能开展工作。" : ""}`,
      });
      if (!ok) return;
      const next = await api.patch(`/v1/items/${item.id}`, { bases: item.bases.filter((_, i) => i !== index).map(plain) });
      notify("已删除开展依据");
      onChanged(next);
    } catch (error) {
      notifyError(error);
    } finally {
      busy = false;
    }
  }

  function add() {
    return openDialog({
      title: "登记开展依据",
      body: (close) => {
        const form = createForm({
          testId: "basis-form",
          submitLabel: "登记",
          onCancel: () => close(),
          fields: basisFields({ required: true }),
          onSubmit: async (values, { idempotencyKey }) => {
            const basis = basisFromValues(values, form);
            const next = await api.patch(`/v1/items/${item.id}`, { bases: [...item.bases.map(plain), basis] }, { idempotencyKey });
            close();
            notify("已登记开展依据");
            onChanged(next);
          },
        });
        return form.element;
      },
    });
  }

  return h("div", { class: "panel", "data-testid": "item-bases-panel" },
    h("div", { class: "panel-head" }, h("h2", {}, "开展依据"),
      canEdit && h("button", { type: "button", onclick: add }, "登记开展依据")),
    table);
}

function expiry(basis) {
  const days = daysUntil(basis.validUntil);
  if (days < 0) return h("span", { class: "badge danger" }, "已过期");
  if (days <= 90) return h("span", { class: "badge warn" }, `${days} 天后到期`);
  return null;
}
