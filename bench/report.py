"""Turns bench/run's TSV files into the Markdown report (stdout) and the chart's data file."""
import argparse
import csv
import os
import statistics

SOCKET_ERRORS = ("connect", "read", "write", "timeout")
TARGET_JDK = "25"


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
    if row["server"] == "fetchflux":
        return f"fetchflux jdk{row['jdk']} {row['style']}"
    if row["server"] == "tornado":
        return f"tornado {row['style']}"
    return "upstream (ceiling)"


def scenario_key(row):
    return (row["scenario"], int(row["conns"]) if row["conns"] else 0)


def results_table(rows):
    out = [
        "| scenario | conns | server | req/s (2xx) | p50 ms | p99 ms | max ms | non-2xx | socket errors c/r/w/t "
        "| server CPU µs/req | server CPU % | stub CPU % | wrk CPU % | other CPU % | peak RSS MiB |",
        "|---|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if row["scenario"] == "S5":
            continue
        if not ok(row):
            out.append(f"| {row['scenario']} | {row['conns'] or '–'} | {series_name(row)} | **{row['status']}** "
                       "| | | | | | | | | | | |")
            continue
        socket = "/".join(row[k] for k in SOCKET_ERRORS)
        out.append(
            f"| {row['scenario']} | {row['conns']} | {series_name(row)} | {fmt(num(row, 'rps_ok'))} "
            f"| {fmt(num(row, 'p50_ms'), 2)} | {fmt(num(row, 'p99_ms'), 2)} | {fmt(num(row, 'max_ms'), 1)} "
            f"| {row['non2xx']} | {socket} | {fmt(num(row, 'cpu_us_req'), 1)} | {row['srv_cpu_pct']} "
            f"| {row['stub_cpu_pct']} | {row['wrk_cpu_pct']} | {row['other_cpu_pct']} | {row['rss_peak_mib']} |")
    return out


def stream_table(rows):
    rows = [r for r in rows if r["scenario"] == "S5"]
    if not rows:
        return []
    out = [
        "| server | conns | MiB/s | req/s | p99 ms | non-2xx | socket errors c/r/w/t | server CPU µs/req "
        "| RSS before MiB | peak RSS MiB | RSS growth MiB |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        if not ok(row):
            out.append(f"| {series_name(row)} | {row['conns'] or '–'} | **{row['status']}** | | | | | | | | |")
            continue
        growth = num(row, "rss_peak_mib") - num(row, "rss_start_mib")
        out.append(
            f"| {series_name(row)} | {row['conns']} | {fmt(num(row, 'mib_s'))} | {fmt(num(row, 'rps_ok'), 1)} "
            f"| {fmt(num(row, 'p99_ms'), 1)} | {row['non2xx']} | {'/'.join(row[k] for k in SOCKET_ERRORS)} "
            f"| {fmt(num(row, 'cpu_us_req'), 0)} | {row['rss_start_mib']} | {row['rss_peak_mib']} | {fmt(growth)} |")
    return out


def startup_table(startups):
    if not startups:
        return []
    out = ["| JDK | starts | min ms | median ms | max ms | failed |", "|---|---:|---:|---:|---:|---:|"]
    for jdk in sorted({s["jdk"] for s in startups}, reverse=True):
        times = [int(s["startup_ms"]) for s in startups if s["jdk"] == jdk and s["status"] == "ok"]
        failed = sum(1 for s in startups if s["jdk"] == jdk and s["status"] != "ok")
        if times:
            out.append(f"| {jdk} | {len(times)} | {min(times)} | {statistics.median(times):.0f} | {max(times)} | {failed} |")
        else:
            out.append(f"| {jdk} | 0 | – | – | – | {failed} |")
    return out


class Targets:
    """Judges JDK 25 fetchflux rows against the issue's targets; one line per target and style."""

    def __init__(self, rows):
        self.rows = rows
        self.lines = []
        self.styles = sorted({r["style"] for r in rows
                              if r["server"] == "fetchflux" and r["jdk"] == TARGET_JDK and r["style"] != "fetch"})

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
        self.judge("S5 RSS growth < 64 MiB", "/api/fetch", s5,
                   lambda rs: num(rs[0], "rss_peak_mib") - num(rs[0], "rss_start_mib") < 64,
                   lambda rs: f"{fmt(num(rs[0], 'rss_peak_mib') - num(rs[0], 'rss_start_mib'))} MiB")
        self.styles_within_15()
        return self.lines

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


def write_chart_data(rows, path):
    """One gnuplot data block per series over the S1–S4 points: index, label, req/s, p99 ms."""
    points = sorted({scenario_key(r) for r in rows if r["scenario"] != "S5" and ok(r)})
    position = {p: i for i, p in enumerate(points)}
    blocks = []
    for name in dict.fromkeys(series_name(r) for r in rows if r["scenario"] != "S5" and ok(r)):
        lines = [f'"{name}"']
        for r in sorted((r for r in rows if series_name(r) == name and r["scenario"] != "S5" and ok(r)),
                        key=scenario_key):
            key = scenario_key(r)
            lines.append(f'{position[key]} "{key[0]} c{key[1]}" {r["rps_ok"]} {r["p99_ms"]}')
        blocks.append("\n".join(lines))
    with open(path, "w") as f:
        f.write("\n\n\n".join(blocks) + ("\n" if blocks else ""))


def main():
    parser = argparse.ArgumentParser()
    for name in ("meta", "results", "startup", "commands", "chart-data", "chart"):
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--no-targets", action="store_true")
    args = parser.parse_args()
    meta, rows, startups = load_meta(args.meta), load_tsv(args.results), load_tsv(args.startup)
    write_chart_data(rows, args.chart_data)

    out = [f"# fetchflux benchmark, {meta['date']} ({meta['mode']})", ""]
    out += [f"Run with `{meta['invocation'].strip()}` on commit {meta['git']}.", ""]
    out += ["## Machine and software", ""]
    for key in ("nproc", "cpu", "memory", "kernel", "sysctl", "background_cpu"):
        out.append(f"- {key}: {meta[key]}")
    for key in sorted(k for k in meta if k.startswith("jdk")):
        out.append(f"- JDK {key[3:]}: {meta[key]}")
    for key in ("jvm_options", "tornado", "nginx", "wrk", "gnuplot", "warmup_secs", "nice"):
        out.append(f"- {key.replace('_', ' ')}: {meta.get(key) or '(none)'}")
    out += ["", "Same machine for everything: wrk, the server under test and the stub share the 2 cores.",
            "req/s counts responses below 400 (wrk counts status ≥ 400 as errors); latencies are wrk's "
            "(timed-out requests are not in them, they are counted under socket errors `t`). Server CPU "
            "is utime+stime of the server's processes over the run ÷ responses (CPU % columns are of one core, "
            f"so {meta['nproc']}00 in all is the whole machine; 'other' is whatever else ran, a sign of a "
            "disturbed run when it is not near 0); peak RSS is sampled every "
            "200 ms during the run.", ""]
    out += ["## Startup (launch → first /actuator/health UP)", ""] + startup_table(startups) + [""]
    out += ["## Results", ""] + results_table(rows) + [""]
    stream = stream_table(rows)
    if stream:
        out += ["## S5: 100 MiB bodies through /api/fetch (Tornado's /image for the peer)", "",
                "RSS growth is peak RSS during the run minus RSS just before it (after a warm-up on small "
                "bodies in a fresh JVM).", ""] + stream + [""]
    if not args.no_targets:
        out += [f"## Targets (JDK {TARGET_JDK}, shipped defaults)", "", "| target | style | measured | verdict |",
                "|---|---|---|---|"] + Targets(rows).build() + [""]
    if os.path.getsize(args.chart_data) > 0:
        out += ["## Chart", "", f"![req/s and p99 per scenario]({os.path.basename(args.chart)})", ""]
    with open(args.commands) as f:
        commands = f.read().rstrip("\n")
    out += ["## Commands", "", "<details><summary>exact commands, in order</summary>", "", "```", commands, "```",
            "", "</details>", ""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
