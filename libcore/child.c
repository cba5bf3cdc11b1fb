#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libcore/child.h"
#include "libcore/clock.h"
#include "libcore/interrupt.h"
#include "libcore/xalloc.h"

/* What the child sends: one status byte ('0' the answer follows, '1' an
 * error: a gpg_err_code_t in decimal, a space, the message), then the text.
 * EOF without a status byte means the child died. */

static void
child_main(pid_t parent, int fd, child_fn *fn, void *ctx)
{
	struct cl_error err = { 0 };
	char *buf = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&buf, &n);
	FILE *pipe_out;
	int rc;

	/* Ctrl-C is the parent's to handle: the terminal sends SIGINT to the
	 * whole process group, and the parent kills us in an orderly way. */
	signal(SIGINT, SIG_IGN);
	/* and when the parent dies (a script stopped by Ctrl-C), so do we */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(3);
	if (!out)
		_exit(3);
	rc = fn(ctx, out, &err);
	fclose(out);
	pipe_out = fdopen(fd, "w");
	if (!pipe_out)
		_exit(3);
	if (rc == 0) {
		fputc('0', pipe_out);
		fwrite(buf, 1, n, pipe_out);
	} else
		fprintf(pipe_out, "1%d %s", (int)err.code, err.msg);
	/* _exit, not exit: the parent's atexit handlers and stdio buffers (a
	 * half-written line on stdout) are not ours to run or flush */
	_exit(fclose(pipe_out) == 0 ? 0 : 3);
}

static void
kill_child(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

int
child_run(const char *what, child_fn *fn, void *ctx, double seconds, char **result, size_t *n,
	  struct cl_error *err)
{
	int fds[2], status;
	pid_t pid, parent;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	double start = clock_elapsed();
	int rc = -1;

	*result = NULL;
	*n = 0;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return cl_fail(err, gpg_err_code_from_errno(errno), "%s: no pipe: %s", what, strerror(errno));
	fflush(NULL);	/* the child must not write out our buffers again */
	parent = getpid();
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return cl_fail(err, gpg_err_code_from_errno(errno), "%s: cannot start a process: %s", what,
			       strerror(errno));
	}
	if (pid == 0) {
		close(fds[0]);
		child_main(parent, fds[1], fn, ctx);
	}
	close(fds[1]);
	for (;;) {
		struct pollfd p = { .fd = fds[0], .events = POLLIN };
		int timeout = 100;	/* ms: Ctrl-C is seen within a tenth of a second */
		ssize_t got;

		if (cl_interrupted) {
			kill_child(pid);
			cl_fail(err, GPG_ERR_CANCELED, "interrupted");
			goto leave;
		}
		if (seconds > 0) {
			double left = seconds - (clock_elapsed() - start);

			if (left <= 0) {
				kill_child(pid);
				cl_fail(err, GPG_ERR_TIMEOUT, "%s gave up after %g second%s (give seconds= "
					"to allow more)", what, seconds, seconds == 1 ? "" : "s");
				goto leave;
			}
			if (left * 1000 < timeout)
				timeout = (int)(left * 1000) + 1;
		}
		if (poll(&p, 1, timeout) < 0) {
			if (errno == EINTR)
				continue;
			kill_child(pid);
			cl_fail(err, gpg_err_code_from_errno(errno), "%s: %s", what, strerror(errno));
			goto leave;
		}
		if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if (len + 4096 + 1 > cap) {
			cap = cap ? 2 * cap : 8192;
			buf = xrealloc(buf, cap);
		}
		got = read(fds[0], buf + len, cap - len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = 0;
			break;
		}
	if (len == 0 || (buf[0] != '0' && buf[0] != '1')) {
		if (WIFSIGNALED(status))
			cl_fail(err, GPG_ERR_GENERAL, "%s stopped: its process died (signal %d, %s)", what,
				WTERMSIG(status), strsignal(WTERMSIG(status)));
		else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
			cl_fail(err, GPG_ERR_GENERAL, "%s stopped: its process failed (exit status %d)", what,
				WEXITSTATUS(status));
		else
			cl_fail(err, GPG_ERR_GENERAL, "%s stopped: its process ended without an answer "
				"(out of memory?)", what);
		goto leave;
	}
	buf[len] = '\0';
	if (buf[0] == '1') {
		char *msg = strchr(buf, ' ');

		cl_fail(err, (gpg_err_code_t)atoi(buf + 1), "%s", msg ? msg + 1 : "failed");
		goto leave;
	}
	*n = len - 1;
	*result = xmalloc(len);
	memcpy(*result, buf + 1, len);	/* with the NUL */
	rc = 0;
leave:
	close(fds[0]);
	free(buf);
	return rc;
}
