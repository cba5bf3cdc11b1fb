/* libFuzzer target: the group and colour parsers, and what they feed. Build
 * with ./configure CC=clang --enable-fuzzing, then run
 * tests/fuzz/fuzz-dh -max_total_time=60 tests/fuzz/corpus-dh.
 *
 * The first byte picks what the rest is:
 *   0  a paint's text (a name or a colour): parsing never fails silently, and
 *      a colour that parses formats back to itself (as lower-case #rrggbb);
 *   1  a group's text (a name or PEM DH PARAMETERS): when it parses and p is
 *      small, the checked group must give both sides the same secret;
 *   2  a public value (big-endian bytes) for the toy, weak64 and ffdhe2048
 *      groups: whatever dh_check_public accepts is in the subgroup of g;
 *   3  mixtures (pairs of pigment, parts): mixing in either order gives the
 *      same paint and the same colour. */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gmp.h>
#include "libcore/core.h"
#include "libcore/dh.h"
#include "libcore/paint.h"
#include "libcore/random.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int cond)
{
	if (!cond)
		abort();
}

static void
as_paint(const char *p, size_t n)
{
	struct paint paint;
	struct cl_error err;
	unsigned char rgb[3], back[3];
	char hex[8];

	if (paint_parse(&paint, p, n, &err) == 0) {
		char *r = paint_recipe(&paint);

		paint_rgb(rgb, &paint);
		check(paint.n >= 1 && paint_total(&paint) >= 1);
		free(r);
	} else
		check(err.msg[0] != '\0' && !strchr(err.msg, '\033'));
	if (paint_parse_hex(rgb, p, n, &err) == 0) {
		paint_hex(hex, rgb);
		check(paint_parse_hex(back, hex, 7, &err) == 0 && memcmp(rgb, back, 3) == 0);
		check(n == 4 || (n == 7 && strncasecmp(hex, p, 7) == 0));
	}
}

static void
as_group(const char *p, size_t n)
{
	struct dh_group G;
	struct cl_error err;
	mpz_t P, g, a, A, b, B, s1, s2;
	char name[32];

	mpz_inits(P, g, a, A, b, B, s1, s2, NULL);
	dh_group_init(&G);
	if (dh_params_parse(P, g, name, sizeof name, p, n, &err) == 0 && mpz_sizeinbase(P, 2) <= 40
	    && dh_group_custom(&G, P, g, false, 1, &err) == 0 && mpz_cmp_ui(G.q, 3) >= 0) {
		check(dh_keypair(a, A, &G, 0, &err) == 0 && dh_keypair(b, B, &G, 0, &err) == 0);
		/* a peer value may still be refused for its small order: both or neither */
		if (dh_shared(s1, &G, a, B, &err) == 0 && dh_shared(s2, &G, b, A, &err) == 0)
			check(mpz_cmp(s1, s2) == 0);
	}
	dh_group_clear(&G);
	mpz_clears(P, g, a, A, b, B, s1, s2, NULL);
}

static void
as_public(const uint8_t *p, size_t n)
{
	static const char *const names[] = { "toy", "weak64", "ffdhe2048" };
	struct dh_group G;
	struct cl_error err;
	mpz_t y, t, pm1;

	if (n == 0)
		return;
	mpz_inits(y, t, pm1, NULL);
	dh_group_init(&G);
	dh_group_named(&G, names[p[0] % 3], &err);
	mpz_import(y, n - 1, 1, 1, 1, 0, p + 1);
	mpz_sub_ui(pm1, G.p, 1);
	if (dh_check_public(&G, y, &err) == 0) {
		mpz_powm(t, y, G.q, G.p);
		check(mpz_cmp_ui(y, 1) > 0 && mpz_cmp(y, pm1) < 0 && mpz_cmp_ui(t, 1) == 0);
	}
	dh_group_clear(&G);
	mpz_clears(y, t, pm1, NULL);
}

static void
as_mixtures(const uint8_t *p, size_t n)
{
	size_t nn;
	struct paint a = { 0 }, b = { 0 }, one, ab, ba;
	unsigned char x[3], y[3];

	paint_names(&nn);
	for (size_t i = 0; i + 4 < n; i += 5) {
		struct paint *into = (p[i] & 1) ? &a : &b;

		if (p[i] & 2) {
			unsigned char rgb[3] = { p[i + 1], p[i + 2], p[i + 3] };

			paint_from_rgb(&one, rgb);
		} else {
			const struct paint_name *names = paint_names(&nn);

			paint_parse(&one, names[p[i + 1] % nn].name, strlen(names[p[i + 1] % nn].name), NULL);
		}
		if (paint_times(&one, &one, 1 + p[i + 4] % 8, NULL) || paint_mix(into, into, &one, NULL))
			break;
	}
	if (paint_mix(&ab, &a, &b, NULL) == 0) {
		check(paint_mix(&ba, &b, &a, NULL) == 0 && paint_equal(&ab, &ba));
		if (ab.n) {
			paint_rgb(x, &ab);
			paint_rgb(y, &ba);
			check(memcmp(x, y, 3) == 0);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		struct cl_error e;

		core_init(&e);
		random_seed("fuzz", &e);
		ready = 1;
	}
	if (size == 0)
		return 0;
	switch (data[0] % 4) {
	case 0: as_paint((const char *)data + 1, size - 1); break;
	case 1: as_group((const char *)data + 1, size - 1); break;
	case 2: as_public(data + 1, size - 1); break;
	case 3: as_mixtures(data + 1, size - 1); break;
	}
	return 0;
}
