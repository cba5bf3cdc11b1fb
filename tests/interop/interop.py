"""What the Python interop scripts of tests/interop/ share (they import it
from their own folder): TAP lines, and a free port of 127.0.0.1."""
import socket
import sys

n_tests = 0
n_failed = 0


def ok(cond, name, note=None):
    """One TAP line for COND; when it fails, the first 20 lines of NOTE as
    comments. Gives COND back."""
    global n_tests, n_failed
    n_tests += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n_tests, name))
    if not cond:
        n_failed += 1
        if note:
            for line in str(note).splitlines()[:20]:
                print("#   " + line)
    sys.stdout.flush()
    return cond


def done():
    """The plan, after the tests: the exit status, 1 when one failed."""
    print("1..%d" % n_tests)
    return 1 if n_failed else 0


def free_port():
    """A port of 127.0.0.1 nothing listens on (at the time of asking)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
