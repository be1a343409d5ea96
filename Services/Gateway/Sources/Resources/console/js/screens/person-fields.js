// The person form's fields and the checks the browser can make before asking the identity service (which checks
// everything again): the password rule, the resident ID number's check character, and that the ID number agrees
// with the gender and birth month typed.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";
export const PASSWORD_RULE = "8–64 个字符，含大写字母、小写字母、数字、符号中的至少三类，且不含账号名";

/** Why a resident ID number (GB 11643) is wrong, or null. */
export function idNumberProblem(raw) {
  const value = raw.toUpperCase();
  if (value.length !== 18) return "身份证号码必须是 18 位";
  if (!/^\d{17}[\dX]$/.test(value)) return "身份证号码前 17 位必须是数字，最后一位是数字或 X";
  const sum = [...value.slice(0, 17)].reduce((total, digit, i) => total + Number(digit) * ID_WEIGHTS[i], 0);
  if (ID_CHECK[sum % 11] !== value[17]) return "身份证号码校验位不正确，请核对";
  const [y, m, d] = [value.slice(6, 10), value.slice(10, 12), value.slice(12, 14)].map(Number);
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth > new Date()) {
    return "身份证号码中的出生日期无效";
  }
  return null;
}

function birthMonthProblem(value) {
  const [y, m] = value.split("-").map(Number);
  const now = new Date();
  if (y < 1900 || y * 12 + m > now.getFullYear() * 12 + now.getMonth() + 1) return "出生年月不能晚于当前月份";
  return null;
}

function passwordProblem(value, username = "") {
  if (value.length < 8 || value.length > 64) return "密码长度必须为 8 到 64 个字符";
  const classes = [/\p{Lu}/u, /\p{Ll}/u, /\p{N}/u, /[^\p{L}\p{N}]/u].filter((re) => re.test(value)).length;
  if (classes < 3) return "密码必须至少包含大写字母、小写字母、数字、符号中的三类";
  if (username && value.toLowerCase().includes(username.toLowerCase())) return "密码不能包含账号名";
  return null;
}

/** The ID number states birth month and sex: the other two fields must agree when it is typed. */
function consistency(values) {
  const id = (values.idNumber || "").toUpperCase();
  if (!id || idNumberProblem(id)) return {};
  const month = `${id.slice(6, 10)}-${id.slice(10, 12)}`;
  const gender = Number(id[16]) % 2 === 1 ? "male" : "female";
  return {
    birthMonth: values.birthMonth && values.birthMonth !== month ? `出生年月与身份证号码不一致（身份证为 ${month}）` : null,
    gender: values.gender && values.gender !== gender ? "性别与身份证号码不一致" : null,
  };
}

/** The form's fields; `user` is the person being edited (undefined when creating). */
export function personFields({ user, roles }) {
  const creating = !user;
  const held = new Set(user?.roles || []);
  return [
    { name: "displayName", label: "姓名", required: true, maxlength: 50 },
    creating && { name: "username", label: "账号", required: true, maxlength: 32, autocomplete: "off",
      pattern: /^[A-Za-z0-9_.-]{3,32}$/, patternMessage: "账号名须为 3 到 32 个英文字母、数字、_ . -",
      hint: "登录用，创建后不能修改；删除后也不能再次使用" },
    creating && { name: "password", label: "初始密码", type: "password", required: true, autocomplete: "new-password",
      hint: `${PASSWORD_RULE}；请告知本人`, validate: (value, values) => passwordProblem(value, values.username) },
    creating && { name: "requirePasswordChange", label: "首次登录须修改密码", type: "checkbox",
      hint: "勾选后，本人首次登录须先把初始密码改为只有自己知道的密码" },
    { name: "gender", label: "性别", type: "select", placeholderOption: "未填写",
      options: [{ value: "male", label: "男" }, { value: "female", label: "女" }],
      validate: (value, values) => consistency(values).gender },
    { name: "birthMonth", label: "出生年月", placeholder: "YYYY-MM，如 1990-01", maxlength: 7,
      pattern: /^\d{4}-(0[1-9]|1[0-2])$/, patternMessage: "出生年月格式为 YYYY-MM，如 1990-01",
      validate: (value, values) => birthMonthProblem(value) || consistency(values).birthMonth },
    { name: "idNumber", label: creating || !user.idNumberMasked ? "居民身份证号" : "更正居民身份证号", maxlength: 18, placeholder: creating || !user.idNumberMasked ? "18 位" : "留空则不修改",
      hint: creating ? "校验位与出生日期会核对；保存后列表中仅显示部分号码" : undefined,
      validate: (value) => idNumberProblem(value) },
    { name: "education", label: "学历", maxlength: 50, placeholder: "如 本科" },
    { name: "professionalTitle", label: "职称", maxlength: 50, placeholder: "如 工程师" },
    { name: "position", label: "职务 / 岗位", maxlength: 50, placeholder: "如 检定员" },
    { name: "roles", label: "角色", type: "checkboxes", wide: true,
      // A disabled role cannot be given; one the person already holds stays listed so it can be taken away.
      options: roles.filter((role) => !role.disabled || held.has(role.code))
        .map((role) => ({ value: role.code, label: role.disabled ? `${role.name}（已停用）` : role.name })) },
    // Shown only while 政府监督员 is ticked (see showRegionWithSupervisor); identity refuses the role without it.
    { name: "supervisionRegion", label: "监管区域（行政区划代码，2/4/6 位）", maxlength: 6, placeholder: "如 42、4201、420102",
      pattern: /^(\d{2}|\d{4}|\d{6})$/, patternMessage: "监管区域须为 2、4 或 6 位行政区划代码（GB/T 2260）",
      hint: "政府监督员在报表中只能看到委托方位于该区域内的强制检定结果",
      validate: (value) => (value.startsWith("00") ? "监管区域须为 2、4 或 6 位行政区划代码（GB/T 2260）" : null) },
  ].filter(Boolean);
}

export const SUPERVISOR_ROLE = "supervisor";

/** Shows the 监管区域 field only while the supervisor role is ticked in the form's roles. */
export function showRegionWithSupervisor(form) {
  const roles = form.input("roles");
  const row = form.input("supervisionRegion")?.closest(".field");
  if (!roles || !row) return;
  const update = () => row.classList.toggle("hidden", !roles.querySelector(`input[value="${SUPERVISOR_ROLE}"]:checked`));
  roles.addEventListener("change", update);
  update();
}

const PROFILE = ["displayName", "gender", "birthMonth", "education", "professionalTitle", "position"];

/** The create request: optional values left empty are not sent. */
export function createBody(values) {
  const body = { username: values.username, password: values.password, displayName: values.displayName, roles: values.roles,
    requirePasswordChange: values.requirePasswordChange !== false };
  if ((values.roles || []).includes(SUPERVISOR_ROLE) && values.supervisionRegion) body.supervisionRegion = values.supervisionRegion;
  for (const name of [...PROFILE, "idNumber"]) if (values[name] && !body[name]) body[name] = name === "idNumber" ? values[name].toUpperCase() : values[name];
  return body;
}

/** The update request: only what differs from the person as loaded (an empty ID number means "unchanged"). */
export function changedFields(values, user) {
  const body = {};
  for (const name of PROFILE) if ((values[name] ?? "") !== (user[name] ?? "")) body[name] = values[name];
  if (values.idNumber) body.idNumber = values.idNumber.toUpperCase();
  const sorted = (list) => [...(list || [])].sort().join(",");
  if (sorted(values.roles) !== sorted(user.roles)) body.roles = values.roles;
  // The region is sent only for a supervisor; taking the role away keeps it (harmless, and restored with the role).
  const region = values.supervisionRegion ?? "";
  if ((values.roles || []).includes(SUPERVISOR_ROLE) && region !== (user.supervisionRegion ?? "")) body.supervisionRegion = region;
  return body;
}
