/* libFuzzer target: the HTTP/1.x parser (requests as our servers read them,
 * responses as our client reads them), URLs, and the TLS record reader of
 * wire.show. Build with ./configure CC=clang --enable-fuzzing, then run
 * tests/fuzz/fuzz-http -max_total_time=60 tests/fuzz/corpus-http.
 *
 * The first byte picks the parser (bit 0: request or response; bit 1: the
 * stream ends after the bytes) and, with the second, where the bytes are cut
 * in two deliveries. Whatever the input:
 *   - fed whole or in two parts, the parser gives the same verdict, body and
 *     end (it resumes; it never depends on how the bytes arrived);
 *   - a complete message never claims more bytes than it was given, and its
 *     body respects the limit;
 *   - a refusal names a status a server can answer (400, 413, 431, 501, 505);
 *   - the URL parser and the TLS record reader never read out of bounds, and
 *     records lie in order inside the stream. */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/http.h"
#include "libcore/net.h"
#include "libcore/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_BODY 4096

static void
check(int cond)
{
	if (!cond)
		abort();
}

static int
parse(struct http_msg *m, const char *p, size_t n, size_t cut, bool request, bool eof)
{
	struct cl_error err;
	int r;

	memset(m, 0, sizeof *m);
	if (cut < n) {
		r = http_parse(m, p, cut, request, false, MAX_BODY, &err);
		if (r != 0)
			return r;
	}
	return http_parse(m, p, n, request, eof, MAX_BODY, &err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_msg a, b;
	const char *p;
	size_t n, cut;
	bool request, eof;
	int ra, rb;

	if (size < 2)
		return 0;
	request = !(data[0] & 1);
	eof = (data[0] & 2) != 0;
	p = (const char *)data + 2;
	n = size - 2;
	cut = n ? ((size_t)data[1] * 257 + data[0]) % (n + 1) : 0;

	ra = parse(&a, p, n, n, request, eof);
	rb = parse(&b, p, n, cut, request, eof);
	check(ra == rb);
	if (ra == 1) {
		check(a.consumed <= n && a.consumed == b.consumed);
		check(a.body_len <= MAX_BODY && a.body_len == b.body_len);
		check(a.body_len == 0 || memcmp(a.body, b.body, a.body_len) == 0);
		check(request ? a.method && a.target : a.status >= 100 && a.status <= 599);
	} else if (ra < 0) {
		int s = a.error_status;

		check(s == 400 || s == 413 || s == 431 || s == 501 || s == 505);
	}
	http_msg_free(&a);
	http_msg_free(&b);

	{
		char *url = malloc(n + 1);
		struct net_url u;
		struct cl_error err;

		memcpy(url, p, n);
		url[n] = '\0';
		if (net_url_parse(&u, url, &err) == 0) {
			check(u.path[0] == '/' && u.port > 0 && u.host[0]);
			net_url_free(&u);
		}
		free(url);
	}
	{
		struct wire_tls_record *r;
		size_t nr;

		wire_tls_records(&r, &nr, (const unsigned char *)p, n, 1000);
		for (size_t i = 0; i < nr; i++) {
			check(r[i].offset + 5 <= n);
			check(i == 0 || r[i].offset > r[i - 1].offset);
			check(r[i].nmsgs <= WIRE_TLS_MAX_MSGS);
		}
		free(r);
	}
	return 0;
}
