"""factor() speed next to gp's own factorint, measured in the same run on the
same numbers.

The issue's goals: a 64-bit semiprime factored in under 10 ms, and a 160-bit
semiprime within 1.2x of gp's factorint. Ours is bench/factor (pari_factor:
small factors divided out, then PARI's factorint in a forked child, as the
factor builtin and rsa.crack(..., method="best") do); gp's is timed inside gp
with getabstime(), so its start-up is not counted. Prints figures and ratios;
never passes or fails.

Usage: python3 bench/factor.py --ours PATH-TO-bench/factor [--gp gp]
"""
import argparse
import shutil
import statistics
import subprocess

# Balanced semiprimes, fixed so every run measures the same numbers: in gp,
# nextprime(floor(2^(k-1)*x)) * nextprime(floor(2^(k-1)*y)) for k = 32 (x, y =
# 1.55, 1.87; 1.42, 1.73; 1.91, 1.21) and k = 80 (1.45, 1.62; 1.2, 1.9; 1.71,
# 1.33); the products have exactly 64 and 160 bits.
SEMI64 = [
    "13366972020670590859",
    "11329068064158834007",
    "10658067747872058187",
]
SEMI160 = [
    "858266836522572738715288853205512898978413898257",
    "833055933278614663376153317688438638108025427583",
    "830973293445418126717698150591485201664406528907",
]


def ours(path, runs, numbers):
    """{n: (median wall seconds, median CPU seconds)} from bench/factor."""
    out = subprocess.run([path, str(runs)] + numbers, stdout=subprocess.PIPE, check=True,
                         universal_newlines=True).stdout
    res = {}
    for line in out.splitlines():
        _, n, wall, cpu = line.split()
        res[n] = (float(wall), float(cpu))
    return res


def gp_times(gp, runs, numbers, inner):
    """The same from gp: getabstime() (wall) and gettime() (CPU), in ms, over
    INNER calls of factorint per run (gp's clocks count whole milliseconds)."""
    script = ["default(parisizemax, 10^9);",
              "m(v) = vecsort(v)[#v \\ 2 + 1];"]
    for n in numbers:
        script.append("n = %s; w = vector(%d); c = vector(%d); for(r = 1, %d, gettime(); t = getabstime(); "
                      "for(i = 1, %d, factorint(n)); c[r] = gettime(); w[r] = getabstime() - t); "
                      "print(n, \" \", m(w), \" \", m(c));" % (n, runs, runs, runs, inner))
    out = subprocess.run([gp, "-q", "-f", "-D", "colors=no"], input="\n".join(script) + "\n",
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True,
                         universal_newlines=True).stdout
    res = {}
    for line in out.splitlines():
        n, wall, cpu = line.split()
        res[n] = (float(wall) / 1000 / inner, float(cpu) / 1000 / inner)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--gp", default=shutil.which("gp"))
    a = ap.parse_args()
    for label, numbers, runs, batch, inner, goal in (
            ("64-bit semiprime", SEMI64, 21, 7, 200, "goal: under 10 ms"),
            ("160-bit semiprime", SEMI160, 5, 1, 1, "goal: within 1.2x of gp")):
        # ours and gp take turns, BATCH runs at a time, so that other work on
        # the machine weighs on both alike
        o = {n: ([], []) for n in numbers}
        g = {n: ([], []) for n in numbers}
        for _ in range(runs // batch):
            for n, (w, c) in ours(a.ours, batch, numbers).items():
                o[n][0].append(w)
                o[n][1].append(c)
            if a.gp:
                for n, (w, c) in gp_times(a.gp, batch, numbers, inner).items():
                    g[n][0].append(w)
                    g[n][1].append(c)
        med = lambda d, n: (statistics.median(d[n][0]), statistics.median(d[n][1]))
        print("factor(): %s, %d runs each, ours and gp in turn (%s)" % (label, runs, goal))
        print("  %-50s %21s %21s  %s" % ("n", "ours: wall / CPU ms", "gp: wall / CPU ms", "ratio wall, CPU"))
        walls, cpus = [], []
        for n in numbers:
            ow, oc = med(o, n)
            line = "  %-50s %10.2f / %8.2f" % (n, ow * 1000, oc * 1000)
            if a.gp:
                gw, gc = med(g, n)
                rw = ow / gw if gw > 0 else float("inf")
                rc = oc / gc if gc > 0 else float("inf")
                walls.append(rw)
                cpus.append(rc)
                line += " %10.2f / %8.2f  %5.2fx, %5.2fx" % (gw * 1000, gc * 1000, rw, rc)
            print(line)
        if walls:
            print("  ours / gp, median over the numbers: %.2fx wall, %.2fx CPU"
                  % (statistics.median(walls), statistics.median(cpus)))
        else:
            print("  (gp is not installed: no comparison)")
    print("  (ours counts everything factor() does: the fork, PARI's start-up in the child and\n"
          "  the answer through a pipe; gp is timed inside gp, its start-up not counted)")


if __name__ == "__main__":
    main()
