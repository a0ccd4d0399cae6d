#!/usr/bin/env python3
"""The Python side of the benchmarks: the seed's ThreadPoolExecutor patterns, timed the way the Java
harness times ours, so every comparison in docs/benchmarks.md is measured side by side in one run.

The Java harness (workshop.bench.Python) runs this script; it is not meant to be run by hand, but can be:

    python3 reference.py version
    python3 reference.py map N LATENCY_MS WORKERS [--warmups K] [--runs R]
    python3 reference.py dispatch N WORKERS [--warmups K] [--runs R]

`map` is the seed's first recipe: `list(pool.map(download, inputs))` inside `with ThreadPoolExecutor(...)`,
where `download` sleeps LATENCY_MS (the seed's stand-in for a blocking call, like our mocked SlowCall).
`dispatch` maps a trivial function over N inputs: what the pool itself costs per task.

Each run times the whole `with` block (pool start, every call, shutdown), as the Java side times the
whole call to our solution. It prints one line: the seconds of each measured run, separated by spaces.
"""
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def sleeping_call(latency_s):
    def download(x):
        time.sleep(latency_s)  # stand-in for a blocking network call, as in the seed
        return f'result-{x}'
    return download


def trivial(x):
    return x


def timed_map(call, n, workers):
    inputs = range(n)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(call, inputs))  # ordered; raises on first error
    elapsed = time.perf_counter() - start
    if len(results) != n:
        raise SystemExit(f'expected {n} results, got {len(results)}')
    return elapsed


def measure(run, warmups, runs):
    for _ in range(warmups):
        run()
    return [run() for _ in range(runs)]


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    case, rest = argv[0], argv[1:]
    warmups, runs = 0, 1
    positional = []
    i = 0
    while i < len(rest):
        if rest[i] == '--warmups':
            warmups = int(rest[i + 1])
            i += 2
        elif rest[i] == '--runs':
            runs = int(rest[i + 1])
            i += 2
        else:
            positional.append(rest[i])
            i += 1

    if case == 'version':
        print(sys.version.split()[0])
        return
    if case == 'map':
        n, latency_ms, workers = (int(p) for p in positional)
        call = sleeping_call(latency_ms / 1000)
        seconds = measure(lambda: timed_map(call, n, workers), warmups, runs)
    elif case == 'dispatch':
        n, workers = (int(p) for p in positional)
        seconds = measure(lambda: timed_map(trivial, n, workers), warmups, runs)
    else:
        raise SystemExit(f'unknown case {case!r}; expected version, map or dispatch')
    print(' '.join(f'{s:.6f}' for s in seconds))


if __name__ == '__main__':
    main(sys.argv[1:])
