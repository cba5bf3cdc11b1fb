/* libcore/random and libcore/clock: the seeded generator repeats, the real one does
 * not, random_below stays in range, the clock pins and advances. */
#include <config.h>
#include <string.h>
#include "libcore/core.h"
#include "libcore/clock.h"
#include "libcore/random.h"
#include "tests/unit/tap.h"

int
main(void)
{
	unsigned char a[64], b[64], c[64];
	mpz_t r, n;
	int in_range = 1;
	struct cl_error err;

	if (core_init(&err))
		skip_all("libgcrypt did not initialise");
	random_bytes(a, sizeof a);
	random_bytes(b, sizeof b);
	ok(memcmp(a, b, sizeof a) != 0, "two draws of the real RNG differ");
	ok(!random_seeded(), "not seeded by default");

	random_seed("1", &err);
	random_bytes(a, sizeof a);
	random_seed("1", &err);
	random_bytes(b, sizeof b);
	ok(random_seeded(), "seeded after random_seed");
	ok(memcmp(a, b, sizeof a) == 0, "the same seed gives the same bytes");
	random_seed("2", &err);
	random_bytes(c, sizeof c);
	ok(memcmp(a, c, sizeof a) != 0, "another seed gives other bytes");
	random_seed("1", &err);
	random_bytes(c, 10);
	random_bytes(c + 10, sizeof c - 10);
	ok(memcmp(a, c, sizeof a) == 0, "the stream does not depend on how it is cut");

	mpz_inits(r, n, NULL);
	mpz_set_ui(n, 1000);
	for (int i = 0; i < 2000; i++) {
		random_below(r, n);
		in_range &= mpz_sgn(r) >= 0 && mpz_cmp(r, n) < 0;
	}
	ok(in_range, "random_below(1000) stays in [0, 1000) over 2000 draws");
	random_mpz(r, 13);
	ok(mpz_sizeinbase(r, 2) <= 13, "random_mpz(13) has at most 13 bits");
	mpz_clears(r, n, NULL);
	random_seed(NULL, &err);
	ok(!random_seeded(), "random_seed(NULL) returns to the real RNG");

	ok(!clock_pinned(), "the clock is real by default");
	clock_pin(1700000000);
	ok(clock_now() == 1700000000, "a pinned clock stands still");
	clock_advance(3600);
	ok(clock_now() == 1700003600, "clock_advance moves it");
	clock_unpin();
	ok(clock_now() > 1700003600, "unpinned, it is the real time again");
	done_testing();
}
