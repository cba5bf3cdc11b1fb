/* libcore/child, libcore/pari and libcore/file: a job's answer and its error
 * come back, a time limit and Ctrl-C stop a job that would run for ever, a
 * job that crashes is a clear error; PARI factors and takes discrete logs
 * (known answers from gp: factorint(2^64+1) and znlog, see below); files are
 * never overwritten unasked, never written through a link, created 0600. */
#include <config.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "libcore/core.h"
#include "libcore/bigint.h"
#include "libcore/child.h"
#include "libcore/clock.h"
#include "libcore/file.h"
#include "libcore/interrupt.h"
#include "libcore/pari.h"
#include "libcore/random.h"
#include "tests/unit/tap.h"

static int
answer(void *ctx, FILE *out, struct cl_error *err)
{
	fprintf(out, "%s", (const char *)ctx);
	return 0;
}

static int
refuse(void *ctx, FILE *out, struct cl_error *err)
{
	return cl_fail(err, GPG_ERR_INV_VALUE, "no, because '%s'", (const char *)ctx);
}

static int
forever(void *ctx, FILE *out, struct cl_error *err)
{
	for (;;)
		pause();
	return 0;
}

static int
crash(void *ctx, FILE *out, struct cl_error *err)
{
	abort();	/* (a SIGSEGV would be an exit status under ASan, which catches it) */
	return 0;
}

static void
on_alarm(int sig)
{
	cl_interrupted = 1;	/* what the shell's SIGINT handler does */
}

int
main(void)
{
	struct cl_error err = { 0 };
	char *res;
	size_t n;
	double t0;
	mpz_t *f, x, h, g, p, ord, N;
	size_t nf;
	char dir[] = "/tmp/cl-test-file-XXXXXX", path[128], link_path[128];
	struct stat st;

	if (core_init(&err))
		skip_all("libgcrypt did not initialise");

	ok(child_run("a job", answer, "forty-two", 0, &res, &n, &err) == 0 && strcmp(res, "forty-two") == 0
	   && n == 9, "the child's answer comes back");
	free(res);
	ok(child_run("a job", refuse, "x", 0, &res, &n, &err) < 0 && err.code == GPG_ERR_INV_VALUE,
	   "the child's error comes back with its code");
	is_str(err.msg, "no, because 'x'", "and its message");
	t0 = clock_elapsed();
	ok(child_run("waiting", forever, NULL, 0.3, &res, &n, &err) < 0 && err.code == GPG_ERR_TIMEOUT,
	   "a time limit stops a job that never ends");
	ok(clock_elapsed() - t0 < 2, "within the limit and a little (%.2f s)", clock_elapsed() - t0);
	is_str(err.msg, "waiting gave up after 0.3 seconds (give seconds= to allow more)", "and says so");
	signal(SIGALRM, on_alarm);
	alarm(1);
	t0 = clock_elapsed();
	ok(child_run("waiting", forever, NULL, 0, &res, &n, &err) < 0 && err.code == GPG_ERR_CANCELED,
	   "Ctrl-C (the interrupt flag) stops it");
	ok(clock_elapsed() - t0 < 2, "at once (%.2f s)", clock_elapsed() - t0);
	cl_interrupted = 0;
	ok(child_run("crashing", crash, NULL, 0, &res, &n, &err) < 0
	   && strstr(err.msg, "crashing stopped: its process died (signal 6"), "a crash is a clear error: %s",
	   err.msg);

	/* gp: factorint(2^64+1) = [274177, 1; 67280421310721, 1] */
	mpz_inits(x, h, g, p, ord, N, NULL);
	mpz_ui_pow_ui(N, 2, 64);
	mpz_add_ui(N, N, 1);
	ok(pari_factor(&f, &nf, N, 20, &err) == 0 && nf == 2 && mpz_cmp_ui(f[0], 274177) == 0
	   && mpz_cmp_ui(f[1], 67280421310721UL) == 0, "PARI factors 2^64+1 = 274177 * 67280421310721");
	bigint_factors_free(f, nf);
	mpz_set_ui(N, 360);
	ok(pari_factor(&f, &nf, N, 20, &err) == 0 && nf == 6 && mpz_cmp_ui(f[0], 2) == 0
	   && mpz_cmp_ui(f[2], 2) == 0 && mpz_cmp_ui(f[5], 5) == 0, "repeated factors are repeated");
	bigint_factors_free(f, nf);
	mpz_set_ui(N, 1);
	ok(pari_factor(&f, &nf, N, 20, &err) == 0 && nf == 0, "1 has no prime factors");
	bigint_factors_free(f, nf);
	/* the classic toy exchange: 5^6 mod 23 = 8, so log_5 8 = 6 (gp: znlog(8, Mod(5, 23)) = 6) */
	mpz_set_ui(h, 8);
	mpz_set_ui(g, 5);
	mpz_set_ui(p, 23);
	ok(pari_dlog(x, h, g, p, ord, 20, &err) == 0 && mpz_cmp_ui(x, 6) == 0, "PARI: log_5 8 mod 23 = 6");
	/* a 64-bit prime: take x at random, h = g^x, and check g^found = h */
	mpz_set_str(p, "18446744073709551557", 10);	/* 2^64 - 59, prime */
	mpz_set_ui(g, 2);
	mpz_set_str(ord, "12345678901234567", 10);
	mpz_powm(h, g, ord, p);
	mpz_set_ui(ord, 0);
	ok(pari_dlog(x, h, g, p, ord, 20, &err) == 0, "PARI: a 64-bit discrete log (%s)", err.msg);
	mpz_powm(N, g, x, p);
	ok(mpz_cmp(N, h) == 0, "and g^x = h");
	mpz_set_ui(h, 0);
	ok(pari_dlog(x, h, g, p, ord, 20, &err) < 0, "0 is no power of g: %s", err.msg);
	mpz_clears(x, h, g, p, ord, N, NULL);

	ok(mkdtemp(dir) != NULL, "a scratch directory");
	snprintf(path, sizeof path, "%s/key.pem", dir);
	snprintf(link_path, sizeof link_path, "%s/link.pem", dir);
	ok(file_write(path, "secret\n", 7, 0600, false, &err) == 0, "a new file is written");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600 && st.st_size == 7, "whole, mode 0600");
	ok(file_write(path, "other\n", 6, 0600, false, &err) < 0, "an existing file is refused");
	is_str(err.msg + strlen(dir) + 2, "key.pem' exists: give force=true to replace it", "saying how");
	ok(file_write(path, "other\n", 6, 0644, true, &err) == 0 && stat(path, &st) == 0 && st.st_size == 6
	   && (st.st_mode & 0777) == 0644, "force replaces it");
	ok(symlink(path, link_path) == 0, "a link to it");
	ok(file_write(link_path, "x", 1, 0600, true, &err) < 0 && strstr(err.msg, "symbolic link"),
	   "a link is never written through, even with force");
	ok(file_open_new(link_path, 0600, true, &err) == NULL, "nor opened as a stream");
	ok(file_open_new(path, 0600, false, &err) == NULL, "a stream refuses an existing file");
	ok(file_write(dir, "x", 1, 0600, true, &err) < 0 && strstr(err.msg, "is a directory"),
	   "a directory is refused");
	{
		char *data;

		ok(file_read(path, 100, &data, &n, &err) == 0 && n == 6 && strcmp(data, "other\n") == 0,
		   "file_read reads it back");
		free(data);
		ok(file_read(path, 3, &data, &n, &err) < 0 && err.code == GPG_ERR_TOO_LARGE, "past MAX: %s",
		   err.msg);
		ok(file_read(dir, 100, &data, &n, &err) < 0, "a directory cannot be read as a file");
	}
	{
		FILE *fp;

		snprintf(path, sizeof path, "%s/full", dir);
		ok((fp = file_open_new("/dev/full", 0600, true, &err)) == NULL || (fputs("x", fp),
		   file_close(fp, "/dev/full", &err) < 0), "a write error is reported at close");
	}
	unlink(link_path);
	snprintf(path, sizeof path, "%s/key.pem", dir);
	unlink(path);
	rmdir(dir);
	done_testing();
}
