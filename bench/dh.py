"""Diffie-Hellman speed: ours (bench/dh, over libcore/dh.c) next to what a user
would otherwise use, on the same inputs in the same run.

- 2048-bit key agreement (keypair + shared, ffdhe2048) per second, against
  Python's pow computing the same two powers (goal: at least 8x);
- baby-step giant-step on a 40-bit prime-order subgroup (128-bit p): under
  1 s, and against gp's znlog on the same input (goal: within 3x);
- method="best" (PARI's Fp_log in a forked child) on a 100-bit safe prime,
  against gp's znlog on the same input, timed inside gp (goal: within 1.2x).

Usage: python3 bench/dh.py --ours PATH-TO-bench/dh [--gp gp] [--seconds S].
Prints; never passes or fails.
"""
import argparse
import shutil
import statistics
import subprocess
import sys
import time


def ours(path, seconds, what=None):
    args = [path, what, str(seconds)] if what else [path, str(seconds)]
    out = subprocess.run(args, stdout=subprocess.PIPE, check=True, universal_newlines=True).stdout
    figs = {"samples": [], "bsgs": [], "best": []}
    for line in out.splitlines():
        w = line.split()
        if w[0] == "dh.version":
            figs["version"] = " ".join(w[1:])
        elif w[0] == "dh.agree":
            figs["agree"] = float(w[1])
        elif w[0] == "dh.agree.sample":
            figs["samples"].append([int(v, 16) for v in w[1:]])
        elif w[0] in ("dh.bsgs", "dh.best"):
            p, g, q, h = (int(v, 16) for v in w[1:5])
            figs[w[0][3:]].append((p, g, q, h, float(w[5]), int(w[6], 16)))
    return figs


def python_agree(samples, seconds):
    """The same values: pow(g, x, p) and pow(Y, x, p) for cryptolab's x and Y."""
    for p, g, Y, x, X, s in samples:
        if pow(g, x, p) != X or pow(Y, x, p) != s:
            return None, "python computes other values than cryptolab"
    n, t0 = 0, time.perf_counter()
    while True:
        for p, g, Y, x, X, s in samples:
            pow(g, x, p)
            pow(Y, x, p)
        n += len(samples)
        t = time.perf_counter() - t0
        if t >= seconds:
            return n / t, None


def gp_znlog(gp, case):
    """Seconds gp's znlog(h, Mod(g, p), q) takes: wall time inside gp, as ours is wall time
    (getabstime would be CPU time, unfair on a busy machine); None when it fails."""
    p, g, q, h, _, x = case
    line = ("default(parisizemax, 1000000000)\nt = getwalltime(); r = znlog(Mod(%d, %d), Mod(%d, %d), %d); "
            "print(r == %d, \" \", getwalltime() - t);" % (h, p, g, p, q, x))
    out = subprocess.run([gp, "-q", "-s", "128M"], input=line + "\n", stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, universal_newlines=True).stdout.split()
    return int(out[-1]) / 1000.0 if len(out) >= 2 and out[-2] == "1" else None


def ours_crack(path, method, case):
    p, g, q, h, _, x = case
    out = subprocess.run([path, "crack", method, "%x" % p, "%x" % g, "%x" % q, "%x" % h],
                         stdout=subprocess.PIPE, universal_newlines=True).stdout.split()
    return float(out[0]) if len(out) == 2 and int(out[1], 16) == x else None


def compare(path, gp, method, cases, rounds):
    """Ours and gp alternately on each case, ROUNDS times: the best time of each, per case,
    then the median over the cases (the machine is shared: the best run is the least disturbed)."""
    mine, theirs = [], []
    for case in cases:
        a, b = [], []
        for _ in range(rounds):
            a.append(ours_crack(path, method, case))
            b.append(gp_znlog(gp, case))
        if None in a or None in b:
            return None, None
        mine.append(min(a))
        theirs.append(min(b))
    return statistics.median(mine), statistics.median(theirs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--gp", default=shutil.which("gp"))
    ap.add_argument("--seconds", type=float, default=1.0)
    a = ap.parse_args()
    try:
        o = ours(a.ours, a.seconds)
    except (OSError, subprocess.CalledProcessError) as e:
        print("dh: %s could not run (%s)" % (a.ours, e))
        return 0

    print("dh: ours (libcore/dh.c, %s) against python %s and %s"
          % (o.get("version", "?"), sys.version.split()[0], "gp" if a.gp else "no gp (not found)"))
    # ours and python alternately, three rounds: the best of each (the machine is shared)
    mine, theirs, why = [o["agree"]], [], None
    for r in range(3):
        py, why = python_agree(o["samples"], a.seconds)
        if py is None:
            break
        theirs.append(py)
        if r < 2:
            mine.append(ours(a.ours, a.seconds, "agree")["agree"])
    line = "  ffdhe2048 key agreements per second (keypair + shared)  ours %7.1f" % max(mine)
    if theirs:
        line += "  python pow %6.1f  ours/python %4.1fx  (best of 3 each, alternating; goal: 8x)" % (
            max(theirs), max(mine) / max(theirs))
    else:
        line += "  python: %s" % why
    print(line)
    for name, label, goal, rounds in (
            ("bsgs", "baby-step giant-step, 40-bit q, 128-bit p", "< 1 s, within 3x of gp", 3),
            ("best", "method=\"best\", 100-bit safe prime", "within 1.2x of gp", 2)):
        cases = o[name]
        if a.gp:
            t_ours, t_gp = compare(a.ours, a.gp, name, cases, rounds)
        else:
            t_ours, t_gp = statistics.median(c[4] for c in cases), None
        if t_ours is None:
            print("  %-45s no answer from one side" % label)
            continue
        line = "  %-45s ours %6.3f s" % (label, t_ours)
        if t_gp:
            line += "  gp znlog %6.3f s  ours/gp %4.2fx" % (t_gp, t_ours / t_gp)
        print(line + "  (best of %d, median of %d inputs; goal: %s)" % (rounds, len(cases), goal))
    return 0


if __name__ == "__main__":
    sys.exit(main())
