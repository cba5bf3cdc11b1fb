"""Real RSA speed: ours (bench/pkey) next to OpenSSL's, measured in the same run.

- rsa.keygen(2048): the median of N runs against the median of N runs of
  `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048` (a process
  each, as a user runs it; OpenSSL's process start is measured too, with
  `openssl version`, and shown). The issue's goal: within 2x.
- 2048-bit private-key operations per second with the CRT and without,
  against `openssl speed rsa2048`'s sign/s (OpenSSL signs with the CRT), and
  rsa.pss_sign's whole path.

Usage: python3 bench/pkey.py --ours PATH-TO-bench/pkey [--runs N] [--seconds S]
Prints figures and ratios; never passes or fails.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import time


def ours(path, runs, seconds):
    try:
        out = subprocess.run([path, str(runs), str(seconds)], stdout=subprocess.PIPE, check=True,
                             universal_newlines=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        print("pkey: %s could not run (%s)" % (path, e))
        return None
    figs = {}
    for line in out.splitlines():
        m = re.match(r"pkey\.(\S+) (\S+)(.*)", line)
        if m:
            figs[m.group(1)] = m.group(2) + m.group(3) if m.group(1) == "version" else float(m.group(2))
    return figs


def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def openssl_figures(openssl, runs, seconds, tmp):
    figs = {"version": subprocess.run([openssl, "version"], stdout=subprocess.PIPE,
                                      universal_newlines=True).stdout.strip()}
    out = os.path.join(tmp, "bench-key.pem")
    figs["keygen"] = statistics.median(
        timed([openssl, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", out])
        for _ in range(runs))
    figs["start"] = statistics.median(timed([openssl, "version"]) for _ in range(runs))
    p = subprocess.run([openssl, "speed", "-seconds", str(max(1, int(seconds))), "rsa2048"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, universal_newlines=True)
    m = re.search(r"^rsa\s+2048 bits\s+\S+\s+\S+\s+([0-9.]+)\s+([0-9.]+)", p.stdout, re.M)
    if m:
        figs["sign"] = float(m.group(1))
    return figs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--tmp", default=os.environ.get("TMPDIR", "/tmp"))
    a = ap.parse_args()
    o = ours(a.ours, a.runs, a.seconds)
    if not o:
        return
    openssl = shutil.which(os.environ.get("OPENSSL") or "openssl")
    s = openssl_figures(openssl, a.runs, a.seconds, a.tmp) if openssl else None
    print("rsa (%s%s)" % (o.get("version", "libgcrypt"), ", " + s["version"] if s else ", no openssl to compare"))
    line = "  rsa.keygen(2048) median          %7.1f ms" % (1000 * o["keygen2048.median"])
    if s:
        line += "   openssl genpkey %7.1f ms (of which %.1f ms starting openssl)   ours/openssl %.2fx (goal <= 2x)" % (
            1000 * s["keygen"], 1000 * s["start"], o["keygen2048.median"] / s["keygen"])
    print(line)
    line = "  private ops/s, 2048 bits, CRT    %7.0f" % o["private2048.crt"]
    if s and "sign" in s:
        line += "      openssl speed rsa2048 sign %7.0f/s   ours/openssl %.2f" % (s["sign"], o["private2048.crt"] / s["sign"])
    print(line)
    print("  private ops/s, 2048 bits, no CRT %7.0f      (CRT is %.1fx faster: two half-size powers)" % (
        o["private2048.nocrt"], o["private2048.crt"] / o["private2048.nocrt"]))
    print("  rsa.pss_sign ops/s (whole path)  %7.0f" % o["pss_sign2048"])


if __name__ == "__main__":
    main()
