"""Fernet speed: ours next to Python's cryptography.fernet, measured in the
same run on the same inputs, and ours next to libgcrypt's AES-128-CBC +
HMAC-SHA256 alone (bench/fernet measures that bound).

Usage: python3 bench/fernet.py [--ours PATH-TO-bench/fernet] [--seconds S]
Prints figures and ratios; never passes or fails. The issue's goals: at least
10x Python's round trips for 100 B and 1 KiB, and at least 70% of the
libgcrypt bound on 16 MiB messages.
"""
import argparse
import re
import subprocess
import sys
import time


def python_figures(seconds):
    try:
        from cryptography.fernet import Fernet
        import cryptography
    except ImportError:
        return None
    f = Fernet(Fernet.generate_key())
    figs = {"version": "cryptography %s" % cryptography.__version__}
    for n in (100, 1024):
        m = b"m" * n
        count = 0
        start = time.perf_counter()
        while True:
            for _ in range(256):
                f.decrypt(f.encrypt(m))
            count += 256
            t = time.perf_counter() - start
            if t >= seconds:
                break
        figs["roundtrip.%d" % n] = count / t
    m = b"b" * (16 << 20)
    enc = dec = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        token = f.encrypt(m)
        t1 = time.perf_counter()
        back = f.decrypt(token)
        t2 = time.perf_counter()
        assert back == m
        enc, dec = min(enc, t1 - t0), min(dec, t2 - t1)
    figs["encrypt.16MiB"] = 16 / enc
    figs["decrypt.16MiB"] = 16 / dec
    figs["roundtrip.16MiB"] = 16 / (enc + dec)
    return figs


def our_figures(path, seconds):
    """Run bench/fernet and read its "fernet.NAME VALUE ... (bound: ... B MiB/s" lines."""
    try:
        out = subprocess.run([path, str(seconds)], stdout=subprocess.PIPE, check=True,
                             universal_newlines=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        print("fernet: %s could not run (%s)" % (path, e))
        return None
    figs = {}
    for line in out.splitlines():
        m = re.match(r"fernet\.(\S+) (.*)", line)
        if not m:
            continue
        name, rest = m.groups()
        if name == "version":
            figs[name] = rest
            continue
        figs[name] = float(rest.split()[0])
        b = re.search(r"alone ([0-9.]+) MiB/s|bound ([0-9.]+) MiB/s", rest)
        if b:
            figs[name + ".bound"] = float(b.group(1) or b.group(2))
    return figs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", help="path of the compiled bench/fernet")
    ap.add_argument("--seconds", type=float, default=1.0)
    a = ap.parse_args()

    ours = our_figures(a.ours, a.seconds) if a.ours else None
    py = python_figures(a.seconds)

    print("fernet: ours (libcore/fernet.c, %s) against python (%s)"
          % (ours.get("version", "?") if ours else "not measured",
             py["version"] if py else "skipped: python3 cryptography not importable"))
    print("  round trips (encrypt + decrypt) per second, goal: 10x python")
    for n, label in ((100, "100 B"), (1024, "1 KiB")):
        k = "roundtrip.%d" % n
        o = ours.get(k) if ours else None
        p = py.get(k) if py else None
        line = "    %-6s" % label
        line += "  ours %9.0f" % o if o else "  ours         -"
        line += "  python %8.0f" % p if p else "  python        -"
        if o and p:
            line += "  ours/python %5.1fx" % (o / p)
        print(line)
    print("  16 MiB messages in MiB/s, goal: 70% of libgcrypt's aes-128-cbc + hmac-sha256 alone")
    for k, label in (("encrypt.16MiB", "encrypt"), ("decrypt.16MiB", "decrypt"),
                     ("roundtrip.16MiB", "both")):
        o = ours.get(k) if ours else None
        b = ours.get(k + ".bound") if ours else None
        p = py.get(k) if py else None
        line = "    %-8s" % label
        line += "ours %6.0f" % o if o else "ours      -"
        if o and b:
            line += "  bound %6.0f  %3.0f%% of it" % (b, 100 * o / b)
        line += "   python %5.0f" % p if p else "   python     -"
        if o and p:
            line += "  ours/python %4.1fx" % (o / p)
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
