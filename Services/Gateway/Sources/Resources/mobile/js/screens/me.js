// 我的: who is signed in on which phone, the fingerprint/face credentials on this phone (register one: §4.3.2.2
// needs it for every signature), and 退出. Values still waiting to sync stay on the phone across signing out.
import { api } from "../core/api.js";
import { db } from "../core/db.js";
import { errorLine, h, mount, toast } from "../core/dom.js";
import { session } from "../core/session.js";
import { credentialsHere, registerCredential, webauthnAvailable } from "../core/webauthn.js";
import { formatTime } from "../ui/common.js";

export async function render(container, params, query) {
  document.getElementById("title").textContent = "我的";
  const list = h("div", { "data-testid": "credentials" }, h("p", { class: "muted" }, "正在读取…"));
  const status = h("div");
  const register = h("button", { type: "button", class: "primary wide", "data-testid": "register-webauthn", onclick: async () => {
    register.disabled = true;
    status.replaceChildren();
    try {
      await registerCredential();
      toast("已注册指纹/面容签名");
      await draw();
    } catch (error) {
      status.replaceChildren(errorLine(error, "register-error"));
    } finally {
      register.disabled = false;
    }
  } }, "注册本机指纹/面容签名");

  async function draw() {
    try {
      const credentials = await credentialsHere();
      mount(list, credentials.length
        ? h("ul", { class: "list" }, credentials.map((c) => h("li", { class: "row", "data-testid": "credential" },
          h("span", {}, "指纹/面容签名"), h("span", { class: "muted" }, `注册于 ${formatTime(c.createdAt)}`))))
        : h("p", { class: "notice", "data-testid": "no-credential" }, "本机还没有您的指纹/面容签名：提交、核验和批准都需要它。"));
    } catch (error) {
      mount(list, errorLine(error));
    }
  }

  const waiting = (await db.all("outbox")).length;
  mount(container,
    query.setup && h("div", { class: "notice", "data-testid": "setup-intro" },
      h("p", { class: "strong" }, "欢迎使用移动端"), h("p", {}, "首次在本机登录：请注册指纹或面容，用于签名确认。")),
    h("section", { class: "card" },
      h("h2", {}, session.user?.displayName || session.user?.username),
      h("p", { class: "muted" }, "用户名：", session.user?.username),
      h("p", { class: "muted" }, "本机设备编号：", h("span", { class: "mono", "data-testid": "device-id" }, session.deviceId || "—"))),
    h("section", { class: "card" },
      h("h2", {}, "签名认证"),
      webauthnAvailable() ? [list, register, status] : h("p", { class: "error" }, "此浏览器不支持指纹/面容验证（WebAuthn）")),
    h("section", { class: "card" },
      waiting > 0 && h("p", { class: "notice" }, `本机有 ${waiting} 条数据待同步，退出后保留，下次登录联网时同步。`),
      h("button", { type: "button", class: "secondary wide", "data-testid": "logout", onclick: async () => {
        try { await api.post("/v1/auth/logout", {}); } catch { /* offline: the token expires on its own */ }
        session.clear();
        location.hash = "#/login";
      } }, "退出登录")));
  if (webauthnAvailable()) await draw();
}
