"""Benchmarks of the shell itself (issue: foundation).

- start-up: wall time from process start to exit of `cryptolab -c 1`, median of
  repeated runs, against `python3 -c "import cryptography.fernet"` in the same run
  (goal: under 20 ms and at least 5x faster);
- powmod: 2048-bit modular exponentiations per second typed as `a ^ e mod m`
  statements in a script, against Python's pow(a, e, m) (goal: at least 3x);
- peak memory (VmHWM) of the idle interactive shell (goal: under 16 MB).
"""
import os, random, shutil, statistics, subprocess, sys, tempfile, time

cl = os.path.abspath(sys.argv[1])
env = dict(os.environ, XDG_STATE_HOME=tempfile.mkdtemp(), NO_COLOR="1")


def median_run(cmd, n=41):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


ours = median_run([cl, "-c", "1"])
theirs = median_run([sys.executable, "-c", "import cryptography.fernet"])
print(f"start-up   cryptolab -c 1: {ours * 1000:7.2f} ms   python3 -c 'import cryptography.fernet': "
      f"{theirs * 1000:7.2f} ms   ratio {theirs / ours:5.1f}x   (goal: < 20 ms, >= 5x)")

rng = random.Random(2048)
m = rng.getrandbits(2048) | (1 << 2047) | 1
a = rng.getrandbits(2047)
e = rng.getrandbits(2048) | (1 << 2047)
count = 400
with tempfile.NamedTemporaryFile("w", suffix=".cl", delete=False) as f:
    f.write(f"m = {m}\na = {a}\ne = {e}\n")
    for _ in range(count):
        f.write("r = a ^ e mod m\n")
    script = f.name
with tempfile.NamedTemporaryFile("w", suffix=".cl", delete=False) as f:
    f.write(f"m = {m}\na = {a}\ne = {e}\n")
    empty = f.name
base = median_run([cl, empty], 11)
total = median_run([cl, script], 5)
ours_rate = count / (total - base)
n, t = 0, time.perf_counter()
while time.perf_counter() - t < 2.0:
    pow(a, e, m)
    n += 1
py_rate = n / (time.perf_counter() - t)
print(f"powmod     2048-bit a ^ e mod m: {ours_rate:8.1f}/s   Python pow(a, e, m): {py_rate:8.1f}/s   "
      f"ratio {ours_rate / py_rate:5.1f}x   (goal: >= 3x)")
os.unlink(script)
os.unlink(empty)

tmux = shutil.which("tmux")
if tmux:
    sock = f"clbench{os.getpid()}"
    subprocess.run([tmux, "-L", sock, "new-session", "-d", "-x", "100", "-y", "30",
                    f"env XDG_STATE_HOME={env['XDG_STATE_HOME']} NO_COLOR=1 {cl}"], check=True)
    time.sleep(1.0)
    pid = subprocess.run([tmux, "-L", sock, "list-panes", "-F", "#{pane_pid}"],
                         capture_output=True, text=True).stdout.strip()
    hwm = None
    try:
        # the pane runs cryptolab directly or through a shell: find the process
        pids = [pid] + subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout.split()
        for p in pids:
            with open(f"/proc/{p}/status") as st:
                fields = dict(line.split(":", 1) for line in st)
            if "cryptolab" in fields["Name"]:
                hwm = int(fields["VmHWM"].split()[0]) / 1024
    finally:
        subprocess.run([tmux, "-L", sock, "kill-server"])
    print(f"memory     idle interactive shell, peak RSS: {hwm:6.1f} MB   (goal: < 16 MB)" if hwm
          else "memory     could not read the idle shell's peak RSS")
else:
    print("memory     skipped: tmux is not installed")
