#include <config.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pari/pari.h>
#include "libcore/pari.h"
#include "libcore/bigint.h"
#include "libcore/child.h"
#include "libcore/xalloc.h"

/* PARI undefines nothing of ours, but it defines short macros (e.g. `set`,
 * `lg`) that must not leak into other files: keep it to this one. */

/* Set up PARI in the child: its stack starts at 64 MB and may grow to 1 GB
 * (a 200-bit factorisation needs more than the default), GMP's allocator
 * stays GMP's, and PARI installs no signal handler. Its warnings ("increasing
 * stack size") would land on the student's terminal: stderr goes nowhere. */
static void
setup(void)
{
	int null = open("/dev/null", O_WRONLY);

	if (null >= 0) {
		dup2(null, STDERR_FILENO);
		close(null);
	}
	pari_init_opts(64UL << 20, 500000, INIT_noINTGMPm | INIT_DFTm);
	paristack_setsize(64UL << 20, 1UL << 30);
}

static GEN
from_mpz(const mpz_t z)
{
	char *s = mpz_get_str(NULL, 10, z);
	GEN g;

	if (!s)
		xalloc_die();
	g = gp_read_str(s);
	free(s);
	return g;
}

/* Run BODY under PARI's error handler: a PARI error becomes ERR. */
static int
pari_failed(struct cl_error *err, const char *what)
{
	GEN e = pari_err_last();
	char *msg = e ? pari_err2str(e) : NULL;

	return cl_fail(err, GPG_ERR_GENERAL, "%s failed in PARI: %s", what, msg ? msg : "unknown error");
}

struct factor_job {
	const mpz_t *n;
};

static int
factor_child(void *ctx, FILE *out, struct cl_error *err)
{
	struct factor_job *j = ctx;
	int rc = 0;

	setup();
	pari_CATCH(CATCH_ALL) {
		rc = pari_failed(err, "factoring");
	} pari_TRY {
		GEN f = Z_factor(from_mpz(*j->n));
		GEN p = gel(f, 1), e = gel(f, 2);

		for (long i = 1; i < lg(p); i++) {
			char *s = GENtostr(gel(p, i));
			long k = itos(gel(e, i));

			for (long r = 0; r < k; r++)
				fprintf(out, "%s\n", s);
		}
	} pari_ENDCATCH;
	return rc;
}

/* Decimal numbers, one a line, to mpz values. */
static size_t
parse_numbers(const char *text, mpz_t **out)
{
	size_t n = 0, cap = 8;
	mpz_t *v = xcalloc(cap, sizeof *v);

	while (*text) {
		size_t len = strcspn(text, "\n");
		char *one = xstrndup(text, len);

		if (n == cap)
			v = xreallocarray(v, cap *= 2, sizeof *v);
		mpz_init_set_str(v[n++], one, 10);
		free(one);
		text += len + (text[len] == '\n');
	}
	*out = v;
	return n;
}

/* Factors below this are divided out in the shell's own process, before the
 * child: small numbers need no child at all, and when PARI runs out of time
 * the message can say what was found. */
#define SMALL_TRIAL 4096

int
pari_factor(mpz_t **factors, size_t *nfactors, const mpz_t n, double seconds, struct cl_error *err)
{
	mpz_t m, *small, *big = NULL;
	size_t nsmall = 0, nbig = 0, len;
	struct factor_job j;
	char q[64], *res;
	unsigned long d;
	int rc = -1;

	*factors = NULL;
	*nfactors = 0;
	if (mpz_sgn(n) == 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "'0' has no factorisation: every number divides it");
	if (mpz_sgn(n) < 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "'%s' is negative; factor the number without its sign "
			       "(its sign is the factor -1)", bigint_short(q, sizeof q, n));
	if (mpz_sizeinbase(n, 2) > BIGINT_TEST_MAX_BITS)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "the number has %zu bits; factoring takes numbers up "
			       "to %d bits", mpz_sizeinbase(n, 2), BIGINT_TEST_MAX_BITS);
	mpz_init_set(m, n);
	/* at most log2(n) small factors */
	small = xcalloc(mpz_sizeinbase(n, 2) + 1, sizeof *small);
	for (d = 2; d < SMALL_TRIAL && mpz_cmp_ui(m, d * d) >= 0; d += d == 2 ? 1 : 2)
		while (mpz_divisible_ui_p(m, d)) {
			mpz_init_set_ui(small[nsmall++], d);
			mpz_divexact_ui(m, m, d);
		}
	if (mpz_cmp_ui(m, 1) > 0 && mpz_cmp_ui(m, d * d) < 0) {
		/* no divisor up to its square root: prime */
		mpz_init_set(small[nsmall++], m);
		mpz_set_ui(m, 1);
	}
	if (mpz_cmp_ui(m, 1) > 0) {
		j.n = (const mpz_t *)m;
		if (child_run("factoring", factor_child, &j, seconds, &res, &len, err)) {
			if (err && err->code == GPG_ERR_TIMEOUT) {
				char found[200] = "";
				size_t used = 0;

				for (size_t i = 0; i < nsmall && used + 24 < sizeof found; i++)
					used += (size_t)gmp_snprintf(found + used, sizeof found - used, "%s%Zd",
								     i ? ", " : "found ", small[i]);
				if (nsmall)
					cl_fail(err, GPG_ERR_TIMEOUT, "gave up after %g second%s: %s so far; what is "
						"left, '%s', has %zu bits, and PARI (ECM and the quadratic sieve) "
						"found no factor of it in that time; seconds= allows more", seconds,
						seconds == 1 ? "" : "s", found, bigint_short(q, sizeof q, m),
						mpz_sizeinbase(m, 2));
				else
					cl_fail(err, GPG_ERR_TIMEOUT, "gave up after %g second%s: '%s' has %zu bits, "
						"and PARI (ECM and the quadratic sieve) found no factor in that time; "
						"seconds= allows more", seconds, seconds == 1 ? "" : "s",
						bigint_short(q, sizeof q, n), mpz_sizeinbase(n, 2));
			}
			goto leave;
		}
		nbig = parse_numbers(res, &big);
		free(res);
	}
	/* the small ones are all below the big ones */
	small = xreallocarray(small, nsmall + nbig + 1, sizeof *small);
	for (size_t i = 0; i < nbig; i++)
		memcpy(&small[nsmall + i], &big[i], sizeof big[i]);
	free(big);
	*factors = small;
	*nfactors = nsmall + nbig;
	small = NULL;
	nsmall = 0;
	rc = 0;
leave:
	if (small)
		bigint_factors_free(small, nsmall);
	mpz_clear(m);
	return rc;
}

struct dlog_job {
	const mpz_t *h, *g, *p, *ord;
};

static int
dlog_child(void *ctx, FILE *out, struct cl_error *err)
{
	struct dlog_job *j = ctx;
	int rc = 0;

	setup();
	pari_CATCH(CATCH_ALL) {
		rc = pari_failed(err, "the discrete logarithm");
	} pari_TRY {
		GEN p = from_mpz(*j->p), ord;
		GEN x;

		ord = mpz_sgn(*j->ord) ? from_mpz(*j->ord) : subiu(p, 1);
		x = Fp_log(from_mpz(*j->h), from_mpz(*j->g), ord, p);
		if (typ(x) != t_INT)
			rc = cl_fail(err, GPG_ERR_NOT_FOUND, "there is no such exponent: the number is not a "
				     "power of the generator");
		else
			fprintf(out, "%s\n", GENtostr(x));
	} pari_ENDCATCH;
	return rc;
}

int
pari_dlog(mpz_t x, const mpz_t h, const mpz_t g, const mpz_t p, const mpz_t ord, double seconds,
	  struct cl_error *err)
{
	struct dlog_job j = { (const mpz_t *)h, (const mpz_t *)g, (const mpz_t *)p, (const mpz_t *)ord };
	char *res;
	size_t len;
	int rc;

	if (child_run("the discrete logarithm", dlog_child, &j, seconds, &res, &len, err))
		return -1;
	rc = mpz_set_str(x, strtok(res, "\n") ? res : "", 10);
	free(res);
	if (rc < 0)
		return cl_fail(err, GPG_ERR_GENERAL, "the discrete logarithm: PARI gave no number");
	return 0;
}
