"""deploy/local/bench reports: a typical statistics query on 1 million completed tasks, through the platform
(gateway → QueryStatistics RPC → reports service → PostgreSQL) next to the same SQL run directly with psql.

The rows are bulk-generated straight into reports.results by the SQL below (not through events: a million tasks
through entry, review and approval would take days on this machine); the read model's indexes are the migration's.
The typical query (§4.3.13.4): one item, a year of test dates, conclusion 合格, grouped by manufacturer, first page.
"""
import argparse
import json
import pathlib
import re
import statistics
import subprocess
import sys
import time
import uuid

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from platform_api import Gateway, login  # noqa: E402

GENERATE = """
TRUNCATE reports.results;
INSERT INTO reports.results (
    task_id, raw_record_number, item_id, item_code, item_name, type_code, type_title, procedure_version, record_state,
    certificate_state, customer_id, customer_name, customer_address, customer_region_code, instrument_id, instrument_name,
    instrument_model, instrument_serial, instrument_manufacturer, instrument_manufacture_date, instrument_accuracy_class,
    instrument_mandatory, instrument_use, tester_id, tester_name, reviewer_id, reviewer_name, approver_id, approver_name,
    test_date, submitted_at, reviewed_at, approved_at, issued_at, certificate_number, certificate_kind, conclusion, passed,
    valid_until, data, records_revision, records_event_at, certificates_event_at)
SELECT md5('task' || n)::uuid, 'YS' || lpad(n::text, 8, '0'), 'item-' || (n % 40), 'JJG' || (400 + n % 40),
    '检定项目 ' || (n % 40), 'verification:subsequent', '后续检定', 1, 'approved', 'issued',
    'customer-' || (n % 5000), '委托单位 ' || (n % 5000), '某市某区某路 ' || (n % 5000) || ' 号', '4401' || lpad((n % 12)::text, 2, '0'),
    'instrument-' || n, '燃油加油机', 'JYJ-' || (n % 30), 'SN' || n, '制造单位 ' || (n % 200),
    date '2010-01-01' + (n % 4000), '0.3 级', n % 3 = 0, CASE WHEN n % 3 = 0 THEN 'trade' ELSE '' END,
    'tester-' || (n % 60), '检定员 ' || (n % 60), 'reviewer-' || (n % 20), '核验员 ' || (n % 20), 'approver-' || (n % 5), '批准人 ' || (n % 5),
    d, d + interval '10 hours', d + interval '12 hours', d + interval '30 hours', d + interval '31 hours',
    'JD' || lpad(n::text, 9, '0'), CASE WHEN n % 11 = 0 THEN 'notice' ELSE 'certificate' END,
    CASE WHEN n % 11 = 0 THEN '不合格' ELSE '合格' END, n % 11 <> 0, d + 365,
    jsonb_build_object('mean1', round(((n % 61) - 30) / 100.0, 2), 'mean2', round(((n % 53) - 26) / 100.0, 2)),
    0, d + interval '12 hours', d + interval '31 hours'
FROM generate_series(1, ROWS) AS n, LATERAL (SELECT date '2023-01-01' + (n * 7 % 1095) AS d) AS day;
INSERT INTO reports.data_fields (code, item_codes, numeric) VALUES ('mean1', '{}', true), ('mean2', '{}', true)
ON CONFLICT (code) DO NOTHING;
"""

# What StatisticsQueryBuilder writes for the typical query, with the values where it binds them.
PAGE_SQL = """
SELECT coalesce(g.c0, ''), g.n, g.p, g.f FROM (SELECT instrument_manufacturer AS c0, count(*) AS n,
  count(*) FILTER (WHERE passed) AS p, count(*) FILTER (WHERE NOT passed) AS f FROM reports.results
  WHERE (item_id = 'item-7') AND (test_date >= '2024-01-01'::date AND test_date <= '2024-12-31'::date) AND (conclusion = '合格')
  GROUP BY 1) g ORDER BY g.n DESC, g.c0 LIMIT 50 OFFSET 0;
"""
COUNT_SQL = """
SELECT count(*) FROM (SELECT 1 FROM reports.results WHERE (item_id = 'item-7')
  AND (test_date >= '2024-01-01'::date AND test_date <= '2024-12-31'::date) AND (conclusion = '合格')
  GROUP BY instrument_manufacturer) g;
"""

QUERY = {
    "filters": [
        {"field": "item_id", "op": "eq", "values": ["item-7"]},
        {"field": "test_date", "op": "range", "values": ["2024-01-01", "2024-12-31"]},
        {"field": "conclusion", "op": "eq", "values": ["合格"]},
    ],
    "groupBy": ["instrument_manufacturer"],
    "pageSize": 50,
}


def psql(args, sql):
    command = [args.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", args.pg_socket, "-p", str(args.pg_port), "-U", "postgres",
               "-d", "metrology", "-c", "\\timing on", "-c", sql]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"psql failed: {done.stderr.strip()[:2000]}")
    output = done.stdout
    return [float(m) for m in re.findall(r"Time: ([0-9.]+) ms", output)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--admin-password", required=True)
    parser.add_argument("--psql", required=True)
    parser.add_argument("--pg-socket", required=True)
    parser.add_argument("--pg-port", type=int, required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    started = time.monotonic()
    # The reports service makes its schema at start: wait for the table.
    for _ in range(120):
        if "results" in subprocess.run([args.psql, "-X", "-A", "-t", "-h", args.pg_socket, "-p", str(args.pg_port), "-U", "postgres", "-d",
                                        "metrology", "-c", "SELECT to_regclass('reports.results')"], capture_output=True, text=True).stdout:
            break
        time.sleep(1)
    psql(args, GENERATE.replace("ROWS", str(int(args.rows))))
    psql(args, "VACUUM ANALYZE reports.results")  # not inside the generation's transaction
    print(f"generated {args.rows} rows in reports.results in {time.monotonic() - started:.1f} s", flush=True)

    admin = Gateway(args.gateway, login(args.gateway, "admin", args.admin_password))
    name = "bench-reports-" + uuid.uuid4().hex[:6]
    password = "Bench-Passw0rd!"
    admin.call("POST", "/v1/users", {"username": name, "password": password, "displayName": "报表基准", "roles": ["document_admin"],
                                      "requirePasswordChange": False})
    reader = Gateway(args.gateway, login(args.gateway, name, password))

    # /tmp/QUIET asks the others on this machine not to start builds while the timed runs go (common.md).
    quiet = pathlib.Path("/tmp/QUIET")
    made_quiet = not quiet.exists()
    if made_quiet:
        quiet.write_text("deploy/local/bench reports\n")
    try:
        measure(args, reader)
    finally:
        if made_quiet:
            quiet.unlink(missing_ok=True)


def measure(args, reader):
    first = reader.call("POST", "/v1/reports/query", QUERY)
    print(f"the query: {first['total']} manufacturers; first group {first['rows'][0]['values'][0]} × {first['rows'][0]['count']}", flush=True)
    platform = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        page = reader.call("POST", "/v1/reports/query", QUERY)
        platform.append((time.perf_counter() - t0) * 1000)
        assert page["total"] == first["total"]
    direct = []
    psql(args, PAGE_SQL + COUNT_SQL)  # warm, like the platform's first call
    for _ in range(args.repeats):
        times = psql(args, PAGE_SQL + COUNT_SQL)
        direct.append(sum(times))
    row = lambda xs: f"median {statistics.median(xs):7.1f} ms  p90 {sorted(xs)[int(0.9 * (len(xs) - 1))]:7.1f} ms  max {max(xs):7.1f} ms"
    print(f"platform (HTTP → RPC → SQL, page + count): {row(platform)}")
    print(f"psql     (same two statements, server time): {row(direct)}")
    print(f"ratio of medians: {statistics.median(platform) / statistics.median(direct):.2f}; goal < 1000 ms: "
          f"{'met' if statistics.median(platform) < 1000 else 'NOT met'}")


if __name__ == "__main__":
    main()
