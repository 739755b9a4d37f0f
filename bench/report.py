"""The Markdown report of a bench/run (bench/bench.py calls build()); run alone, it rebuilds one from the run's
files in bench/results/raw."""
import argparse
import csv
import os
import statistics

SOCKET_ERRORS = ("connect", "read", "write", "timeout")
TARGET_JDK = "25"
CACHE_SCENARIOS = ("hit", "miss", "herd")  # the cache phase's rows; every other scenario is the comparison's
BATCH_FIELDS = ["round", "step", "concurrency", "urls", "delay_ms", "status", "wall_s", "lines", "failed_lines",
                "rss_start_mib", "rss_peak_mib", "s1_conns", "s1_secs", "s1_rps_ok", "s1_p99_ms", "s1_non2xx",
                "s1_socket"]


def load_tsv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def load_meta(path):
    meta = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            meta[key] = value
    return meta


def ok(row):
    return row["status"] == "ok"


def num(row, key):
    return float(row[key]) if row.get(key) not in (None, "") else None


def errors(row):
    return sum(int(row[k]) for k in SOCKET_ERRORS)


def fmt(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def series_name(row):
    kind, jdk, style = row["server"], row.get("jdk", "-"), row.get("style", "")
    if kind == "fetchflux":
        return f"fetchflux jdk{jdk} {style}"
    if kind == "raw":
        return f"raw relay jdk{jdk}"
    if kind == "spring":
        return f"spring relay jdk{jdk}"
    if kind == "node":
        return "node relay"
    if kind == "tornado":
        return f"tornado {style}"
    return "upstream (ceiling)"


def scenario_key(row):
    return (row["scenario"], int(row["conns"]) if row["conns"] else 0)


MEDIANS = ("rps_ok", "p50_ms", "p99_ms", "cpu_us_req", "srv_cpu_pct", "stub_cpu_pct", "wrk_cpu_pct", "other_cpu_pct",
           "mib_s", "rss_start_mib")


def aggregate(rows):
    """One row per scenario, connection count and series over its rounds: medians of the rates, latencies
    and CPU; the largest max latency and peak RSS; errors summed over all rounds."""
    groups = {}
    for r in rows:
        groups.setdefault((r["scenario"], r["conns"], series_name(r)), []).append(r)
    out = []
    for (scenario, conns, name), rs in groups.items():
        good = [r for r in rs if ok(r)]
        a = {k: rs[0].get(k, "") for k in ("server", "jdk", "style", "scenario", "conns")}
        a.update(series=name, rounds=f"{len(good)}/{len(rs)}",
                 failed="; ".join(sorted({r["status"] for r in rs if not ok(r)})))
        if not good:
            a["status"] = rs[0]["status"]
            out.append(a)
            continue
        a["status"] = "ok"
        for k in MEDIANS:
            values = [num(r, k) for r in good if num(r, k) is not None]
            a[k] = f"{statistics.median(values):.2f}" if values else ""
        a["max_ms"] = f"{max(num(r, 'max_ms') for r in good):.2f}"
        a["rss_peak_mib"] = f"{max(num(r, 'rss_peak_mib') for r in good):.0f}"
        a["rss_growth_mib"] = f"{max(num(r, 'rss_peak_mib') - num(r, 'rss_start_mib') for r in good):.0f}"
        for k in ("non2xx",) + SOCKET_ERRORS:
            a[k] = str(sum(int(r[k]) for r in good))
        rates = [num(r, "rps_ok") for r in good]
        a["rps_min"], a["rps_max"] = min(rates), max(rates)
        fetches = [num(r, "upstream_fetches") for r in good]
        a["fetches_list"], a["fetches"] = fetches, " / ".join(fmt(f) for f in fetches)
        per_1k = [1000 * f / num(r, "requests") for f, r in zip(fetches, good) if f is not None and num(r, "requests")]
        a["fetches_per_1k"] = f"{statistics.median(per_1k):.1f}" if per_1k else ""
        out.append(a)
    return out


def comparison(agg):
    """The S1-S4 rows: not S5's (a table of their own), not the cache phase's."""
    return [a for a in agg if a["scenario"] != "S5" and a["scenario"] not in CACHE_SCENARIOS]


def add_ratios(agg, ref_jdk):
    """× raw relay: the series' median req/s over the raw relay's on the same JDK (the first JDK for servers
    that are not JVMs), same scenario and connections."""
    raw = {(a["scenario"], a["conns"], a["jdk"]): num(a, "rps_ok") for a in agg if a["server"] == "raw" and ok(a)}
    for a in agg:
        ref = raw.get((a["scenario"], a["conns"], a["jdk"])) or raw.get((a["scenario"], a["conns"], ref_jdk))
        a["ratio"] = num(a, "rps_ok") / ref if ok(a) and ref else None


def ratio_text(a):
    return "–" if a.get("ratio") is None else f"{a['ratio']:.2f}×"


def rate_range(a):
    if a["rps_min"] == a["rps_max"]:
        return "–"
    return f"{fmt(a['rps_min'])}–{fmt(a['rps_max'])}"


def results_table(agg):
    out = [
        "| scenario | conns | server | req/s (2xx) | × raw relay | req/s range | p50 ms | p99 ms | max ms | non-2xx "
        "| socket errors c/r/w/t | server CPU µs/req | server CPU % | stub CPU % | wrk CPU % | other CPU % "
        "| peak RSS MiB | upstream fetches per 1,000 answers | rounds ok |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for a in comparison(agg):
        if not ok(a):
            out.append(f"| {a['scenario']} | {a['conns'] or '–'} | {a['series']} | **{a['status']}** "
                       f"| | | | | | | | | | | | | | | {a['rounds']} |")
            continue
        socket = "/".join(a[k] for k in SOCKET_ERRORS)
        rounds = a["rounds"] + (f" ({a['failed']})" if a["failed"] else "")
        out.append(
            f"| {a['scenario']} | {a['conns']} | {a['series']} | {fmt(num(a, 'rps_ok'))} | {ratio_text(a)} "
            f"| {rate_range(a)} | {fmt(num(a, 'p50_ms'), 2)} | {fmt(num(a, 'p99_ms'), 2)} | {fmt(num(a, 'max_ms'), 1)} "
            f"| {a['non2xx']} | {socket} | {fmt(num(a, 'cpu_us_req'), 1)} | {fmt(num(a, 'srv_cpu_pct'))} "
            f"| {fmt(num(a, 'stub_cpu_pct'))} | {fmt(num(a, 'wrk_cpu_pct'))} | {fmt(num(a, 'other_cpu_pct'))} "
            f"| {a['rss_peak_mib']} | {a['fetches_per_1k'] or '–'} | {rounds} |")
    return out


def stream_table(agg):
    rows = [a for a in agg if a["scenario"] == "S5"]
    if not rows:
        return []
    out = [
        "| server | conns | MiB/s | × raw relay | req/s | p99 ms | non-2xx | socket errors c/r/w/t | server CPU µs/req "
        "| RSS before MiB | peak RSS MiB | RSS growth MiB | rounds ok |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for a in rows:
        if not ok(a):
            out.append(f"| {a['series']} | {a['conns'] or '–'} | **{a['status']}** | | | | | | | | | | {a['rounds']} |")
            continue
        out.append(
            f"| {a['series']} | {a['conns']} | {fmt(num(a, 'mib_s'))} | {ratio_text(a)} | {fmt(num(a, 'rps_ok'), 1)} "
            f"| {fmt(num(a, 'p99_ms'), 1)} | {a['non2xx']} | {'/'.join(a[k] for k in SOCKET_ERRORS)} "
            f"| {fmt(num(a, 'cpu_us_req'), 0)} | {fmt(num(a, 'rss_start_mib'))} | {a['rss_peak_mib']} "
            f"| {a['rss_growth_mib']} | {a['rounds']} |")
    return out


def warmup_table(warmups):
    if not warmups:
        return []
    by = {}
    for w in warmups:
        by.setdefault(w["series"], []).append(w)
    out = ["| server | windows | seconds | req/s in each window, in order | last two within |",
           "|---|---:|---:|---|---:|"]
    for name, ws in by.items():
        rates = [float(w["rps_ok"] or 0) for w in ws]
        spread = (f"{abs(rates[-1] - rates[-2]) / rates[-2]:.1%}" if len(rates) >= 2 and rates[-2] else "–")
        out.append(f"| {name} | {len(ws)} | {ws[-1]['end_s']} | {' → '.join(fmt(r) for r in rates)} | {spread} |")
    return out


def cold_tables(colds, windows):
    if not colds:
        return []
    out = ["| server | port accepts s | first 200 with the right bytes s | /actuator/health UP s "
           "| first healthy answer s | failed probes before it | status |",
           "|---|---:|---:|---:|---:|---:|---|"]
    for c in colds:
        out.append(f"| {c['series']} | {c['accept_s'] or '–'} | {c['image_s'] or '–'} | {c['health_s'] or 'n/a'} "
                   f"| **{c['healthy_s'] or '–'}** | {c['failed_probes'] or '–'} | {c['status']} |")
    names = list(dict.fromkeys(w["series"] for w in windows))
    if names:
        count = max(int(w["window"]) for w in windows)
        out += ["", "req/s (2xx) in each window of S1 load started when the port accepted; in brackets the "
                "seconds after launch and, when there were any, non-2xx / socket errors c/r/w/t:", "",
                "| window | " + " | ".join(names) + " |", "|---:|" + "---:|" * len(names)]
        for i in range(1, count + 1):
            cells = []
            for n in names:
                w = next((w for w in windows if w["series"] == n and int(w["window"]) == i), None)
                if w is None:
                    cells.append("")
                    continue
                errs = ""
                if w["status"] != "ok":
                    errs = f", {w['status']}"
                elif w["non2xx"] != "0" or w["socket"].strip("0/"):
                    errs = f", {w['non2xx']} / {w['socket']}"
                cells.append(f"{fmt(float(w['rps_ok'])) if w['rps_ok'] else '–'} ({w['start_s']}–{w['end_s']} s{errs})")
            out.append(f"| {i} | " + " | ".join(cells) + " |")
    return out


def startup_table(startups):
    if not startups:
        return []
    out = ["| server | JDK | starts | min ms | median ms | max ms | failed |", "|---|---|---:|---:|---:|---:|---:|"]
    for server, jdk in dict.fromkeys((s["server"], s["jdk"]) for s in startups):
        mine = [s for s in startups if s["server"] == server and s["jdk"] == jdk]
        times = [int(s["startup_ms"]) for s in mine if s["status"] == "ok"]
        failed = sum(1 for s in mine if s["status"] != "ok")
        label = series_name({"server": server, "jdk": jdk, "style": ""}).replace(f" jdk{jdk}", "").strip()
        if times:
            out.append(f"| {label} | {jdk} | {len(times)} | {min(times)} | {statistics.median(times):.0f} "
                       f"| {max(times)} | {failed} |")
        else:
            out.append(f"| {label} | {jdk} | 0 | – | – | – | {failed} |")
    return out


class Targets:
    """Judges JDK 25 fetchflux rows against the issue's targets; one line per target and style."""

    def __init__(self, rows):
        self.rows = rows
        self.lines = []
        self.styles = sorted({r["style"] for r in rows if r["server"] == "fetchflux" and r["jdk"] == TARGET_JDK
                              and r["style"] != "fetch" and r["scenario"] not in CACHE_SCENARIOS})

    def ff(self, style, scenario):
        return [r for r in self.rows if r["server"] == "fetchflux" and r["jdk"] == TARGET_JDK
                and r["style"] == style and r["scenario"] == scenario]

    def add(self, target, who, measured, passed):
        verdict = "n/a" if passed is None else ("PASS" if passed else "**MISS**")
        self.lines.append(f"| {target} | {who} | {measured} | {verdict} |")

    def judge(self, target, who, runs, check, describe):
        """check/describe take the ok runs; a failed or missing run is a MISS / n/a."""
        if not runs:
            self.add(target, who, "not run", None)
        elif not all(ok(r) for r in runs):
            self.add(target, who, "run failed: " + ", ".join(r["status"] for r in runs if not ok(r)), False)
        else:
            self.add(target, who, describe(runs), check(runs))

    def build(self):
        tornado_s1 = [num(r, "rps_ok") for r in self.rows if r["server"] == "tornado" and r["scenario"] == "S1" and ok(r)]
        tornado_best = max(tornado_s1) if tornado_s1 else None
        for style in self.styles:
            s1 = self.ff(style, "S1")
            if tornado_best:
                self.judge("S1 req/s ≥ 20× Tornado's best", style, s1,
                           lambda rs: max(num(r, "rps_ok") for r in rs) >= 20 * tornado_best,
                           lambda rs: f"{fmt(max(num(r, 'rps_ok') for r in rs))} req/s = "
                                      f"{max(num(r, 'rps_ok') for r in rs) / tornado_best:.1f}× {fmt(tornado_best)}")
            else:
                self.add("S1 req/s ≥ 20× Tornado's best", style, "Tornado not run", None)
            self.judge("S1 server CPU ≤ 50 µs/req", style, s1,
                       lambda rs: all(num(r, "cpu_us_req") <= 50 for r in rs),
                       lambda rs: " / ".join(f"{fmt(num(r, 'cpu_us_req'), 1)} µs (c{r['conns']})" for r in rs))
            s2 = self.ff(style, "S2")
            self.judge("S2 ≥ 9500 req/s", style, s2, lambda rs: num(rs[0], "rps_ok") >= 9500,
                       lambda rs: f"{fmt(num(rs[0], 'rps_ok'))} req/s")
            self.judge("S2 p99 < 130 ms", style, s2, lambda rs: num(rs[0], "p99_ms") < 130,
                       lambda rs: f"{fmt(num(rs[0], 'p99_ms'), 1)} ms")
            self.judge("S2 zero errors", style, s2, lambda rs: int(rs[0]["non2xx"]) + errors(rs[0]) == 0,
                       lambda rs: f"{rs[0]['non2xx']} non-2xx, {errors(rs[0])} socket")
            s3 = self.ff(style, "S3")
            self.judge("S3 ≥ 15000 req/s", style, s3, lambda rs: num(rs[0], "rps_ok") >= 15000,
                       lambda rs: f"{fmt(num(rs[0], 'rps_ok'))} req/s")
            self.judge("S3 zero non-2xx, zero socket errors", style, s3,
                       lambda rs: int(rs[0]["non2xx"]) + errors(rs[0]) == 0,
                       lambda rs: f"{rs[0]['non2xx']} non-2xx, {errors(rs[0])} socket")
            self.judge("S3 peak RSS < 600 MiB", style, s3, lambda rs: num(rs[0], "rss_peak_mib") < 600,
                       lambda rs: f"{rs[0]['rss_peak_mib']} MiB")
            s4 = self.ff(style, "S4")
            self.judge("S4 zero errors/timeouts", style, s4,
                       lambda rs: int(rs[0]["non2xx"]) + errors(rs[0]) == 0,
                       lambda rs: f"{rs[0]['non2xx']} non-2xx, socket c/r/w/t "
                                  + "/".join(rs[0][k] for k in SOCKET_ERRORS))
            self.judge("S4 p99 < 1.3 s", style, s4, lambda rs: num(rs[0], "p99_ms") < 1300,
                       lambda rs: f"{fmt(num(rs[0], 'p99_ms'))} ms")
            self.judge("S4 peak RSS < 1 GiB", style, s4, lambda rs: num(rs[0], "rss_peak_mib") < 1024,
                       lambda rs: f"{rs[0]['rss_peak_mib']} MiB")
        s5 = self.ff("fetch", "S5")
        self.judge("S5 ≥ 1 GiB/s", "/api/fetch", s5, lambda rs: num(rs[0], "mib_s") >= 1024,
                   lambda rs: f"{fmt(num(rs[0], 'mib_s'))} MiB/s")
        self.judge("S5 RSS growth < 64 MiB", "/api/fetch", s5, lambda rs: num(rs[0], "rss_growth_mib") < 64,
                   lambda rs: f"{fmt(num(rs[0], 'rss_growth_mib'))} MiB")
        self.styles_within_15()
        self.cache()
        return self.lines

    def cache(self):
        """The cache phase's targets, on whichever JDK it ran: a hit at least 2x the miss path, and one upstream
        fetch per herd."""
        for hit, miss in hit_pairs(self.rows):
            target = f"cache hit ≥ 2× the miss path (c{hit['conns']})"
            if miss is None or not ok(hit) or not ok(miss):
                self.add(target, store_of(hit), "run failed", False)
                continue
            ratio = num(hit, "rps_ok") / num(miss, "rps_ok")
            self.add(target, store_of(hit), f"{fmt(num(hit, 'rps_ok'))} vs {fmt(num(miss, 'rps_ok'))} req/s = "
                     f"{ratio:.2f}×", ratio >= 2)
        for a in (a for a in self.rows if a["scenario"] == "herd"):
            target = f"herd: one upstream fetch per fresh URL (c{a['conns']})"
            if not ok(a):
                self.add(target, store_of(a), "run failed", False)
                continue
            self.add(target, store_of(a), f"{a['fetches']} (per round)", all(f == 1 for f in a["fetches_list"]))

    def styles_within_15(self):
        styles = [s for s in self.styles if s in ("callback", "reactive", "sequential")]
        for scenario in ("S1", "S2"):
            by_conns = {}
            for style in styles:
                for r in self.ff(style, scenario):
                    by_conns.setdefault(r["conns"], []).append(r)
            for conns, runs in sorted(by_conns.items(), key=lambda kv: int(kv[0] or 0)):
                target = f"styles within 15% ({scenario}, c{conns})"
                if len(styles) < 2 or len(runs) < len(styles):
                    self.add(target, "all", "fewer than two styles measured", None)
                    continue
                self.judge(target, "all", runs,
                           lambda rs: min(num(r, "rps_ok") for r in rs) >= 0.85 * max(num(r, "rps_ok") for r in rs),
                           lambda rs: ", ".join(f"{r['style']} {fmt(num(r, 'rps_ok'))}" for r in rs))


def store_of(a):
    """The cache phase's series are fetchflux with a store: "images, memory store" -> "memory"."""
    return a["style"].replace("images, ", "").replace(" store", "")


def hit_pairs(agg):
    """(hit, miss) aggregated rows of one JVM and connection count; miss None when it has none."""
    misses = {(a["series"], a["conns"]): a for a in agg if a["scenario"] == "miss"}
    hits = sorted((a for a in agg if a["scenario"] == "hit"), key=lambda a: (a["series"], int(a["conns"] or 0)))
    return [(a, misses.get((a["series"], a["conns"]))) for a in hits]


def hit_table(agg):
    pairs = hit_pairs(agg)
    if not pairs:
        return []
    out = ["| server | conns | hit req/s | miss req/s | hit / miss | hit p99 ms | miss p99 ms | hit CPU µs/req "
           "| miss CPU µs/req | upstream fetches per 1,000 answers, hit / miss | non-2xx + socket errors, hit / miss "
           "| peak RSS MiB, hit / miss | rounds ok |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for hit, miss in pairs:
        miss = miss or {"status": "not run", "rounds": "0/0"}
        cell = lambda a, key, digits=0: fmt(num(a, key), digits) if ok(a) else "–"  # noqa: E731
        errs = lambda a: str(int(a["non2xx"]) + errors(a)) if ok(a) else "–"  # noqa: E731
        ratio = (f"**{num(hit, 'rps_ok') / num(miss, 'rps_ok'):.2f}×**" if ok(hit) and ok(miss)
                 and num(miss, "rps_ok") else "–")
        rounds = ", ".join(f"{path} {a['rounds']}" + (f" ({a['failed'] or a['status']})" if not ok(a) or a.get("failed")
                                                       else "") for path, a in (("hit", hit), ("miss", miss)))
        out.append(f"| {hit['series']} | {hit['conns']} | {cell(hit, 'rps_ok')} | {cell(miss, 'rps_ok')} | {ratio} "
                   f"| {cell(hit, 'p99_ms', 2)} | {cell(miss, 'p99_ms', 2)} | {cell(hit, 'cpu_us_req', 1)} "
                   f"| {cell(miss, 'cpu_us_req', 1)} | {cell(hit, 'fetches_per_1k', 1)} / "
                   f"{cell(miss, 'fetches_per_1k', 1)} | {errs(hit)} / {errs(miss)} "
                   f"| {hit.get('rss_peak_mib', '–') if ok(hit) else '–'} / "
                   f"{miss.get('rss_peak_mib', '–') if ok(miss) else '–'} | {rounds} |")
    return out


def herd_table(agg):
    rows = [a for a in agg if a["scenario"] == "herd"]
    if not rows:
        return []
    out = ["| server | conns | req/s (2xx) | p50 ms | p99 ms | max ms | non-2xx | socket errors c/r/w/t "
           "| upstream fetches of the URL, per round | server CPU µs/req | peak RSS MiB | rounds ok |",
           "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|"]
    for a in rows:
        if not ok(a):
            out.append(f"| {a['series']} | {a['conns'] or '–'} | **{a['status']}** | | | | | | | | | {a['rounds']} |")
            continue
        out.append(f"| {a['series']} | {a['conns']} | {fmt(num(a, 'rps_ok'))} | {fmt(num(a, 'p50_ms'), 1)} "
                   f"| {fmt(num(a, 'p99_ms'), 1)} | {fmt(num(a, 'max_ms'), 1)} | {a['non2xx']} "
                   f"| {'/'.join(a[k] for k in SOCKET_ERRORS)} | **{a['fetches']}** | {fmt(num(a, 'cpu_us_req'), 1)} "
                   f"| {a['rss_peak_mib']} | {a['rounds']} |")
    return out


def median_of(rows, key):
    values = [num(r, key) for r in rows if num(r, key) is not None]
    return statistics.median(values) if values else None


def batch_tables(batches):
    """The batch's wall times and RSS, and S1's rate alone and while a batch runs: medians over the rounds."""
    if not batches:
        return []
    out = ["| batch | concurrency | wall s | wall s range | floor s | lines / URLs | lines naming a failure "
           "| RSS before MiB | peak RSS MiB | rounds ok |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    groups = {}
    for b in batches:
        if b["step"] in ("alone", "beside S1"):
            groups.setdefault((b["step"], b["concurrency"]), []).append(b)
    for (step, concurrency), rs in groups.items():
        good = [b for b in rs if ok(b)]
        walls = [num(b, "wall_s") for b in good]
        parallel = int("".join(c for c in concurrency if c.isdigit()) or 0)  # "c64", "default (8)"
        floor = num(rs[0], "urls") * num(rs[0], "delay_ms") / 1000 / parallel if parallel else None
        failed = "; ".join(sorted({b["status"] for b in rs if not ok(b)}))
        out.append(f"| {'alone' if step == 'alone' else 'while S1 runs'} | {concurrency} "
                   f"| {fmt(median_of(good, 'wall_s'), 2)} "
                   f"| {f'{min(walls):.2f}–{max(walls):.2f}' if walls and min(walls) < max(walls) else '–'} "
                   f"| {fmt(floor, 2)} "
                   f"| {max((b['lines'] for b in good), default='–')} / {rs[0]['urls']} "
                   f"| {sum(int(b['failed_lines']) for b in good) if good else '–'} "
                   f"| {fmt(median_of(good, 'rss_start_mib'))} "
                   f"| {fmt(max((num(b, 'rss_peak_mib') for b in good), default=None))} "
                   f"| {len(good)}/{len(rs)}{f' ({failed})' if failed else ''} |")
    s1 = {step: [b for b in batches if b["step"] == step] for step in ("S1 alone", "S1 while the batch runs")}
    if not any(s1.values()):
        return out
    out += ["", "| S1 on /api/images | conns | req/s (2xx) | req/s range | p99 ms | non-2xx | socket errors c/r/w/t "
            "| seconds | rounds ok |", "|---|---:|---:|---:|---:|---:|---|---:|---:|"]
    rates = {}
    for step, rs in s1.items():
        if not rs:
            continue
        good = [b for b in rs if ok(b)]
        rates[step] = median_of(good, "s1_rps_ok")
        values = [num(b, "s1_rps_ok") for b in good]
        spread = f"{fmt(min(values))}–{fmt(max(values))}" if values and min(values) < max(values) else "–"
        socket = [sum(int(b["s1_socket"].split("/")[i]) for b in good) for i in range(len(SOCKET_ERRORS))]
        non2xx = sum(int(b["s1_non2xx"]) for b in good)
        out.append(f"| {step.replace('S1 ', '')} | {rs[0].get('s1_conns') or '–'} "
                   f"| {fmt(rates[step])} | {spread} | {fmt(median_of(good, 's1_p99_ms'), 2)} "
                   f"| {non2xx if good else '–'} | {'/'.join(map(str, socket)) if good else '–'} "
                   f"| {fmt(median_of(good, 's1_secs'), 1)} | {len(good)}/{len(rs)} |")
    alone, beside = rates.get("S1 alone"), rates.get("S1 while the batch runs")
    if alone and beside:
        out += ["", f"While the batch runs, S1 keeps **{beside / alone:.0%}** of its rate alone "
                f"({fmt(beside)} against {fmt(alone)} req/s)."]
    return out


def write_blocks(path, blocks):
    with open(path, "w") as f:
        f.write("\n\n\n".join(blocks) + ("\n" if blocks else ""))
    return path if blocks else None


def write_chart_data(agg, warmups, cold_windows, workdir):
    """gnuplot data files, one block per series (its first line the title): the S1-S4 points (index, label,
    req/s, × raw relay, p99 ms), the warm-up curves (seconds, req/s) and the cold starts (seconds after
    launch, req/s)."""
    files = {}
    rows = [a for a in comparison(agg) if ok(a)]
    points = sorted({scenario_key(a) for a in rows})
    position = {p: i for i, p in enumerate(points)}
    blocks = []
    for name in dict.fromkeys(a["series"] for a in rows):
        lines = [f'"{name}"']
        for a in sorted((a for a in rows if a["series"] == name), key=scenario_key):
            key = scenario_key(a)
            ratio = "-" if a["ratio"] is None else f"{a['ratio']:.3f}"
            lines.append(f'{position[key]} "{key[0]} c{key[1]}" {a["rps_ok"]} {ratio} {a["p99_ms"]}')
        blocks.append("\n".join(lines))
    files["datafile"] = write_blocks(os.path.join(workdir, "chart-points.dat"), blocks)
    if files["datafile"] and not any(a["ratio"] is not None for a in rows):
        files["noratio"] = "1"  # no raw relay measured: chart.gp leaves that panel empty
    if not files["datafile"]:
        return {}  # chart.gp draws the S1-S4 panels first: no chart without them
    warmups = [w for w in warmups if w.get("phase") != "cache"]  # the cache phase's are in its table only
    for key, source, x in (("warmfile", warmups, "end_s"), ("coldfile", cold_windows, "end_s")):
        blocks = []
        for name in dict.fromkeys(w["series"] for w in source):
            lines = [f'"{name}"'] + [f'{w[x]} {w["rps_ok"] or 0}' for w in source if w["series"] == name]
            blocks.append("\n".join(lines))
        files[key] = write_blocks(os.path.join(workdir, f"chart-{key}.dat"), blocks)
    return {k: v for k, v in files.items() if v}


def build(meta, rows, startups, warmups, colds, cold_windows, commands, chart, workdir, targets=True, batches=()):
    """The Markdown report and the chart's data files ({gnuplot variable: path})."""
    agg = aggregate(rows)
    add_ratios(agg, meta.get("ref_jdk", "25"))
    datafiles = write_chart_data(agg, warmups, cold_windows, workdir)
    out = [f"# fetchflux benchmark, {meta['date']} ({meta['mode']})", ""]
    out += [f"Run with `{meta['invocation'].strip()}` on commit {meta['git']}"
            + (f", in {meta['duration']}" if meta.get("duration") else "") + ".", ""]
    out += ["## Machine and software", ""]
    for key in ("nproc", "cpu", "memory", "kernel", "sysctl", "background_cpu"):
        out.append(f"- {key}: {meta[key]}")
    for key in sorted(k for k in meta if k.startswith("jdk")):
        out.append(f"- JDK {key[3:]}: {meta[key]}")
    for key in ("fetchflux_launch", "jvm_options", "references", "node", "tornado", "nginx", "wrk", "gnuplot",
                "rounds", "warmup", "nice"):
        out.append(f"- {key.replace('_', ' ')}: {meta.get(key) or '(none)'}")
    for key in ("cache_jvms", "redis", "batch"):  # not in the meta of runs from before the cache phase
        if meta.get(key) and meta[key] != "not run":
            out.append(f"- {key.replace('_', ' ')}: {meta[key]}")
    out += ["", "Same machine for everything: wrk, the server under test and the stub share the cores; every "
            "server is measured alone (the others idle), in interleaved rounds: in each round every server once, "
            "in turn, so that the machine's drift touches them all alike. Each row is the median over its rounds "
            "(req/s, p50, p99, CPU), the largest max latency and peak RSS, and the errors summed over all rounds; "
            "'req/s range' is the lowest and highest round. '× raw relay' is the median req/s divided by the "
            "raw Reactor Netty relay's (same scenario and connections; same JDK, the first JDK for servers that "
            "are not JVMs): the floor of what a relay on fetchflux's stack can do.",
            "req/s counts responses below 400 (wrk counts status ≥ 400 as errors); latencies are wrk's "
            "(timed-out requests are not in them, they are counted under socket errors `t`). Server CPU "
            "is utime+stime of the server's processes over the run ÷ responses (CPU % columns are of one core, "
            f"so {meta['nproc']}00 in all is the whole machine; 'other' is whatever else ran, a sign of a "
            "disturbed run when it is far above its usual 10–20%); peak RSS is sampled every 200 ms during the run.",
            ""]
    out += ["## Startup (launch → ready: /actuator/health UP for fetchflux, the port open for the relays)", ""]
    out += startup_table(startups) + [""]
    cold = cold_tables(colds, cold_windows)
    if cold:
        out += ["## Cold start: launched as in production and loaded at once", "",
                "S1 load starts the moment the port accepts a connection. The first healthy answer is the later "
                "of the first 200 from the image endpoint with the exact 2048 bytes and (fetchflux) the first "
                "/actuator/health UP, polled every 20 ms from launch; seconds are after launch.", ""] + cold + [""]
    warm = warmup_table(warmups)
    if warm:
        out += ["## Warm-up (S1 load until the rate is steady)", ""] + warm + [""]
    if comparison(agg):
        out += ["## Results", ""] + results_table(agg) + [""]
    stream = stream_table(agg)
    if stream:
        out += ["## S5: 100 MiB bodies (fetchflux's /api/fetch, the relays' /relay, Tornado's /image)", "",
                "Fresh processes, warmed up on the small body. RSS growth is the largest, over the rounds, of peak "
                "RSS during a run minus RSS just before it.", ""] + stream + [""]
    out += cache_sections(agg, batches)
    if targets:
        out += [f"## Targets (JDK {TARGET_JDK}, shipped defaults, medians)", "",
                "| target | style | measured | verdict |", "|---|---|---|---|"] + Targets(agg).build() + [""]
    if datafiles:
        out += ["## Chart", "", f"![req/s, × raw relay, p99, warm-up and cold start]({os.path.basename(chart)})", ""]
    out += ["## Commands", "", "<details><summary>exact commands, in order</summary>", "", "```",
            "\n".join(commands), "```", "", "</details>", ""]
    return "\n".join(out), datafiles


def cache_sections(agg, batches):
    out = []
    hits = hit_table(agg)
    if hits:
        out += ["## Cache: hits against the miss path", "",
                "One fetchflux JVM per store (memory: in the process; redis: a redis-server the harness started), "
                "each measured alone, warmed up on both paths, in interleaved rounds. **hit**: S1's load on one URL "
                "the stub answers with `Cache-Control: public, max-age=3600`, checked to be answered with a "
                "`Cache-Status` that says `hit` before measuring; **miss**: S1's own URL, which the stub marks "
                "`no-store`, so every answer goes through the upstream (concurrent requests may still share a "
                "fetch: the fetches per 1,000 answers say how many did not). **hit / miss** is the hit's median "
                "req/s over the miss path's on the same JVM and connections: how much faster fetchflux answers "
                "from its cache than by fetching and relaying (the issue's target is at least 2×); with no upstream "
                "work left, a hit is close to what the server itself costs per request. The redis rows' CPU and "
                "RSS include redis-server's. Upstream fetches are the stub's requests during the runs.", ""]
        out += hits + [""]
    herd = herd_table(agg)
    if herd:
        out += ["## Cache: a thundering herd on one URL", "",
                "Every connection asks for the same URL, new in each round, whose upstream answer takes 1 s: the "
                "first wave misses together and must share one upstream fetch, the rest are hits. The fetches are "
                "counted per URL in the stub's access log of its cacheable locations; the expected count is 1 per "
                "round. Latencies include the first wave's second of waiting.", ""] + herd + [""]
    probe = next((b for b in batches if b["step"] == "probe"), None)
    if probe:
        out += ["## Batch: POST /api/batch", "", f"Not measured: {probe['status']}.", ""]
    elif batches:
        out += ["## Batch: POST /api/batch", "",
                "Distinct stub URLs (nothing cached) answered after the stub's delay each, posted as one batch to "
                "the memory-store JVM, the NDJSON answer read to its end: the wall time is from the request to the "
                "last line; the floor is URLs × delay ÷ concurrency (the concurrency without the field is the "
                "endpoint's default). Peak RSS is sampled every 200 ms during the batch. Then S1 runs on "
                "/api/images while a batch runs, and alone for as long, in the same round.", ""]
        out += batch_tables(batches) + [""]
    return out


def main():
    """Rebuilds a report from a run's files in bench/results/raw: report.py RAW_PREFIX (e.g. raw/2026-11-27-1300-)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("prefix")
    parser.add_argument("--chart", default="chart.png")
    parser.add_argument("--no-targets", action="store_true")
    args = parser.parse_args()
    p = args.prefix
    load = lambda name: load_tsv(p + name) if os.path.exists(p + name) else []  # noqa: E731
    with open(p + "commands.txt") as f:
        commands = f.read().rstrip("\n").split("\n")
    text, _ = build(load_meta(p + "meta.txt"), load("results.tsv"), load("startup.tsv"), load("warmup.tsv"),
                    load("cold.tsv"), load("cold-windows.tsv"), commands, args.chart, os.path.dirname(p) or ".",
                    targets=not args.no_targets, batches=load("batch.tsv"))
    print(text)


if __name__ == "__main__":
    main()
