/* libFuzzer target: a line of the network exchange's protocol, as a peer
 * would send it (libcore/dhnet.c), and a chat line opened with a key.
 * Build with ./configure CC=clang --enable-fuzzing, then run
 * tests/fuzz/fuzz-dhnet -max_total_time=60 tests/fuzz/corpus-dhnet.
 * Whatever the input: the parser never reads out of bounds, a refusal always
 * says something, numbers stay within DH_MAX_BITS, a signature's bytes are
 * half its hex, a name stays within DHNET_MAX_NAME, a message's text lies
 * inside the line; and opening it as a chat line never succeeds without the
 * key's HMAC. */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/core.h"
#include "libcore/dhnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int cond)
{
	if (!cond)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	static struct dhnet x;
	struct dhnet_line l;
	struct cl_error err = { 0 };
	const char *line = (const char *)data;
	unsigned char *msg;
	size_t n;
	int r;

	if (!ready) {
		if (core_init(&err))
			abort();
		dhnet_init(&x, DHNET_LISTENER, "peer");
		if (fernet_key_generate(&x.key, &err))
			abort();
		x.done = true;
		ready = true;
	}
	if (size > DHNET_MAX_LINE)
		return 0;
	dhnet_line_init(&l);
	r = dhnet_parse_line(&l, line, size, "peer", &err);
	if (r < 0)
		check(err.msg[0] != '\0');
	else {
		check(mpz_sizeinbase(l.p, 2) <= DH_MAX_BITS && mpz_sizeinbase(l.g, 2) <= DH_MAX_BITS &&
		      mpz_sizeinbase(l.y, 2) <= DH_MAX_BITS);
		check(strlen(l.name) <= DHNET_MAX_NAME);
		check(l.sig_len <= size / 2 && l.spki_len <= size / 2);
		if (l.kind == DHNET_MSG || l.kind == DHNET_ERROR)
			check(l.text >= line && l.text + l.text_len <= line + size);
	}
	dhnet_line_clear(&l);
	memset(&err, 0, sizeof err);
	r = dhnet_open_message(&x, line, size, &msg, &n, &err);
	check(r != 1 || msg != NULL);
	if (r == 1)
		fernet_free(msg, n);
	else
		check(r == 0 || err.msg[0] != '\0');
	return 0;
}
