"""Benchmark harness for fetchflux (bench/run execs this; see bench/README.md).

Builds the jars, starts a stub upstream (nginx + echo), starts fetchflux and the reference
servers (raw Reactor Netty relay, bare Spring WebFlux relay, Node.js relay, Tornado), warms
each one up until its rate is steady, then measures every scenario in interleaved rounds (in
each round every server once, one at a time), and writes a report of the medians, with every
rate also as a ratio to the raw relay. A cold-start scenario launches fetchflux (and the raw
relay) and loads it at once. A cache phase measures fetchflux's response cache (memory and Redis
stores: hits against the miss path, a thundering herd on one URL) and its batch endpoint. Python 3
standard library only (Debian's /usr/bin/python3).
"""
import argparse
import dataclasses
import http.client
import json
import os
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime, timezone

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
RESULTS_DIR = os.path.join(BENCH_DIR, "results")
RAW_DIR = os.path.join(RESULTS_DIR, "raw")
sys.path.insert(0, BENCH_DIR)
import report  # noqa: E402  (bench/report.py)

JAR = os.path.join(REPO_DIR, "target", "fetchflux-0.1.0-SNAPSHOT.jar")
LAUNCH_FILE = os.path.join(BENCH_DIR, "fetchflux.launch")
JVM_OPTIONS_FILE = os.path.join(REPO_DIR, "jvm.options")
REFS_POM = os.path.join(BENCH_DIR, "references", "pom.xml")
RAW_JAR = os.path.join(BENCH_DIR, "references", "raw-relay", "target", "raw-relay.jar")
SPRING_JAR = os.path.join(BENCH_DIR, "references", "spring-relay", "target", "spring-relay.jar")
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-tornado is only seen by the system interpreter

ENV = os.environ
JDK_HOMES = {"25": ENV.get("JDK25_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"),
             "17": ENV.get("JDK17_HOME", "/usr/lib/jvm/java-17-openjdk-amd64")}
STUB_PORT = int(ENV.get("STUB_PORT", 18081))
STUB_WORKERS = int(ENV.get("STUB_WORKERS", 1))
STUB_KEEPALIVE = ENV.get("STUB_KEEPALIVE", "10s")
REDIS_SERVER = ENV.get("REDIS_SERVER", "/usr/bin/redis-server")
NOFILE = 20000
WRK_THREADS = 2
WRK_TIMEOUT = "10s"
START_TIMEOUT_SECS = 120
BUILD_TIMEOUT_SECS = 1800
QUIET_PCT = 25
BENCH_NICE = int(ENV.get("BENCH_NICE", -10 if os.geteuid() == 0 else 0))
IMG_SIZE = 2048
BLOB_SIZE = 100 * 1024 * 1024
ALL_STYLES = ("callback", "reactive", "sequential", "images")
HZ = os.sysconf("SC_CLK_TCK")
NPROC = os.cpu_count()


# --- what is measured: scenarios and servers, as data -------------------------------------------

@dataclass(frozen=True)
class Scenario:
    id: str
    delay_ms: int
    conns: tuple
    secs: int
    smoke_conns: tuple
    body: str = "img"  # img: the 2 KiB PNG; blob: 100 MiB through /api/fetch; distinct: a cacheable PNG per request
    what: str = ""
    # Every request names a URL of its own (wrk_distinct.lua): nothing can be shared between requests.
    distinct: bool = False


# S1-S4 ask for a distinct upstream URL every request, as a relay's users do: on one repeated URL,
# fetchflux's cache would share one fetch among all the requests in flight at once (the herd scenario
# measures that), and the comparison with the relays, which fetch every time, would be void.
SCENARIOS = [
    Scenario("S1", 0, (64, 256), 10, (4, 16), what="no delay, 2 KiB PNG", distinct=True),
    Scenario("S2", 100, (1000,), 10, (32,), what="100 ms delay, 2 KiB", distinct=True),
    Scenario("S3", 100, (5000,), 10, (64,), what="100 ms delay, 2 KiB", distinct=True),
    Scenario("S4", 1000, (10000,), 20, (128,), what="1 s delay, 2 KiB (C10K)", distinct=True),
    Scenario("S5", 0, (4,), 10, (2,), body="blob", what="no delay, 100 MiB through /api/fetch"),
]
S1 = SCENARIOS[0]

# The cache phase: fetchflux with each store (CACHE_STORES), one JVM per store. hit: S1's load on one
# cacheable URL, in the same rounds as the miss path on the same JVMs: S1's load with a cacheable URL of
# its own per request, each fetched and stored; herd: many connections on one fresh URL whose answer
# takes 1 s, a new URL every round.
CACHE_SCENARIOS = [
    Scenario("hit", 0, S1.conns, S1.secs, S1.smoke_conns, body="cacheable",
             what="S1's load on one cached URL, beside the miss path, same JVMs"),
    Scenario("herd", 1000, (1000,), 5, (100,), body="cacheable-slow",
             what="one fresh URL per round, upstream answer after 1 s: the first wave must share one fetch"),
]
MISS = dataclasses.replace(CACHE_SCENARIOS[0], id="miss", body="distinct",
                           what="S1's load, a distinct cacheable URL per request: each one fetched and stored")
CACHE_STORES = ("memory", "redis")


@dataclass(frozen=True)
class Batch:
    """The batch phase: POST /api/batch with distinct stub URLs, each answered after delay_ms."""
    urls: int
    smoke_urls: int
    delay_ms: int
    concurrencies: tuple  # None: the field omitted, the endpoint's default
    default_concurrency: int  # what the endpoint does when the field is omitted (for the plan and the report)
    beside: int  # S1 runs while a batch of this concurrency runs, and alone for as long
    s1_conns: int
    smoke_s1_conns: int


BATCH = Batch(urls=1000, smoke_urls=100, delay_ms=100, concurrencies=(None, 64), default_concurrency=8, beside=64,
              s1_conns=64, smoke_s1_conns=16)
BATCH_TIMEOUT_SECS = 300  # one batch, and each read of its answer

SCENARIO_IDS = [s.id for s in SCENARIOS] + ["cold"] + [s.id for s in CACHE_SCENARIOS] + ["batch"]


@dataclass(frozen=True)
class Kind:
    """A kind of server. port: its own (JDK 17 instances add 100); path: the relay endpoint."""
    name: str
    label: str
    port: int
    jvm: bool = False
    rounds: int = 0  # 0: --rounds; Tornado is 10-100x slower than the rest, one round tells enough
    fresh_per_run: bool = False  # a new process for every run (Tornado: queued fetches would skew the next)
    warm: bool = True
    cold: bool = False  # in the cold-start scenario


KINDS = {k.name: k for k in [
    Kind("fetchflux", "fetchflux", int(ENV.get("APP_PORT", 18080)), jvm=True, cold=True),
    Kind("raw", "raw relay", int(ENV.get("RAW_PORT", 18083)), jvm=True, cold=True),
    Kind("spring", "spring relay", int(ENV.get("SPRING_PORT", 18084)), jvm=True),
    Kind("node", "node relay", int(ENV.get("NODE_PORT", 18085))),
    Kind("tornado", "tornado", int(ENV.get("TORNADO_PORT", 18082)), rounds=1, fresh_per_run=True, warm=False),
    Kind("upstream", "upstream (ceiling)", STUB_PORT, warm=False),
]}
TORNADO_MAX_CLIENTS = (0, 1000)
METRICS_OFF = "metrics-off"  # 0 keeps Tornado's default of 10
VARIANT_PORT_OFFSET = {METRICS_OFF: 10, "memory": 20, "redis": 30}  # fetchflux variants: port + offset


def fetchflux_command(java):
    """The one place that says how fetchflux is launched: the line in bench/fetchflux.launch."""
    with open(LAUNCH_FILE) as f:
        line = next(ln for ln in (x.strip() for x in f) if ln and not ln.startswith("#"))
    java_home = os.path.dirname(os.path.dirname(java)) if java != "{java}" else "{java_home}"
    return [word.replace("{java_home}", java_home).replace("{java}", java) for word in shlex.split(line)]


def jvm_options():
    return [f"@{JVM_OPTIONS_FILE}"] if os.path.exists(JVM_OPTIONS_FILE) else []


@dataclass
class Server:
    """One process (or the stub) serving one or more measured series."""
    kind: Kind
    jdk: str = "-"
    variant: str = ""  # Tornado's max_clients; for fetchflux "metrics-off" (its meters off) or a cache store
    proc: subprocess.Popen = None
    startup_ms: int = None

    @property
    def port(self):
        offset = VARIANT_PORT_OFFSET.get(self.variant, 0) if self.kind.name == "fetchflux" else 0
        return self.kind.port + (100 if self.jdk == "17" else 0) + offset

    @property
    def key(self):
        return "-".join(x for x in (self.kind.name, "jdk" + self.jdk if self.jdk != "-" else "", self.variant) if x)

    @property
    def java(self):
        return os.path.join(JDK_HOMES.get(self.jdk, ""), "bin", "java")

    def pids(self):
        """Its processes: the server's (nginx: master and workers); with the redis store, redis-server too."""
        return pid_tree(self.proc.pid) + ([RUN.redis.pid] if self.variant == "redis" and RUN.redis else [])

    def command(self):
        java = self.java
        if self.kind.name == "fetchflux":
            return fetchflux_command(java) + [
                f"--server.port={self.port}", "--fetchflux.fetch.allowed-networks=127.0.0.0/8",
                f"--fetchflux.fetch.allowed-ports=80,443,{STUB_PORT}"] + self.variant_args(), REPO_DIR
        # The references run in their own directory: Spring Boot would read the repo's application.yml.
        if self.kind.name == "raw":
            return [java, *jvm_options(), "-jar", RAW_JAR, str(self.port)], os.path.dirname(RAW_JAR)
        if self.kind.name == "spring":
            return [java, *jvm_options(), "-jar", SPRING_JAR, f"--server.port={self.port}",
                    "--server.address=127.0.0.1"], os.path.dirname(SPRING_JAR)
        if self.kind.name == "node":
            return ["node", os.path.join(BENCH_DIR, "node_relay.js"), str(self.port)], BENCH_DIR
        if self.kind.name == "tornado":
            return [SYSTEM_PYTHON, os.path.join(BENCH_DIR, "tornado_server.py"), str(self.port),
                    self.variant], BENCH_DIR
        raise ValueError(self.kind.name)

    def variant_args(self):
        if self.variant == METRICS_OFF:
            return ["--fetchflux.metrics.enabled=false"]
        if self.variant == "memory":
            return ["--fetchflux.cache.store=memory"]
        if self.variant == "redis":
            return ["--fetchflux.cache.store=redis", "--spring.data.redis.host=127.0.0.1",
                    f"--spring.data.redis.port={RUN.redis_port if RUN and RUN.redis_port else '<free port>'}"]
        return []

    @property
    def health_url(self):
        return f"http://127.0.0.1:{self.port}/actuator/health" if self.kind.name == "fetchflux" else None


@dataclass
class Series:
    """One line of the report: a server and, for fetchflux, the endpoint style."""
    server: Server
    style: str

    @property
    def name(self):
        return report.series_name({"server": self.server.kind.name, "jdk": self.server.jdk, "style": self.style})

    def url(self, upstream_url):
        kind, q = self.server.kind.name, urllib.parse.quote(upstream_url, safe="")
        base = f"http://127.0.0.1:{self.server.port}"
        if kind == "upstream":
            return upstream_url
        if kind == "fetchflux":
            style = "images" if self.server.variant else self.style  # the variants serve /api/images
            path = {"fetch": "/api/fetch", "images": "/api/images"}.get(style, f"/api/styles/{style}/image")
            return f"{base}{path}?url={q}"
        if kind == "tornado":
            return f"{base}/image?url={q}"
        return f"{base}/relay?url={q}"

    @property
    def rounds(self):
        return 1 if CFG.smoke else (self.server.kind.rounds or CFG.rounds)


# --- configuration -------------------------------------------------------------------------------

@dataclass
class Config:
    smoke: bool = False
    build: bool = True
    plan_only: bool = False
    scenarios: list = field(default_factory=list)
    jdks: list = field(default_factory=list)
    servers: list = field(default_factory=list)
    styles: list = field(default_factory=list)
    warmup_cap: int = 90
    warmup_window: int = 5
    warmup_min: int = 15
    warmup_tolerance: float = 0.03
    secs: dict = field(default_factory=dict)
    conns: dict = field(default_factory=dict)
    rounds: int = 3
    gap: float = 2
    quiet_wait: int = 30
    cold_secs: int = 60
    cold_window: int = 5
    s5_warmup: int = 10
    batch_urls: int = 0
    batch_s1_conns: int = 0
    short: bool = False
    argv: str = ""


CFG = Config()


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/run", description="fetchflux benchmark harness; see bench/README.md",
                                epilog="Env: JDK25_HOME, JDK17_HOME, APP_PORT, RAW_PORT, SPRING_PORT, NODE_PORT, "
                                       "TORNADO_PORT, STUB_PORT (JDK 17 instances use port+100), STUB_WORKERS, "
                                       "BENCH_NICE, QUIET_WAIT_SECS, REDIS_SERVER (the cache phase: fetchflux with "
                                       "the memory store on APP_PORT+20, with the redis store on APP_PORT+30). Exit "
                                       "status: 0 when every selected server started and every run completed, 1 "
                                       "otherwise.")
    p.add_argument("--smoke", action="store_true", help="CI mode: 1 s runs, tiny connection counts, one round, "
                   "JDK 25, style reactive, no targets judged")
    p.add_argument("--scenarios", default=ENV.get("BENCH_SCENARIOS", ",".join(SCENARIO_IDS)),
                   help="subset of S1..S5,cold,hit,herd,batch (default all); env BENCH_SCENARIOS")
    p.add_argument("--jdks", default=ENV.get("BENCH_JDKS"), help="JDKs for the JVM servers (default 25,17; "
                   "smoke 25); env BENCH_JDKS")
    p.add_argument("--servers", default=ENV.get("BENCH_SERVERS", ",".join(KINDS)),
                   help="fetchflux,raw,spring,node,tornado,upstream (default all); env BENCH_SERVERS")
    p.add_argument("--styles", default=ENV.get("BENCH_STYLES"), help="fetchflux endpoints: callback,reactive,"
                   "sequential,images (default the first three; smoke reactive); env BENCH_STYLES")
    p.add_argument("--warmup", type=int, help="most seconds of S1 load per server before measuring, in windows "
                   "until two in a row are within 3%% (default 90, smoke 2; 0: none)")
    p.add_argument("--secs", type=int, help="every measured run's duration (development; not comparable)")
    p.add_argument("--rounds", type=int, help="interleaved rounds per scenario (default 3, smoke 1)")
    p.add_argument("--no-build", action="store_true", help="use the existing jars")
    p.add_argument("--plan", action="store_true", help="print what would run and its planned duration, then exit")
    a = p.parse_args(argv)
    c = CFG
    c.argv = " ".join(argv)
    c.smoke, c.build, c.plan_only = a.smoke, not a.no_build, a.plan
    c.scenarios = [s for s in a.scenarios.split(",") if s]
    c.jdks = (a.jdks or ("25" if c.smoke else "25,17")).split(",")
    c.servers = [s for s in a.servers.split(",") if s]
    c.styles = (a.styles or ("reactive" if c.smoke else "images,callback,reactive,sequential")).split(",")
    for s in c.scenarios:
        if s not in SCENARIO_IDS:
            p.error(f"unknown scenario {s}")
    for s in c.jdks:
        if s not in JDK_HOMES:
            p.error(f"unknown JDK {s} (25 or 17)")
    for s in c.servers:
        if s not in KINDS:
            p.error(f"unknown server {s}")
    for s in c.styles:
        if s not in ALL_STYLES:
            p.error(f"unknown style {s}")
    c.conns = {s.id: (s.smoke_conns if c.smoke else s.conns) for s in SCENARIOS + CACHE_SCENARIOS + [MISS]}
    # Smoke: 1 s runs, 2 s where a request takes 1 s (S4, herd) or a body is 100 MiB (S5).
    c.secs = {s.id: (max(1, min(2, s.delay_ms // 500, s.secs)) if s.body != "blob" else 2) if c.smoke else s.secs
              for s in SCENARIOS + CACHE_SCENARIOS + [MISS]}
    c.batch_urls = BATCH.smoke_urls if c.smoke else BATCH.urls
    c.batch_s1_conns = BATCH.smoke_s1_conns if c.smoke else BATCH.s1_conns
    if a.secs:
        c.secs = {k: a.secs for k in c.secs}
        c.short = True
    if c.smoke:
        c.rounds, c.gap, c.warmup_cap, c.warmup_min = 1, 0.5, 2, 0
        c.cold_secs, c.cold_window, c.s5_warmup = 2, 1, 1
        c.quiet_wait = int(ENV.get("QUIET_WAIT_SECS", 0))
    else:
        c.quiet_wait = int(ENV.get("QUIET_WAIT_SECS", 30))
    if a.rounds:
        c.rounds = a.rounds
    if a.warmup is not None:
        c.warmup_cap = a.warmup
        c.short = c.short or not c.smoke
    c.warmup_window = 5 if c.warmup_cap >= 10 else max(1, c.warmup_cap // 2)
    c.warmup_min = min(c.warmup_min, c.warmup_cap)
    c.s5_warmup = min(c.s5_warmup, c.warmup_cap)


def selected(server_kind):
    return server_kind in CFG.servers


def image_scenarios():
    return [s for s in SCENARIOS if s.id in CFG.scenarios and s.body == "img"]


def s5_selected():
    return "S5" in CFG.scenarios


def cold_selected():
    return "cold" in CFG.scenarios and (selected("fetchflux") or selected("raw"))


def comparison_selected():
    """Whether a scenario that measures the other servers (S1-S5, cold) is selected."""
    return bool(image_scenarios() or s5_selected() or cold_selected())


def cache_scenarios():
    return [s for s in CACHE_SCENARIOS if s.id in CFG.scenarios] if selected("fetchflux") else []


def batch_selected():
    return "batch" in CFG.scenarios and selected("fetchflux")


# --- logging and process bookkeeping ---------------------------------------------------------------

def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Run:
    """Per-invocation state: paths, children, failures, rows."""

    def __init__(self):
        self.id = datetime.now().strftime("%Y-%m-%d-%H%M")
        self.work = tempfile.mkdtemp(prefix="fetchflux-bench.")
        self.children = []
        self.failures = 0
        self.commands = []
        self.rows, self.startups, self.warmups, self.colds, self.cold_windows = [], [], [], [], []
        self.batches = []
        self.stub = self.stub_dir = None
        self.redis, self.redis_port = None, None

    def raw(self, name):
        return os.path.join(RAW_DIR, f"{self.id}-{name}")

    def record(self, cmd, cwd=None):
        text = " ".join(shlex.quote(str(x)) for x in cmd)
        self.commands.append(f"(cd {cwd} && {text})" if cwd and cwd != REPO_DIR else text)

    def fail(self, msg):
        self.failures += 1
        log(f"FAILED: {msg}")


RUN = None


def _child_setup():
    """In every child: the raised fd limit and the raised priority."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = NOFILE if hard == resource.RLIM_INFINITY or hard >= NOFILE else hard
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, max(hard, want) if os.geteuid() == 0 else hard))
    except (ValueError, OSError):
        pass
    if BENCH_NICE:
        try:
            os.nice(BENCH_NICE)
        except OSError:
            pass


def spawn(cmd, logname, cwd=REPO_DIR, record=True):
    if record:
        RUN.record(cmd, cwd)
    out = open(RUN.raw(logname), "wb") if logname else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            preexec_fn=_child_setup)
    if logname:
        out.close()
    RUN.children.append(proc)
    return proc


def stop(proc, grace=20):
    if proc is None:
        return
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    if proc in RUN.children:
        RUN.children.remove(proc)


def cleanup():
    if RUN is None:
        return
    for proc in list(RUN.children):
        try:
            stop(proc, grace=10)
        except Exception:  # noqa: BLE001 - clean up the rest whatever happens
            pass
    shutil.rmtree(RUN.work, ignore_errors=True)


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def port_busy(port):
    return port_open(port)


def run_checked(cmd, logname, timeout, cwd=REPO_DIR, env=None):
    RUN.record(cmd, cwd)
    with open(RUN.raw(logname), "wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env)
        RUN.children.append(proc)
        try:
            rc = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            stop(proc)
            rc = -1
        if proc in RUN.children:
            RUN.children.remove(proc)
    return rc


# --- environment -----------------------------------------------------------------------------------

def nginx_modules_dir():
    try:
        out = subprocess.run(["nginx", "-V"], capture_output=True, text=True, timeout=10).stderr
        for word in out.split():
            if word.startswith("--modules-path="):
                return word.split("=", 1)[1]
    except (OSError, subprocess.TimeoutExpired):
        pass
    return "/usr/lib/nginx/modules"


def ensure_packages():
    missing = [pkg for tool, pkg in (("wrk", "wrk"), ("nginx", "nginx"), ("gnuplot", "gnuplot-nox"))
               if not shutil.which(tool)]
    if shutil.which("nginx") and not os.path.exists(os.path.join(nginx_modules_dir(), "ngx_http_echo_module.so")):
        missing.append("libnginx-mod-http-echo")
    if "nginx" in missing:
        missing.append("libnginx-mod-http-echo")
    if (selected("tornado") and comparison_selected()
            and subprocess.run([SYSTEM_PYTHON, "-c", "import tornado"], capture_output=True).returncode):
        missing.append("python3-tornado")
    if selected("node") and comparison_selected() and not shutil.which("node"):
        missing.append("nodejs")
    if any(s.id in ("hit", "herd") for s in cache_scenarios()) and not os.access(REDIS_SERVER, os.X_OK):
        missing.append("redis-server")
    if not missing:
        return
    log(f"installing {' '.join(missing)}")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True, timeout=600)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True,
                   timeout=1200, env=env, stdout=subprocess.DEVNULL)


def build():
    """The product jar, and the reference relays when a scenario that measures them is selected."""
    needed = {"fetchflux": True, "raw": comparison_selected(), "spring": comparison_selected()}
    jvm_kinds = [k for k, need in needed.items() if need and selected(k)]
    if CFG.build and selected("fetchflux"):
        log("building the jar")
        # Built on JDK 25 where there is one, so that the build trains the AOT cache bin/fetchflux starts with.
        jdk25 = JDK_HOMES["25"]
        on_jdk25 = ["env", f"JAVA_HOME={jdk25}"] if os.path.exists(os.path.join(jdk25, "bin", "java")) else []
        if run_checked(on_jdk25 + ["./mvnw", "-q", "-B", "-DskipTests", "package"], "build.log", BUILD_TIMEOUT_SECS):
            os.system(f"tail -30 {shlex.quote(RUN.raw('build.log'))} >&2")
            raise SystemExit(die("build failed"))
    if CFG.build and ("raw" in jvm_kinds or "spring" in jvm_kinds):
        log("building the reference relays")
        if run_checked(["./mvnw", "-q", "-B", "-DskipTests", "-f", REFS_POM, "package"], "build-references.log",
                       BUILD_TIMEOUT_SECS):
            os.system(f"tail -30 {shlex.quote(RUN.raw('build-references.log'))} >&2")
            raise SystemExit(die("build of the reference relays failed"))
    for kind, jar in (("fetchflux", JAR), ("raw", RAW_JAR), ("spring", SPRING_JAR)):
        if kind in jvm_kinds and not os.path.exists(jar):
            raise SystemExit(die(f"no jar at {jar}"))


def die(msg):
    log(f"ERROR: {msg}")
    return 1


# --- /proc measurements ----------------------------------------------------------------------------

def pid_tree(pid):
    """The pid and its direct children (nginx master + workers; timeout's wrk)."""
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            pids += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return pids


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
        except (OSError, IndexError):
            pass
    return total


def machine_cpu():
    """(idle, total) jiffies over all cores."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return v[3] + v[4], sum(v)


def busy_pct(m0, m1):
    total = m1[1] - m0[1]
    return NPROC * 100 * (1 - (m1[0] - m0[0]) / total) if total > 0 else 0


def rss_kib(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def other_cpu_pct(pids, secs=1.0):
    m0, c0 = machine_cpu(), cpu_ticks(pids)
    time.sleep(secs)
    m1, c1 = machine_cpu(), cpu_ticks(pids)
    return max(0, busy_pct(m0, m1) - 100 * (c1 - c0) / HZ / secs)


def wait_for_quiet(pids):
    """A build or test suite beside the benchmark skews it: wait a while for it to end."""
    if CFG.quiet_wait <= 0:
        return
    start = time.monotonic()
    while (other := other_cpu_pct(pids)) >= QUIET_PCT:
        if time.monotonic() - start >= CFG.quiet_wait:
            log(f"other processes still use {other:.0f}% of a core after {CFG.quiet_wait}s: measuring anyway")
            return
    if time.monotonic() - start > 2:
        log(f"waited {time.monotonic() - start:.0f}s for other processes to calm down")


class RssPeak(threading.Thread):
    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids, self.peak, self.halt = pids, rss_kib(pids), threading.Event()

    def run(self):
        while not self.halt.wait(0.2):
            self.peak = max(self.peak, rss_kib(self.pids))

    def finish(self):
        self.halt.set()
        self.join(2)
        return self.peak


# --- stub upstream ---------------------------------------------------------------------------------

def stub_url(body, delay_ms):
    size = BLOB_SIZE if body == "blob" else IMG_SIZE
    return f"http://127.0.0.1:{STUB_PORT}/{body}?size={size}&delay={delay_ms}"


def upstream_for(sc):
    if sc.body == "distinct":
        return DISTINCT_PREFIX
    if sc.distinct:
        return stub_url(sc.body, sc.delay_ms) + "&n="  # wrk_distinct.lua appends the value
    return stub_url(sc.body, sc.delay_ms)


def wrk_script(sc):
    """A distinct URL per request: wrk_distinct.lua appends "<run>-<thread>-<n>.png" to the URL, request by
    request (to the stub's path, or to its query after "n=")."""
    return "wrk_distinct.lua" if sc.body == "distinct" or sc.distinct else "wrk_report.lua"


# The stub's cacheable PNG under any name, not logged (wrk_distinct.lua appends the name).
DISTINCT_PREFIX = f"http://127.0.0.1:{STUB_PORT}/fresh/"


def cacheable_url(name, slow=False):
    """One cache entry of the stub: the 2 KiB PNG with Cache-Control: public, max-age=3600 (slow: after 1 s)."""
    return f"http://127.0.0.1:{STUB_PORT}/cacheable{'-slow' if slow else ''}/{name}.png"


def stub_requests():
    """The stub's request counter (stub_status), or None; each read counts itself."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", STUB_PORT, timeout=5)
        conn.request("GET", "/_status")
        lines = conn.getresponse().read().decode().splitlines()
        conn.close()
        return int(lines[2].split()[2])
    except (OSError, http.client.HTTPException, IndexError, ValueError):
        return None


def url_fetches(url):
    """How many times the stub answered this cacheable URL (its access log of the cacheable locations)."""
    path = urllib.parse.urlsplit(url).path
    try:
        with open(os.path.join(RUN.stub_dir, "fetches.log")) as f:
            return sum(1 for line in f if line.split()[2:3] == [path])
    except OSError:
        return 0


def start_stub():
    d = os.path.join(RUN.work, "stub")
    os.makedirs(os.path.join(d, "data"))
    os.makedirs(os.path.join(d, "tmp"))
    subprocess.run([SYSTEM_PYTHON, os.path.join(BENCH_DIR, "make_png.py"), f"{d}/data/{IMG_SIZE}.png", str(IMG_SIZE)],
                   check=True, timeout=30)
    with open(f"{d}/data/{IMG_SIZE}.bin", "wb") as f:
        f.write(b"\0" * IMG_SIZE)
    if s5_selected():
        with open(f"{d}/data/{BLOB_SIZE}.bin", "wb") as f:
            f.truncate(BLOB_SIZE)
    user_line = ""
    if os.geteuid() == 0:
        import grp
        import pwd
        user_line = f"user nobody {grp.getgrgid(pwd.getpwnam('nobody').pw_gid).gr_name};"
    for root, dirs, files in os.walk(RUN.work):
        for name in dirs + files:
            os.chmod(os.path.join(root, name), 0o755 if name in dirs else 0o644)
    os.chmod(RUN.work, 0o755)
    with open(os.path.join(BENCH_DIR, "nginx.conf.template")) as f:
        conf = f.read()
    for k, v in {"@MODULE_DIR@": nginx_modules_dir(), "@USER_LINE@": user_line, "@WORKERS@": str(STUB_WORKERS),
                 "@DIR@": d, "@PORT@": str(STUB_PORT), "@BACKLOG@": "16384", "@KEEPALIVE@": STUB_KEEPALIVE,
                 "@IMG_SIZE@": str(IMG_SIZE)}.items():
        conf = conf.replace(k, v)
    with open(f"{d}/nginx.conf", "w") as f:
        f.write(conf)
    if port_busy(STUB_PORT):
        raise SystemExit(die(f"port {STUB_PORT} is in use (set STUB_PORT)"))
    log(f"starting the stub upstream (nginx, {STUB_WORKERS} worker) on :{STUB_PORT}")
    proc = spawn(["nginx", "-p", d, "-c", f"{d}/nginx.conf", "-e", f"{d}/error.log"], "stub.log")
    RUN.stub, RUN.stub_dir = Server(KINDS["upstream"], proc=proc), d
    for _ in range(100):
        if probe(stub_url("img", 0), IMG_SIZE, quiet=True) is None:
            break
        if proc.poll() is not None:
            os.system(f"cat {shlex.quote(RUN.raw('stub.log'))} {d}/error.log >&2")
            raise SystemExit(die("stub did not start"))
        time.sleep(0.1)
    for url in (stub_url("img", 0), stub_url("img", 100)):
        if probe(url, IMG_SIZE, "image/png"):
            raise SystemExit(die("stub answers wrongly"))


# --- probes ----------------------------------------------------------------------------------------

def get(url, timeout=30):
    """One GET: (status, body bytes, the response's headers)."""
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        conn.request("GET", u.path + ("?" + u.query if u.query else ""))
        resp = conn.getresponse()
        n = 0
        while chunk := resp.read(1 << 20):
            n += len(chunk)
        return resp.status, n, resp.headers
    finally:
        conn.close()


def probe(url, size, type_prefix="", quiet=False, timeout=30):
    """One GET must answer 200 with exactly size bytes (and the type): None if so, else what it got."""
    try:
        status, n, headers = get(url, timeout)
        ctype = headers.get("Content-Type", "")
        got = f"{status} {n} {ctype}"
        if status == 200 and n == size and ctype.startswith(type_prefix):
            return None
    except (OSError, http.client.HTTPException) as e:
        got = f"no answer ({e.__class__.__name__}: {e})"
    if not quiet:
        log(f"probe failed: {url} -> {got} (want 200 {size} {type_prefix or 'any type'})")
    return got


def probe_hit(url, tries=5):
    """The image, then a hit: a later GET must answer the same with a Cache-Status that says hit (the first
    may fill the entry; a store that writes asynchronously gets a few tries). None if so, else what it got."""
    got = "no answer"
    for i in range(tries):
        if got := probe(url, IMG_SIZE, "image/"):
            return got
        try:
            status = get(url)[2].get("Cache-Status", "")
        except (OSError, http.client.HTTPException) as e:
            return f"no answer ({e.__class__.__name__}: {e})"
        if "hit" in (part.strip() for part in status.split(";")):
            return None
        got = f"Cache-Status {status or '(none)'}"
        time.sleep(0.2 * (i + 1))
    log(f"probe failed: {url} -> no hit after {tries} tries, last {got}")
    return f"no hit: {got}"


def health_up(url):
    try:
        u = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=2)
        conn.request("GET", u.path)
        body = conn.getresponse().read()
        conn.close()
        return b'"status":"UP"' in body
    except (OSError, http.client.HTTPException):
        return False


# --- servers ---------------------------------------------------------------------------------------

def start_server(server, quiet=False, wait=True):
    """Launches the server; with wait, until it answers (health UP / port open). False if it never did."""
    cmd, cwd = server.command()
    if server.kind.jvm and not os.access(server.java, os.X_OK):
        RUN.fail(f"no java at {server.java}")
        return False
    if port_busy(server.port):
        raise SystemExit(die(f"port {server.port} is in use (set {server.kind.name.upper()}_PORT)"))
    if not quiet:
        log(f"starting {server.key} on :{server.port}")
    server.t0 = time.monotonic()
    server.proc = spawn(cmd, f"{server.key}.log", cwd=cwd)
    return wait_ready(server, quiet) if wait else True


def wait_ready(server, quiet=False, record=True):
    """record: into the startup table (not when several servers start at once)."""
    deadline = server.t0 + START_TIMEOUT_SECS
    while time.monotonic() < deadline:
        ready = health_up(server.health_url) if server.health_url else port_open(server.port)
        if ready:
            server.startup_ms = int((time.monotonic() - server.t0) * 1000)
            if not quiet:
                log(f"{server.key} ready after {server.startup_ms} ms")
            if server.kind.jvm and record:
                RUN.startups.append({"server": server.kind.name, "jdk": server.jdk, "label": server.key,
                                     "startup_ms": str(server.startup_ms), "status": "ok"})
            return True
        if server.proc.poll() is not None:
            break
        time.sleep(0.05)
    log(f"{server.key} did not get ready; last log lines:")
    os.system(f"tail -20 {shlex.quote(RUN.raw(server.key + '.log'))} >&2")
    if server.kind.jvm:
        RUN.startups.append({"server": server.kind.name, "jdk": server.jdk, "label": server.key, "startup_ms": "",
                             "status": "failed"})
    stop(server.proc)
    server.proc = None
    return False


# --- load ------------------------------------------------------------------------------------------

RESULT_FIELDS = ["server", "jdk", "style", "scenario", "conns", "secs", "round", "status", "requests", "duration_s",
                 "rps_ok", "p50_ms", "p99_ms", "max_ms", "non2xx", "connect", "read", "write", "timeout", "mib_s",
                 "cpu_us_req", "srv_cpu_pct", "stub_cpu_pct", "wrk_cpu_pct", "other_cpu_pct", "rss_start_mib",
                 "rss_peak_mib", "upstream_fetches", "raw"]


def wrk(url, conns, secs, rawname, until=None, script="wrk_report.lua"):
    """One wrk run with bench/wrk_report.lua (or script, which reports the same way): its BENCH key=value dict
    (None if it failed) and wrk's CPU ms.
    until: an Event that ends the run early, though not before a second (SIGINT: wrk stops and reports what it
    measured so far; a wrk interrupted before it set its handler up would report nothing)."""
    opts = [f"-t{WRK_THREADS}", f"-c{conns}", f"-d{secs}s", "--timeout", WRK_TIMEOUT, "--latency"]
    args = ["--", f"r{time.time_ns():x}"] if script == "wrk_distinct.lua" else []  # its URLs: this run's only
    cmd = ["timeout", str(secs + 60), "wrk", *opts, "-s", os.path.join(BENCH_DIR, script), url, *args]
    RUN.record(["wrk", *opts, "-s", f"bench/{script}", url, *args])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(RUN.raw(rawname), "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                preexec_fn=_child_setup)
        RUN.children.append(proc)
        if until is not None:
            started = time.monotonic()

            def interrupt():
                if until.wait(secs + 60):
                    time.sleep(max(0.0, started + 1 - time.monotonic()))
                    if proc.poll() is None:
                        proc.send_signal(signal.SIGINT)  # timeout passes it on to wrk
            threading.Thread(target=interrupt, daemon=True).start()
        rc = proc.wait()
        RUN.children.remove(proc)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_ms = 1000 * (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    with open(RUN.raw(rawname)) as f:
        line = next((ln for ln in f if ln.startswith("BENCH ")), None)
    if rc != 0 or line is None:
        return None, wrk_ms, f"wrk exit {rc}"
    return dict(kv.split("=", 1) for kv in line.split()[1:]), wrk_ms, None


def fail_row(series, scenario, conns, rnd, reason):
    row = dict.fromkeys(RESULT_FIELDS, "")
    row.update(server=series.server.kind.name, jdk=series.server.jdk, style=series.style, scenario=scenario,
               conns=str(conns), round=str(rnd), status="failed:" + reason.replace("\t", " "))
    RUN.rows.append(row)
    RUN.fail(f"{series.name} {scenario} c{conns}: {reason}")


def measure(series, sc, conns, secs, rnd, upstream=None):
    """One measured wrk run against one series, alone under load: one result row (returned; None if it failed).
    upstream: the URL relayed, when not the scenario's."""
    server = series.server
    if server.kind.fresh_per_run:
        if not start_server(server, quiet=True):
            return fail_row(series, sc.id, conns, rnd, "did not start")
    try:
        url = series.url(upstream or upstream_for(sc))
        if server.kind.fresh_per_run and (got := probe(url, BLOB_SIZE if sc.body == "blob" else IMG_SIZE)):
            return fail_row(series, sc.id, conns, rnd, f"probe: {got}")
        name = f"{series.name.replace(' ', '-').replace('(', '').replace(')', '')}-{sc.id}-c{conns}-r{rnd}"
        pids = server.pids()
        stub_pids = pid_tree(RUN.stub.proc.pid)
        wait_for_quiet(pids + stub_pids)
        sampler = RssPeak(pids)
        sampler.start()
        rss0 = sampler.peak
        f0 = stub_requests()
        c0, s0, m0, t0 = cpu_ticks(pids), cpu_ticks(stub_pids), machine_cpu(), time.monotonic()
        log(f"load {series.name} {sc.id} c{conns} {secs}s (round {rnd})")
        m, wrk_ms, err = wrk(url, conns, secs, f"{name}.txt", script=wrk_script(sc))
        c1, s1, m1, t1 = cpu_ticks(pids), cpu_ticks(stub_pids), machine_cpu(), time.monotonic()
        peak = sampler.finish()
        f1 = stub_requests()
        if server.proc.poll() is not None:
            return fail_row(series, sc.id, conns, rnd, "server died")
        if err:
            return fail_row(series, sc.id, conns, rnd, err)
        req, d = int(m["requests"]), int(m["duration_us"]) / 1e6
        st = int(m["status_errors"])
        wall, cpu_s = t1 - t0, (c1 - c0) / HZ
        srv_pct, stub_pct, wrk_pct = 100 * cpu_s / wall, 100 * (s1 - s0) / HZ / wall, wrk_ms / 10 / wall
        other = busy_pct(m0, m1) - srv_pct - wrk_pct - (0 if server.kind.name == "upstream" else stub_pct)
        row = {"server": server.kind.name, "jdk": server.jdk, "style": series.style, "scenario": sc.id,
               "conns": str(conns), "secs": str(secs), "round": str(rnd), "status": "ok", "requests": str(req),
               "duration_s": f"{d:.2f}", "rps_ok": f"{(req - st) / d:.1f}", "p50_ms": f"{int(m['p50_us']) / 1000:.2f}",
               "p99_ms": f"{int(m['p99_us']) / 1000:.2f}", "max_ms": f"{int(m['max_us']) / 1000:.2f}",
               "non2xx": str(st), "connect": m["connect"], "read": m["read"], "write": m["write"],
               "timeout": m["timeout"], "mib_s": f"{int(m['bytes']) / d / 1048576:.1f}",
               "cpu_us_req": f"{cpu_s * 1e6 / req:.1f}" if req else "", "srv_cpu_pct": f"{srv_pct:.0f}",
               "stub_cpu_pct": f"{stub_pct:.0f}", "wrk_cpu_pct": f"{wrk_pct:.0f}", "other_cpu_pct": f"{max(0, other):.0f}",
               "rss_start_mib": f"{rss0 / 1024:.0f}", "rss_peak_mib": f"{peak / 1024:.0f}",
               # requests the stub answered during the run (the second read counts itself)
               "upstream_fetches": str(f1 - f0 - 1) if f0 is not None and f1 is not None else "",
               "raw": os.path.relpath(RUN.raw(f"{name}.txt"), BENCH_DIR)}
        RUN.rows.append(row)
        log(f"    {float(row['rps_ok']):,.0f} req/s, p99 {row['p99_ms']} ms, non-2xx {st}, socket "
            f"{m['connect']}/{m['read']}/{m['write']}/{m['timeout']}, {row['cpu_us_req']} µs/req, "
            f"RSS {row['rss_peak_mib']} MiB, other {row['other_cpu_pct']}%, upstream fetches "
            f"{row['upstream_fetches'] or '?'}")
        return row
    finally:
        if server.kind.fresh_per_run:
            stop(server.proc)
            server.proc = None


def slug(text):
    """A name for a raw file: letters, digits, dots and dashes."""
    return "-".join("".join(c if c.isalnum() or c == "." else " " for c in text).split())


def window_rate(m):
    d = int(m["duration_us"]) / 1e6
    return (int(m["requests"]) - int(m["status_errors"])) / d if d else 0.0


def warm_up(series, sc, conns, cap, record=True, upstream=None, label=None, phase=""):
    """S1 load in windows until two in a row are within the tolerance (at least warmup_min s, at most cap s).
    upstream: the URL relayed, when not the scenario's; label: the warm-up table's name, when not the series';
    phase: "cache" keeps it out of the chart."""
    if cap <= 0:
        return
    window = min(CFG.warmup_window, cap)
    url = series.url(upstream or upstream_for(sc))
    name = label or series.name
    log(f"warm-up {name}: {window} s windows of c{conns}, until steady (at most {cap} s)")
    rates, elapsed = [], 0
    while elapsed + window <= cap:
        rawname = f"warmup-{slug(label)}.txt" if label else f"warmup-{series.server.key}-{series.style}.txt"
        m, _, err = wrk(url, conns, window, rawname, script=wrk_script(sc))
        elapsed += window
        rate = window_rate(m) if m else 0.0
        rates.append(rate)
        if record:
            RUN.warmups.append({"series": name, "window": str(len(rates)), "end_s": str(elapsed),
                                "rps_ok": f"{rate:.1f}", "status": "ok" if m else err, "phase": phase})
        if (len(rates) >= 2 and elapsed >= CFG.warmup_min and rates[-2] > 0
                and abs(rates[-1] - rates[-2]) <= CFG.warmup_tolerance * rates[-2]):
            log(f"    steady after {elapsed} s: " + ", ".join(f"{r:,.0f}" for r in rates) + " req/s")
            return
    log(f"    not steady after {elapsed} s: " + ", ".join(f"{r:,.0f}" for r in rates) + " req/s")


def pause():
    time.sleep(CFG.gap)


# --- the comparison: every series, interleaved rounds ------------------------------------------------

def make_servers(stream=False):
    """The servers of one comparison (the S1-S4 set, or the S5 set), with their series."""
    series = []
    for jdk in CFG.jdks:
        if selected("fetchflux"):
            ff = Server(KINDS["fetchflux"], jdk)
            series += [Series(ff, "fetch")] if stream else [Series(ff, s) for s in CFG.styles]
            if not stream and not CFG.smoke and "images" in CFG.styles and jdk == CFG.jdks[0]:
                # The same build with its meters off, measured in the same rounds: what metrics cost.
                series.append(Series(Server(KINDS["fetchflux"], jdk, variant=METRICS_OFF), "images, metrics off"))
        if selected("raw"):
            series.append(Series(Server(KINDS["raw"], jdk), "relay"))
        if selected("spring"):
            series.append(Series(Server(KINDS["spring"], jdk), "relay"))
    if selected("node"):
        series.append(Series(Server(KINDS["node"]), "relay"))
    if selected("tornado"):
        for mc in TORNADO_MAX_CLIENTS:
            series.append(Series(Server(KINDS["tornado"], variant=str(mc)), f"max_clients={mc or 10}"))
    if selected("upstream"):
        series.append(Series(RUN.stub, "direct"))
    return series


def start_all(series, concurrently=False):
    """Starts every long-lived server once and probes every series; returns the series that can be measured."""
    servers = list(dict.fromkeys(id(s.server) for s in series))
    by_id = {id(s.server): s.server for s in series}
    ready = {}
    to_wait = []
    for sid in servers:
        server = by_id[sid]
        if server.kind.name == "upstream" or server.kind.fresh_per_run:
            ready[sid] = True
        elif concurrently:
            start_server(server, wait=False)
            to_wait.append(server)
        else:
            ready[sid] = start_server(server)
    for server in to_wait:
        ready[id(server)] = wait_ready(server, quiet=True, record=False) if server.proc else False
    good = []
    for s in series:
        sample = next(sc for sc in SCENARIOS if sc.body == ("blob" if s.style == "fetch" else "img"))
        if not ready[id(s.server)]:
            reason = "did not start"
        elif s.server.kind.fresh_per_run:
            good.append(s)
            continue
        elif s.style == "fetch":  # S5: the small body (the warm-up's) and the big one
            reason = (probe(s.url(stub_url("img", 0)), IMG_SIZE) or probe(s.url(upstream_for(sample)), BLOB_SIZE))
            reason = reason and f"probe: {reason}"
        else:
            reason = probe(s.url(upstream_for(sample)), IMG_SIZE, "image/")
            reason = reason and f"probe: {reason}"
        if reason:
            for sc in (sc for sc in SCENARIOS if sc.id in CFG.scenarios and (sc.body == "blob") == (s.style == "fetch")):
                for c in CFG.conns[sc.id]:
                    fail_row(s, sc.id, c, 1, reason)
        else:
            good.append(s)
    return good


def stop_all(series):
    for s in series:
        if s.server.kind.name != "upstream" and s.server.proc:
            stop(s.server.proc)
            s.server.proc = None


def interleave(series, scenarios):
    """For each scenario and connection count: rounds, in each every series once, one at a time.
    The order rotates by round so that no series always runs right after the same neighbour."""
    if not series:
        return
    for sc in scenarios:
        for conns in CFG.conns[sc.id]:
            for rnd in range(1, max(s.rounds for s in series) + 1):
                turn = [s for s in series if s.rounds >= rnd]
                shift = (rnd - 1) % len(turn)
                for s in turn[shift:] + turn[:shift]:
                    if s.server.proc is None and not s.server.kind.fresh_per_run:
                        continue  # never started: its failure is recorded
                    if s.server.proc is not None and s.server.proc.poll() is not None:
                        fail_row(s, sc.id, conns, rnd, "server died earlier")
                        continue
                    measure(s, sc, conns, CFG.secs[sc.id], rnd)
                    pause()


def run_comparison():
    scenarios = image_scenarios()
    if not scenarios:
        return
    series = start_all(make_servers())
    s1 = next(sc for sc in SCENARIOS if sc.id == "S1")
    for s in series:
        if s.server.kind.warm:
            warm_up(s, s1, CFG.conns["S1"][0], CFG.warmup_cap)
            pause()
    interleave(series, scenarios)
    stop_all(series)


def run_stream():
    """S5 on fresh processes (so that RSS growth is the big bodies'), warmed up on the small body."""
    if not s5_selected():
        return
    series = start_all(make_servers(stream=True), concurrently=True)
    s1 = next(sc for sc in SCENARIOS if sc.id == "S1")
    for s in series:
        if s.server.kind.warm:
            warm_up(Series(s.server, s.style), s1, CFG.conns["S1"][0], CFG.s5_warmup, record=False)
    s5 = next(sc for sc in SCENARIOS if sc.id == "S5")
    interleave(series, [s5])
    stop_all(series)


# --- the cache phase: hits against the miss path, the herd, the batch ---------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_ping(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def start_redis():
    """redis-server on a free loopback port, nothing persisted, bounded as the README advises (maxmemory,
    volatile-lru: the miss path stores a new entry every request). False if it never answered PING."""
    port = free_port()
    log(f"starting redis-server on :{port}")
    RUN.redis_port = port
    RUN.redis = spawn([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                       "--maxmemory", "256mb", "--maxmemory-policy", "volatile-lru"],
                      "redis.log")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and RUN.redis.poll() is None:
        if redis_ping(port):
            return True
        time.sleep(0.05)
    RUN.fail("redis-server did not answer PING")
    stop(RUN.redis)
    RUN.redis = None
    return False


@dataclass
class Load:
    """One measured line of the cache phase: a series under a scenario's load on an upstream URL (per round)."""
    series: Series
    sc: Scenario
    upstream: object  # round -> the URL relayed


def cache_rounds(loads, conns_list, after=None):
    """Interleaved rounds of the loads, the order rotating by round; after(load, rnd, row) amends each row."""
    for conns in conns_list:
        for rnd in range(1, (1 if CFG.smoke else CFG.rounds) + 1):
            shift = (rnd - 1) % len(loads)
            for load in loads[shift:] + loads[:shift]:
                if load.series.server.proc.poll() is not None:
                    fail_row(load.series, load.sc.id, conns, rnd, "server died earlier")
                    continue
                row = measure(load.series, load.sc, conns, CFG.secs[load.sc.id], rnd, load.upstream(rnd))
                if row and after:
                    after(load, rnd, row)
                pause()


def fail_scenario(series, sc, reason):
    """Failed rows for a scenario that cannot run (hit: its miss path too)."""
    for s in [MISS, sc] if sc.id == "hit" else [sc]:
        for conns in CFG.conns[s.id]:
            fail_row(series, s.id, conns, 1, reason)


def run_hits(stores):
    """hit: S1's load on one cached URL and on a distinct cacheable URL per request (the miss path), same JVMs,
    same rounds."""
    hit = CACHE_SCENARIOS[0]
    loads = []
    for store, series in stores.items():
        if (got := probe(series.url(DISTINCT_PREFIX + f"probe-{store}.png"), IMG_SIZE, "image/")):
            fail_scenario(series, hit, f"probe: {got}")
            continue
        hit_url = cacheable_url(f"hit-{store}")
        if (got := probe_hit(series.url(hit_url))):
            fail_scenario(series, hit, f"probe: {got}")
            continue
        warm_up(series, MISS, CFG.conns["S1"][0], CFG.warmup_cap, label=f"{series.name} miss", phase="cache")
        pause()
        warm_up(series, hit, CFG.conns["S1"][0], CFG.warmup_cap, upstream=hit_url, label=f"{series.name} hit",
                phase="cache")
        pause()
        loads += [Load(series, MISS, lambda rnd: upstream_for(MISS)), Load(series, hit, lambda rnd, u=hit_url: u)]
    if loads:
        cache_rounds(loads, CFG.conns["hit"])


def run_herd(stores):
    """herd: many connections on one fresh URL per round whose answer takes 1 s; the stub's access log says
    how often it was fetched."""
    herd = CACHE_SCENARIOS[1]
    urls = {}

    def fresh(store):
        return lambda rnd: urls.setdefault((store, rnd), cacheable_url(f"herd-{store}-{RUN.id}-r{rnd}", slow=True))

    def count(load, rnd, row):
        row["upstream_fetches"] = str(url_fetches(urls[(load.series.server.variant, rnd)]))
        log(f"    upstream fetches of {urls[(load.series.server.variant, rnd)]}: {row['upstream_fetches']}")

    cache_rounds([Load(series, herd, fresh(store)) for store, series in stores.items()], CFG.conns["herd"], count)


def post_batch(port, urls, concurrency=None):
    """POST /api/batch and read the NDJSON answer to its end: status, lines, lines naming a failure, wall time."""
    body = {"urls": urls} | ({"concurrency": concurrency} if concurrency else {})
    result = {"status": None, "type": "", "lines": 0, "failed_lines": 0, "unparsed": 0, "wall_s": None, "error": ""}
    t0 = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=BATCH_TIMEOUT_SECS)
    try:
        conn.request("POST", "/api/batch", body=json.dumps(body).encode(),
                     headers={"Content-Type": "application/json", "Accept": "application/x-ndjson"})
        resp = conn.getresponse()
        result.update(status=resp.status, type=resp.getheader("Content-Type", ""))
        for line in resp:
            if not line.strip():
                continue
            result["lines"] += 1
            try:
                result["failed_lines"] += line_failed(json.loads(line))
            except ValueError:
                result["unparsed"] += 1
        result["wall_s"] = time.monotonic() - t0
    except (OSError, http.client.HTTPException) as e:
        result["error"] = f"{e.__class__.__name__}: {e}"
    finally:
        conn.close()
    return result


def line_failed(line):
    """The contract says one line per URL, not its members: a line names a failure with an error member,
    a status of 400 or more, or ok: false."""
    if not isinstance(line, dict):
        return False
    status = line.get("status")
    return bool(line.get("error")) or (isinstance(status, int) and status >= 400) or line.get("ok") is False


def batch_problem(result, want_lines):
    """None if the batch answered as the contract says, else what went wrong."""
    if result["error"]:
        return result["error"]
    if result["status"] != 200:
        return f"status {result['status']}"
    if "ndjson" not in result["type"]:
        return f"Content-Type {result['type'] or '(none)'}"
    if result["unparsed"]:
        return f"{result['unparsed']} line(s) not JSON"
    if result["lines"] != want_lines:
        return f"{result['lines']} lines for {want_lines} URLs"
    return None


def batch_urls(tag):
    """Distinct stub URLs that each answer after the batch delay: distinct query strings, nothing cached."""
    return [f"{stub_url('img', BATCH.delay_ms)}&n={RUN.id}-{tag}-{i}" for i in range(CFG.batch_urls)]


def one_batch(server, rnd, concurrency, step, beside=None):
    """One batch, its peak RSS sampled; beside: an Event set when it ends (S1 runs meanwhile). Its row."""
    label = f"c{concurrency}" if concurrency else f"default ({BATCH.default_concurrency})"
    sampler = RssPeak(server.pids())
    sampler.start()
    rss0 = sampler.peak
    log(f"batch of {CFG.batch_urls} URLs at {BATCH.delay_ms} ms, concurrency {label}{' beside S1' if beside else ''} "
        f"(round {rnd})")
    try:
        result = post_batch(server.port, batch_urls(f"r{rnd}-{slug(step)}"), concurrency)
    finally:
        peak = sampler.finish()
        if beside:
            beside.set()
    problem = batch_problem(result, CFG.batch_urls)
    row = {"round": str(rnd), "step": step, "concurrency": label, "urls": str(CFG.batch_urls),
           "delay_ms": str(BATCH.delay_ms),
           "status": "ok" if problem is None else f"failed: {problem}",
           "wall_s": f"{result['wall_s']:.2f}" if result["wall_s"] is not None else "", "lines": str(result["lines"]),
           "failed_lines": str(result["failed_lines"]), "rss_start_mib": f"{rss0 / 1024:.0f}",
           "rss_peak_mib": f"{peak / 1024:.0f}"}
    if problem:
        RUN.fail(f"batch {label} (round {rnd}): {problem}")
    else:
        log(f"    {row['wall_s']} s, {row['lines']} lines ({row['failed_lines']} naming a failure), RSS "
            f"{row['rss_start_mib']} -> peak {row['rss_peak_mib']} MiB")
    RUN.batches.append(row)
    return row


def s1_row(rnd, step, url, secs, until=None):
    """S1's load on /api/images for secs (or until the Event): its req/s, p99 and errors."""
    conns = CFG.batch_s1_conns
    m, _, err = wrk(url, conns, secs, f"batch-{slug(step)}-r{rnd}.txt", until=until, script=wrk_script(S1))
    row = {"round": str(rnd), "step": step, "s1_conns": str(conns), "status": "ok" if m else f"failed: {err}"}
    if m:
        row.update(s1_secs=f"{int(m['duration_us']) / 1e6:.2f}", s1_rps_ok=f"{window_rate(m):.1f}",
                   s1_p99_ms=f"{int(m['p99_us']) / 1000:.2f}", s1_non2xx=m["status_errors"],
                   s1_socket="/".join(m[k] for k in ("connect", "read", "write", "timeout")))
        log(f"    S1 c{conns} {step.removeprefix('S1 ')}: {window_rate(m):,.0f} req/s, p99 {row['s1_p99_ms']} ms "
            f"over {row['s1_secs']} s")
    else:
        RUN.fail(f"S1 {step} (round {rnd}): {err}")
    return row


def run_batch(series):
    """batch: 1,000 URLs of 100 ms at the default concurrency and at 64, then S1 while a c64 batch runs and S1
    alone for as long. Skips itself when /api/batch answers 404 (the endpoint is not in this build)."""
    server = series.server
    result = post_batch(server.port, [stub_url("img", 0)])
    if result["status"] == 404:
        log("batch: POST /api/batch answered 404: this build has no batch endpoint; the batch phase is skipped")
        RUN.batches.append({"step": "probe", "status": "skipped: POST /api/batch answered 404 (not in this build)"})
        return
    if (problem := batch_problem(result, 1) or (result["failed_lines"] and "its one line names a failure")):
        RUN.fail(f"batch probe: {problem}")
        RUN.batches.append({"step": "probe", "status": f"failed: {problem}"})
        return
    s1_url = series.url(upstream_for(S1))
    for rnd in range(1, (1 if CFG.smoke else CFG.rounds) + 1):
        for concurrency in BATCH.concurrencies:
            wait_for_quiet(server.pids() + pid_tree(RUN.stub.proc.pid))
            one_batch(server, rnd, concurrency, "alone")
            pause()
        # S1 starts, the batch starts with it; the batch's end stops S1 (SIGINT: wrk reports so far).
        done = threading.Event()
        batch = threading.Thread(target=one_batch, args=(server, rnd, BATCH.beside, "beside S1", done), daemon=True)
        wait_for_quiet(server.pids() + pid_tree(RUN.stub.proc.pid))
        batch.start()
        with_batch = s1_row(rnd, "S1 while the batch runs", s1_url, BATCH_TIMEOUT_SECS, until=done)
        batch.join(BATCH_TIMEOUT_SECS)
        with_batch["concurrency"] = f"c{BATCH.beside}"
        RUN.batches.append(with_batch)
        pause()
        secs = max(1, round(float(with_batch.get("s1_secs") or CFG.secs["S1"])))
        wait_for_quiet(server.pids() + pid_tree(RUN.stub.proc.pid))
        RUN.batches.append(s1_row(rnd, "S1 alone", s1_url, secs))
        pause()


def run_cache():
    """hit and herd on one JVM per store (CACHE_STORES), batch on the memory one; the first JDK only."""
    scenarios = cache_scenarios()
    if not scenarios and not batch_selected():
        if any(s in CFG.scenarios for s in ("hit", "herd", "batch")):
            log("hit, herd and batch measure fetchflux, which is not among --servers: skipped")
        return
    jdk = CFG.jdks[0]
    stores = {}
    for store in (CACHE_STORES if scenarios else ("memory",)):
        series = Series(Server(KINDS["fetchflux"], jdk, variant=store), f"images, {store} store")
        if store == "redis" and not start_redis():
            for sc in scenarios:
                fail_scenario(series, sc, "redis-server did not start")
            continue
        if not start_server(series.server):
            for sc in scenarios:
                fail_scenario(series, sc, "did not start")
            continue
        stores[store] = series
    try:
        if any(sc.id == "hit" for sc in scenarios):
            run_hits(stores)  # warms both paths up first
        else:
            for series in stores.values():
                warm_up(series, S1, CFG.conns["S1"][0], CFG.warmup_cap, label=f"{series.name} S1",
                        phase="cache")
                pause()
        if any(sc.id == "herd" for sc in scenarios):
            run_herd(stores)
        if batch_selected() and "memory" in stores:
            run_batch(stores["memory"])
    finally:
        stop_all(list(stores.values()))
        stop(RUN.redis)
        RUN.redis = None


# --- cold start ------------------------------------------------------------------------------------

class HealthWatch(threading.Thread):
    """Polls the image endpoint (200 with the exact bytes) and /actuator/health (UP) from launch on."""

    def __init__(self, series, t0):
        super().__init__(daemon=True)
        self.series, self.t0, self.halt = series, t0, threading.Event()
        self.image_s = self.health_s = None
        self.failed_probes = 0

    def run(self):
        s1 = next(sc for sc in SCENARIOS if sc.id == "S1")
        url, health = self.series.url(upstream_for(s1)), self.series.server.health_url
        while not self.halt.is_set() and (self.image_s is None or (health and self.health_s is None)):
            now = time.monotonic() - self.t0
            if self.image_s is None:
                if probe(url, IMG_SIZE, "image/", quiet=True, timeout=5) is None:
                    self.image_s = time.monotonic() - self.t0
                else:
                    self.failed_probes += 1
            if health and self.health_s is None and health_up(health):
                self.health_s = time.monotonic() - self.t0
            if now > START_TIMEOUT_SECS:
                return
            self.halt.wait(0.02)


def cold_start(kind, jdk):
    server = Server(KINDS[kind], jdk)
    series = Series(server, "images" if kind == "fetchflux" else "relay")
    name = series.name
    s1 = next(sc for sc in SCENARIOS if sc.id == "S1")
    conns = CFG.conns["S1"][0]
    url = series.url(upstream_for(s1))
    summary = {"series": name, "accept_s": "", "image_s": "", "health_s": "", "healthy_s": "", "failed_probes": "",
               "status": "ok"}
    wait_for_quiet(pid_tree(RUN.stub.proc.pid))
    log(f"cold start of {name}: S1 load (c{conns}) as soon as the port accepts, {CFG.cold_window} s windows "
        f"for {CFG.cold_secs} s")
    if not start_server(server, quiet=True, wait=False):
        summary["status"] = "failed: no java"
        RUN.colds.append(summary)
        return
    t0 = server.t0
    watch = HealthWatch(series, t0)
    watch.start()
    while not port_open(server.port):
        if server.proc.poll() is not None or time.monotonic() - t0 > START_TIMEOUT_SECS:
            watch.halt.set()
            summary["status"] = "failed: the port never accepted"
            RUN.colds.append(summary)
            RUN.fail(f"cold start of {name}: the port never accepted")
            stop(server.proc)
            return
        time.sleep(0.005)
    summary["accept_s"] = f"{time.monotonic() - t0:.2f}"
    elapsed = 0
    while elapsed < CFG.cold_secs:
        start_s = time.monotonic() - t0
        m, _, err = wrk(url, conns, CFG.cold_window, f"cold-{server.key}-w{elapsed // CFG.cold_window + 1}.txt",
                        script=wrk_script(s1))
        elapsed += CFG.cold_window
        row = {"series": name, "window": str(elapsed // CFG.cold_window), "start_s": f"{start_s:.1f}",
               "end_s": f"{time.monotonic() - t0:.1f}", "rps_ok": "", "non2xx": "", "socket": "", "status": "ok"}
        if m:
            row.update(rps_ok=f"{window_rate(m):.1f}", non2xx=m["status_errors"],
                       socket="/".join(m[k] for k in ("connect", "read", "write", "timeout")))
        else:
            row["status"] = err
        RUN.cold_windows.append(row)
        log(f"    {row['start_s']}-{row['end_s']} s after launch: {row['rps_ok'] or err} req/s, non-2xx "
            f"{row['non2xx']}, socket {row['socket']}")
        if server.proc.poll() is not None:
            break
    watch.join(max(0.0, START_TIMEOUT_SECS - (time.monotonic() - t0)))
    watch.halt.set()
    health_needed = server.health_url is not None
    if watch.image_s is not None:
        summary["image_s"] = f"{watch.image_s:.2f}"
    if watch.health_s is not None:
        summary["health_s"] = f"{watch.health_s:.2f}"
    if watch.image_s is not None and (watch.health_s is not None or not health_needed):
        summary["healthy_s"] = f"{max(watch.image_s, watch.health_s or 0):.2f}"
    else:
        summary["status"] = "failed: never healthy"
        RUN.fail(f"cold start of {name}: never healthy")
    summary["failed_probes"] = str(watch.failed_probes)
    RUN.colds.append(summary)
    log(f"    {name}: port accepts {summary['accept_s']} s, first healthy answer {summary['healthy_s'] or '–'} s "
        f"after launch")
    stop(server.proc)


def run_cold():
    if not cold_selected():
        return
    for jdk in CFG.jdks:
        for kind in ("fetchflux", "raw"):
            if selected(kind):
                cold_start(kind, jdk)
                pause()


# --- planning --------------------------------------------------------------------------------------

def planned_seconds():
    """(typical, at most): what --plan prints; the difference is the warm-ups that end early."""
    total = 0.0
    if CFG.build:
        total += 30 * selected("fetchflux") + 15 * ((selected("raw") or selected("spring")) and comparison_selected())
    per_run = CFG.gap + (1.3 if CFG.quiet_wait else 0.3)
    jvm_start = 3 if CFG.smoke else 7
    warm_max = warm_typ = 0
    if cold_selected():
        n = len(CFG.jdks) * (selected("fetchflux") + selected("raw"))
        total += n * (jvm_start + CFG.cold_secs + CFG.cold_window + CFG.gap)
    for stream in (False, True):
        scenarios = [s for s in SCENARIOS if s.id in CFG.scenarios and (s.body == "blob") == stream]
        if not scenarios:
            continue
        jvms = len(CFG.jdks) * (selected("fetchflux") + selected("raw") + selected("spring"))
        total += jvms * jvm_start * (0.5 if stream else 1) + selected("node")
        units = []
        for jdk in CFG.jdks:
            units += [("fetchflux", True)] * (selected("fetchflux") * (1 if stream else len(CFG.styles)))
            if not stream and not CFG.smoke and selected("fetchflux") and "images" in CFG.styles and jdk == CFG.jdks[0]:
                units += [("fetchflux", True)]  # the metrics-off twin
            units += [("raw", True)] * selected("raw") + [("spring", True)] * selected("spring")
        units += [("node", True)] * selected("node")
        units += [("tornado", False)] * (selected("tornado") * len(TORNADO_MAX_CLIENTS))
        units += [("upstream", False)] * selected("upstream")
        warmed = sum(1 for _, w in units if w)
        if stream:
            total += warmed * CFG.s5_warmup
        else:
            warm_max += warmed * (CFG.warmup_cap + CFG.gap + 0.3 * CFG.warmup_cap / CFG.warmup_window if CFG.warmup_cap else 0)
            warm_typ += warmed * (min(CFG.warmup_cap, 45) + CFG.gap) if CFG.warmup_cap else 0
        for sc in scenarios:
            for _ in CFG.conns[sc.id]:
                for kind, _w in units:
                    rounds = 1 if CFG.smoke else (KINDS[kind].rounds or CFG.rounds)
                    total += rounds * (CFG.secs[sc.id] + per_run + (0.7 if kind == "tornado" else 0))
    cache_total, cache_warm_typ, cache_warm_max = planned_cache_seconds(jvm_start, per_run)
    return total + warm_typ + cache_total + cache_warm_typ, total + warm_max + cache_total + cache_warm_max


def planned_cache_seconds(jvm_start, per_run):
    """(total, typical warm-up, longest warm-up) of hit, herd and batch."""
    scenarios = cache_scenarios()
    if not scenarios and not batch_selected():
        return 0, 0, 0
    rounds = 1 if CFG.smoke else CFG.rounds
    stores = len(CACHE_STORES) if scenarios else 1
    warmups = stores * (2 if any(s.id == "hit" for s in scenarios) else 1)  # hit warms both paths up
    total = stores * jvm_start
    for sc in scenarios:
        loads = stores * (2 if sc.id == "hit" else 1)
        total += len(CFG.conns[sc.id]) * rounds * loads * (CFG.secs[sc.id] + per_run)
    if batch_selected():
        delay = BATCH.delay_ms / 1000 * CFG.batch_urls
        per_round = delay / BATCH.default_concurrency + 3 * delay / BATCH.beside + 4 * CFG.gap + 2
        total += rounds * per_round
    cap = CFG.warmup_cap
    most = warmups * (cap + CFG.gap + 0.3 * cap / CFG.warmup_window) if cap else 0
    return total, warmups * (min(cap, 45) + CFG.gap) if cap else 0, most


def print_plan():
    typ, most = planned_seconds()
    log(f"plan: scenarios {','.join(CFG.scenarios)}; servers {','.join(CFG.servers)}; JDKs {','.join(CFG.jdks)}; "
        f"styles {','.join(CFG.styles)}; {CFG.rounds if not CFG.smoke else 1} interleaved round(s) "
        f"(Tornado 1); warm-up until steady, at most {CFG.warmup_cap} s per server")
    for sc in SCENARIOS:
        if sc.id in CFG.scenarios:
            log(f"  {sc.id}: {sc.what}; connections {', '.join(map(str, CFG.conns[sc.id]))}; {CFG.secs[sc.id]} s per run")
    if cold_selected():
        log(f"  cold: launch, S1 load (c{CFG.conns['S1'][0]}) at once, {CFG.cold_window} s windows for "
            f"{CFG.cold_secs} s: " + ", ".join(k for k in ("fetchflux", "raw") if selected(k)))
    for sc in cache_scenarios():
        log(f"  {sc.id}: {sc.what}; connections {', '.join(map(str, CFG.conns[sc.id]))}; {CFG.secs[sc.id]} s per "
            f"run; fetchflux on JDK {CFG.jdks[0]} with --fetchflux.cache.store=" + " and =".join(CACHE_STORES))
    if batch_selected():
        log(f"  batch: POST /api/batch of {CFG.batch_urls} URLs at {BATCH.delay_ms} ms, concurrency default "
            f"({BATCH.default_concurrency}) and " + ", ".join(str(c) for c in BATCH.concurrencies if c)
            + f"; S1 c{CFG.batch_s1_conns} while a c{BATCH.beside} batch runs, and alone; the memory-store JVM")
    log(f"  fetchflux launch: {' '.join(fetchflux_command('{java}'))} (bench/fetchflux.launch)")
    log(f"planned duration: about {typ // 60:.0f} min {typ % 60:.0f} s (at most {most // 60:.0f} min "
        f"{most % 60:.0f} s if no warm-up gets steady before its cap)")


# --- report ----------------------------------------------------------------------------------------

def command_output(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        return (r.stdout + r.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return "n/a"


def jvm_options_text():
    if not os.path.exists(JVM_OPTIONS_FILE):
        return ""
    with open(JVM_OPTIONS_FILE) as f:
        return " ".join(ln.split("#")[0].strip() for ln in f if ln.split("#")[0].strip())


def background_cpu_pct():
    m0 = machine_cpu()
    time.sleep(2)
    return busy_pct(m0, machine_cpu())


def write_meta():
    background = background_cpu_pct()
    if background >= 15:
        log(f"WARNING: the machine is busy before the run ({background:.0f}% of one core): numbers will be skewed")
    sysctl = lambda p: open(p).read().split()  # noqa: E731
    meta = {
        "background_cpu": f"{background:.0f}% of one core busy in the 2 s before the runs started",
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": "smoke" if CFG.smoke else ("short" if CFG.short else "full"),
        "invocation": f"bench/run {CFG.argv}",
        "git": command_output(["git", "-C", REPO_DIR, "rev-parse", "--short", "HEAD"]) + " "
               + command_output(["git", "-C", REPO_DIR, "branch", "--show-current"]),
        "nproc": str(NPROC),
        "cpu": next((ln.split(": ", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "?"),
        "memory": command_output(["sh", "-c", "free -h | awk '/^Mem:/ {print $2 \" total, \" $7 \" available\"}'"]),
        "kernel": os.uname().release,
        "sysctl": f"somaxconn {sysctl('/proc/sys/net/core/somaxconn')[0]}, tcp_max_syn_backlog "
                  f"{sysctl('/proc/sys/net/ipv4/tcp_max_syn_backlog')[0]}, ports "
                  f"{'-'.join(sysctl('/proc/sys/net/ipv4/ip_local_port_range'))}",
        "fetchflux_launch": " ".join(fetchflux_command("{java}")) + " (bench/fetchflux.launch)",
        "jvm_options": f"{jvm_options_text()} (from jvm.options; fetchflux, raw and spring relays alike)",
        "references": "raw Reactor Netty relay and bare Spring WebFlux relay (bench/references), Node.js relay "
                      "(bench/node_relay.js): pools of 4096 connections, 16384 pending acquires (fetchflux's defaults)",
        "node": command_output(["node", "--version"]) if selected("node") else "not run",
        "tornado": (command_output([SYSTEM_PYTHON, "-c", "import tornado; print(tornado.version)"]) + " on "
                    + command_output([SYSTEM_PYTHON, "--version"])) if selected("tornado") else "not run",
        "nginx": command_output(["nginx", "-v"]).replace("nginx version: ", "")
                 + f", echo module {command_output(['dpkg-query', '-W', '-f', '${Version}', 'libnginx-mod-http-echo'])}"
                 + f", {STUB_WORKERS} worker(s), keepalive_timeout {STUB_KEEPALIVE}",
        "wrk": f"{command_output(['wrk', '-v']).split()[1] if command_output(['wrk', '-v']) else '?'}, "
               f"{WRK_THREADS} threads, --timeout {WRK_TIMEOUT}",
        "gnuplot": command_output(["gnuplot", "--version"]),
        "rounds": f"{1 if CFG.smoke else CFG.rounds} interleaved (Tornado 1)",
        "warmup": f"S1 load c{CFG.conns['S1'][0]} in {CFG.warmup_window} s windows until two in a row are within "
                  f"{CFG.warmup_tolerance:.0%} (at least {CFG.warmup_min} s, at most {CFG.warmup_cap} s); "
                  f"S5's fresh servers: {CFG.s5_warmup} s",
        "nice": f"{BENCH_NICE} (wrk, stub and servers)",
        "redis": (command_output([REDIS_SERVER, "--version"]).replace("Redis server ", "") + ", started by the "
                  "harness on a free loopback port, --save '' --appendonly no")
                 if any(s.id in ("hit", "herd") for s in cache_scenarios()) else "not run",
        "cache_jvms": f"fetchflux on JDK {CFG.jdks[0]}, launched as above plus "
                      + " or ".join("`" + " ".join(Server(KINDS["fetchflux"], variant=v).variant_args()) + "`"
                                    for v in CACHE_STORES) if cache_scenarios() or batch_selected() else "not run",
        "batch": f"{CFG.batch_urls} distinct URLs answered after {BATCH.delay_ms} ms each; S1 beside it on "
                 f"c{CFG.batch_s1_conns}" if batch_selected() else "not run",
        "ref_jdk": CFG.jdks[0],
    }
    for jdk in CFG.jdks:
        lines = command_output([os.path.join(JDK_HOMES[jdk], "bin", "java"), "-version"]).splitlines()
        meta[f"jdk{jdk}"] = lines[1] if len(lines) > 1 else "not found"
    return meta


def save_tsv(path, rows, fields):
    with open(path, "w") as f:
        f.write("\t".join(fields) + "\n")
        for r in rows:
            f.write("\t".join(str(r.get(k, "")) for k in fields) + "\n")


def write_report(meta):
    suffix = f"jdk{CFG.jdks[0]}" if len(CFG.jdks) == 1 else "all"
    if CFG.smoke or CFG.short:  # not comparable with full runs: kept out of git
        path = RUN.raw(f"{'smoke' if CFG.smoke else 'short'}-{suffix}.md")
    else:
        path = os.path.join(RESULTS_DIR, f"{RUN.id}-{suffix}.md")
    tsv = {name: RUN.raw(f"{name}.tsv") for name in ("results", "startup", "warmup", "cold", "cold-windows")}
    save_tsv(tsv["results"], RUN.rows, RESULT_FIELDS)
    save_tsv(tsv["startup"], RUN.startups, ["server", "jdk", "label", "startup_ms", "status"])
    save_tsv(tsv["warmup"], RUN.warmups, ["series", "window", "end_s", "rps_ok", "status", "phase"])
    save_tsv(tsv["cold"], RUN.colds, ["series", "accept_s", "image_s", "health_s", "healthy_s", "failed_probes", "status"])
    save_tsv(tsv["cold-windows"], RUN.cold_windows,
             ["series", "window", "start_s", "end_s", "rps_ok", "non2xx", "socket", "status"])
    save_tsv(RUN.raw("batch.tsv"), RUN.batches, report.BATCH_FIELDS)
    with open(RUN.raw("meta.txt"), "w") as f:
        f.write("".join(f"{k}={v}\n" for k, v in meta.items()))
    with open(RUN.raw("commands.txt"), "w") as f:
        f.write("\n".join(RUN.commands) + "\n")
    chart = path[:-3] + ".png"
    text, datafiles = report.build(meta, RUN.rows, RUN.startups, RUN.warmups, RUN.colds, RUN.cold_windows,
                                   RUN.commands, chart, RUN.work, targets=not CFG.smoke, batches=RUN.batches)
    if datafiles:
        args = "; ".join(f"{k}='{v}'" for k, v in datafiles.items())
        r = subprocess.run(["gnuplot", "-e", f"{args}; outfile='{chart}'", os.path.join(BENCH_DIR, "chart.gp")],
                           capture_output=True, text=True, timeout=120)
        if r.returncode:
            log(f"gnuplot failed; the report has no chart: {r.stderr.strip()[-500:]}")
    with open(path, "w") as f:
        f.write(text)
    log(f"report: {path}")
    print(text)


# --- main ------------------------------------------------------------------------------------------

def on_signal(signum, _frame):
    log(f"{signal.Signals(signum).name}: stopping every process the harness started")
    raise SystemExit(128 + signum)


def main(argv):
    global RUN
    parse_args(argv)
    if CFG.plan_only:
        print_plan()
        return 0
    os.makedirs(RAW_DIR, exist_ok=True)
    RUN = Run()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    _child_setup_self()
    try:
        RUN.record(["bench/run", *argv])
        ensure_packages()
        print_plan()
        t_start = time.monotonic()
        build()
        meta = write_meta()
        start_stub()
        run_cold()
        run_comparison()
        run_stream()
        run_cache()
        meta["duration"] = f"{(time.monotonic() - t_start) / 60:.1f} min (after the install)"
        write_report(meta)
        if RUN.failures:
            log(f"{RUN.failures} failure(s): see the report")
            return 1
        return 0
    finally:
        cleanup()


def _child_setup_self():
    """This process too gets the fd limit (bench/run has set it already; direct runs of bench.py may not)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < NOFILE and (hard == resource.RLIM_INFINITY or hard >= NOFILE):
        resource.setrlimit(resource.RLIMIT_NOFILE, (NOFILE, hard))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
