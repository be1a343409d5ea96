// Every screen of the console: its menu group, title, path and the permissions of which the user needs one to see
// it. The services check each call again; this only keeps people from screens they could not use.
export const navigation = [
  { group: "人员与权限", items: [
    { path: "/people", title: "人员", permissions: ["users.manage"], load: () => import("./people.js") },
    { path: "/roles", title: "角色与权限", permissions: ["roles.manage", "users.manage"], load: () => import("./roles.js") },
  ] },
  { group: "原始记录", items: [
    { path: "/tasks", title: "任务看板", permissions: ["records.query", "records.enter", "records.review"], load: () => import("./tasks.js") },
    { path: "/commissions", title: "委托单", permissions: ["records.query", "records.edit"], load: () => import("./commissions.js") },
    { path: "/customers", title: "委托单位", permissions: ["records.query", "records.edit"], load: () => import("./customers.js") },
  ] },
  { group: "证书报告", items: [
    { path: "/approvals", title: "批准", permissions: ["certificates.approve"], load: () => import("./approvals.js") },
    { path: "/certificates", title: "证书管理", permissions: ["certificates.query", "certificates.void", "certificates.approve"], load: () => import("./certificates.js") },
    { path: "/seal", title: "电子印章", permissions: ["setup.manage", "certificates.query", "certificates.approve"], load: () => import("./seal.js") },
  ] },
  { group: "设备", items: [
    { path: "/devices", title: "移动设备", permissions: ["devices.query"], load: () => import("./devices.js") },
    { path: "/standards", title: "计量标准与配套设备", permissions: ["devices.query"], load: () => import("./standards.js") },
  ] },
  { group: "检测设置", items: [
    { path: "/items", title: "检测项目与流程", permissions: ["setup.manage", "templates.manage", "numbering.manage"], load: () => import("./items.js") },
    { path: "/templates", title: "模板", permissions: ["templates.manage"], load: () => import("./templates.js") },
    { path: "/regulations", title: "规程", permissions: ["setup.manage"], load: () => import("./regulations.js") },
    { path: "/numbering", title: "编号规则", permissions: ["numbering.manage"], load: () => import("./numbering.js") },
  ] },
  { group: "统计分析", items: [
    { path: "/statistics", title: "统计报表", permissions: ["reports.query"], load: () => import("./statistics.js") },
    { path: "/evaluation", title: "器具性能评价", permissions: ["reports.query"], load: () => import("./evaluation.js") },
    { path: "/feed-consumers", title: "数据推送", permissions: ["setup.manage"], load: () => import("./feed-consumers.js") },
  ] },
  { group: "系统", items: [
    { path: "/audit", title: "审计追踪", permissions: ["audit.read"], load: () => import("./audit.js") },
  ] },
];

/** Screens reached from a list rather than the menu. */
export const detailRoutes = [
  { path: "/people/new", title: "新建人员", permissions: ["users.manage"], load: () => import("./person.js") },
  { path: "/people/:id", title: "人员详情", permissions: ["users.manage"], load: () => import("./person.js") },
  { path: "/devices/:id", title: "设备详情", permissions: ["devices.query"], load: () => import("./device.js") },
  { path: "/standards/new", title: "登记计量标准", permissions: ["devices.manage"], load: () => import("./standard.js") },
  { path: "/standards/:id", title: "计量标准详情", permissions: ["devices.query"], load: () => import("./standard.js") },
  { path: "/customers/new", title: "新建委托单位", permissions: ["records.edit"], load: () => import("./customer.js") },
  { path: "/customers/:id", title: "委托单位", permissions: ["records.query", "records.edit"], load: () => import("./customer.js") },
  { path: "/commissions/new", title: "新建委托单", permissions: ["records.edit"], load: () => import("./commission-new.js") },
  { path: "/commissions/:id", title: "委托单", permissions: ["records.query", "records.edit"], load: () => import("./commission.js") },
  { path: "/tasks/:id", title: "原始记录详情", permissions: ["records.query", "records.enter", "records.review"], load: () => import("./task.js") },
  { path: "/approvals/:id", title: "批准详情", permissions: ["certificates.approve"], load: () => import("./approval.js") },
  { path: "/certificates/:id", title: "证书详情", permissions: ["certificates.query", "certificates.void", "certificates.approve"], load: () => import("./certificate.js") },
  { path: "/items/:id", title: "检测项目", permissions: ["setup.manage", "templates.manage", "numbering.manage"], load: () => import("./item.js") },
  { path: "/items/:id/procedure/:type", title: "检测流程", permissions: ["setup.manage", "templates.manage", "numbering.manage"], load: () => import("./procedure.js") },
];
