"""Turns one package-benchmark JMH export into the issue-6 target lines (see Benchmarks/compare)."""
import argparse
import json
import math
import sys

OPS_PER_ITERATION = 1000  # scalingFactor .kilo in every benchmark
# The two-task benchmarks of sub-microsecond operations do forkJoinRounds (VerifyBenchmarks.swift) times as many
# operations an iteration, so that the fork onto the two workers and the join are about 1 % of an iteration.
FORK_JOIN_ROUNDS = 64
OPS_BY_NAME = {"verify/warm-2-tasks": OPS_PER_ITERATION * FORK_JOIN_ROUNDS,
               "verify/warm-1-task": OPS_PER_ITERATION * FORK_JOIN_ROUNDS,
               "keys/lookup-2-tasks": OPS_PER_ITERATION * FORK_JOIN_ROUNDS,
               "harness/fork-join": 1}
PERCENTILE = "0.0"
# Ratios reported but not gated by --floor (informational: a line below its floor is noted, not failed;
# the Hummingbird pair runs through HummingbirdTesting's in-process client, so it is gated like the others).
# warm-2-tasks-vs-1-task was reported, not gated, from the morning of 2026-12-03 until its benchmark stopped
# measuring the harness: with a thousand hits an iteration, the fork onto the two workers and the join (22.5 us,
# harness/fork-join) were a third of what it timed, and it read 0.34-0.84. At 64 000 hits an iteration it read 1.80
# (machine scaling 1.76). It is gated again like the cold pair: half its target, or half what the machine gives
# two tasks that share nothing when that is lower. Its one-task side is verify/warm-1-task (the same 64 000-hit
# blocks on one worker): the first CI run of the change compared it with verify/warm's 1000-hit blocks and read
# 0.89 on a noisy machine, the fastest of many short blocks being luckier than the fastest of a few long ones.
UNGATED = {"m2m-cold-vs-cold", "m2m-warm-vs-warm"}
# Floors other than half the target (for an ungated ratio, the level below which a note is printed).
FLOORS = {"m2m-cold-vs-cold": 0.80, "m2m-warm-vs-warm": 0.80}


def load(path):
    with open(path) as handle:
        elements = json.load(handle)
    results = {}
    for element in elements:
        name = element["benchmark"].split(".", 3)[3]  # package.benchmark.<Target>.<name>
        secondary = element.get("secondaryMetrics", {})
        wall = secondary.get("Time (wall clock)")
        mallocs = secondary.get("Malloc (total)")
        if wall is None:
            continue
        # JMH export: wall clock in microseconds per iteration; one iteration = OPS_PER_ITERATION operations.
        # Ratios use the fastest iteration (p0) by default: on a shared 2-core machine other processes
        # preempt some iterations, and the minimum of 1000-operation blocks is the stable estimate of
        # undisturbed speed. --median uses p50 instead.
        ops = OPS_BY_NAME.get(name, OPS_PER_ITERATION)
        us_per_op = wall["scorePercentiles"][PERCENTILE] / ops
        results[name] = {
            "us_per_op": us_per_op,
            "ops_per_s": 1e6 / us_per_op if us_per_op > 0 else math.inf,
            "us_per_op_p50": wall["scorePercentiles"]["50.0"] / ops,
            "us_per_op_p90": wall["scorePercentiles"]["90.0"] / ops,
            "mallocs_per_op": (mallocs["scorePercentiles"]["50.0"] / ops) if mallocs else None,
            "iterations": element.get("measurementIterations"),
        }
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("result", nargs="+",
                        help="JMH exports; a benchmark in a later file replaces the same benchmark of an earlier one")
    parser.add_argument("--thresholds")
    parser.add_argument("--floor", action="store_true")
    parser.add_argument("--json")
    parser.add_argument("--median", action="store_true")
    parser.add_argument("--no-peers", action="store_true",
                        help="the peer benchmarks (peer/...) were not run: their ratios are not measured, not failed")
    parser.add_argument("--remeasure",
                        help="with --floor: write the benchmarks behind every failing ratio to this file, one per line")
    args = parser.parse_args()
    global PERCENTILE
    if args.median:
        PERCENTILE = "50.0"
    r = {}
    for path in args.result:
        r.update(load(path))
    # The benchmarks each ratio reads (for --remeasure), recorded as the ratios are computed.
    read = set()

    def thr(name):
        value = r[name]["ops_per_s"]
        read.add(name)
        return value

    def mallocs(name):
        value = r[name]["mallocs_per_op"]
        read.add(name)
        return value

    def budget(limit, measured):
        # "at most `limit`" as a higher-is-better ratio; a zero count cannot go over any budget.
        return limit / measured if measured > 0.01 else 99.99

    targets = [
        ("cold-vs-openssl", lambda: thr("verify/cold") / thr("baseline/openssl-rs256"), 0.90),
        ("cold-vs-jwt-kit", lambda: thr("verify/cold") / thr("peer/jwt-kit"), 1.80),
        ("warm-vs-openssl", lambda: thr("verify/warm") / thr("baseline/openssl-rs256"), 20.0),
        ("cold-2-tasks-vs-1-task", lambda: thr("verify/cold-2-tasks") / thr("verify/cold"), 1.80),
        # issue 16: hits of one token from two tasks (per-thread cache slots: no shared lock or refcount)
        # (one task the same way: 64 000 hits an iteration on a worker, so both sides time equally long blocks)
        ("warm-2-tasks-vs-1-task", lambda: thr("verify/warm-2-tasks") / thr("verify/warm-1-task"), 1.60),
        # mallocs per cold verify <= the baseline's + 10, as budget / measured
        ("cold-mallocs-budget", lambda: budget(mallocs("baseline/openssl-rs256") + 10, mallocs("verify/cold")), 1.00),
        # mallocs per warm hit <= 5
        ("warm-mallocs-budget", lambda: budget(5, mallocs("verify/warm")), 1.00),
        # a bad-signature token costs <= 1.2 x a valid (cold) one: throughput ratio >= 1 / 1.2
        ("bad-signature-vs-valid", lambda: thr("verify/bad-signature") / thr("verify/cold"), round(1 / 1.2, 2)),
        # an expired token (rejected after the signature, on exp) costs <= a valid (cold) one (issue 12)
        ("expired-vs-valid", lambda: thr("verify/expired") / thr("verify/cold"), 1.00),
        ("hummingbird-with-vs-without", lambda: thr("middleware/hummingbird") / thr("middleware/hummingbird-none"), 0.90),
        # issue 14: a cache hit checked against a non-empty revocation list costs <= 1.2 x today's cache hit
        ("warm-revocations-vs-warm", lambda: thr("verify/warm-revocations") / thr("verify/warm"), round(1 / 1.2, 2)),
        # ... and allocates nothing
        ("warm-revocations-mallocs", lambda: budget(0.05, mallocs("verify/warm-revocations")), 1.00),
        # issue 15: a cached opaque machine token (through the authenticator) in under 1 us, with no allocation
        ("opaque-cached-under-1us", lambda: thr("machine/opaque-cached") / 1e6, 1.00),
        ("opaque-cached-mallocs", lambda: budget(0.05, mallocs("machine/opaque-cached")), 1.00),
        # machine tokens: an M2M JWT costs about what a session token costs, cold (M2M JWT cold / session
        # cold) and warm (M2M warm / session warm); informational, floor 0.8
        ("m2m-cold-vs-cold", lambda: thr("verify/m2m-cold") / thr("verify/cold"), 1.00),
        ("m2m-warm-vs-warm", lambda: thr("verify/m2m-warm") / thr("verify/warm"), 1.00),
    ]

    def info(name, ratio):
        try:
            print(f"# {name} ratio={ratio():.2f}")
        except KeyError:
            pass

    failures = []
    remeasure = set()
    for name, ratio, target in targets:
        read.clear()
        try:
            value = ratio()
        except KeyError as missing:
            if args.no_peers and str(missing.args[0]).startswith("peer/"):
                print(f"# {name} not measured (the peers are not part of a quick run)")
                continue
            print(f"{name} ratio=nan target={target:.2f} below  # missing benchmark {missing}")
            if name not in UNGATED:
                failures.append(f"{name}: missing benchmark {missing}")
            continue
        status = "ok" if value >= target else "below"
        print(f"{name} ratio={value:.2f} target={target:.2f} {status}")
        floor = FLOORS.get(name, target / 2)
        if name in ("cold-2-tasks-vs-1-task", "warm-2-tasks-vs-1-task"):
            # Relative to what the machine gives two tasks that share nothing (a shared CI box may not
            # have a free second core): half of the OpenSSL baseline's own two-task scaling.
            try:
                floor = min(floor, thr("baseline/openssl-rs256-2-tasks") / thr("baseline/openssl-rs256") / 2)
            except KeyError:
                pass
        if name in UNGATED:
            if value < floor:
                print(f"# {name}: ratio {value:.2f} is below its floor {floor:.2f} (informational, not gated)")
            continue
        if value < floor:
            failures.append(f"{name}: ratio {value:.2f} is below the floor {floor:.2f}")
            remeasure |= read

    # Context for the two-task line: how far the machine itself scales two tasks that share nothing.
    info("openssl-2-tasks-vs-1-task (machine scaling, no target)",
         lambda: thr("baseline/openssl-rs256-2-tasks") / thr("baseline/openssl-rs256"))
    try:
        print(f"# harness/fork-join: {r['harness/fork-join']['us_per_op']:.1f} us per fork and join of the two workers")
    except KeyError:
        pass
    info("warm-traced-vs-warm (verification spans on, in-memory tracer; no target)",
         lambda: thr("verify/warm-traced") / thr("verify/warm"))
    info("hummingbird-responder-with-vs-without (router only, no client; no target)",
         lambda: thr("middleware/hummingbird-responder") / thr("middleware/hummingbird-responder-none"))
    basis = "p50" if args.median else "p0, the fastest iteration"
    print(f"# ratios from wall clock {basis}; us/op and ops/s below are on that basis")
    print("# benchmark                       us/op     ops/s  p50 us/op  p90 us/op  mallocs/op")
    for name in sorted(r):
        m = r[name]
        mal = "-" if m["mallocs_per_op"] is None else f"{m['mallocs_per_op']:.2f}"
        print(f"# {name:30} {m['us_per_op']:8.3f} {m['ops_per_s']:9.0f} {m['us_per_op_p50']:10.3f} {m['us_per_op_p90']:10.3f} {mal:>11}")

    if args.thresholds:
        try:
            with open(args.thresholds) as handle:
                limits = json.load(handle)
        except FileNotFoundError:
            limits = {}
        for name, limit in sorted(limits.get("mallocsPerOperation", {}).items()):
            if name not in r or r[name]["mallocs_per_op"] is None:
                continue
            allowed = limit * (1 + limits.get("relativeTolerance", 0.05)) + limits.get("absoluteTolerance", 1)
            measured = r[name]["mallocs_per_op"]
            if measured > allowed:
                failures.append(f"{name}: {measured:.2f} mallocs per operation, committed threshold {limit} (allowed {allowed:.2f})")
                print(f"# mallocs {name}: {measured:.2f} > threshold {limit} (allowed {allowed:.2f})")

    if args.json:
        with open(args.json, "w") as handle:
            json.dump(r, handle, indent=2, sort_keys=True)

    if args.remeasure:
        with open(args.remeasure, "w") as handle:
            handle.writelines(f"{name}\n" for name in sorted(remeasure))

    if failures:
        for failure in failures:
            print(f"# FLOOR {failure}", file=sys.stderr)
        if args.floor:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
