#!/usr/bin/env python3
"""`deploy/local/bench xlsx`: N rows × 12 columns (text with Chinese, numbers, dates, date-times) written to .xlsx by
XLSXWriter (`xlsx-bench`, Tools/XLSXBench) and by Python's xlsxwriter in constant-memory mode, the same rows in the
same run (issue 19's benchmark; goal: XLSXWriter in at most one fifth of xlsxwriter's time, with memory that does not
grow with the rows).

Each writer runs as its own process under `/usr/bin/time -v`: its own clock (rows generated and written, file closed)
and the process's peak RSS. The rows are made by the same formulas on both sides (see `rows()` and main.swift). With
--verify, openpyxl reads both files and the cell values must be equal (run once; it takes longer than the writers).

  xlsx_bench.py --swift PATH/xlsx-bench [--rows 100000,200000] [--repeats 3] [--verify]
  xlsx_bench.py --write-python N FILE      (the timed child: writes the rows with xlsxwriter)
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

INSTRUMENTS = ["燃油加油机", "电子计价秤", "电子血压计", "出租汽车计价器", "冷水水表", "压力表"]
CUSTOMERS = ["杭州市西湖区城西加油站有限公司", "宁波港集团物流有限公司", "温州市第一人民医院", "绍兴市黄酒酿造有限公司", "金华市出租汽车服务中心"]
DAY_ZERO = datetime.datetime(2025, 1, 1)
# (title, width, number format): as main.swift's columns; None width = the title's (XLSXWriter estimates it).
COLUMNS = [("证书编号", 20, None), ("器具名称", 16, None), ("型号", 10, None), ("出厂编号", 12, None), ("委托单位", 32, None),
           ("示值误差", 10, "0.000"), ("修约值", 8, "0.00"), ("温度/℃", 9, None), ("检定日期", 12, "yyyy-mm-dd"),
           ("有效期至", 12, "yyyy-mm-dd"), ("签发时间", 20, "yyyy-mm-dd hh:mm:ss"), ("数量", 8, None)]


def rows(count):
    for index in range(count):
        day = DAY_ZERO + datetime.timedelta(days=index % 365)
        yield [f"JJG443-2025-{index}", INSTRUMENTS[index % len(INSTRUMENTS)], f"型号-{index % 97}", f"SN{index * 7919 % 1000003}",
               CUSTOMERS[index % len(CUSTOMERS)], (index % 200 - 100) / 1000, (index % 1000) / 100, 20 + (index % 10) * 0.5, day,
               day + datetime.timedelta(days=365), DAY_ZERO + datetime.timedelta(seconds=index * 60), index % 50 + 1]


def write_python(count, path):
    import xlsxwriter
    start = time.perf_counter()
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet("证书清单")
    bold = workbook.add_format({"bold": True})
    formats = [workbook.add_format({"num_format": f}) if f else None for (_, _, f) in COLUMNS]
    for column, (title, width, _) in enumerate(COLUMNS):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, title, bold)
    sheet.freeze_panes(1, 0)
    for number, row in enumerate(rows(count), start=1):
        for column in range(5):
            sheet.write_string(number, column, row[column])
        for column in range(5, 8):
            sheet.write_number(number, column, row[column], formats[column])
        for column in range(8, 11):
            sheet.write_datetime(number, column, row[column], formats[column])
        sheet.write_number(number, 11, row[11])
    workbook.close()
    seconds = time.perf_counter() - start
    print(json.dumps({"writer": "xlsxwriter", "rows": count, "bytes": os.path.getsize(path), "seconds": seconds}))


def timed(command):
    """Runs `command` under /usr/bin/time -v: its JSON line, and its peak RSS in MiB."""
    result = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True, check=True)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    report["rss_mib"] = int(rss.group(1)) / 1024 if rss else float("nan")
    return report


def verify(swift_path, python_path):
    import openpyxl
    a = openpyxl.load_workbook(swift_path, read_only=True).active
    b = openpyxl.load_workbook(python_path, read_only=True).active
    count = 0
    for left, right in zip(a.iter_rows(values_only=True), b.iter_rows(values_only=True), strict=True):
        assert list(left) == list(right), (count, left, right)
        count += 1
    return count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--swift")
    parser.add_argument("--rows", default="100000,200000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--verify", action="store_true")
    parser.add_argument("--write-python", nargs=2, metavar=("N", "FILE"))
    args = parser.parse_args()
    if args.write_python:
        write_python(int(args.write_python[0]), args.write_python[1])
        return
    if not args.swift:
        parser.error("--swift is required")
    with tempfile.TemporaryDirectory() as directory:
        swift_file, python_file = os.path.join(directory, "swift.xlsx"), os.path.join(directory, "python.xlsx")
        for count in [int(n) for n in args.rows.split(",")]:
            runs = {"XLSXWriter": [], "xlsxwriter": []}
            for _ in range(args.repeats):
                runs["XLSXWriter"].append(timed([args.swift, "--rows", str(count), "--out", swift_file]))
                runs["xlsxwriter"].append(timed([sys.executable, __file__, "--write-python", str(count), python_file]))
            if args.verify:
                print(f"verify {count} rows: openpyxl reads the same {verify(swift_file, python_file)} rows (header included) from both",
                      file=sys.stderr)
            swift_s = statistics.median(r["seconds"] for r in runs["XLSXWriter"])
            python_s = statistics.median(r["seconds"] for r in runs["xlsxwriter"])
            print(f"{count} rows x 12: XLSXWriter {swift_s:.3f} s, {max(r['rss_mib'] for r in runs['XLSXWriter']):.1f} MiB peak, "
                  f"{runs['XLSXWriter'][-1]['bytes'] / 2**20:.1f} MiB file | xlsxwriter {python_s:.3f} s, "
                  f"{max(r['rss_mib'] for r in runs['xlsxwriter']):.1f} MiB peak, {runs['xlsxwriter'][-1]['bytes'] / 2**20:.1f} MiB file | "
                  f"time ratio {swift_s / python_s:.3f} (1/{python_s / swift_s:.1f}); medians of {args.repeats}")


if __name__ == "__main__":
    main()
