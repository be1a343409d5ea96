#!/usr/bin/env python3
"""`deploy/local/bench records`: entering complete 30-value records through the gateway (HTTP/JSON) with N concurrent
clients, in values/s, next to pgbench's simple one-row INSERT at the same number of clients on the same database in
the same run (issue 16's benchmark; goal: ≥ 0.5 of pgbench's rate).

Everything the entry needs is set up through the public API first, as a lab would: an item with a legal basis and a
test type, a published procedure of 30 inputs, a raw-record numbering rule, one tester (metrologist) per client,
qualified for the item and signed in on a phone of their own (the mobile client enrols it, the administrator enables
it: entry is refused to a session without a device), a customer with instruments, and commissions accepted by the
first tester at the desk with each line assigned to one of the testers. Then each client takes its tester's tasks
one after another: starts one, enters its 30 values in the order the answers' next step names, and goes on. A value counts once the gateway answered 200; a record counts when its 30th
value is in and the record says it is complete. Any other answer stops the run with that answer printed.

With --batch each record is sent as one offline batch of its 30 values (the order learnt once, untimed, from a task
entered value by value): the same work in records per value, without a request and a recomputation for each.

Standard library only (http.client over keep-alive connections, one thread per client): the clients run on the same
2 vCPUs as the platform, as pgbench does.
"""
import argparse
import datetime
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

from cpu_use import CpuUse
from platform_api import Gateway, Refused, login, phone_session

INPUTS = 30


def setup(base, admin_password, clients, records_per_client):
    """Creates what the entry needs; returns (tester username, password, [task ids per client])."""
    admin = Gateway(base, login(base, "admin", admin_password))
    tag = uuid.uuid4().hex[:6]
    item = admin.call("POST", "/v1/items", {
        "code": f"bench_rec_{tag}", "name": f"基准记录{tag}",
        "bases": [{"kind": "authorization", "certificateNo": f"BENCH-{tag}", "validUntil": "2099-12-31"}]})
    item_id, item_code, type_code = item["id"], item["code"], "calibration:1"
    admin.call("POST", f"/v1/items/{item_id}/types", {"category": "calibration", "subtype": "1"})
    query = "type=" + urllib.parse.quote(type_code)
    draft = admin.call("GET", f"/v1/items/{item_id}/procedure?{query}")
    # The blank draft's header fields (委托单位, 检定日期, …) stay — publishing needs them — and are entered like any
    # input; numbers make up the rest of the 30. A judgement and the conclusion, which publishing also needs.
    # The plan's next step names required inputs only (an optional header field is skipped), so the required header
    # fields plus the numbers make the 30 values each record takes.
    numbers = INPUTS - sum(1 for field in draft["draft"] if field.get("required"))
    items = draft["draft"] + [{"code": f"x{i}", "title": f"读数{i}", "kind": "number", "section": "measurement", "unit": "L",
                               "required": True} for i in range(1, numbers + 1)] + [
        {"code": "ok_x", "title": "读数判定", "kind": "judgement", "section": "result", "formula": 'ABSWITHIN(x1, 100, "full", 0.01)'},
        {"code": "conclusion", "title": "检定结论", "kind": "conclusion", "section": "conclusion", "formula": "CONCLUDE(ok_x)"}]
    saved = admin.call("PUT", f"/v1/items/{item_id}/procedure?{query}", {"items": items, "baseRevision": draft["draftRevision"]})
    validation = admin.call("GET", f"/v1/items/{item_id}/procedure/validation?{query}")
    if not validation.get("ok"):
        raise Refused(f"the bench procedure does not validate: {validation}")
    admin.call("POST", f"/v1/items/{item_id}/procedure/publish?{query}", {"draftRevision": saved["draftRevision"], "note": "基准测试"})
    admin.call("PUT", f"/v1/items/{item_id}/numbering", {
        "typeCode": type_code, "target": "raw_record", "prefix": f"R{tag.upper()}-", "datePattern": "YYYY", "width": 8, "start": 1})

    testers = []
    for index in range(clients):
        username, password = f"bench.{tag}.{index}", f"Bench-{tag}-Aa1!"
        tester = admin.call("POST", "/v1/users", {
            "username": username, "password": password, "displayName": f"基准检定员{index}", "roles": ["metrologist"],
            "position": "检定员", "education": "本科", "professionalTitle": "工程师", "requirePasswordChange": False})
        admin.call("PUT", f"/v1/users/{tester['id']}/approved-items", {"items": [item_code]})
        admin.call("POST", f"/v1/users/{tester['id']}/qualifications", {
            "certificateNo": f"ZJ-{tag}-{index}", "issuedOn": "2024-03-01", "issuer": "省市场监督管理局", "expiresOn": "2099-02-28",
            "items": [item_code]})
        testers.append((tester["id"], username, password))

    # The desk (委托受理) is the first tester at the console: the administrator holds no records permission.
    desk = Gateway(base, login(base, testers[0][1], testers[0][2]))
    customer = desk.call("POST", "/v1/customers", {"name": f"基准测试委托单位{tag}", "contactPerson": "张三", "contactPhone": "13800000000"})
    total = clients * records_per_client
    lines_per_commission = 20
    tasks = {tester_id: [] for tester_id, _, _ in testers}
    assigned = 0
    while assigned < total:
        count = min(lines_per_commission, total - assigned)
        lines = []
        for _ in range(count):
            instrument = desk.call("POST", f"/v1/customers/{customer['id']}/instruments", {
                "name": "燃油加油机", "model": "BENCH-1", "serialNumber": uuid.uuid4().hex[:10], "itemId": item_id})
            lines.append({"instrumentId": instrument["id"], "itemId": item_id, "typeCode": type_code})
        commission = desk.call("POST", "/v1/commissions", {
            "customerId": customer["id"], "requestedOn": datetime.date.today().isoformat(), "lines": lines})
        assignments = [{"lineId": line["id"], "testerId": testers[(assigned + i) % clients][0]} for i, line in enumerate(commission["lines"])]
        accepted = desk.call("POST", f"/v1/commissions/{commission['id']}/accept", {"assignments": assignments})
        for line in accepted["lines"]:
            tasks[line["testerId"]].append(line["taskId"])
        assigned += count
    return admin, testers, [tasks[tester_id] for tester_id, _, _ in testers]


def value_for(step, entered):
    """A plain value of the step's kind: header dates and texts as a tester would give them, readings as decimals."""
    today = datetime.date.today()
    dates = {"manufacture_date": "2023-05-01", "test_date": today.isoformat(), "next_test_date": today.replace(year=today.year + 1).isoformat()}
    code = step["cell"]["itemCode"]
    if code in dates or step.get("kind") == "date":
        return dates.get(code, "2026-01-01")
    if step.get("kind") == "number":
        return f"{10 + entered % 7}.{entered % 100:02d}"
    return "基准测试"


def learn_plan(base, session, task):
    """The steps of a record in the order the procedure asks for them (cell and kind of each), learnt by entering one
    whole task value by value before anything is timed: what a phone knows from the procedure it downloaded."""
    gateway = Gateway(base, *session)
    step = gateway.call("POST", f"/v1/tasks/{task}/start", {"standards": []})["nextStep"]
    plan = []
    while not step.get("complete"):
        plan.append({"cell": step["cell"], "kind": step.get("kind")})
        step = gateway.call("POST", f"/v1/tasks/{task}/values", {"cell": step["cell"], "value": value_for(step, len(plan) - 1)})["nextStep"]
    if len(plan) != INPUTS:
        raise Refused(f"the plan has {len(plan)} steps, not {INPUTS}")
    return plan


def enter_batch(gateway, task, plan):
    """One record as one offline batch (the whole capture sent at once, as a phone does after working offline):
    every value must be accepted and the record complete."""
    gateway.call("POST", f"/v1/tasks/{task}/start", {"standards": []})
    values = [{"clientId": f"{task}-{index}", "cell": step["cell"], "value": value_for(step, index)} for index, step in enumerate(plan)]
    answer = gateway.call("POST", f"/v1/tasks/{task}/offline-batches", {"values": values})
    refused = [o for o in answer.get("outcomes", []) if o.get("outcome") != "accepted"]
    if refused or not answer.get("nextStep", {}).get("complete"):
        raise Refused(f"task {task}: the batch was not taken whole: {refused[:2] or answer.get('nextStep')}")
    return len(values)


def enter(base, session, tasks, deadline, counts, errors, lock, plan=None):
    gateway = Gateway(base, *session)
    values = records = 0
    try:
        for task in tasks:
            if time.monotonic() >= deadline:
                break
            if plan is not None:
                values += enter_batch(gateway, task, plan)
                records += 1
                continue
            step = gateway.call("POST", f"/v1/tasks/{task}/start", {"standards": []})["nextStep"]
            entered = 0
            while not step.get("complete") and time.monotonic() < deadline:
                step = gateway.call("POST", f"/v1/tasks/{task}/values", {"cell": step["cell"], "value": value_for(step, entered)})["nextStep"]
                entered += 1
                values += 1
            if step.get("complete"):
                if entered != INPUTS:
                    raise Refused(f"task {task} was complete after {entered} values, not {INPUTS}")
                records += 1
    except Exception as error:  # noqa: BLE001 — reported and fails the run
        with lock:
            errors.append(str(error))
    with lock:
        counts.append((values, records))


def records_run(base, sessions, task_lists, seconds, plan=None):
    counts, errors, lock = [], [], threading.Lock()
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=enter, args=(base, session, tasks, deadline, counts, errors, lock, plan))
               for session, tasks in zip(sessions, task_lists)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if errors:
        raise Refused(errors[0])
    values = sum(v for v, _ in counts)
    records = sum(r for _, r in counts)
    if elapsed < seconds * 0.9:
        print(f"warning: the clients ran out of tasks after {elapsed:.1f} s; raise --records-per-client", file=sys.stderr)
    return values / elapsed, records / elapsed, values, records


def pgbench_run(args):
    """pgbench's simple one-row INSERT, same clients and duration, into a table of the bench role's own schema."""
    env = dict(os.environ)
    connection = ["-h", "127.0.0.1", "-p", str(args.pg_port), "-U", args.pg_user, "metrology"]
    psql = os.path.join(os.path.dirname(args.pgbench), "psql")
    psql = psql if os.path.exists(psql) else "psql"
    subprocess.run([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", *connection, "-c",
                    "DROP TABLE IF EXISTS bench.pgbench_values; "
                    "CREATE TABLE bench.pgbench_values (id bigserial PRIMARY KEY, task text NOT NULL, value text NOT NULL, at timestamptz NOT NULL DEFAULT now())"],
                   check=True, env=env)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write("INSERT INTO bench.pgbench_values (task, value) VALUES ('t', '12.34');\n")
    try:
        output = subprocess.run([args.pgbench, "-n", "-c", str(args.clients), "-T", str(args.seconds), "-f", script.name, *connection],
                                check=True, env=env, capture_output=True, text=True).stdout
    finally:
        os.unlink(script.name)
    for line in output.splitlines():
        if line.startswith("tps ="):
            return float(line.split()[2])
    raise Refused("pgbench printed no tps:\n" + output)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--admin-password", required=True)
    parser.add_argument("--pgbench", default="pgbench")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="metrology_bench")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--records-per-client", type=int, default=40)
    parser.add_argument("--mobile-client", required=True)
    parser.add_argument("--batch", action="store_true",
                        help="each record as one offline batch of its 30 values instead of 30 requests (the plan is learnt first, untimed)")
    args = parser.parse_args()

    begun = time.monotonic()
    admin, testers, task_lists = setup(args.gateway, args.admin_password, args.clients, args.records_per_client)
    with tempfile.TemporaryDirectory(prefix="records-bench-phones-") as phones:
        sessions = [phone_session(args.gateway, admin, args.mobile_client, username, password, os.path.join(phones, str(index)))[:2]
                    for index, (_, username, password) in enumerate(testers)]
    print(f"set up {sum(map(len, task_lists))} tasks and {len(sessions)} phones through the API in {time.monotonic() - begun:.0f} s",
          file=sys.stderr)
    plan = None
    if args.batch:
        plan = learn_plan(args.gateway, sessions[0], task_lists[0].pop(0))
    theirs = pgbench_run(args)
    with CpuUse() as cpu:
        values_per_second, records_per_second, values, records = records_run(args.gateway, sessions, task_lists, args.seconds, plan)
    mode = "one offline batch per record" if args.batch else "one request per value"
    print(f"Records entry, {args.clients} clients through the gateway, {mode}, {args.seconds} s ({datetime.date.today()})")
    print("pgbench INSERT tps | platform values/s | ratio (goal ≥ 0.5) | records/s | values | complete records")
    print(f"{theirs:18.0f} | {values_per_second:17.0f} | {values_per_second / theirs:18.2f} | {records_per_second:9.2f} | {values:6d} | {records:16d}")
    # Where the entry phase's CPU went, per complete record: which process a faster design must relieve.
    used = sorted(cpu.by_component().items(), key=lambda item: -item[1])
    per_record = 1000 / records if records else 0
    print("entry phase CPU ms per record | " + " | ".join(f"{group} {seconds * per_record:.1f}" for group, seconds in used))
    roles = sorted(cpu.postgres_by_role().items(), key=lambda item: -item[1])
    print("PostgreSQL CPU ms per record by connection | " + " | ".join(f"{role} {seconds * per_record:.1f}" for role, seconds in roles))
    print(f"the machine was idle {cpu.idle:.1f} CPU-s, {cpu.steal:.1f} CPU-s were stolen; "
          f"a fixed loop took {cpu.probes[0]:.0f} ms as the phase began and {cpu.probes[1]:.0f} ms as it ended")


if __name__ == "__main__":
    try:
        main()
    except Refused as error:
        print(f"records benchmark stopped: {error}", file=sys.stderr)
        sys.exit(1)
