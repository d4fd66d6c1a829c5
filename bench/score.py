#!/usr/bin/env python3
"""bench/score.py - score one `blackout simulate` run against its scenario.

    score.py --header
    score.py --name NAME --scenario S.json --targets T.json --output OUT.jsonl
             --wall SECONDS [--rc STATUS] [--json]
    score.py --summary-header
    score.py --summary RUN.json ...

Prints one markdown table row (or, with --json, one JSON object). With
--summary, one row that sums the --json objects of many runs of a scenario
(bench/seeds.sh), each named by its file's name (the seed). The truth
comes from the scenario file only; blackout's output is only what is judged.
The rules are written down in bench/scenarios.md; the comments below point to
them. Python 3.8+, standard library only.
"""

import argparse
import ipaddress
import json
import sys
from datetime import datetime, timezone

# Event kinds that take a target's hosts away (bench/scenarios.md, "Truth").
OUTAGE_KINDS = ("dark", "flap", "unreachable")

COLUMNS = [
    "scenario",
    "truth",
    "found",
    "missed",
    "false",
    "start err mean",
    "start err max",
    "end err mean",
    "end err max",
    "duration err mean",
    "duration err max",
    "false partial rounds",
    "probes /24/h (after census)",
    "sim/wall",
    "notes",
]


def parse_time(text):
    """RFC 3339 to seconds since the epoch (float)."""
    text = text.strip()
    if text[-1] in "zZ":
        text = text[:-1] + "+00:00"
    t = datetime.fromisoformat(text)
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.timestamp()


def fmt_time(sec):
    return datetime.fromtimestamp(sec, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- truth


def populated_part(target, networks):
    """The parts of target that lie in a network that has any live host."""
    parts = []
    for n in networks:
        if n.get("hosts", 0) == 0 and n.get("density", 0) == 0 and not n.get("tcp"):
            continue
        net = ipaddress.ip_network(n["prefix"])
        if net.overlaps(target):
            parts.append(target if net.supernet_of(target) else net)
    return list(ipaddress.collapse_addresses(parts))


def covers_all(nets, whole):
    """Whether the union of nets (each inside some of whole) covers every
    net of whole."""
    have = list(ipaddress.collapse_addresses(nets))
    return all(any(h.supernet_of(w) for h in have) for w in whole)


def outage_pieces(ev, target, populated):
    """The (start, end, covered_net, takes_all) pieces that event ev makes
    for target: nothing for kinds that make no outage, one piece for dark
    and unreachable, one per dark phase for flap."""
    if ev["kind"] not in OUTAGE_KINDS:
        return []
    pfx = ipaddress.ip_network(ev["prefix"])
    if not pfx.overlaps(target):
        return []
    covered = target if pfx.supernet_of(target) else pfx
    if not any(covered.overlaps(p) for p in populated):
        return []  # only addresses that never answer anyway
    frac = ev.get("fraction", 1.0) if ev["kind"] == "dark" else 1.0
    if frac <= 0:
        return []
    start, end = parse_time(ev["start"]), parse_time(ev["end"])
    if ev["kind"] != "flap":
        return [(start, end, covered, frac >= 1)]
    pieces, period = [], float(ev["period_s"])
    dark = ev["duty"] * period
    t = start
    while dark > 0 and t < end:  # bounded: period > 0 by the parser
        pieces.append((t, min(t + dark, end), covered, True))
        t += period
    return pieces


def truth_outages(scenario, target):
    """The target's true outages, [{start, end, scope}], in time order.

    The events' pieces are cut into elementary intervals; in each the target
    is out totally when the pieces that take all of their part cover every
    populated part of the target, partially when any piece is active, and
    fine otherwise. Touching intervals that are out merge into one outage;
    its scope is total when any of it was."""
    populated = populated_part(target, scenario.get("networks", []))
    pieces = []
    for ev in scenario.get("events", []):
        pieces += outage_pieces(ev, target, populated)
    cuts = sorted({p[0] for p in pieces} | {p[1] for p in pieces})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        on = [p for p in pieces if p[0] <= a and b <= p[1]]
        if not on:
            continue
        total = covers_all([p[2] for p in on if p[3]], populated)
        nets = [p[2] for p in on]
        if out and out[-1]["end"] == a:
            out[-1]["end"] = b
            out[-1]["scope"] = "total" if total else out[-1]["scope"]
            out[-1]["nets"] += nets
        else:
            scope = "total" if total else "partial"
            out.append({"start": a, "end": b, "scope": scope, "nets": nets})
    return out


# ---------------------------------------------------------------- blackout


def read_output(path):
    """The run line, the round lines and the event lines, by target name."""
    run, rounds, events = None, {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            obj = json.loads(line)
            kind = obj.get("type")
            if kind == "run" and run is None:
                run = obj
            elif kind == "round":
                rounds.setdefault(obj["target"], []).append(obj)
            elif kind == "event":
                events.setdefault(obj["target"], []).append(obj)
    return run, rounds, events


def blackout_outages(events, rounds, run_end):
    """blackout's outages of one target from its event lines.

    Start: a "start" field of the outage-end line (blackout's own word on
    when the outage began) or else of the outage-start line, else the
    outage-start line's time. End: an "end" field of the outage-end line,
    else start + its duration_s, else its time. An outage still open at the
    end of the run ends at run_end. Scope: total when the target was ever
    "down" during it."""
    out, cur = [], None
    for ev in events:
        kind = ev.get("event")
        if kind == "outage-start":
            cur = {
                "start": parse_time(ev.get("start", ev["time"])),
                "end": None,
                "scope": "total" if ev.get("to") == "down" else "partial",
                "open": True,
                "t0": parse_time(ev["time"]),
                "t1": float("inf"),
            }
            out.append(cur)
        elif cur is not None and kind == "state-change" and ev.get("to") == "down":
            cur["scope"] = "total"
        elif cur is not None and kind == "outage-end":
            if "start" in ev:
                cur["start"] = parse_time(ev["start"])
            if "end" in ev:
                cur["end"] = parse_time(ev["end"])
            elif "duration_s" in ev:
                cur["end"] = cur["start"] + float(ev["duration_s"])
            else:
                cur["end"] = parse_time(ev["time"])
            cur["open"] = False
            cur["t1"] = parse_time(ev["time"])
            # the rounds each edge rests on (blackout(8), event line)
            bounds = [ev.get(k) for k in ("start_after", "start_by", "end_after", "end_by")]
            cur["bounds"] = bounds if all(bounds) else None
            cur = None
    for o in out:
        if o["end"] is None:
            o["end"] = run_end
        o["down"] = down_blocks(rounds, o)
    return out


def down_blocks(rounds, outage):
    """The /24s that blackout found down in the rounds of an outage (from
    the round that began it to the one before the round that ended it)."""
    down = set()
    for r in rounds:
        t = parse_time(r["time"])
        if outage["t0"] <= t < outage["t1"]:
            for b in r.get("blocks", []):
                if b.get("state") == "down" and b.get("judged", True):
                    down.add(ipaddress.ip_network(b["prefix"]))
    return down


# ---------------------------------------------------------------- scoring


def overlaps(t, b, slack):
    """Whether blackout outage b may be true outage t: they overlap in time,
    with slack seconds of allowance on each side, and, for a partial true
    outage, b found down some /24 that t touches (or found none down at all,
    as a partial from the responsive-count test)."""
    if not (b["start"] < t["end"] + slack and t["start"] - slack < b["end"]):
        return False
    if t["scope"] == "total" or not b["down"]:
        return True
    return any(d.overlaps(n) for d in b["down"] for n in t["nets"])


def match(truth, found, slack, must_len):
    """One-to-one matching: each truth outage, outages of at least one round
    first and in time order, takes the unmatched blackout outage that
    overlaps it (with slack) and starts nearest to it, one that overlaps
    it without the slack before one that only comes near. Returns pairs
    [(truth, blackout)]; leftovers are missed / false."""
    order = sorted(
        range(len(truth)),
        key=lambda i: (truth[i]["end"] - truth[i]["start"] < must_len, truth[i]["start"]),
    )
    used, pairs = set(), []
    for i in order:
        t = truth[i]
        cands = [j for j, b in enumerate(found) if j not in used and overlaps(t, b, slack)]
        if not cands:
            continue
        j = min(cands, key=lambda j: (not overlaps(t, found[j], 0),
                                      abs(found[j]["start"] - t["start"])))
        used.add(j)
        pairs.append((t, found[j]))
    return pairs, used


def in_truth(t0, t1, truth, slack):
    """Whether any true outage overlaps [t0 - slack, t1]."""
    return any(o["start"] < t1 and t0 - slack < o["end"] for o in truth)


def overlap_s(t, found):
    """Seconds of true outage t during which blackout had an outage open."""
    spans = sorted((max(t["start"], b["start"]), min(t["end"], b["end"])) for b in found)
    total, upto = 0.0, t["start"]
    for a, b in spans:
        a = max(a, upto)
        if b > a:
            total += b - a
            upto = b
    return total


def stat(errs):
    """(mean, the error of largest magnitude) or None."""
    if not errs:
        return None
    return sum(errs) / len(errs), max(errs, key=abs)


def fmt_err(value, rnd):
    if value is None:
        return "–"
    return "%+.0f s (%+.2f r)" % (value, value / rnd)


def score(args):
    with open(args.scenario, encoding="utf-8") as f:
        scenario = json.load(f)
    with open(args.targets, encoding="utf-8") as f:
        targets = json.load(f)["targets"]
    run, rounds, events = read_output(args.output)
    row = {"scenario": args.name, "rc": args.rc, "notes": []}
    if run is None or not rounds:
        row["notes"].append("no output (exit %s)" % args.rc)
        return row
    rnd = float(run["interval_s"]) or 1.0
    slack, must_len = rnd, rnd  # one round of slack; outages >= 1 round count
    first = min(parse_time(r[0]["time"]) for r in rounds.values())
    last = max(parse_time(r[-1]["time"]) for r in rounds.values())
    run_end = last + rnd
    n_truth = n_short = n_found = n_missed = n_false = n_scope = 0
    n_open = n_frag = false_partial = sent = blocks24 = 0
    truth_s = covered_s = 0.0
    sent_after = cut_rounds = cut_right = 0
    first_round = min(r[0]["round"] for r in rounds.values())
    cuts = [
        (parse_time(e["start"]), parse_time(e["end"]))
        for e in scenario.get("events", [])
        if e["kind"] in ("vantage", "no-route")
    ]
    errs = {"start": [], "end": [], "dur": []}
    details = []
    for tg in targets:
        name, pfx = tg["name"], ipaddress.ip_network(tg["prefix"])
        truth = truth_outages(scenario, pfx)
        found = blackout_outages(events.get(name, []), rounds.get(name, []), run_end)
        pairs, used = match(truth, found, slack, must_len)
        must = [t for t in truth if t["end"] - t["start"] >= must_len]
        truth_s += sum(t["end"] - t["start"] for t in must)
        covered_s += sum(overlap_s(t, found) for t in must)
        n_truth += len(must)
        n_short += len(truth) - len(must)
        for t in must:
            hit = next((b for tt, b in pairs if tt is t), None)
            details.append((name, t, hit))
            if hit is None:
                n_missed += 1
                continue
            n_found += 1
            n_scope += hit["scope"] != t["scope"]
            errs["start"].append(hit["start"] - t["start"])
            errs["end"].append(hit["end"] - t["end"])
            errs["dur"].append((hit["end"] - hit["start"]) - (t["end"] - t["start"]))
        # An unmatched blackout outage that overlaps a true outage itself
        # (no slack: one that only comes within a round of it, such as a
        # partial verdict after the end, is a false alarm) is a fragment of
        # it (blackout split one outage in several); the others are false.
        for j, b in enumerate(found):
            n_open += b["open"]
            if j in used:
                continue
            if any(overlaps(t, b, 0) for t in truth):
                n_frag += 1
            else:
                n_false += 1
            details.append((name, None, b))
        # False partial rounds: the round's window, one round of slack
        # before it, meets no true outage of any scope.
        for r in rounds.get(name, []):
            t0 = parse_time(r["time"])
            if r["state"] == "partial" and not in_truth(
                t0, t0 + float(r.get("duration_s", 0)), truth, slack
            ):
                false_partial += 1
            sent += r["probes"]["sent"]
            if r["round"] > first_round:
                sent_after += r["probes"]["sent"]
            # During a vantage or no-route event the right answer is
            # "unknown" with the vantage "down" (blackout(8), STATES).
            if any(v[0] <= t0 and t0 + float(r.get("duration_s", 0)) < v[1] for v in cuts):
                cut_rounds += 1
                cut_right += r["state"] == "unknown" and r.get("vantage") == "down"
        blocks24 += max(1, 2 ** max(0, 24 - pfx.prefixlen))
    hours = (last - first + rnd) / 3600.0
    row.update(
        truth=n_truth,
        short=n_short,
        found=n_found,
        missed=n_missed,
        false=n_false,
        start=stat(errs["start"]),
        end=stat(errs["end"]),
        dur=stat(errs["dur"]),
        false_partial=false_partial,
        fragments=n_frag,
        # seconds of the true outages of a round or longer, and of them
        # the seconds during which blackout had an outage open
        truth_s=truth_s,
        covered_s=covered_s,
        probes_24_h=sent / blocks24 / hours,
        # the same without the first round, the census that builds the
        # baseline, whose cost a short scenario does not amortise
        probes_24_h_after=sent_after / blocks24 / max(hours - rnd / 3600.0, 1e-9),
        sim_wall=(last - first) / args.wall if args.wall > 0 else None,
        round_s=rnd,
        rounds=sum(len(r) for r in rounds.values()),
        details=[
            {
                "target": n,
                "truth": None if t is None else [fmt_time(t["start"]), fmt_time(t["end"]), t["scope"]],
                "blackout": None if b is None else [fmt_time(b["start"]), fmt_time(b["end"]), b["scope"]],
                "bounds": None if b is None else b.get("bounds"),
            }
            for n, t, b in details
        ],
    )
    if n_short:
        row["notes"].append("%d true outage(s) under a round, not required" % n_short)
    if truth_s > 0 and covered_s < 0.75 * truth_s:
        row["notes"].append("in outage for %.0f%% of the true outage time" % (100 * covered_s / truth_s))
    if cut_rounds:
        row["notes"].append(
            "vantage cut: %d of %d rounds unknown with the vantage down" % (cut_right, cut_rounds)
        )
    if n_frag:
        row["notes"].append("%d more fragment(s) of found outages" % n_frag)
    if n_scope:
        row["notes"].append("%d found with the wrong scope" % n_scope)
    if n_open:
        row["notes"].append("%d outage(s) still open at the end" % n_open)
    if args.rc not in (None, 0, 1, 2, 3):
        row["notes"].append("exit %d" % args.rc)
    return row


SUMMARY_COLUMNS = [
    "scenario",
    "runs",
    "truth",
    "found",
    "true outage time in outage",
    "fragments (runs)",
    "missed (runs)",
    "false (runs)",
    "false partial rounds (runs)",
    "starts over half a round",
    "ends over half a round",
    "durations over half a round",
    "true edges between the rounds they rest on (starts, ends)",
    "probes /24/h after the census, mean",
]


def summarise(runs):
    """Sums of many runs' --json objects, given as (label, object) pairs:
    counts, the labels of the runs with a miss, a false outage or a false
    partial round or fragments, the share of the true outages' time during
    which blackout had an outage open, and how many found outages' start,
    end and duration are over half a round off (an outage open at the run's
    end ends there, as score() takes it); and of the found outages whose
    outage-end line gives the rounds each edge rests on (bounded), how
    many have the true start, and the true end, between their two."""
    out = {"runs": len(runs), "scored": 0, "truth": 0, "found": 0, "missed": 0,
           "false": 0, "false_partial": 0, "fragments": 0, "truth_s": 0.0, "covered_s": 0.0,
           "start_off": 0, "end_off": 0, "dur_off": 0, "missed_runs": [], "false_runs": [],
           "false_partial_runs": [], "fragments_runs": [], "cost": [], "old": 0,
           "bounded": 0, "start_in": 0, "end_in": 0}
    for label, row in runs:
        if "truth" not in row:
            continue  # no output: counted in runs, not in scored
        out["scored"] += 1
        if "truth_s" not in row:
            # scored before runs reported their time in outage: the
            # fragments then also counted outages only near the truth
            out["old"] += 1
        for key in ("truth", "found", "missed", "false", "false_partial", "fragments",
                    "truth_s", "covered_s"):
            out[key] += row.get(key, 0)
        for key in ("missed", "false", "false_partial", "fragments"):
            if row.get(key):
                out[key + "_runs"].append(label)
        out["cost"].append(row["probes_24_h_after"])
        half = row["round_s"] / 2
        for d in row["details"]:
            if not d["truth"] or not d["blackout"]:
                continue
            ts, te = parse_time(d["truth"][0]), parse_time(d["truth"][1])
            bs, be = parse_time(d["blackout"][0]), parse_time(d["blackout"][1])
            out["start_off"] += abs(bs - ts) > half
            out["end_off"] += abs(be - te) > half
            out["dur_off"] += abs((be - bs) - (te - ts)) > half
            if d.get("bounds"):
                sa, sb, ea, eb = (parse_time(x) for x in d["bounds"])
                out["bounded"] += 1
                out["start_in"] += sa <= ts <= sb
                out["end_in"] += ea <= te <= eb
    return out


def summary_markdown(name, s):
    def which(labels, n=8):
        if not labels:
            return ""
        more = " +%d" % (len(labels) - n) if len(labels) > n else ""
        return " (%d: %s%s)" % (len(labels), ", ".join(labels[:n]), more)

    runs = str(s["runs"]) if s["scored"] == s["runs"] else "%d (%d scored)" % (s["runs"], s["scored"])
    cost = "%.2f" % (sum(s["cost"]) / len(s["cost"])) if s["cost"] else "–"
    covered = "%.1f%%" % (100 * s["covered_s"] / s["truth_s"]) if s["truth_s"] > 0 else "–"
    frags = str(s["fragments"]) + which(s["fragments_runs"])
    if s.get("old"):  # runs scored by an older score.py: neither is known
        covered = frags = "– (%d of %d runs scored before)" % (s["old"], s["scored"])
    bounded = ("%d, %d of %d" % (s["start_in"], s["end_in"], s["bounded"])
               if s.get("bounded") else "–")
    cells = [name, runs, str(s["truth"]), str(s["found"]), covered, frags,
             str(s["missed"]) + which(s["missed_runs"]),
             str(s["false"]) + which(s["false_runs"]),
             str(s["false_partial"]) + which(s["false_partial_runs"]),
             str(s["start_off"]), str(s["end_off"]), str(s["dur_off"]), bounded, cost]
    return "| " + " | ".join(cells) + " |"


def run_label(path):
    """A run's label: its file's name without .json (bench/seeds.sh names
    them by seed)."""
    base = path.rsplit("/", 1)[-1]
    return base[:-5] if base.endswith(".json") else base


def markdown(row):
    def mean_max(key):
        s = row.get(key)
        return (fmt_err(s[0], row["round_s"]), fmt_err(s[1], row["round_s"])) if s else ("–", "–")

    if "truth" not in row:
        cells = [row["scenario"]] + ["–"] * (len(COLUMNS) - 2) + ["; ".join(row["notes"])]
        return "| " + " | ".join(cells) + " |"
    cells = [row["scenario"], str(row["truth"]), str(row["found"]), str(row["missed"]), str(row["false"])]
    for key in ("start", "end", "dur"):
        cells += mean_max(key)
    cells += [
        "%d of %d" % (row["false_partial"], row["rounds"]),
        "%.1f (%.1f)" % (row["probes_24_h"], row["probes_24_h_after"]),
        "–" if row["sim_wall"] is None else "{:,.0f}".format(row["sim_wall"]),
        "; ".join(row["notes"]) or "",
    ]
    return "| " + " | ".join(cells) + " |"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--header", action="store_true", help="print the table header and exit")
    ap.add_argument("--name")
    ap.add_argument("--scenario")
    ap.add_argument("--targets")
    ap.add_argument("--output", help="blackout's JSON lines")
    ap.add_argument("--wall", type=float, default=0, help="wall seconds of the run")
    ap.add_argument("--rc", type=int, help="blackout's exit status")
    ap.add_argument("--json", action="store_true", help="one JSON object, with every outage")
    ap.add_argument("--summary-header", action="store_true", help="print the summary's header and exit")
    ap.add_argument("--summary", nargs="+", metavar="RUN.json", help="sum runs' --json objects")
    args = ap.parse_args()
    if args.header or args.summary_header:
        cols = SUMMARY_COLUMNS if args.summary_header else COLUMNS
        print("| " + " | ".join(cols) + " |")
        print("|" + "|".join("---" for _ in cols) + "|")
        return 0
    if args.summary:
        runs = []
        for path in sorted(args.summary, key=lambda p: (len(run_label(p)), run_label(p))):
            with open(path, encoding="utf-8") as f:
                runs.append((run_label(path), json.load(f)))
        names = {row.get("scenario") for _, row in runs}
        print(summary_markdown(" ".join(sorted(n for n in names if n)), summarise(runs)))
        return 0
    if not (args.name and args.scenario and args.targets and args.output):
        ap.error("--name, --scenario, --targets and --output are needed")
    row = score(args)
    print(json.dumps(row) if args.json else markdown(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
