#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Turns the JSON lines of 'poplar bench' scenarios into a Poplar-versus-Dovecot table.

  results.py --jsonl FILE [--out RESULTS.md] [--command CMD] [--poplar-version V]
             [--dovecot-version V] [--java-version V] [--data DIR] [--note TEXT]...

Each line is an object with "scenario", "label" ("poplar" or "dovecot"), "params" (object) and
"metrics" (name -> number). Lines of one scenario with the same params are one case; a metric
repeated over rounds or runs shows its median. The n-th case of Poplar is paired with the n-th of
Dovecot when their params differ (the idle scenario gives them different connection counts).

Which way is better follows the metric's name: *_per_s and *_mb_s higher, *_ms, *_s, *_kb and *_mb
(time and memory) lower; any other name is shown without a verdict. The table goes to stdout, and
with --out into a Markdown file with the date, versions, machine and command.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import sys

LABELS = ("poplar", "dovecot")
# Options every run has that say nothing about the case.
NOISE = {"host", "port", "data", "json", "label", "server_pid", "server-pid", "serverPid"}
TIE = 0.02  # within 2 %: neither is ahead


def direction(metric):
    if metric == "mb_s" or metric.endswith(("_per_s", "_mb_s")):
        return "higher"
    if metric.endswith(("_ms", "_s", "_kb", "_mb")):
        return "lower"
    return ""


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except ValueError as e:
                print(f"results.py: {path}:{number}: not JSON ({e}); skipped", file=sys.stderr)
                continue
            if row.get("label") not in LABELS or "scenario" not in row:
                print(f"results.py: {path}:{number}: no scenario or unknown label; skipped", file=sys.stderr)
                continue
            rows.append(row)
    return rows


def case_key(params):
    return json.dumps({k: v for k, v in (params or {}).items() if k not in NOISE}, sort_keys=True)


def cases(rows):
    """[(scenario, params_text, {label: {metric: [values]}})] in the order they first appear."""
    scenarios = []
    per = {}  # scenario -> label -> ordered {case_key: {metric: [values]}}
    for row in rows:
        s = row["scenario"]
        if s not in per:
            scenarios.append(s)
            per[s] = {label: {} for label in LABELS}
        bucket = per[s][row["label"]].setdefault(case_key(row.get("params")), {})
        for metric, value in (row.get("metrics") or {}).items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                bucket.setdefault(metric, []).append(value)
    out = []
    for s in scenarios:
        p_keys = list(per[s]["poplar"])
        d_keys = list(per[s]["dovecot"])
        if set(p_keys) == set(d_keys) or not p_keys or not d_keys:
            keys = p_keys + [k for k in d_keys if k not in p_keys]
            pairs = [(k, k) for k in keys]
        else:
            # Different params per server (idle): pair them in order of appearance.
            pairs = [(p_keys[i] if i < len(p_keys) else None, d_keys[i] if i < len(d_keys) else None)
                     for i in range(max(len(p_keys), len(d_keys)))]
        for pk, dk in pairs:
            out.append((s, describe(pk, dk) or "-", {"poplar": per[s]["poplar"].get(pk, {}),
                                              "dovecot": per[s]["dovecot"].get(dk, {})}))
    return out


def describe(pk, dk):
    p = json.loads(pk) if pk else {}
    d = json.loads(dk) if dk else {}
    parts = []
    for k in list(p) + [k for k in d if k not in p]:
        if k in p and k in d and p[k] == d[k]:
            parts.append(f"{k}={p[k]}")
        else:
            parts.append(f"{k}={p.get(k, '-')}/{d.get(k, '-')}")
    return " ".join(parts)


def fmt(v):
    if v is None:
        return "-"
    a = abs(v)
    if float(v).is_integer() and a < 1000:
        return f"{v:.0f}"
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}" if a >= 0.1 or a == 0 else f"{v:.3g}"


def table(groups):
    header = ["scenario", "case", "metric", "better", "poplar", "dovecot", "poplar/dovecot", "ahead", "n"]
    lines = []
    for scenario, case, by_label in groups:
        metrics = list(by_label["poplar"]) + [m for m in by_label["dovecot"] if m not in by_label["poplar"]]
        for m in metrics:
            pv = by_label["poplar"].get(m)
            dv = by_label["dovecot"].get(m)
            p = statistics.median(pv) if pv else None
            d = statistics.median(dv) if dv else None
            ratio = p / d if p is not None and d not in (None, 0) else None
            better = direction(m)
            ahead = ""
            if ratio is not None and better:
                if abs(ratio - 1) <= TIE:
                    ahead = "tie"
                elif (ratio > 1) == (better == "higher"):
                    ahead = "poplar"
                else:
                    ahead = "dovecot"
            n = f"{len(pv or [])}/{len(dv or [])}"
            lines.append([scenario, case, m, better, fmt(p), fmt(d), f"{ratio:.2f}" if ratio is not None else "-", ahead, n])
    return header, lines


def plain(header, lines):
    widths = [max(len(str(r[i])) for r in [header] + lines) for i in range(len(header))]
    numeric = {4, 5, 6}
    out = []
    for r in [header] + lines:
        out.append("  ".join(str(c).rjust(widths[i]) if i in numeric else str(c).ljust(widths[i])
                             for i, c in enumerate(r)).rstrip())
    return "\n".join(out)


def markdown(header, lines):
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---:" if i in (4, 5, 6, 8) else "---" for i in range(len(header))) + "|"]
    for r in lines:
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    return "\n".join(out)


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    return {"CPU": cpu, "cores": str(os.cpu_count()), "memory": mem,
            "kernel": f"{platform.system()} {platform.release()} ({platform.machine()})"}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jsonl", required=True)
    ap.add_argument("--out")
    ap.add_argument("--command", default="")
    ap.add_argument("--poplar-version", default="unknown")
    ap.add_argument("--dovecot-version", default="unknown")
    ap.add_argument("--java-version", default="unknown")
    ap.add_argument("--data", default="")
    ap.add_argument("--note", action="append", default=[])
    args = ap.parse_args(argv)

    rows = load(args.jsonl)
    if not rows:
        print(f"results.py: no results in {args.jsonl}", file=sys.stderr)
        return 1
    header, lines = table(cases(rows))
    print(plain(header, lines))
    if not args.out:
        return 0
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    info = machine()
    doc = [
        "# Poplar and Dovecot side by side",
        "",
        f"Made by `bench/compare.sh` on {now}. Both servers ran on this machine, on the same",
        "Maildirs and users file, with the load generator (`poplar bench`) on the same machine;",
        "scenarios alternated between them (Poplar, then Dovecot).",
        "",
        f"- Command: `{args.command}`",
        f"- Poplar: {args.poplar_version}",
        f"- Dovecot: {args.dovecot_version}",
        f"- Java: {args.java_version}",
        f"- Machine: {info['CPU']}, {info['cores']} cores, {info['memory']}, {info['kernel']}",
    ]
    if args.data:
        doc.append(f"- Data set: `{args.data}` (see its manifest.json)")
    doc.append(f"- Raw results (JSON lines): `{os.path.abspath(args.jsonl)}`")
    doc += ["", "Values are medians where a case ran more than once (n = samples, Poplar/Dovecot).",
            "\"better\": whether a higher or a lower value is better; \"ahead\": which server is better,",
            f"\"tie\" within {TIE:.0%}.", ""]
    for note in args.note:
        doc.append(f"- {note}")
    if args.note:
        doc.append("")
    doc += [markdown(header, lines), ""]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(doc))
    print(f"\nresults.py: wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
