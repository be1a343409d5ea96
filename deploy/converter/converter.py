#!/usr/bin/python3
"""One document converter: an HTTP server that owns one long-lived LibreOffice (soffice.bin) and renders documents
to PDF or PNG through the UNO bridge.

    /usr/bin/python3 deploy/converter/converter.py --port 56310 --profile /var/tmp/conv1 [--host 127.0.0.1]
        [--timeout 60] [--queue-wait 30] [--max-bytes 52428800]
    (or METROLOGY_CONVERTER_PORT, _PROFILE, _HOST, _TIMEOUT, _QUEUE_WAIT, _MAX_BYTES in the environment)

Run it with Debian's /usr/bin/python3: python3-uno (the `uno` module) belongs to that interpreter only.

    POST /convert?from=docx|xlsx|odt|svg&to=pdf|png[&pdfa=2][&watermark=作废][&watermark_color=RRGGBB]
                 [&width=PX&height=PX]      body: the input bytes -> 200 with the output bytes
    GET  /health                            200 {"status":"ready",...} once LibreOffice is connected, else 503

Why our own bridge: unoserver (PyPI) crashed on xlsx here, and a cold `soffice --convert-to` costs ~2 s per document
against ~0.2 s for a process that stays up.

One document at a time: LibreOffice is not thread-safe. A second concurrent request waits (FIFO is not promised) for
at most --queue-wait seconds, then gets 503 CONVERTER_BUSY. The Swift ConverterPool never sends two at once; the wait
only matters when several pools share one converter. A request that arrives while LibreOffice is (re)starting waits
for it within the same bound (503 CONVERTER_NOT_READY after it).

Failures, each a JSON body {"code": ..., "message": <Chinese>, "detail": ...}:
  422 CONVERSION_BAD_INPUT    the body is not a document of the stated format (checked before LibreOffice sees it,
                              and LibreOffice refused to load it)
  504 CONVERSION_TIMEOUT      the document took longer than --timeout: soffice.bin is killed and started again
  502 CONVERTER_CRASHED       soffice.bin died during the conversion: started again
  503 CONVERTER_BUSY / CONVERTER_NOT_READY / CONVERTER_STOPPING
  500 CONVERSION_FAILED       LibreOffice loaded the document but could not export it
  400/404/411/413             bad query, unknown path, no Content-Length, body over --max-bytes

soffice.bin is started directly (not through the `soffice` script and oosplash, which ignores SIGTERM), in its own
process group, with PR_SET_PDEATHSIG so the kernel kills it if this process dies however it dies. The death signal
fires when the *thread* that forked the child ends, so one long-lived supervisor thread starts every soffice.bin.
"""

import argparse
import ctypes
import http.server
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ElementTree
import zipfile

import uno
from com.sun.star.beans import PropertyValue

SOFFICE_BIN = "/usr/lib/libreoffice/program/soffice.bin"
# soffice.bin exits with 81 after it has created a fresh profile and wants to be started again (oosplash would do it).
RESTART_EXIT_CODE = 81

# Input format -> (LibreOffice import filter, the application that renders it).
IMPORTS = {
    "docx": ("MS Word 2007 XML", "writer"),
    "odt": ("writer8", "writer"),
    "xlsx": ("Calc MS Excel 2007 XML", "calc"),
    "svg": ("svg_Scalable_Vector_Graphics_Draw", "draw"),
}
EXPORTS = {
    ("writer", "pdf"): "writer_pdf_Export",
    ("calc", "pdf"): "calc_pdf_Export",
    ("draw", "pdf"): "draw_pdf_Export",
    ("writer", "png"): "writer_png_Export",
    ("calc", "png"): "calc_png_Export",
    ("draw", "png"): "draw_png_Export",
}
# A zip-based input must hold this member to be what it claims.
ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "odt": "content.xml"}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png"}
WATERMARK_FONT = "Noto Sans CJK SC"
WATERMARK_COLOR = 0x999999
WATERMARK_ANGLE = 450

MESSAGES = {
    "CONVERSION_BAD_INPUT": "文档无法读取：内容不是所声明格式的有效文档",
    "CONVERSION_TIMEOUT": "文档转换超时，转换进程已重启",
    "CONVERTER_CRASHED": "转换进程在转换中异常退出，已重启",
    "CONVERTER_BUSY": "转换服务繁忙，请稍后重试",
    "CONVERTER_NOT_READY": "转换服务尚未就绪",
    "CONVERTER_STOPPING": "转换服务正在停止",
    "CONVERSION_FAILED": "文档已读取但无法导出",
    "CONVERSION_BAD_REQUEST": "转换请求参数无效",
    "CONVERSION_TOO_LARGE": "文档过大",
    "NOT_FOUND": "路径不存在",
}


def log(message):
    sys.stderr.write("[%s] converter: %s\n" % (time.strftime("%Y-%m-%d %H:%M:%S"), message))
    sys.stderr.flush()


class ConversionError(Exception):
    def __init__(self, status, code, detail=""):
        super().__init__(code)
        self.status, self.code, self.detail = status, code, detail


def _set_parent_death_signal():
    # Runs in the child between fork and exec: PR_SET_PDEATHSIG (1) = SIGKILL.
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)


def _props(**values):
    return tuple(PropertyValue(Name=name, Value=value) for name, value in values.items())


def check_input(source, data):
    """Refuses what is plainly not a document of the stated format before LibreOffice sees it: LibreOffice given a
    forced filter and garbage sometimes loads an empty document instead of failing."""
    if source in ZIP_MARKERS:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError) as error:
            raise ConversionError(422, "CONVERSION_BAD_INPUT", "not a zip package: %s" % error)
        if ZIP_MARKERS[source] not in names:
            raise ConversionError(422, "CONVERSION_BAD_INPUT", "zip package without %s" % ZIP_MARKERS[source])
    elif source == "svg":
        try:
            # Debian's expat refuses entity expansion bombs; an SVG needs no DTD anyway.
            root = ElementTree.fromstring(data)
        except ElementTree.ParseError as error:
            raise ConversionError(422, "CONVERSION_BAD_INPUT", "not well-formed XML: %s" % error)
        if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
            raise ConversionError(422, "CONVERSION_BAD_INPUT", "root element is %s, not svg" % root.tag)


class Office:
    """Owns one soffice.bin: starts it, connects through UNO, converts one document at a time, restarts it when it dies
    or hangs."""

    def __init__(self, profile, timeout, startup_timeout=90.0):
        self.profile = os.path.abspath(profile)
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        self.work = os.path.join(self.profile, "work")
        self.lock = threading.Lock()  # held for one conversion
        self.ready = threading.Event()
        self.stopping = threading.Event()
        self.restart_requested = threading.Event()
        self.process = None
        self.desktop = None
        self.conversions = 0
        self.restarts = 0
        self.launches = 0
        self.supervisor = threading.Thread(target=self._supervise, name="office-supervisor", daemon=True)

    # --- lifecycle -------------------------------------------------------------------------------------------------

    def start(self):
        os.makedirs(os.path.join(self.profile, "user"), exist_ok=True)
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.supervisor.start()

    def stop(self, grace):
        """Lets an in-flight conversion finish (within grace seconds), then ends soffice.bin for good."""
        self.stopping.set()
        acquired = self.lock.acquire(timeout=grace)
        self.ready.clear()
        self._kill()
        self.supervisor.join(timeout=10)
        if acquired:
            self.lock.release()

    def _supervise(self):
        delay = 1.0
        failed_starts = 0
        while not self.stopping.is_set():
            connected = self._launch_and_connect()
            failed_starts = 0 if connected else failed_starts + 1
            if failed_starts == 3:
                # A profile left half-written by a killed soffice.bin can stop every later start; it holds nothing of
                # value (LibreOffice rebuilds it in a few seconds).
                log("3 failed starts in a row: deleting the LibreOffice profile %s/user" % self.profile)
                shutil.rmtree(os.path.join(self.profile, "user"), ignore_errors=True)
            if connected:
                delay = 1.0
                self._watch()
            self.ready.clear()
            self._kill()
            self.restart_requested.clear()
            if self.stopping.is_set():
                break
            self.restarts += 1
            if not connected:
                # A LibreOffice that will not start (broken profile, missing fonts) must not spin the CPU.
                self.stopping.wait(delay)
                delay = min(delay * 2, 30.0)
        log("supervisor ended")

    def _launch(self):
        self.launches += 1
        pipe = "metrology_converter_%d_%d" % (os.getpid(), self.launches)
        command = [
            SOFFICE_BIN,
            "-env:UserInstallation=" + uno.systemPathToFileUrl(self.profile),
            "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nofirststartwizard",
            "--nolockcheck",
            "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe,
        ]
        environment = dict(os.environ, SAL_USE_VCLPLUGIN="svp")
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, env=environment,
            preexec_fn=_set_parent_death_signal, start_new_session=True)
        return pipe

    def _launch_and_connect(self):
        began = time.monotonic()
        pipe = self._launch()
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = began + self.startup_timeout
        while not self.stopping.is_set() and time.monotonic() < deadline:
            code = self.process.poll()
            if code == RESTART_EXIT_CODE:
                pipe = self._launch()  # first start on a fresh profile
                continue
            if code is not None:
                log("soffice.bin exited with %s while starting" % code)
                return False
            try:
                context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                self.desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
                self.ready.set()
                log("LibreOffice ready (pid %d) in %d ms" % (self.process.pid, (time.monotonic() - began) * 1000))
                return True
            except Exception:  # NoConnectException until soffice.bin listens
                time.sleep(0.2)
        if not self.stopping.is_set():
            log("LibreOffice did not accept a connection within %ds" % self.startup_timeout)
        return False

    def _watch(self):
        """Until soffice.bin dies or a restart is asked for; while idle, a cheap UNO call every 10 s notices a hung
        process between conversions (a hang during one is the conversion's timeout)."""
        last_ping = time.monotonic()
        while not self.stopping.is_set():
            if self.restart_requested.wait(0.25):
                return
            code = self.process.poll()
            if code is not None:
                log("soffice.bin (pid %d) exited with %s; restarting" % (self.process.pid, code))
                return
            if time.monotonic() - last_ping >= 10 and self.lock.acquire(blocking=False):
                try:
                    last_ping = time.monotonic()
                    if not self._ping(timeout=10):
                        log("soffice.bin (pid %d) does not answer; restarting" % self.process.pid)
                        return
                finally:
                    self.lock.release()

    def _ping(self, timeout):
        answered = threading.Event()

        def call():
            try:
                self.desktop.getFrames().getCount()
                answered.set()
            except Exception:
                pass

        threading.Thread(target=call, daemon=True).start()
        return answered.wait(timeout)

    def _kill(self):
        process = self.process
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            log("soffice.bin (pid %d) survived SIGKILL for 10 s" % process.pid)

    # --- conversion ------------------------------------------------------------------------------------------------

    def convert(self, source, target, data, options, wait):
        """Returns the output bytes or raises ConversionError. wait bounds the time spent waiting for LibreOffice to
        be ready and free."""
        deadline = time.monotonic() + wait
        if self.stopping.is_set():
            raise ConversionError(503, "CONVERTER_STOPPING")
        if not self.ready.wait(max(0.0, deadline - time.monotonic())):
            raise ConversionError(503, "CONVERTER_NOT_READY")
        if not self.lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise ConversionError(503, "CONVERTER_BUSY")
        try:
            # A restart may have begun while we waited for the lock.
            if not self.ready.wait(max(0.0, deadline - time.monotonic())):
                raise ConversionError(503, "CONVERTER_NOT_READY")
            return self._convert_locked(source, target, data, options)
        finally:
            self.lock.release()

    def _convert_locked(self, source, target, data, options):
        folder = tempfile.mkdtemp(dir=self.work)
        result = {}
        process = self.process
        try:
            input_path = os.path.join(folder, "input." + source)
            output_path = os.path.join(folder, "output." + target)
            with open(input_path, "wb") as handle:
                handle.write(data)

            def run():
                try:
                    result["data"] = self._convert_uno(source, target, input_path, output_path, options)
                except BaseException as error:  # handed to the waiting thread
                    result["error"] = error

            worker = threading.Thread(target=run, name="conversion", daemon=True)
            worker.start()
            worker.join(self.timeout)
            if worker.is_alive():
                self.ready.clear()
                self._kill()  # the UNO call in the worker then fails with DisposedException
                self.restart_requested.set()
                worker.join(10)
                raise ConversionError(504, "CONVERSION_TIMEOUT", "exceeded %.1f s; LibreOffice restarted" % self.timeout)
            error = result.get("error")
            if error is None:
                self.conversions += 1
                return result["data"]
            if process.poll() is not None or _is_disposed(error):
                self.ready.clear()
                self.restart_requested.set()
                raise ConversionError(502, "CONVERTER_CRASHED", _describe(error))
            if isinstance(error, ConversionError):
                raise error
            raise ConversionError(500, "CONVERSION_FAILED", _describe(error))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _convert_uno(self, source, target, input_path, output_path, options):
        import_filter, application = IMPORTS[source]
        export_filter = EXPORTS[(application, target)]
        # MacroExecutionMode 0 (NEVER_EXECUTE) and UpdateDocMode 0 (NO_UPDATE): a document runs no macro and fetches
        # no linked content.
        load = _props(Hidden=True, ReadOnly=True, FilterName=import_filter, MacroExecutionMode=0, UpdateDocMode=0)
        try:
            document = self.desktop.loadComponentFromURL(uno.systemPathToFileUrl(input_path), "_blank", 0, load)
        except Exception as error:
            if _is_disposed(error):
                raise
            raise ConversionError(422, "CONVERSION_BAD_INPUT", _describe(error))
        if document is None:
            raise ConversionError(422, "CONVERSION_BAD_INPUT", "LibreOffice loaded nothing")
        try:
            filter_data = []
            if target == "pdf":
                if options.get("pdfa"):
                    filter_data.append(PropertyValue(Name="SelectPdfVersion", Value=int(options["pdfa"])))
                if options.get("watermark"):
                    filter_data += [
                        PropertyValue(Name="Watermark", Value=options["watermark"]),
                        PropertyValue(Name="WatermarkColor", Value=options.get("watermark_color", WATERMARK_COLOR)),
                        PropertyValue(Name="WatermarkFontName", Value=WATERMARK_FONT),
                        # Tenths of a degree; LibreOffice's default turns it a quarter (vertical) on portrait pages.
                        PropertyValue(Name="WatermarkRotateAngle", Value=WATERMARK_ANGLE),
                        PropertyValue(Name="WatermarkFontHeight", Value=watermark_height(options["watermark"])),
                    ]
            else:
                # PNG export keeps what the drawing leaves unpainted transparent by default (the seal is laid over a
                # page). Its "Translucent" option is read as an integer: a Python bool reads as 0 and turns that off.
                if options.get("width"):
                    filter_data.append(PropertyValue(Name="PixelWidth", Value=options["width"]))
                if options.get("height"):
                    filter_data.append(PropertyValue(Name="PixelHeight", Value=options["height"]))
            store = [PropertyValue(Name="FilterName", Value=export_filter)]
            if filter_data:
                store.append(PropertyValue(
                    Name="FilterData", Value=uno.Any("[]com.sun.star.beans.PropertyValue", tuple(filter_data))))
            uno.invoke(document, "storeToURL", (uno.systemPathToFileUrl(output_path), tuple(store)))
        finally:
            try:
                document.close(True)
            except Exception:
                pass  # a dead process or a document that is already gone: nothing left to close
        with open(output_path, "rb") as handle:
            return handle.read()


def watermark_height(text):
    """Points. LibreOffice sizes the text to a vertical line across the page; turned diagonal it overflows, so the
    height follows the length: 2 characters (作废, 预览) get 200 pt, which spans about half an A4 diagonal."""
    return max(24, min(200, 400 // max(1, len(text))))


def _is_disposed(error):
    name = type(error).__name__
    return name in ("DisposedException",) or "Binary URP bridge disposed" in str(error) or "disposed" in str(error).lower()


def _describe(error):
    text = getattr(error, "Message", None) or str(error)
    return ("%s: %s" % (type(error).__name__, text)).strip()[:500]


def parse_options(query):
    """The /convert query -> (source, target, options); raises ConversionError 400."""
    values = urllib.parse.parse_qs(query, keep_blank_values=True, encoding="utf-8", errors="strict")

    def one(name):
        items = values.get(name)
        return items[-1] if items else None

    source, target = one("from"), one("to")
    if source not in IMPORTS:
        raise ConversionError(400, "CONVERSION_BAD_REQUEST", "from must be one of %s" % ", ".join(sorted(IMPORTS)))
    if target not in CONTENT_TYPES:
        raise ConversionError(400, "CONVERSION_BAD_REQUEST", "to must be pdf or png")
    options = {}
    pdfa = one("pdfa")
    if pdfa:
        if target != "pdf" or pdfa not in ("1", "2", "3"):
            raise ConversionError(400, "CONVERSION_BAD_REQUEST", "pdfa must be 1, 2 or 3 and only with to=pdf")
        options["pdfa"] = pdfa
    watermark = one("watermark")
    if watermark:
        if target != "pdf" or len(watermark) > 100:
            raise ConversionError(400, "CONVERSION_BAD_REQUEST", "watermark: at most 100 characters, only with to=pdf")
        options["watermark"] = watermark
    color = one("watermark_color")
    if color:
        if len(color) != 6 or any(c not in "0123456789abcdefABCDEF" for c in color):
            raise ConversionError(400, "CONVERSION_BAD_REQUEST", "watermark_color must be RRGGBB")
        options["watermark_color"] = int(color, 16)
    for name in ("width", "height"):
        value = one(name)
        if value:
            if target != "png" or not value.isdigit() or not 1 <= int(value) <= 10000:
                raise ConversionError(400, "CONVERSION_BAD_REQUEST", "%s must be 1..10000 pixels, only with to=png" % name)
            options[name] = int(value)
    return source, target, options


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "metrology-converter"

    def log_message(self, format, *args):
        pass  # one line per conversion is logged by do_POST; access lines would double it

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_json(self, status, payload):
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _send_error(self, error):
        self._send_json(error.status, {"code": error.code, "message": MESSAGES.get(error.code, error.code),
                                       "detail": error.detail})

    def do_GET(self):
        office = self.server.office
        path = urllib.parse.urlsplit(self.path).path
        if path != "/health":
            self._send_error(ConversionError(404, "NOT_FOUND", path))
            return
        ready = office.ready.is_set() and not office.stopping.is_set()
        status = "ready" if ready else ("stopping" if office.stopping.is_set() else "starting")
        self._send_json(200 if ready else 503, {
            "status": status, "conversions": office.conversions, "restarts": office.restarts,
            "busy": office.lock.locked(), "pid": office.process.pid if office.process else None,
        })

    def do_POST(self):
        office = self.server.office
        began = time.monotonic()
        parts = urllib.parse.urlsplit(self.path)
        length = self.headers.get("Content-Length")
        try:
            if parts.path != "/convert":
                raise ConversionError(404, "NOT_FOUND", parts.path)
            if length is None or not length.isdigit():
                raise ConversionError(411, "CONVERSION_BAD_REQUEST", "Content-Length required")
            if int(length) > self.server.max_bytes:
                raise ConversionError(413, "CONVERSION_TOO_LARGE", "over %d bytes" % self.server.max_bytes)
        except ConversionError as error:
            self.close_connection = True  # the unread body must not be taken for the next request
            self._send_error(error)
            return
        data = self.rfile.read(int(length))
        try:
            try:
                source, target, options = parse_options(parts.query)
            except UnicodeDecodeError:
                raise ConversionError(400, "CONVERSION_BAD_REQUEST", "query is not UTF-8")
            check_input(source, data)
            output = office.convert(source, target, data, options, self.server.queue_wait)
        except ConversionError as error:
            log("%s %s -> %s failed: %d %s %s (%d ms)" % (
                parts.path, _query_value(parts.query, "from"), _query_value(parts.query, "to"), error.status,
                error.code, error.detail, (time.monotonic() - began) * 1000))
            self._send_error(error)
            return
        log("converted %s -> %s%s%s: %d B -> %d B in %d ms" % (
            source, target, " pdfa=" + options["pdfa"] if "pdfa" in options else "",
            " watermark" if "watermark" in options else "", len(data), len(output), (time.monotonic() - began) * 1000))
        self._send(200, output, CONTENT_TYPES[target])


def _query_value(query, name):
    try:
        return (urllib.parse.parse_qs(query).get(name) or ["?"])[-1][:10]
    except Exception:
        return "?"


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A client that hangs up on a kept-alive connection is not an error worth a traceback.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description="LibreOffice document converter (one soffice.bin per instance)")
    # Each option may also come from METROLOGY_CONVERTER_<NAME> (deploy/local/supervise and containers pass no arguments).
    environment = os.environ.get
    parser.add_argument("--host", default=environment("METROLOGY_CONVERTER_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=environment("METROLOGY_CONVERTER_PORT"))
    parser.add_argument("--profile", default=environment("METROLOGY_CONVERTER_PROFILE"),
                        help="this instance's own LibreOffice profile directory")
    parser.add_argument("--timeout", type=float, default=float(environment("METROLOGY_CONVERTER_TIMEOUT", "60")),
                        help="seconds one conversion may take")
    parser.add_argument("--queue-wait", type=float, default=float(environment("METROLOGY_CONVERTER_QUEUE_WAIT", "30")),
                        help="seconds a request waits for a free LibreOffice")
    parser.add_argument("--max-bytes", type=int, default=int(environment("METROLOGY_CONVERTER_MAX_BYTES", 50 * 1024 * 1024)))
    arguments = parser.parse_args()
    if not arguments.port or not arguments.profile:
        parser.error("--port and --profile (or METROLOGY_CONVERTER_PORT and METROLOGY_CONVERTER_PROFILE) are required")

    office = Office(arguments.profile, arguments.timeout)
    server = Server((arguments.host, arguments.port), Handler)
    server.office, server.queue_wait, server.max_bytes = office, arguments.queue_wait, arguments.max_bytes

    stop = threading.Event()
    # A parent may start us with these blocked (Foundation's Process in the Swift tests does): SIGTERM must stop us.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda number, frame: stop.set())
    office.start()
    threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
    log("listening on %s:%d (profile %s, timeout %.1fs)" % (arguments.host, arguments.port, office.profile,
                                                             arguments.timeout))
    while not stop.wait(1.0):
        pass
    log("stopping")
    server.shutdown()
    office.stop(grace=arguments.timeout)
    server.server_close()
    log("stopped after %d conversions, %d restarts" % (office.conversions, office.restarts))


if __name__ == "__main__":
    main()
