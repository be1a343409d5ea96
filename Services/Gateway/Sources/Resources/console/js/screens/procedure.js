// The procedure editor (检测流程) of one item and test type: the data items in order and in groups, the editor of
// the chosen one (with its formula, checked as typed, and "try it"), the kinds of measurement standard it needs
// (所需计量标准), saving the draft as a whole, validation,
// publication and the version history. Everything stays in the page until saved; leaving through a console link
// with unsaved changes asks first. Without setup.manage the page only shows.
import { api, newIdempotencyKey } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { setLeaveGuard } from "../core/router.js";
import { session } from "../core/session.js";
import { confirmAction } from "../ui/dialog.js";
import { formatDateTime } from "../ui/format.js";
import { notify, notifyError } from "../ui/toast.js";
import { procedurePath, typeTitle } from "./item-common.js";
import { dataItemEditor } from "./procedure-item-form.js";
import { dataItemsTable } from "./procedure-list.js";
import { DATA_ITEM_CODE, newItem, normalize, snapshot, toRequest } from "./procedure-model.js";
import { publishDialog, validationPanel } from "./procedure-publish.js";
import { needsProblem, needsToRequest, standardNeedsSection } from "./procedure-standards.js";
import { versionsView } from "./procedure-versions.js";
import { errorText, withCode } from "../ui/errors.js";

export async function render(container, params) {
  const typeCode = params.type;
  const [item, procedure] = await Promise.all([
    api.get(`/v1/items/${encodeURIComponent(params.id)}`),
    api.get(procedurePath(params.id, typeCode)),
  ]);
  new ProcedureEditor(container, item, typeCode).start(procedure);
}

class ProcedureEditor {
  constructor(container, item, typeCode) {
    this.container = container;
    this.item = item;
    this.typeCode = typeCode;
    this.title = `${item.name} · ${typeTitle(typeCode, item)}`;
    this.canEdit = session.can("setup.manage");
    this.samples = new Map();
    this.tab = "items";
    this.validation = null;
    this.banner = null;
    this.serverError = null;   // { code, message } of the data item the last refused save named
  }

  start(procedure) {
    this.apply(procedure);
    this.meta = h("p", { class: "procedure-meta", "data-testid": "procedure-meta" });
    this.toolbar = h("div", { class: "toolbar", "data-testid": "procedure-toolbar" });
    this.tabs = h("div", { class: "tabs" });
    this.body = h("div", {});
    this.root = h("div", { class: "procedure-editor", "data-testid": "procedure-editor" },
      h("p", { class: "breadcrumb" }, h("a", { href: "#/items" }, "检测项目与流程"), " / ",
        h("a", { href: `#/items/${this.item.id}` }, this.item.name), " / 检测流程"),
      h("h1", {}, `检测流程：${this.title}`),
      this.meta,
      !this.canEdit && h("p", { class: "notice", "data-testid": "read-only-notice" }, "只读：您没有维护检测流程的权限（setup.manage），可以查看、校验和试算，不能修改或发布。"),
      this.toolbar, this.tabs, this.body);
    mount(this.container, this.root);
    this.guardLeaving();
    this.drawAll();
  }

  /** Takes what the service answered (after loading, saving or publishing) as the saved state. */
  apply(procedure) {
    const selectedIndex = this.items && this.selected ? this.items.indexOf(this.selected) : -1;
    this.items = procedure.draft.map(normalize);
    this.revision = procedure.draftRevision;
    this.latestVersion = procedure.latestVersion;
    this.savedAt = procedure.draftSavedAt;
    this.savedBy = procedure.draftSavedBy;
    this.saved = snapshot(this.items);
    this.standards = (procedure.draftStandards || []).map((need) => ({ code: need.code, title: need.title }));
    this.savedStandards = JSON.stringify(needsToRequest(this.standards));
    this.needsError = null;
    this.selected = selectedIndex >= 0 ? this.items[selectedIndex] ?? null : null;
  }

  get dirty() { return snapshot(this.items) !== this.saved || JSON.stringify(needsToRequest(this.standards)) !== this.savedStandards; }
  getItems = () => this.items;

  drawAll() {
    this.drawMeta();
    this.drawToolbar();
    this.drawTabs();
    this.drawBody();
  }

  drawMeta() {
    mount(this.meta,
      h("span", {}, `草稿：${this.items.length} 个数据项 · 第 ${this.revision} 次保存`, this.savedBy && ` · ${this.savedBy}`,
        this.savedAt && ` · ${formatDateTime(this.savedAt)}`),
      h("span", { class: "sep" }, "|"),
      this.latestVersion ? h("span", {}, "最新发布：", h("strong", { "data-testid": "latest-version" }, `第 ${this.latestVersion} 版`))
        : h("span", { class: "muted", "data-testid": "latest-version" }, "尚未发布"),
      this.dirty && h("span", { class: "badge warn", "data-testid": "unsaved-badge" }, "有未保存的修改"));
  }

  drawToolbar() {
    const edit = this.canEdit;
    mount(this.toolbar,
      edit && h("button", { type: "button", onclick: () => this.add() }, "新增数据项"),
      edit && h("button", { type: "button", title: "同一分组的数据项排在一起（按各分组第一次出现的顺序）", onclick: () => this.gatherGroups() }, "按分组整理"),
      h("span", { class: "spacer" }),
      edit && h("button", { type: "button", disabled: !this.dirty, onclick: () => this.discard() }, "放弃修改"),
      edit && (this.saveButton = h("button", { type: "button", class: "primary", disabled: !this.dirty, onclick: () => this.save() }, "保存草稿")),
      h("button", { type: "button", onclick: () => this.validate() }, "校验"),
      edit && h("button", { type: "button", onclick: () => this.publish() }, "发布"));
  }

  drawTabs() {
    const tab = (name, label) => h("button", { type: "button", class: this.tab === name ? "active" : undefined,
      onclick: () => { this.tab = name; this.drawTabs(); this.drawBody(); } }, label);
    mount(this.tabs, tab("items", "数据项"), tab("versions", "版本历史"));
  }

  drawBody() {
    if (this.tab === "versions") {
      mount(this.body, versionsView({ itemId: this.item.id, typeCode: this.typeCode }));
      return;
    }
    this.listArea = h("div", { class: "procedure-list" });
    this.editorArea = h("div", { class: "procedure-item" });
    mount(this.body,
      this.banner,
      this.validation && validationPanel(this.validation.result, {
        stale: this.validation.snapshot !== snapshot(this.items),
        onSelect: (code) => this.selectCode(code),
        onClose: () => { this.validation = null; this.drawBody(); },
      }),
      h("div", { class: "procedure-layout" }, this.listArea, this.editorArea),
      this.needsArea = h("div", {}));
    this.drawList();
    this.drawEditor();
    this.drawNeeds();
  }

  /** The 所需计量标准 section; `focus` is the index of a row whose code gets the focus (a row just added). */
  drawNeeds(focus) {
    if (!this.needsArea) return;
    mount(this.needsArea, standardNeedsSection({
      needs: this.standards, canEdit: this.canEdit, error: this.needsError,
      onChange: () => this.needsChanged(),
      onStructure: (index) => { this.needsChanged(); this.drawNeeds(index); },
    }));
    if (focus !== undefined) this.needsArea.querySelectorAll("[data-testid=standard-need-code]")[focus]?.focus();
  }

  needsChanged() {
    if (this.needsError) {
      this.needsError = null;
      this.needsArea?.querySelector("[data-testid=standard-needs-error]")?.remove();
    }
    this.changed();
  }

  /** Issues of the last validation, by data item code, for the marks in the list. */
  issuesByCode() {
    const map = new Map();
    for (const issue of this.validation?.result.issues || []) {
      if (!issue.itemCode || issue.severity !== "error") continue;
      const key = issue.itemCode.toLowerCase();
      map.set(key, [...(map.get(key) || []), issue.message]);
    }
    return map;
  }

  drawList() {
    if (!this.listArea) return;
    mount(this.listArea, dataItemsTable({
      items: this.items, selected: this.selected, canEdit: this.canEdit, issues: this.issuesByCode(),
      onSelect: (item) => this.select(item),
      onMove: (index, delta) => this.move(index, index + delta),
      onMoveTo: (from, to) => this.move(from, to),
      onDelete: (item) => this.remove(item),
    }));
  }

  drawEditor(focus) {
    if (!this.editorArea) return;
    if (!this.selected) {
      mount(this.editorArea, h("div", { class: "panel muted editor-placeholder" },
        this.items.length ? "在左侧选择一个数据项查看或编辑。" : "还没有数据项。",
        this.canEdit && " 点“新增数据项”添加录入项、计算项、判定和结论。"));
      return;
    }
    const error = this.serverError && this.serverError.code === this.selected.code.trim().toLowerCase() ? this.serverError.message : null;
    const editor = dataItemEditor({
      item: this.selected, getItems: this.getItems, canEdit: this.canEdit, samples: this.samples, serverError: error,
      onChange: () => this.changed(),
      onKindChange: () => { this.changed(); this.drawEditor("kind"); },
    });
    mount(this.editorArea, editor.element);
    if (focus) editor.focus(focus);
  }

  changed() {
    // A refused save's message is about what was sent; once the list changes it no longer applies (a stale draft
    // still does: saving again would be refused the same way).
    if (this.banner && !this.bannerSticky) { this.banner.remove(); this.banner = null; }
    if (this.serverError) {
      this.serverError = null;
      this.editorArea?.querySelector("[data-testid=data-item-server-error]")?.remove();
    }
    this.drawList();
    this.drawMeta();
    this.drawToolbar();
  }

  select(item) {
    if (item === this.selected) return;
    this.selected = item;
    this.drawList();
    this.drawEditor();
  }

  selectCode(code) {
    const item = this.items.find((i) => i.code.trim().toLowerCase() === code.toLowerCase());
    if (!item) return;
    this.tab = "items";
    this.selected = null;
    this.drawTabs();
    this.drawBody();
    this.select(item);
    this.editorArea.scrollIntoView({ block: "nearest" });
  }

  add() {
    // A new item goes after the chosen one, in its group (the header fields aside); otherwise at the end.
    const after = this.selected && this.selected.section !== "header" ? this.items.indexOf(this.selected) : -1;
    const item = newItem({ group: after >= 0 ? this.selected.group : "" });
    if (after >= 0) this.items.splice(after + 1, 0, item);
    else this.items.push(item);
    this.selected = item;
    this.changed();
    this.drawEditor("code");
  }

  move(from, to) {
    if (to < 0 || to >= this.items.length || from === to) return;
    const [item] = this.items.splice(from, 1);
    this.items.splice(to, 0, item);
    this.changed();
  }

  gatherGroups() {
    const order = [];
    for (const item of this.items) if (!order.includes(item.group.trim())) order.push(item.group.trim());
    const sorted = order.flatMap((group) => this.items.filter((item) => item.group.trim() === group));
    if (sorted.every((item, index) => item === this.items[index])) return notify("各分组的数据项已经排在一起", "info");
    this.items = sorted;
    this.changed();
  }

  async remove(item) {
    const name = item.code.trim() ? `“${item.code.trim()}”${item.title ? `（${item.title}）` : ""}` : "这个未填写代码的数据项";
    const ok = await confirmAction({
      title: "删除数据项", danger: true, confirmLabel: "删除",
      message: `删除数据项${name}？${item.headerField ? "它是通用基本信息项，缺少它不能发布。" : ""}保存草稿后生效；引用它的公式需要修改。`,
    });
    if (!ok) return;
    this.items = this.items.filter((other) => other !== item);
    if (this.selected === item) this.selected = null;
    this.changed();
    this.drawEditor();
  }

  async discard() {
    const ok = await confirmAction({ title: "放弃修改", danger: true, confirmLabel: "放弃修改",
      message: "放弃页面上所有未保存的修改，重新载入已保存的草稿？" });
    if (!ok) return;
    await this.reload();
  }

  async reload() {
    try {
      this.selected = null;
      this.apply(await api.get(procedurePath(this.item.id, this.typeCode)));
      this.banner = null;
      this.serverError = null;
      this.drawAll();
    } catch (error) { notifyError(error); }
  }

  /** Problems the service would refuse at once, found before sending: codes that are not valid or repeat. */
  localProblem() {
    const seen = new Set();
    for (const item of this.items) {
      const code = item.code.trim();
      if (!DATA_ITEM_CODE.test(code)) return { item, message: `第 ${this.items.indexOf(item) + 1} 个数据项的代码${code ? `“${code}”` : ""}无效：须为字母开头的字母、数字或下划线` };
      if (seen.has(code.toLowerCase())) return { item, message: `数据项代码“${code}”重复` };
      seen.add(code.toLowerCase());
      if (!item.title.trim()) return { item, message: `数据项“${code}”须有名称` };
    }
    return null;
  }

  showBanner(message, extra, { sticky = false } = {}) {
    this.bannerSticky = sticky;
    this.banner = h("div", { class: "form-error", role: "alert", "data-testid": "procedure-error" }, message, extra);
    this.drawBody();
  }

  /** Saves the whole list (order included). Resolves true when saved. */
  async save() {
    const problem = this.localProblem();
    if (problem) {
      this.selected = problem.item;
      this.showBanner(`不能保存：${problem.message}`);
      return false;
    }
    const needs = needsProblem(this.standards);
    if (needs) {
      this.showBanner(`不能保存：${needs}`);
      return false;
    }
    const body = { items: this.items.map(toRequest), standards: needsToRequest(this.standards), baseRevision: this.revision };
    const text = JSON.stringify(body);
    // The same unchanged save retried (e.g. after a network error) keeps its idempotency key.
    if (!this.attempt || this.attempt.text !== text) this.attempt = { text, key: newIdempotencyKey() };
    if (this.saveButton) this.saveButton.disabled = true;
    try {
      const procedure = await api.put(procedurePath(this.item.id, this.typeCode), body, { idempotencyKey: this.attempt.key });
      this.attempt = null;
      this.apply(procedure);
      this.banner = null;
      this.serverError = null;
      this.drawAll();
      notify(`草稿已保存（第 ${procedure.draftRevision} 次保存）`);
      return true;
    } catch (error) {
      this.refused(error);
      return false;
    } finally {
      if (this.saveButton) this.saveButton.disabled = !this.dirty;
    }
  }

  refused(error) {
    if (error.code === "FLOWS_DRAFT_STALE") {
      this.showBanner(`${errorText(error)}。`, h("button", { type: "button", class: "link", onclick: async () => {
        const ok = await confirmAction({ title: "载入最新草稿", danger: true, confirmLabel: "载入并放弃我的修改",
          message: "载入他人保存的最新草稿，本页未保存的修改将丢失。" });
        if (ok) await this.reload();
      } }, "载入最新草稿"), { sticky: true });
      return;
    }
    const needField = /^standards(?:\[(\d+)\])?/.exec(error.fields?.field || "");
    if (needField) {
      this.needsError = { index: needField[1] === undefined ? -1 : Number(needField[1]), message: errorText(error) };
      this.showBanner(`保存被拒绝：所需计量标准：${errorText(error)}`);
      withCode(null, error);
      return;
    }
    const code = error.fields?.itemCode;
    const line = Number(error.fields?.line || 0);
    const where = code ? `数据项“${code}”${line ? `的公式（第 ${line} 行第 ${error.fields.column} 列）` : ""}：` : "";
    this.serverError = code ? { code: code.toLowerCase(), message: errorText(error) } : null;
    const item = code && this.items.find((i) => i.code.trim().toLowerCase() === code.toLowerCase());
    if (item) this.selected = item;
    this.showBanner(`保存被拒绝：${where}${errorText(error)}`);
    withCode(null, error);
  }

  async validate() {
    try {
      const result = await api.get(procedurePath(this.item.id, this.typeCode, "/validation"));
      this.validation = { result, snapshot: this.saved };
      this.tab = "items";
      this.drawTabs();
      this.drawBody();
      this.drawList();
    } catch (error) { notifyError(error); }
  }

  async publish() {
    if (this.dirty) {
      const ok = await confirmAction({ title: "先保存草稿", confirmLabel: "保存并继续",
        message: "发布的是已保存的草稿。页面上有未保存的修改，先保存草稿再发布？" });
      if (!ok || !(await this.save())) return;
    }
    let result;
    try {
      result = await api.get(procedurePath(this.item.id, this.typeCode, "/validation"));
    } catch (error) { return notifyError(error); }
    this.validation = { result, snapshot: this.saved };
    this.drawBody();
    const procedure = await publishDialog({
      itemId: this.item.id, typeCode: this.typeCode, revision: this.revision, validation: result, title: this.title,
      nextVersion: this.latestVersion + 1,
    });
    if (!procedure) return;
    this.apply(procedure);
    this.validation = null;
    this.tab = "versions";
    this.drawAll();
    notify(`检测流程已发布为第 ${procedure.latestVersion} 版`);
  }

  /** Links of the console (menu, breadcrumb) ask before leaving unsaved changes behind. */
  guardLeaving() {
    setLeaveGuard(async () => {
      if (!this.root.isConnected || !this.dirty) return true;
      const ok = await confirmAction({ title: "离开本页", danger: true, confirmLabel: "放弃修改并离开",
        message: "检测流程有未保存的修改，离开后这些修改将丢失。" });
      if (ok) {
        this.saved = snapshot(this.items);
        this.savedStandards = JSON.stringify(needsToRequest(this.standards));
      }
      return ok;
    }, { isDirty: () => this.root.isConnected && this.dirty });
  }

}
