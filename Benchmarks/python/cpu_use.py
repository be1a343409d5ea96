"""CPU used during a benchmark phase, by component, sampled from /proc every second.

On two shared vCPUs a ratio against a baseline is as much about who else used the CPU as about the code measured:
the platform's services compete with LibreOffice, and other people's builds compete with both. Each phase says where
its CPU went, so a result can be explained (and a noisy run recognised) from its own output.
"""
import os
import threading
import time

# Compilers and test runners: other people's work on a shared machine.
BUILDS = ("swift-frontend", "swift-build", "swift-test", "swiftc", "clang", "ld", "ld.lld", "ld.gold")
SERVICES = ("identity", "devices", "flows", "records", "certificates", "reports", "gateway")


def component(pid, name):
    """The component a process belongs to, or None for the rest of the machine."""
    if name in BUILDS:
        return "others' builds"
    if name in SERVICES:
        return name
    if name == "postgres":
        return "postgresql"
    if name in ("beam.smp", "erl_child_setup", "epmd", "inet_gethost"):
        return "rabbitmq"
    if name in ("soffice.bin", "oosplash"):
        return "converters"
    if name.startswith("python"):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as file:
                command = file.read()
        except OSError:
            return None
        if b"converter.py" in command:
            return "converters"
        return "bench clients"
    if name == "mobile-client":
        return "bench clients"
    return None


def postgres_role(pid):
    """The service whose connection a PostgreSQL backend serves, from its title ("postgres: metrology_flows metrology
    [local] idle"): "flows"; another role's name as it is; "background" for PostgreSQL's own processes."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            words = file.read().replace(b"\0", b" ").decode(errors="replace").split()
    except OSError:
        return "background"
    if len(words) < 4 or words[0] != "postgres:" or words[1] in ("checkpointer", "background", "walwriter", "autovacuum",
                                                                   "logical", "archiver", "stats", "startup"):
        return "background"
    role = words[1]
    return role[len("metrology_"):] if role.startswith("metrology_") else role


class CpuUse:
    """A context manager: CPU-seconds per component between enter and exit. Processes are sampled every second, so a
    process that starts and ends between two samples is missed and one that ends loses its last second: the figures
    are lower bounds, close for long-lived processes."""

    def __init__(self):
        self.ticks = os.sysconf("SC_CLK_TCK")
        self.stop = threading.Event()
        self.seen = {}

    def sample(self):
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as file:
                    text = file.read()
            except OSError:
                continue
            name = text[text.index("(") + 1:text.rindex(")")]
            fields = text[text.rindex(")") + 2:].split()
            used = int(fields[11]) + int(fields[12])
            if entry in self.seen:
                group, first, _, role = self.seen[entry]
                self.seen[entry] = (group, first, used, role)
            else:
                group = component(entry, name)
                if group is not None:
                    # Counted from this first sample: a process cannot cheaply tell whether it began in the phase.
                    self.seen[entry] = (group, used, used, postgres_role(entry) if group == "postgresql" else None)

    @staticmethod
    def machine():
        """(idle, steal) CPU-seconds of the whole machine so far, from /proc/stat: what nobody used, and what the
        hypervisor gave to other guests (a phase with much steal ran on a slower machine than its partner)."""
        with open("/proc/stat") as file:
            fields = file.readline().split()[1:]
        ticks = os.sysconf("SC_CLK_TCK")
        return int(fields[3]) / ticks, (int(fields[7]) if len(fields) > 7 else 0) / ticks

    @staticmethod
    def probe():
        """Milliseconds a fixed loop takes on one core: on a shared host the same work can take half as long again
        from one minute to the next (steal is not always reported), so each phase is probed as it starts and ends."""
        started = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number * number
        return (time.perf_counter() - started) * 1000

    def __enter__(self):
        self.seen = {}
        self.stop.clear()
        self.probes = [self.probe()]
        self.machine_before = self.machine()
        self.sample()

        def run():
            while not self.stop.wait(1):
                self.sample()
        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        self.thread.join()
        self.sample()
        after = self.machine()
        self.idle, self.steal = (after[0] - self.machine_before[0]), (after[1] - self.machine_before[1])
        self.probes.append(self.probe())

    def by_component(self):
        totals = {}
        for group, first, last, _ in self.seen.values():
            totals[group] = totals.get(group, 0) + (last - first) / self.ticks
        return totals

    def postgres_by_role(self):
        """PostgreSQL's CPU-seconds by the role its backends logged in as (a service's own connections), and
        "background" for the checkpointer, WAL writer, autovacuum and the rest."""
        totals = {}
        for group, first, last, role in self.seen.values():
            if group == "postgresql":
                totals[role] = totals.get(role, 0) + (last - first) / self.ticks
        return totals

    def seconds(self, group):
        return self.by_component().get(group, 0.0)
