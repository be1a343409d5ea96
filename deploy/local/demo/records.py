#!/usr/bin/env python3
"""Demo data for raw records (issue 16): customers with valid unified social credit codes and their instrument
ledgers, commissions (an appointment still received, one refused, one accepted) and, from the accepted one, a task of
the fuel dispenser procedure in each state — created, in_progress with some values, submitted, returned, reviewed.

Desk work goes through the HTTP API as the administrator; the tester's and the reviewer's work (start, entry, submit
with a signature, review) through the mobile client on one demo phone, zhang.san testing and li.si reviewing, as the
app would. Each step reads what is there first, so running it again changes nothing: customers are found by name,
instruments by serial number, commissions by their note, tasks move only forward, and a batch replays its captures'
client ids, which the service applies once.

Usage: deploy/local/demo/records.py URL ACCESS_TOKEN DEMO_PASSWORD   (called by deploy/local/demo-data)
The mobile client is METROLOGY_MOBILE_CLIENT, else the release or debug build's mobile-client.
"""
import calendar
import datetime
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

URL, TOKEN, DEMO_PASSWORD = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
ROOT = pathlib.Path(__file__).resolve().parents[3]
ITEM_CODE = "fuel_dispenser"
TYPE = "verification:subsequent"
TAG = "演示数据"


def call(method, path, body=None, token=None):
    """The answer's JSON; any refusal stops the demo. `token` defaults to the administrator's."""
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    request = urllib.request.Request(URL + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token or TOKEN}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
        request.add_header("Idempotency-Key", str(uuid.uuid4()))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read().decode(errors="replace")
        sys.exit(f"demo-data (records): {method} {path} failed ({error.code}): {text}")


def get(path, token=None, **query):
    return call("GET", path + ("?" + urllib.parse.urlencode(query) if query else ""), token=token)


def desk(method, path, body=None, **query):
    """Records desk work (customers, ledgers, commissions) needs records.edit, which the metrologist role holds and
    the administrator does not: zhang.san does it from the console (a session without a device)."""
    global DESK
    if DESK is None:
        request = urllib.request.Request(URL + "/v1/auth/login", method="POST", headers={"Content-Type": "application/json"},
                                         data=json.dumps({"username": "zhang.san", "password": DEMO_PASSWORD}).encode())
        with urllib.request.urlopen(request, timeout=30) as response:
            DESK = json.loads(response.read())["accessToken"]
    if method == "GET":
        return get(path, token=DESK, **query)
    return call(method, path, body, token=DESK)


DESK = None


# ---- Unified social credit codes (GB 32100) with a valid GB 11714 organisation code inside ----

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(region, organisation8):
    """'91' (enterprise) + region + the 8-digit organisation code with its GB 11714 check + the GB 32100 check."""
    total = sum(int(c) * w for c, w in zip(organisation8, [3, 7, 9, 10, 5, 8, 4, 2]))
    check = 11 - total % 11
    if check == 10:
        raise ValueError("choose an organisation code whose check is not X (not in the USCC alphabet)")
    body = "91" + region + organisation8 + ("0" if check == 11 else str(check))
    weights = [pow(3, i, 31) for i in range(17)]
    return body + ALPHABET[(31 - sum(ALPHABET.index(c) * w for c, w in zip(body, weights)) % 31) % 31]


CUSTOMERS = [
    {"name": "杭州西湖石油销售有限公司", "uscc": uscc("330106", "70420155"), "address": "杭州市西湖区文三路 88 号",
     "contactPerson": "王经理", "contactPhone": "0571-88012345", "regionCode": "330106",
     "instruments": [("JYJ-2", "ZX2024-0101"), ("JYJ-2", "ZX2024-0102"), ("JYJ-2", "ZX2024-0103"), ("JYJ-4", "ZX2023-0417"),
                     ("JYJ-4", "ZX2023-0418")]},
    {"name": "宁波北仑港加油站有限公司", "uscc": uscc("330206", "14425061"), "address": "宁波市北仑区明州路 12 号",
     "contactPerson": "陈站长", "contactPhone": "0574-86881234", "regionCode": "330206",
     "instruments": [("TQ-3", "TQ2022-1001"), ("TQ-3", "TQ2022-1002")]},
    {"name": "绍兴柯桥能源有限公司", "uscc": uscc("330603", "31106533"), "address": "绍兴市柯桥区笛扬路 5 号",
     "contactPerson": "李主任", "contactPhone": "0575-84112233", "regionCode": "330603",
     "instruments": [("JYJ-2", "ZX2021-0733")]},
]


def item_id():
    items = get("/v1/items", query=ITEM_CODE, status="all")["items"]
    found = next((i for i in items if i["code"] == ITEM_CODE), None)
    if found is None:
        # The procedure's demo (deploy/local/demo/fuel_dispenser.py) makes it; without it there is nothing to commission.
        print("demo data (records) skipped: no fuel_dispenser item")
        sys.exit(0)
    return found["id"]


def ensure_customer(spec, item):
    customers = desk("GET", "/v1/customers", query=spec["name"])["customers"]
    customer = next((c for c in customers if c["name"] == spec["name"]), None)
    if customer is None:
        fields = {k: v for k, v in spec.items() if k != "instruments"}
        customer = desk("POST", "/v1/customers", fields)
    ledger = desk("GET", f"/v1/customers/{customer['id']}/instruments", pageSize=200)["instruments"]
    have = {i["serialNumber"]: i for i in ledger}
    for model, serial in spec["instruments"]:
        if serial not in have:
            have[serial] = desk("POST", f"/v1/customers/{customer['id']}/instruments",
                                {"name": "燃油加油机", "model": model, "serialNumber": serial, "manufacturer": "正星科技",
                                 "manufactureDate": "2021-06-01", "accuracyClass": "0.3 级", "measuringRange": "(5~60) L/min",
                                 "placeOfUse": "加油站营业区", "mandatory": True, "mandatoryUse": "trade", "itemId": item,
                                 "cycleMonths": 6})
    return customer, [have[serial] for _, serial in spec["instruments"]]


def ensure_commission(customer, instruments, item, note, source="desk"):
    """The commission whose note is `note`, created when missing (the note marks what the demo made)."""
    listed = desk("GET", "/v1/commissions", customerId=customer["id"], pageSize=200)["commissions"]
    found = next((c for c in listed if c["note"] == note), None)
    if found is not None:
        return found
    lines = [{"instrumentId": i["id"], "itemId": item, "typeCode": TYPE} for i in instruments]
    return desk("POST", "/v1/commissions", {"customerId": customer["id"], "source": source,
                                            "requestedOn": time.strftime("%Y-%m-%d", time.localtime(time.time() + 3 * 86400)),
                                            "note": note, "lines": lines})


def user_id(username):
    users = get("/v1/users", query=username)["users"]
    return next(u["id"] for u in users if u["username"] == username)


# ---- The demo phone: the mobile client, one state folder, enabled once by the administrator ----

def mobile_client():
    for candidate in (os.environ.get("METROLOGY_MOBILE_CLIENT"), ROOT / ".build/release/mobile-client", ROOT / ".build/debug/mobile-client"):
        if candidate and pathlib.Path(candidate).exists():
            return str(candidate)
    sys.exit("demo-data (records): mobile-client is not built")


# In the stack's own state folder, so `deploy/local/down --purge` forgets the phone with the platform that knew it.
PHONE = ROOT / "deploy/local/state" / os.environ.get("METROLOGY_STACK", "up") / "demo-phone"
CLIENT = None


def phone(*arguments, allow=(0,)):
    result = subprocess.run([CLIENT, *arguments, "--gateway", URL, "--state", str(PHONE)], capture_output=True, text=True, timeout=60)
    answer = json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else {}
    if result.returncode not in allow:
        sys.exit(f"demo-data (records): mobile-client {arguments[0]} failed ({result.returncode}): {result.stdout}{result.stderr}")
    return result.returncode, answer


def sign_in(username):
    code, answer = phone("login", "--user", username, "--password", DEMO_PASSWORD, allow=(0, 3))
    if code == 3:
        # A new phone: the administrator enables it, as zhao.liu would under 设备管理.
        imei = answer["imei"]
        device = next(d for d in get("/v1/devices", query=imei)["devices"] if d["imei"] == imei)
        call("POST", f"/v1/devices/{device['id']}/enable", {"note": "演示用检定手机"})
        phone("login", "--user", username, "--password", DEMO_PASSWORD)


# ---- Tasks in each state ----

def add_months(day, months):
    """The same day `months` later (the last day of a shorter month)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def header(task, customer):
    """The record header (§4.2.3.4 a) for a started task: who commissioned it, the instrument from the ledger, the test
    date the service set at the start and the next one a cycle later. The plan asks for these before the readings."""
    instrument = task["instrument"]
    tested = datetime.date.fromisoformat(task["testDate"])
    due = add_months(tested, instrument.get("cycleMonths") or 6) - datetime.timedelta(days=1)
    fields = [("client", customer["name"]), ("accuracy", instrument["accuracyClass"]), ("model", instrument["model"]),
              ("manufacturer", instrument["manufacturer"]), ("serial_number", instrument["serialNumber"]),
              ("user_address", customer["address"]), ("manufacture_date", instrument["manufactureDate"]),
              ("test_date", tested.isoformat()), ("next_test_date", due.isoformat())]
    return [{"clientId": f"demo-{code}", "cell": {"itemCode": code}, "value": value} for code, value in fields]


def readings(upto=None):
    """The 27 readings in the procedure's order (Vd, Vs, K; point-major): a dispenser within its limits — errors
    0.03…0.18 % (≤ 0.30 %) and repeatability 0.00…0.05 % (≤ 0.10 %) at each point, so the conclusion is 合格."""
    vd = {1: ["20.03", "20.02", "20.04"], 2: ["20.01", "20.02", "20.01"], 3: ["5.01", "5.00", "5.01"]}
    vs = {1: ["20.00", "20.00", "20.01"], 2: ["20.00", "20.00", "20.00"], 3: ["5.00", "4.99", "5.00"]}
    values = []
    for code, table in (("Vd", vd), ("Vs", vs), ("K", {p: ["1.0002"] * 3 for p in (1, 2, 3)})):
        for point in (1, 2, 3):
            for run in (1, 2, 3):
                values.append({"clientId": f"demo-{code}-{point}-{run}", "cell": {"itemCode": code, "point": point, "run": run},
                               "value": table[point][run - 1]})
    return values[:upto]


def batch(task_id, values):
    """The values as one offline batch; each capture the service did not take (invalid, conflict) stops the demo.
    A replayed client id answers its stored outcome, so a re-run applies nothing twice."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump({"values": values}, file)
    try:
        _, answer = phone("batch", "--task", task_id, "--file", file.name)
    finally:
        os.unlink(file.name)
    refused = [o for o in answer.get("outcomes", []) if o.get("outcome") not in ("accepted", "already_applied")]
    if refused:
        sys.exit(f"demo-data (records): offline batch for task {task_id} refused {len(refused)} value(s): "
                 + json.dumps(refused[:3], ensure_ascii=False))


ORDER = ["created", "in_progress", "submitted", "returned", "reviewed"]


def main():
    global CLIENT
    item = item_id()
    made = [ensure_customer(spec, item) for spec in CUSTOMERS]
    (xihu, xihu_ledger), (beilun, beilun_ledger), (keqiao, keqiao_ledger) = made

    # An appointment a customer booked, still to be accepted; one refused; one accepted with a task per state.
    ensure_commission(beilun, beilun_ledger, item, f"{TAG}：客户预约，待受理", source="appointment")
    refused = ensure_commission(keqiao, keqiao_ledger, item, f"{TAG}：送检器具铭牌缺失")
    if refused["state"] == "received":
        desk("POST", f"/v1/commissions/{refused['id']}/refuse", {"reason": "送检器具铭牌缺失，无法确认出厂编号"})
    accepted = ensure_commission(xihu, xihu_ledger, item, f"{TAG}：年度周期检定")
    tester = user_id("zhang.san")
    if accepted["state"] == "received":
        accepted = desk("POST", f"/v1/commissions/{accepted['id']}/accept",
                        {"assignments": [{"lineId": line["id"], "testerId": tester} for line in accepted["lines"]]})
    tasks = [desk("GET", f"/v1/tasks/{line['taskId']}") for line in accepted["lines"]]
    targets = dict(zip([t["id"] for t in tasks], ORDER))
    state = {t["id"]: t["state"] for t in tasks}
    rank = {s: i for i, s in enumerate(ORDER)}

    if any(state[t] != target and not (target == "returned" and state[t] == "reviewed") for t, target in targets.items()):
        CLIENT = mobile_client()
        standard = next(s for s in get("/v1/standards", query="BZ-001")["standards"] if s["code"] == "BZ-001")
        sign_in("zhang.san")
        for task_id, target in targets.items():
            if target == "created":
                continue
            if state[task_id] == "created":
                phone("start", "--task", task_id, "--standards", f"metal_measure={standard['id']}")
                state[task_id] = "in_progress"
            if state[task_id] == "in_progress":
                # The header first (the plan's order), then the readings: five of them for the task left in progress.
                task = desk("GET", f"/v1/tasks/{task_id}")
                customer = next(c for c, _ in made if c["id"] == task["customerId"])
                batch(task_id, header(task, customer) + readings(upto=5 if target == "in_progress" else None))
                if rank[target] >= rank["submitted"]:
                    phone("submit", "--task", task_id)
                    state[task_id] = "submitted"
        to_review = [t for t, target in targets.items() if target in ("returned", "reviewed") and state[t] == "submitted"]
        if to_review:
            sign_in("li.si")
            for task_id in to_review:
                if targets[task_id] == "returned":
                    phone("review", "--task", task_id, "--decision", "return", "--reason", "流量点 3 第 2 次读数与现场记录不符，请复核")
                else:
                    phone("review", "--task", task_id, "--decision", "pass")
    print(f"demo data: customers {', '.join(c['name'] for c, _ in made)} with ledgers; commissions received (预约), refused, "
          f"accepted with tasks created / in_progress / submitted / returned / reviewed (zhang.san tests, li.si reviews)")


main()
