"""Certificate speed: ours (bench/x509) next to OpenSSL's, in the same run.

- Certificates issued per second by an RSA-2048 and a P-256 CA, against
  `openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem` issuing
  for the same request with the same CA (a process each, as a CA's script
  runs it; the issue's goal: at least openssl's rate).
- A three-certificate chain (root, intermediate, server) parsed from PEM and
  verified per second, against `openssl verify -CAfile root.pem -untrusted
  int.pem leaf.pem` (a process each).

Usage: python3 bench/x509.py --ours PATH-TO-bench/x509 [--seconds S]
Prints figures and ratios; never passes or fails.
"""
import argparse
import os
import re
import shutil
import subprocess
import tempfile
import time


def ours(path, tmp, seconds):
    try:
        out = subprocess.run([path, tmp, str(seconds)], stdout=subprocess.PIPE, check=True,
                             universal_newlines=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        print("x509: %s could not run (%s)" % (path, e))
        return None
    figs = {}
    for line in out.splitlines():
        m = re.match(r"x509\.(\S+) (\S+)", line)
        if m:
            figs[m.group(1)] = float(m.group(2))
    return figs


def rate(cmd, seconds):
    """Runs of CMD per second, over about SECONDS."""
    n = 0
    start = time.perf_counter()
    while True:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        n += 1
        t = time.perf_counter() - start
        if t >= seconds:
            return n / t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--seconds", type=float, default=1.0)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        o = ours(a.ours, tmp, a.seconds)
        if not o:
            return
        openssl = shutil.which(os.environ.get("OPENSSL") or "openssl")
        s = {}
        if openssl:
            version = subprocess.run([openssl, "version"], stdout=subprocess.PIPE,
                                     universal_newlines=True).stdout.strip()
            p = lambda f: os.path.join(tmp, f)
            for kind in ("rsa", "p256"):
                s["issue." + kind] = rate([openssl, "x509", "-req", "-in", p("server.csr"), "-CA", p("ca-%s.pem" % kind),
                                           "-CAkey", p("ca-%s-key.pem" % kind), "-days", "90", "-sha256",
                                           "-out", os.devnull], a.seconds)
            s["verify3"] = rate([openssl, "verify", "-CAfile", p("ca-p256.pem"), "-untrusted", p("int.pem"),
                                 p("leaf.pem")], a.seconds)
            s["start"] = rate([openssl, "version"], a.seconds)
        print("certificates (%s)" % (version if openssl else "no openssl to compare"))
        for key, what in (("issue.rsa2048", "issued/s, RSA-2048 CA "), ("issue.p256", "issued/s, P-256 CA    ")):
            line = "  %s %8.0f" % (what, o[key])
            theirs = s.get("issue." + ("rsa" if "rsa" in key else "p256"))
            if theirs:
                line += "   openssl x509 -req %6.0f/s   ours/openssl %5.1fx (goal >= 1x)" % (theirs, o[key] / theirs)
            print(line)
        line = "  3-cert chain parsed+verified/s %8.0f" % o["verify3"]
        if "verify3" in s:
            line += "   openssl verify %6.0f/s   ours/openssl %5.1fx" % (s["verify3"], o["verify3"] / s["verify3"])
        print(line)
        if "start" in s:
            print("  (openssl starts %.0f times a second doing nothing: each openssl figure is one process)" % s["start"])


if __name__ == "__main__":
    main()
