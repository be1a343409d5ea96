#!/usr/bin/env python3
"""`deploy/local/bench certificates`: N approvals to sealed PDFs through the gateway, against the same converter pool
converting the same already-filled files directly (issue 17's benchmark; goal: the platform ≥ 0.8× the converters'
own throughput).

Set-up, not timed, through the public API as a lab works (the demo data's fuel dispenser item, JJG 443 templates,
numbering rules, standards and staff must be loaded first): a customer with N instruments, commissions accepted with
every line assigned to the demo tester (zhang.san), and on P preparer threads each task started with the metal
measure BZ-001, its header and 27 readings entered as one offline batch, submitted with the tester's signature and
passed with the reviewer's (li.si), both signed on enrolled phones. K approvers (users made here, role approver,
qualified for the item), each on a phone of their own, wait until every task is in the approval queue.

Timed, platform: the K approvers approve their share of the tasks at once (prepare, the signature ceremony with the
meaning approval, approve with the receipt), and the clock stops when the certificates service reports every
certificate issued (a sealed PDF/A certificate and a sealed raw record each: two conversions per approval). Polled
every 0.25 s (failures every 2 s); a certificate that fails stops the run.

Timed, baseline: the 2N filled documents those certificates kept (certificate_inputs roles `filled` and `filled_raw`,
read with psql as the certificates role) posted to the same converter instances with what the pool asks
(`/convert?from=docx&to=pdf&pdfa=2`), one request in flight per instance, every instance busy until the list is done.
Each answer must be a PDF.
"""
import argparse
import base64
import calendar
import datetime
import http.client
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid

from cpu_use import CpuUse
from platform_api import Gateway, Phone, Refused, login, phone_session

ITEM_CODE = "fuel_dispenser"
TYPE = "verification:subsequent"
MEDIA_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parallel(count, work, items):
    """work(index, items[index::count]) on `count` threads; the first error stops the benchmark."""
    errors = []

    def run(index):
        try:
            work(index, items[index::count])
        except Exception as error:  # noqa: BLE001 — reported and fails the run
            errors.append(f"{type(error).__name__}: {error}")
    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise Refused(errors[0])


# ---- Set-up ----

def find_item(admin):
    items = admin.call("GET", "/v1/items?" + urllib.parse.urlencode({"query": ITEM_CODE, "status": "all"}))["items"]
    item = next((i for i in items if i["code"] == ITEM_CODE), None)
    if item is None:
        raise Refused("the demo data's fuel_dispenser item is missing (deploy/local/demo-data)")
    standards = admin.call("GET", "/v1/standards?" + urllib.parse.urlencode({"query": "BZ-001"}))["standards"]
    standard = next((s for s in standards if s["code"] == "BZ-001"), None)
    if standard is None:
        raise Refused("the demo data's standard BZ-001 is missing")
    return item["id"], standard["id"]


def user_id(admin, username):
    users = admin.call("GET", "/v1/users?" + urllib.parse.urlencode({"query": username}))["users"]
    return next(u["id"] for u in users if u["username"] == username)


def make_approvers(admin, count, tag):
    approvers = []
    for index in range(count):
        username, password = f"bench.approver.{tag}.{index}", f"Bench-{tag}-Aa1!"
        user = admin.call("POST", "/v1/users", {
            "username": username, "password": password, "displayName": f"基准批准人{index}", "roles": ["approver"],
            "position": "技术负责人", "education": "本科", "professionalTitle": "高级工程师", "requirePasswordChange": False})
        admin.call("PUT", f"/v1/users/{user['id']}/approved-items", {"items": [ITEM_CODE]})
        admin.call("POST", f"/v1/users/{user['id']}/qualifications", {
            "certificateNo": f"ZJ-{tag}-A{index}", "issuedOn": "2024-03-01", "issuer": "省市场监督管理局", "expiresOn": "2099-02-28",
            "items": [ITEM_CODE]})
        approvers.append((username, password))
    return approvers


def commission_tasks(base, demo_password, item_id, count, tag, tester_id):
    """N instruments of one customer, commissioned 20 lines at a time and accepted for the tester; the task ids."""
    desk = Gateway(base, login(base, "zhang.san", demo_password))
    customer = desk.call("POST", "/v1/customers", {
        "name": f"基准测试石油销售有限公司{tag}", "address": "杭州市西湖区文三路 88 号", "contactPerson": "王经理", "contactPhone": "0571-88012345"})
    tasks = []
    while len(tasks) < count:
        lines = []
        for _ in range(min(20, count - len(tasks))):
            instrument = desk.call("POST", f"/v1/customers/{customer['id']}/instruments", {
                "name": "燃油加油机", "model": "JYJ-2", "serialNumber": f"ZX-{uuid.uuid4().hex[:10]}", "manufacturer": "正星科技",
                "manufactureDate": "2021-06-01", "accuracyClass": "0.3 级", "measuringRange": "(5~60) L/min", "placeOfUse": "加油站营业区",
                "mandatory": True, "mandatoryUse": "trade", "itemId": item_id, "cycleMonths": 6})
            lines.append({"instrumentId": instrument["id"], "itemId": item_id, "typeCode": TYPE})
        commission = desk.call("POST", "/v1/commissions", {
            "customerId": customer["id"], "requestedOn": datetime.date.today().isoformat(), "note": f"基准测试 {tag}", "lines": lines})
        accepted = desk.call("POST", f"/v1/commissions/{commission['id']}/accept",
                             {"assignments": [{"lineId": line["id"], "testerId": tester_id} for line in commission["lines"]]})
        tasks += [line["taskId"] for line in accepted["lines"]]
    return customer, tasks


def add_months(day, months):
    """The same day `months` later (the last day of a shorter month)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def record_values(task, customer):
    """The header the plan asks for first, then the 27 readings (Vd, Vs, K; point-major) of a dispenser within its
    limits, as deploy/local/demo/records.py enters them: the conclusion is 合格, so each approval issues a certificate."""
    instrument = task["instrument"]
    tested = datetime.date.fromisoformat(task["testDate"])
    due = add_months(tested, instrument.get("cycleMonths") or 6) - datetime.timedelta(days=1)
    header = [("client", customer["name"]), ("accuracy", instrument["accuracyClass"]), ("model", instrument["model"]),
              ("manufacturer", instrument["manufacturer"]), ("serial_number", instrument["serialNumber"]),
              ("user_address", customer["address"]), ("manufacture_date", instrument["manufactureDate"]),
              ("test_date", tested.isoformat()), ("next_test_date", due.isoformat())]
    values = [{"clientId": f"h-{code}", "cell": {"itemCode": code}, "value": value} for code, value in header]
    vd = {1: ["20.03", "20.02", "20.04"], 2: ["20.01", "20.02", "20.01"], 3: ["5.01", "5.00", "5.01"]}
    vs = {1: ["20.00", "20.00", "20.01"], 2: ["20.00", "20.00", "20.00"], 3: ["5.00", "4.99", "5.00"]}
    for code, table in (("Vd", vd), ("Vs", vs), ("K", {p: ["1.0002"] * 3 for p in (1, 2, 3)})):
        for point in (1, 2, 3):
            for run in (1, 2, 3):
                values.append({"clientId": f"r-{code}-{point}-{run}", "cell": {"itemCode": code, "point": point, "run": run},
                               "value": table[point][run - 1]})
    return values


def prepare(base, tester_session, reviewer_session, standard_id, customer, tasks, preparers):
    """Every task started, entered, submitted and reviewed (pass), on `preparers` threads."""
    done = [0]
    lock = threading.Lock()

    def work(_, mine):
        tester, reviewer = Phone(base, tester_session), Phone(base, reviewer_session)
        for task_id in mine:
            path = f"/v1/tasks/{task_id}"
            tester.gateway.call("POST", f"{path}/start", {"standards": [{"needCode": "metal_measure", "standardId": standard_id}]})
            task = tester.gateway.call("GET", path)
            answer = tester.gateway.call("POST", f"{path}/offline-batches", {"values": record_values(task, customer)})
            refused = [o for o in answer.get("outcomes", []) if o.get("outcome") not in ("accepted", "already_applied")]
            if refused or not answer.get("nextStep", {}).get("complete", True):
                raise Refused(f"task {task_id}: the batch was not taken whole: {refused[:2] or answer.get('nextStep')}")
            submission = tester.gateway.call("GET", f"{path}/submission")
            tester.gateway.call("POST", f"{path}/submit", {"receipt": tester.sign(submission), "revision": submission.get("revision", 0)})
            review = reviewer.gateway.call("GET", f"{path}/review-submission")
            reviewer.gateway.call("POST", f"{path}/review", {"decision": "pass", "receipt": reviewer.sign(review)})
            with lock:
                done[0] += 1
                if done[0] % 50 == 0:
                    log(f"prepared {done[0]} of {len(tasks)} tasks")
    parallel(preparers, work, tasks)


def wait_for_queue(approver, tasks, seconds=300):
    """Records' review event reaches the certificates service asynchronously: wait until every task is queued."""
    deadline = time.monotonic() + seconds
    for task_id in tasks:
        while True:
            answer = approver.gateway.call("GET", f"/v1/approvals/{task_id}", expect=(200, 404))
            if answer.get("state") == "pending":
                break
            if time.monotonic() > deadline:
                raise Refused(f"task {task_id} did not reach the approval queue within {seconds} s: {answer}")
            time.sleep(0.2)


# ---- Timed: the platform ----

def certificate_count(gateway, item_id, state):
    query = urllib.parse.urlencode({"itemId": item_id, "state": state, "pageSize": 1})
    return gateway.call("GET", f"/v1/certificates?{query}")["total"]


def approve_all(base, sessions, tasks, item_id, watcher):
    """(seconds until every certificate is issued, seconds until every approval was answered, certificate ids)."""
    issued_before = certificate_count(watcher, item_id, "issued")
    failed_before = certificate_count(watcher, item_id, "failed")
    certificates, sent = [], []
    lock = threading.Lock()

    def work(index, mine):
        approver = Phone(base, sessions[index])
        for task_id in mine:
            path = f"/v1/approvals/{task_id}"
            submission = approver.gateway.call("POST", f"{path}/submission")
            certificate = approver.gateway.call("POST", f"{path}/approve", {"receipt": approver.sign(submission)})
            with lock:
                certificates.append(certificate["id"])
        with lock:
            sent.append(time.monotonic())

    started = time.monotonic()
    parallel(len(sessions), work, tasks)
    answered = max(sent) - started
    log(f"all {len(tasks)} approvals answered after {answered:.1f} s; waiting for the certificates")
    polls = 0
    while True:
        issued = certificate_count(watcher, item_id, "issued") - issued_before
        if issued >= len(tasks):
            return time.monotonic() - started, answered, certificates
        # The probe is part of the platform's load: failures are looked for every 2 s, not at every poll.
        polls += 1
        failed = certificate_count(watcher, item_id, "failed") - failed_before if polls % 8 == 0 else 0
        if failed:
            page = watcher.call("GET", "/v1/certificates?" + urllib.parse.urlencode({"itemId": item_id, "state": "failed", "pageSize": 1}))
            raise Refused(f"{failed} certificate(s) failed: {page['certificates'][0].get('failure')}")
        time.sleep(0.25)


# ---- Timed: the baseline ----

def filled_documents(args, certificates):
    """[(certificate id, role, converter format, bytes)] for the run's certificates, read with psql."""
    ids = "{" + ",".join(certificates) + "}"
    sql = ("SELECT ci.certificate_id, ci.role, f.media_type, translate(encode(f.content, 'base64'), E'\\n', '') "
           "FROM certificates.certificate_inputs ci JOIN certificates.files f ON f.sha256 = ci.sha256 "
           f"WHERE ci.role IN ('filled', 'filled_raw') AND ci.certificate_id = ANY ('{ids}'::uuid[]) ORDER BY 1, 2")
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(sql + ";\n")
    try:
        output = subprocess.run([args.psql, "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(args.pg_port),
                                 "-U", args.pg_user, "-f", script.name, "metrology"], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(script.name)
    documents = []
    for line in output.splitlines():
        certificate, role, media_type, content = line.split("\t")
        if media_type not in MEDIA_TYPES:
            raise Refused(f"certificate {certificate}: a filled {role} of type {media_type} the baseline cannot name")
        documents.append((certificate, role, MEDIA_TYPES[media_type], base64.b64decode(content)))
    wanted = 2 * len(certificates)
    if len(documents) != wanted:
        raise Refused(f"{len(documents)} filled documents stored for {len(certificates)} certificates, not {wanted} "
                      "(is the certificates service built with the filled_raw input?)")
    return documents


def convert_all(urls, documents):
    """Seconds to convert every document, one request in flight per converter, each taking the next from the list."""
    queue = list(range(len(documents)))
    lock = threading.Lock()

    def work(index, _):
        url = urllib.parse.urlparse(urls[index])
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
        while True:
            with lock:
                if not queue:
                    return
                position = queue.pop(0)
            certificate, role, source, content = documents[position]
            connection.request("POST", f"/convert?from={source}&to=pdf&pdfa=2", body=content,
                               headers={"Content-Type": "application/octet-stream"})
            response = connection.getresponse()
            body = response.read()
            if response.status != 200 or not body.startswith(b"%PDF"):
                raise Refused(f"converter {urls[index]} on {certificate}/{role}: {response.status} {body[:300].decode(errors='replace')}")

    started = time.monotonic()
    parallel(len(urls), work, list(range(len(urls))))
    return time.monotonic() - started


def fresh_converters(urls, seconds=120):
    """A new LibreOffice in every converter, so that both phases start alike: the baseline runs after the platform
    phase, and without this its LibreOffice would begin with a thousand documents' worth of state (memory, caches)
    that the platform phase's did not have. Each converter's soffice.bin is killed; the converter notices and starts
    another (its /health names the new pid), and both are warmed up again."""
    def health(url):
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            return json.load(response)

    before = {}
    for url in urls:
        state = health(url)
        before[url] = state["pid"]
        os.kill(state["pid"], signal.SIGKILL)
    deadline = time.monotonic() + seconds
    for url in urls:
        while True:
            try:
                state = health(url)
                if state.get("status") == "ready" and state.get("pid") not in (None, before[url]):
                    break
            except (OSError, ValueError):
                pass  # 503 while LibreOffice starts
            if time.monotonic() > deadline:
                raise Refused(f"converter {url} did not restart within {seconds} s")
            time.sleep(0.25)
    warm_up(urls)


def warm_up(urls):
    """Each converter's first documents cost LibreOffice its fonts and filters: convert the demo's two templates on
    every instance before anything is timed, so neither side pays for a cold start."""
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "deploy/local/demo"))
    import certificate_templates  # noqa: PLC0415 - the demo's template generator

    header = {"client": "委托单位", "model": "型号规格", "serial_number": "出厂编号"}
    documents = [("warm-up", "certificate", "docx", certificate_templates.certificate(header)),
                 ("warm-up", "raw_record", "docx", certificate_templates.raw_record(header))] * (2 * len(urls))
    convert_all(urls, documents)


class ConverterLogs:
    """What the converters say they spent (`converted … in N ms` lines) between two marks: how busy the pool was."""

    def __init__(self, paths):
        self.paths = paths
        self.offsets = {}

    def mark(self):
        self.offsets = {path: os.path.getsize(path) for path in self.paths if os.path.exists(path)}

    def since_mark(self):
        """(documents converted, milliseconds spent converting) since the last mark."""
        count = total = 0
        for path, offset in self.offsets.items():
            with open(path, "rb") as file:
                file.seek(offset)
                for line in file.read().decode(errors="replace").splitlines():
                    found = re.search(r"converter: converted .* in (\d+) ms$", line)
                    if found:
                        count, total = count + 1, total + int(found.group(1))
        return count, total


# Seconds of the idle window measured before the platform phase.
IDLE_SECONDS = 15


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--admin-password", required=True)
    parser.add_argument("--demo-password", required=True)
    parser.add_argument("--mobile-client", required=True)
    parser.add_argument("--converters", required=True, help="the converter pool's base URLs, comma-separated")
    parser.add_argument("--psql", default="psql")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="metrology_certificates")
    parser.add_argument("--approvals", type=int, default=500)
    parser.add_argument("--approvers", type=int, default=4, help="concurrent approvers (each a user on a phone of their own)")
    parser.add_argument("--preparers", type=int, default=4, help="threads preparing the reviewed tasks (not timed)")
    parser.add_argument("--converter-logs", default="", help="the converters' log files, comma-separated (for their busy time)")
    args = parser.parse_args()
    base, urls = args.gateway, [u for u in args.converters.split(",") if u]

    begun = time.monotonic()
    admin = Gateway(base, login(base, "admin", args.admin_password))
    item_id, standard_id = find_item(admin)
    tag = uuid.uuid4().hex[:6]
    approvers = make_approvers(admin, args.approvers, tag)
    customer, tasks = commission_tasks(base, args.demo_password, item_id, args.approvals, tag, user_id(admin, "zhang.san"))
    with tempfile.TemporaryDirectory(prefix="certificates-bench-phones-") as phones:
        def session(index, username, password):
            return phone_session(base, admin, args.mobile_client, username, password, os.path.join(phones, str(index)))
        tester, reviewer = session("tester", "zhang.san", args.demo_password), session("reviewer", "li.si", args.demo_password)
        approver_sessions = [session(f"approver-{i}", username, password) for i, (username, password) in enumerate(approvers)]
    log(f"commissioned {len(tasks)} tasks; preparing them on {args.preparers} threads")
    prepare(base, tester, reviewer, standard_id, customer, tasks, args.preparers)
    watcher = Phone(base, approver_sessions[0])
    wait_for_queue(watcher, tasks)
    log(f"set up {len(tasks)} reviewed tasks and {len(approvers)} approvers through the API in {time.monotonic() - begun:.0f} s")

    fresh_converters(urls)
    # What the platform uses while nobody asks it anything (background loops, polling): it competes in both phases.
    with CpuUse() as idle_cpu:
        time.sleep(IDLE_SECONDS)
    logs = ConverterLogs([p for p in args.converter_logs.split(",") if p])
    logs.mark()
    with CpuUse() as platform_cpu:
        platform_seconds, answered_seconds, certificates = approve_all(base, approver_sessions, tasks, item_id, watcher.gateway)
    platform_busy = logs.since_mark()
    log(f"platform: {len(tasks)} certificates issued in {platform_seconds:.1f} s; reading the filled documents")
    documents = filled_documents(args, certificates)
    fresh_converters(urls)
    log(f"baseline: converting {len(documents)} filled documents on {len(urls)} converters (each LibreOffice fresh and warmed, as for the platform)")
    logs.mark()
    with CpuUse() as baseline_cpu:
        baseline_seconds = convert_all(urls, documents)
    baseline_busy = logs.since_mark()

    n, load = len(tasks), os.getloadavg()[0]
    platform_docs, baseline_docs = 2 * n / platform_seconds, len(documents) / baseline_seconds
    print(f"Certificates: {n} approvals by {len(approvers)} approvers to sealed PDFs vs. the same {len(documents)} filled files converted "
          f"directly, {len(urls)} converters ({datetime.date.today()}, load average {load:.1f} at the end)")
    print("baseline s | baseline documents/s | platform s | platform documents/s | platform approvals/s | ratio (goal ≥ 0.8) | approvals answered in s")
    print(f"{baseline_seconds:10.1f} | {baseline_docs:20.2f} | {platform_seconds:10.1f} | {platform_docs:20.2f} | {n / platform_seconds:20.2f} | "
          f"{platform_docs / baseline_docs:18.2f} | {answered_seconds:23.1f}")
    if logs.paths:
        # Busy share: the converters' own conversion time over (elapsed × instances); the mean is per document.
        for name, (count, spent), seconds in (("baseline", baseline_busy, baseline_seconds), ("platform", platform_busy, platform_seconds)):
            mean = spent / count if count else 0
            print(f"{name}: converters logged {count} conversions, mean {mean:.0f} ms, busy {spent / 1000 / (seconds * len(urls)):.0%} of the time")
    # Where each phase's CPU went: the platform's services compete with LibreOffice for the same two vCPUs.
    usage = {"idle": idle_cpu.by_component(), "baseline": baseline_cpu.by_component(), "platform": platform_cpu.by_component()}
    groups = sorted(set(usage["baseline"]) | set(usage["platform"]), key=lambda g: -usage["platform"].get(g, 0))
    print("CPU-s by component | " + " | ".join(groups))
    for name, seconds in (("idle", IDLE_SECONDS), ("baseline", baseline_seconds), ("platform", platform_seconds)):
        used = usage[name]
        print(f"{name} ({sum(used.values()):.1f} CPU-s in {seconds:.0f} s) | " + " | ".join(f"{used.get(g, 0):.1f}" for g in groups))
    roles = platform_cpu.postgres_by_role()
    print("platform: PostgreSQL CPU-s by connection | " + " | ".join(f"{role} {cpu:.1f}" for role, cpu in sorted(roles.items(), key=lambda r: -r[1])))
    for name, cpu in (("baseline", baseline_cpu), ("platform", platform_cpu)):
        builds = cpu.seconds("others' builds")
        print(f"{name}: other builds and tests used at least {builds:.0f} CPU-s during it (0 on a quiet machine); "
              f"the machine was idle {cpu.idle:.1f} CPU-s, and {cpu.steal:.1f} CPU-s were stolen by the hypervisor; "
              f"a fixed loop took {cpu.probes[0]:.0f} ms as it began and {cpu.probes[1]:.0f} ms as it ended")


if __name__ == "__main__":
    try:
        main()
    except Refused as error:
        print(f"certificates benchmark stopped: {error}", file=sys.stderr)
        sys.exit(1)
