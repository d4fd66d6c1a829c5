#!/usr/bin/env python3
"""bench/test_score.py - the scoring rules of bench/score.py on hand-made
scenarios and hand-made blackout outputs: python3 bench/test_score.py"""

import ipaddress
import json
import os
import sys
import tempfile
import unittest
from types import SimpleNamespace

sys.dont_write_bytecode = True  # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402

T0 = "2024-03-04T00:00:00Z"
NETS = [{"prefix": "198.18.4.0/22", "hosts": 400}]
TARGET = ipaddress.ip_network("198.18.4.0/22")


def at(minutes):
    return score.fmt_time(score.parse_time(T0) + 60 * minutes)


def truth(events, nets=NETS):
    return score.truth_outages({"networks": nets, "events": events}, TARGET)


def run_lines(states, down=None, interval=660):
    """A run line and one round line per state, every interval seconds,
    with the event lines blackout would write; down maps a round index to
    the /24s down in it (default: all four when "down", the third when
    "partial")."""
    down = down or {}
    lines = [{"type": "run", "interval_s": interval}]
    prev, since = "up", None
    for i, st in enumerate(states):
        t = at(i * interval / 60)
        blocks = down.get(i, TARGET.subnets(new_prefix=24) if st == "down" else
                          [ipaddress.ip_network("198.18.6.0/24")] if st == "partial" else [])
        blocks = {str(b) for b in blocks}
        lines.append({
            "type": "round", "time": t, "round": i + 1, "target": "block", "state": st,
            "vantage": "up", "duration_s": 12.0, "probes": {"sent": 10},
            "blocks": [{"prefix": str(b), "state": "down" if str(b) in blocks else "up",
                        "judged": True} for b in TARGET.subnets(new_prefix=24)],
        })
        out = st in ("down", "partial")
        if out and prev not in ("down", "partial", "unknown"):
            since = t
            lines.append({"type": "event", "time": t, "target": "block", "event": "outage-start",
                          "to": st})
        elif out and prev != st:
            lines.append({"type": "event", "time": t, "target": "block", "event": "state-change",
                          "to": st})
        elif st == "up" and since is not None:
            dur = score.parse_time(t) - score.parse_time(since)
            lines.append({"type": "event", "time": t, "target": "block", "event": "outage-end",
                          "to": "up", "start": since, "duration_s": int(dur)})
            since = None
        prev = st if st != "unknown" or prev == "up" else prev
    return lines


def scored(events, lines):
    with tempfile.TemporaryDirectory() as d:
        paths = {}
        for name, obj in (("s", {"start": T0, "networks": NETS, "events": events}),
                          ("t", {"targets": [{"name": "block", "prefix": str(TARGET)}]})):
            paths[name] = os.path.join(d, name + ".json")
            with open(paths[name], "w") as f:
                json.dump(obj, f)
        paths["o"] = os.path.join(d, "o.jsonl")
        with open(paths["o"], "w") as f:
            f.write("\n".join(json.dumps(x) for x in lines) + "\n")
        return score.score(SimpleNamespace(name="x", scenario=paths["s"], targets=paths["t"],
                                           output=paths["o"], wall=1.0, rc=0))


def dark(start_min, end_min, prefix="198.18.4.0/22", **kw):
    return dict(kind="dark", prefix=prefix, start=at(start_min), end=at(end_min), **kw)


class Truth(unittest.TestCase):
    def test_kinds(self):
        self.assertEqual([o["scope"] for o in truth([dark(0, 60)])], ["total"])
        self.assertEqual([o["scope"] for o in truth([dark(0, 60, fraction=0.5)])], ["partial"])
        self.assertEqual([o["scope"] for o in truth([dark(0, 60, "198.18.5.0/24")])], ["partial"])
        un = dict(kind="unreachable", prefix="198.18.0.0/16", router="203.0.113.1",
                  start=at(0), end=at(60))
        self.assertEqual([o["scope"] for o in truth([un])], ["total"])
        for kind in ("loss", "vantage", "no-route"):
            self.assertEqual(truth([dict(kind=kind, start=at(0), end=at(60), rate=0.5)]), [])

    def test_four_quarters_make_a_total(self):
        evs = [dark(0, 60, str(n)) for n in TARGET.subnets(new_prefix=24)]
        self.assertEqual([o["scope"] for o in truth(evs)], ["total"])

    def test_empty_parts_do_not_count(self):
        nets = [{"prefix": "198.18.4.0/24", "hosts": 10}]
        self.assertEqual([o["scope"] for o in truth([dark(0, 60, "198.18.4.0/24")], nets)],
                         ["total"])
        self.assertEqual(truth([dark(0, 60, "198.18.6.0/24")], nets), [])

    def test_flap_phases(self):
        fl = dict(kind="flap", prefix="198.18.6.0/24", period_s=3600, duty=0.25,
                  start=at(0), end=at(150))
        got = [(o["start"], o["end"]) for o in truth([fl])]
        base = score.parse_time(T0)
        self.assertEqual(got, [(base, base + 900), (base + 3600, base + 4500),
                               (base + 7200, base + 8100)])

    def test_touching_events_merge(self):
        got = truth([dark(0, 30, fraction=0.5), dark(30, 90)])
        self.assertEqual(len(got), 1)
        self.assertEqual(got[0]["scope"], "total")


class Matching(unittest.TestCase):
    def test_found_late_by_one_round(self):
        # truth 33 min .. 99 min; rounds every 11 min; down in rounds 4..9
        states = ["up"] * 4 + ["down"] * 6 + ["up"] * 5
        row = scored([dark(33, 99)], run_lines(states))
        self.assertEqual((row["truth"], row["found"], row["missed"], row["false"]), (1, 1, 0, 0))
        self.assertAlmostEqual(row["start"][0], 11 * 60)
        self.assertAlmostEqual(row["end"][0], 11 * 60)
        self.assertAlmostEqual(row["dur"][0], 0)
        self.assertEqual(row["false_partial"], 0)

    def test_missed_and_false(self):
        states = ["up"] * 12 + ["down"] * 2 + ["up"] * 4
        row = scored([dark(22, 66)], run_lines(states))
        self.assertEqual((row["found"], row["missed"], row["false"]), (0, 1, 1))

    def test_partial_needs_the_right_block(self):
        # truth: 198.18.5.0/24 dark; blackout says 198.18.6.0/24 is down
        states = ["up"] * 3 + ["partial"] * 4 + ["up"] * 3
        row = scored([dark(33, 77, "198.18.5.0/24")], run_lines(states))
        self.assertEqual((row["found"], row["missed"], row["false"]), (0, 1, 1))
        row = scored([dark(33, 77, "198.18.6.0/24")], run_lines(states))
        self.assertEqual((row["found"], row["missed"], row["false"]), (1, 0, 0))

    def test_fragments_and_false_partial_rounds(self):
        states = ["up"] * 3 + ["partial", "up", "partial"] + ["up"] * 8 + ["partial"] + ["up"] * 3
        row = scored([dark(33, 77, fraction=0.5)], run_lines(states))
        self.assertEqual((row["found"], row["false"]), (1, 1))
        self.assertIn("1 more fragment(s) of found outages", row["notes"])
        self.assertEqual(row["false_partial"], 1)

    def test_short_truth_is_not_required(self):
        row = scored([dark(30, 35)], run_lines(["up"] * 10))
        self.assertEqual((row["truth"], row["missed"], row["false"]), (0, 0, 0))

    def test_probes_per_24_per_hour(self):
        row = scored([], run_lines(["up"] * 12, interval=300))
        self.assertAlmostEqual(row["probes_24_h"], 12 * 10 / 4 / 1.0)


if __name__ == "__main__":
    unittest.main()
