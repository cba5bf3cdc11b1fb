/* Unit tests of libcore/http (the HTTP/1.x parser), of libcore/net (URLs, and
 * the line connections of the shell over loopback), and of libcore/wire (TLS
 * record headers, the pcap writer).
 *
 * Where the known answers come from:
 * - the chunked body: the example of Wikipedia's "Chunked transfer encoding"
 *   article, decoded independently with Python's http.client (HTTPResponse
 *   over a BytesIO) to b'Wikipedia in\r\n\r\nchunks.';
 * - the framing and refusal rules: RFC 9112 (sections 2.2, 5.1, 5.2, 6.1, 6.3,
 *   7.1): a Content-Length with a Transfer-Encoding, differing
 *   Content-Lengths, whitespace before a header's colon and obs-fold are
 *   errors; a request without either has no body; a response without either
 *   runs until the connection closes; 1xx, 204, 304 and HEAD have no body;
 * - TLS records: built by hand from RFC 8446's structures (section 5.1: type,
 *   legacy_record_version, length; section 4: msg_type and a 24-bit length;
 *   section 6: an alert's level and description);
 * - pcap: read back with libpcap's own reader here; tests/interop/net-tshark.test
 *   has tshark reassemble and decode what wire_save_pcap writes. */
#include <config.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pcap/pcap.h>
#include "libcore/clock.h"
#include "libcore/core.h"
#include "libcore/http.h"
#include "libcore/net.h"
#include "libcore/wire.h"
#include "tests/unit/tap.h"

/* Parse TEXT whole, and again fed one byte at a time: both must agree. */
static int
parse_both(struct http_msg *m, const char *text, size_t n, bool request, bool eof, size_t max,
	   struct cl_error *err)
{
	struct http_msg b = { 0 };
	struct cl_error e2;
	int whole, split = 0;
	size_t i;

	memset(m, 0, sizeof *m);
	whole = http_parse(m, text, n, request, eof, max, err);
	for (i = 1; i <= n; i++) {
		split = http_parse(&b, text, i, request, eof && i == n, max, &e2);
		if (split != 0)
			break;
	}
	if (n == 0)
		split = http_parse(&b, text, 0, request, eof, max, &e2);
	ok(whole == split, "fed whole or byte by byte, the parser agrees (%d, %d)", whole, split);
	if (whole == 1 && split == 1)
		ok(m->body_len == b.body_len && memcmp(m->body, b.body, m->body_len) == 0 &&
		   m->consumed == b.consumed, "and finds the same body and end");
	http_msg_free(&b);
	return whole;
}

static void
requests(void)
{
	struct http_msg m;
	struct cl_error err;
	static const char get[] = "GET /index.html?a=1 HTTP/1.1\r\nHost: localhost:5985\r\n"
				  "User-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
	static const char post[] = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nfluffy tailGET";
	static const char two[] = "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.0\r\n\r\n";

	ok(parse_both(&m, get, strlen(get), true, false, 1000, &err) == 1, "a GET from curl parses");
	is_str(m.method, "GET", "its method");
	is_str(m.target, "/index.html?a=1", "its target");
	ok(m.minor == 1 && m.nheaders == 3 && m.keep_alive, "HTTP/1.1, three headers, kept alive");
	is_str(http_header(&m, "user-agent"), "curl/7.88.1", "headers are found in any case");
	ok(m.body_len == 0 && m.consumed == strlen(get), "no body: a request without a length has none");
	http_msg_free(&m);

	ok(parse_both(&m, post, strlen(post), true, false, 1000, &err) == 1, "a POST with a Content-Length");
	ok(m.body_len == 11 && memcmp(m.body, "fluffy tail", 11) == 0, "its body is the 11 bytes");
	ok(m.consumed == strlen(post) - 3, "and what follows is left for the next request");
	http_msg_free(&m);

	memset(&m, 0, sizeof m);
	ok(http_parse(&m, post, 40, true, false, 1000, &err) == 0, "a body not all there: more is needed");
	ok(http_parse(&m, post, strlen(post), true, false, 1000, &err) == 1, "then it completes");
	http_msg_free(&m);

	memset(&m, 0, sizeof m);
	ok(http_parse(&m, two, strlen(two), true, false, 1000, &err) == 1, "two pipelined requests: the first");
	is_str(m.target, "/a", "is /a");
	{
		struct http_msg m2 = { 0 };
		size_t used = m.consumed;

		ok(http_parse(&m2, two + used, strlen(two) - used, true, false, 1000, &err) == 1 &&
		   strcmp(m2.target, "/b") == 0, "the second is /b");
		ok(!m2.keep_alive, "HTTP/1.0 closes unless it asks to keep alive");
		http_msg_free(&m2);
	}
	http_msg_free(&m);

	memset(&m, 0, sizeof m);
	ok(http_parse(&m, "\r\nGET / HTTP/1.1\r\nConnection: close\r\n\r\n", 40, true, false, 1000, &err) == 1 &&
	   !m.keep_alive, "an empty line before a request is ignored, and Connection: close is heard");
	http_msg_free(&m);

	memset(&m, 0, sizeof m);
	ok(http_parse(&m, "GET / HTTP/1.1\nHost: x\n\n", 24, true, false, 1000, &err) == 1,
	   "bare LF line ends are accepted (RFC 9112 2.2)");
	http_msg_free(&m);
}

/* TEXT must be refused with STATUS and a message that holds WORDS. */
static void
refused(const char *text, bool request, int status, const char *words, const char *what)
{
	struct http_msg m;
	struct cl_error err = { 0 };
	int r = parse_both(&m, text, strlen(text), request, true, 100, &err);

	ok(r == -1 && m.error_status == status && strstr(err.msg, words), "%s: %d, '%s'", what, status, err.msg);
	http_msg_free(&m);
}

static void
refusals(void)
{
	char *big;

	refused("\x16\x03\x01\x02\x01\x01", true, 400, "not an HTTP request: it starts with '\\x16\\x03\\x01",
		"a TLS ClientHello is not HTTP, from its first byte");
	refused("hello there\r\n", true, 400, "not an HTTP request",
		"a wrong first line is refused before any blank line comes");
	refused("hello there\r\n\r\n", true, 400, "not an HTTP request", "a line of text");
	refused("GET / HTTP/2.0\r\n\r\n", true, 505, "other than 1.x", "HTTP/2.0 in a request line");
	refused("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc", true, 400,
		"smuggled", "a Content-Length with a Transfer-Encoding (RFC 9112 6.3)");
	refused("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", true, 400,
		"two different Content-Length", "two different Content-Lengths");
	refused("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", true, 400, "is not a number",
		"a negative Content-Length");
	refused("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", true, 413, "more than the 100 accepted",
		"a body over the limit, refused before it arrives");
	refused("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", true, 413, "too large",
		"a Content-Length that overflows");
	refused("GET / HTTP/1.1\r\nHost : x\r\n\r\n", true, 400, "a space before a header's colon",
		"a space before a colon (RFC 9112 5.1)");
	refused("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", true, 400, "folded", "an obs-fold line (RFC 9112 5.2)");
	refused("GET / HTTP/1.1\r\nNoColon\r\n\r\n", true, 400, "without a name and a colon", "a header without a colon");
	refused("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", true, 501, "'gzip' is not supported",
		"a transfer coding other than chunked");
	refused("GET / HTTP/1.1\r\nA: b\x01\r\n\r\n", true, 400, "a control character", "a control character");
	refused("GET / HTTP/1.1\r\nA: b\rc\r\n\r\n", true, 400, "a carriage return alone", "a lone CR");
	refused("GET / HTTP/1.1\r\nHost: x\r\n", true, 400, "closed in the middle of the header section",
		"the connection closes mid-head");
	refused("", true, 400, "closed without a request", "the connection closes at once");
	refused("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", false, 400, "after 3 of the 10 bytes",
		"a response cut short");
	refused("SSH-2.0-OpenSSH_9.2\r\n\r\n", false, 400, "not an HTTP/1.x response: it starts with 'SSH-2.0",
		"a server that is not HTTP");
	refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, 400, "not hexadecimal",
		"a chunk size that is not hex");
	refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n", false, 400,
		"longer than its size", "a chunk longer than its size");
	refused("\nHTTP/1.1 200 OK\r\n\r\n", false, 400, "starts with", "a response that starts with an empty line");
	{
		char t[1200] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: ";

		memset(t + strlen(t), 'a', 1100);
		strcpy(t + strlen(t), "\r\n\r\n");
		refused(t, false, 400, "longer than 1024 bytes", "a trailer line over 1024 bytes, however it arrives");
	}

	/* the header section has a limit of its own, whatever the body's */
	big = malloc(HTTP_MAX_HEAD + 100);
	memcpy(big, "GET / HTTP/1.1\r\nX: ", 19);
	memset(big + 19, 'a', HTTP_MAX_HEAD + 50);
	big[HTTP_MAX_HEAD + 69] = '\0';
	{
		struct http_msg m = { 0 };
		struct cl_error err;

		ok(http_parse(&m, big, strlen(big), true, false, 100, &err) == -1 && m.error_status == 431,
		   "a header section over %zu bytes: 431 before its end arrives", HTTP_MAX_HEAD);
		http_msg_free(&m);
	}
	free(big);
}

static void
responses(void)
{
	struct http_msg m;
	struct cl_error err;
	static const char wiki[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
				   "4\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n";
	static const char eof[] = "HTTP/1.0 200 OK\r\nServer: old\r\n\r\nuntil the end";

	ok(parse_both(&m, wiki, strlen(wiki), false, false, 1000, &err) == 1, "a chunked response");
	ok(m.status == 200 && strcmp(m.reason, "OK") == 0, "status 200 OK");
	ok(m.body_len == 23 && memcmp(m.body, "Wikipedia in\r\n\r\nchunks.", 23) == 0,
	   "its chunks join as Python's http.client joins them");
	http_msg_free(&m);

	memset(&m, 0, sizeof m);
	ok(http_parse(&m, eof, strlen(eof), false, false, 1000, &err) == 0, "no length: read until the close");
	ok(http_parse(&m, eof, strlen(eof), false, true, 1000, &err) == 1 && m.body_len == 13 && !m.keep_alive,
	   "the close ends it, and the connection is not reused");
	http_msg_free(&m);

	memset(&m, 0, sizeof m);
	ok(http_parse(&m, "HTTP/1.1 204 No Content\r\n\r\n", 27, false, false, 10, &err) == 1 && m.body_len == 0,
	   "204 has no body");
	http_msg_free(&m);
	memset(&m, 0, sizeof m);
	ok(http_parse(&m, "HTTP/1.1 100 Continue\r\n\r\n", 25, false, false, 10, &err) == 1 && m.status == 100,
	   "100 Continue is a whole (interim) answer");
	http_msg_free(&m);
	memset(&m, 0, sizeof m);
	m.head_only = true;
	ok(http_parse(&m, "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n", 39, false, false, 10, &err) == 1 &&
	   m.body_len == 0, "the answer to HEAD has no body, whatever its Content-Length");
	http_msg_free(&m);
	memset(&m, 0, sizeof m);
	ok(http_parse(&m, "HTTP/1.1 404\r\n\r\n", 16, false, true, 10, &err) == 1 && m.status == 404 &&
	   strcmp(m.reason, "") == 0, "a status line without a reason (and a body until the close)");
	http_msg_free(&m);
}

static void
urls(void)
{
	struct net_url u;
	struct cl_error err;

	ok(net_url_parse(&u, "https://localhost:5684/a?b#frag", &err) == 0 && u.tls && u.port == 5684 &&
	   strcmp(u.host, "localhost") == 0 && strcmp(u.path, "/a?b") == 0, "an https URL, fragment dropped");
	net_url_free(&u);
	ok(net_url_parse(&u, "HTTP://127.0.0.1", &err) == 0 && !u.tls && u.port == 80 && strcmp(u.path, "/") == 0,
	   "the scheme in any case; port 80 and path / by default");
	net_url_free(&u);
	ok(net_url_parse(&u, "http://x?q", &err) == 0 && strcmp(u.path, "/?q") == 0, "a query without a path");
	net_url_free(&u);
	ok(net_url_parse(&u, "ftp://x/", &err) == -1 && strstr(err.msg, "must start with http://"), "ftp: refused");
	ok(net_url_parse(&u, "http://x:0/", &err) == -1 && strstr(err.msg, "from 1 to 65535"), "port 0: refused");
	ok(net_url_parse(&u, "http://x:65536/", &err) == -1, "port 65536: refused");
	ok(net_url_parse(&u, "http://[::1]:80/", &err) == -1 && strstr(err.msg, "IPv6"), "IPv6: said");
	ok(net_url_parse(&u, "http://a b/", &err) == -1, "a space in the host: refused");
	ok(net_url_parse(&u, "http://x/a b", &err) == -1 && strstr(err.msg, "%20"), "a space in the path: %%20");
	ok(net_url_parse(&u, "http://user@x/", &err) == -1, "a user name: refused");
	ok(net_url_parse(&u, "http://x\r\nHost: y/", &err) == -1, "no header injection through the URL");
}

static void
tls_records(void)
{
	/* ClientHello (record version 0x0301, one handshake message of 3
	 * bytes); ChangeCipherSpec; an application_data record; a clear
	 * alert; then bytes that are not TLS */
	static const unsigned char c2s[] = {
		22, 3, 1, 0, 7, 1, 0, 0, 3, 0xaa, 0xbb, 0xcc,
		20, 3, 3, 0, 1, 1,
		23, 3, 3, 0, 2, 0x11, 0x22,
		'G', 'E', 'T', ' ', '/',
	};
	/* ServerHello and Certificate in one record, the Certificate going on
	 * into a second record, then a ServerHelloDone */
	static const unsigned char s2c[] = {
		22, 3, 3, 0, 10, 2, 0, 0, 1, 0x00, 11, 0, 0, 4, 0x01,
		22, 3, 3, 0, 7, 0x02, 0x03, 0x04, 14, 0, 0, 0,
		21, 3, 3, 0, 2, 2, 48,
	};
	struct wire_tls_record *r;
	size_t n;

	wire_tls_records(&r, &n, c2s, sizeof c2s, 100);
	ok(n == 4, "four records, the fourth not TLS (%zu)", n);
	ok(r[0].valid && r[0].type == 22 && r[0].version == 0x0301 && r[0].length == 7 && r[0].nmsgs == 1 &&
	   r[0].msgs[0] == 1 && !r[0].encrypted, "a ClientHello in clear");
	ok(r[1].type == 20 && !r[1].encrypted && r[1].offset == 12, "a ChangeCipherSpec, itself in clear");
	ok(r[2].type == 23 && r[2].encrypted && r[2].length == 2, "then application data: ciphertext");
	ok(!r[3].valid && r[3].offset == 25, "'GET /' is not a record");
	is_str(wire_tls_handshake_name(r[0].msgs[0]), "ClientHello", "named ClientHello");
	is_str(wire_tls_version_name(0x0303), "TLS 1.2", "0x0303 is TLS 1.2");
	free(r);

	wire_tls_records(&r, &n, s2c, sizeof s2c, 100);
	ok(n == 3 && r[0].nmsgs == 2 && r[0].msgs[0] == 2 && r[0].msgs[1] == 11,
	   "ServerHello and the start of a Certificate in one record");
	ok(r[1].nmsgs == 1 && r[1].msgs[0] == 14, "the Certificate's end is skipped, then ServerHelloDone");
	ok(r[2].type == 21 && r[2].alert_level == 2 && r[2].alert_desc == 48, "a fatal alert in clear");
	is_str(wire_tls_alert_name(48), "unknown_ca", "alert 48 is unknown_ca");
	free(r);

	wire_tls_records(&r, &n, c2s, 7, 100);
	ok(n == 1 && r[0].nmsgs == 0, "a record cut by the end of the capture: its header only");
	free(r);
	wire_tls_records(&r, &n, c2s, 4, 100);
	ok(n == 0, "a header cut short is no record");
	free(r);
}

static uint16_t
csum(const unsigned char *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
pcap_roundtrip(void)
{
	struct wire w;
	struct cl_error err;
	char path[] = "/tmp/test-http-XXXXXX", file[64], ebuf[PCAP_ERRBUF_SIZE];
	long c;
	pcap_t *p;
	struct pcap_pkthdr *h;
	const u_char *d;
	int count = 0, csum_ok = 1, flags[16];
	uint32_t seq[16], payload[16];

	ok(mkdtemp(path) != NULL, "a temporary directory");
	snprintf(file, sizeof file, "%s/c.pcap", path);
	wire_init(&w);
	c = wire_open(&w, 0x7f000001, 40000, 0x7f000001, 5985, false, 1700000000000000);
	wire_data(&w, c, WIRE_C2S, 1700000000000100, "GET / HTTP/1.1\r\n", 16, 16);
	wire_data(&w, c, WIRE_C2S, 1700000000000101, "\r\n", 2, 2);	/* joins the burst before */
	wire_data(&w, c, WIRE_S2C, 1700000000000200, "HTTP/1.1 200 OK\r\n\r\n", 19, 19);
	wire_fin(&w, c, WIRE_S2C, 1700000000000300);
	wire_fin(&w, c, WIRE_C2S, 1700000000000400);
	ok(w.nchunks == 5, "open, two bursts, two FINs (%zu events)", w.nchunks);
	ok(wire_save_pcap(&w, file, false, &err) == 0, "the pcap is written");
	ok(wire_save_pcap(&w, file, false, &err) == -1 && strstr(err.msg, "exists"), "and not overwritten");
	ok(access(file, F_OK) == 0 && (p = pcap_open_offline(file, ebuf)) != NULL, "libpcap reads it");
	ok(pcap_datalink(p) == DLT_RAW, "raw IPv4 packets");
	while (pcap_next_ex(p, &h, &d) == 1 && count < 16) {
		uint16_t ihl = (uint16_t)((d[0] & 15) * 4);

		if (csum(d, ihl) != 0)
			csum_ok = 0;
		flags[count] = d[ihl + 13];
		seq[count] = get32(d + ihl + 4);
		payload[count] = (uint32_t)(h->len - ihl - 20);
		count++;
	}
	pcap_close(p);
	ok(count == 9, "SYN, SYN-ACK, ACK, two data, FIN+ACK twice: 9 packets (%d)", count);
	ok(csum_ok, "every IPv4 header checksum holds");
	ok(flags[0] == 0x02 && flags[1] == 0x12 && flags[2] == 0x10, "the three-way handshake");
	ok(payload[3] == 18 && payload[4] == 19, "18 bytes of request, 19 of response");
	ok(seq[3] == seq[0] + 1 && seq[4] == seq[1] + 1, "data starts one past each SYN");
	ok((flags[5] & 0x01) && seq[5] == seq[4] + 19, "the server's FIN follows its 19 bytes");
	ok((flags[7] & 0x01) && seq[7] == seq[3] + 18, "the client's FIN follows its 18 bytes");
	wire_free(&w);
	unlink(file);
	rmdir(path);
}

/* Two ends of a loopback connection in one process: lines both ways, a
 * poll, time limits, a line too long, the peer closing, the capture. */
static void
line_connections(void)
{
	struct net_listener *l;
	struct net_conn *a = NULL, *b = NULL;
	struct cl_error err;
	char *line = NULL;
	const struct wire *w;
	double t0;

	ok(net_listen(&l, NULL, 0, &err) == 0 && net_listener_port(l) > 0, "listen on a free port of 127.0.0.1");
	ok(net_accept(&b, l, 0, &err) == 0 && b == NULL, "nobody yet: a poll says so at once");
	ok(net_connect(&a, "localhost", net_listener_port(l), 2, &err) == 0, "connect to it");
	ok(net_accept(&b, l, 2, &err) == 0 && b != NULL, "the peer is accepted");
	ok(net_conn_write(a, "hello 1\r\nsecond", 15, 2, &err) == 0, "a line and a half are sent");
	ok(net_conn_read_line(b, &line, 100, 2, &err) == 1 && strcmp(line, "hello 1") == 0,
	   "the line arrives, its CR LF gone");
	free(line);
	ok(net_conn_read_line(b, &line, 100, 0, &err) == 0 && line == NULL, "half a line: a poll finds nothing");
	t0 = clock_elapsed();
	ok(net_conn_read_line(b, &line, 100, 0.3, &err) == -1 && err.code == GPG_ERR_TIMEOUT &&
	   strstr(err.msg, "sent no line within 0.3 seconds"), "no more in time: '%s'", err.msg);
	ok(clock_elapsed() - t0 < 1.5, "and the wait kept to its limit");
	ok(net_conn_write(a, " half\n", 6, 2, &err) == 0 && net_conn_read_line(b, &line, 100, 2, &err) == 1 &&
	   strcmp(line, "second half") == 0, "the rest of the line completes it");
	free(line);
	ok(net_conn_write(b, "0123456789\n", 11, 2, &err) == 0 && net_conn_read_line(a, &line, 5, 2, &err) == -1 &&
	   err.code == GPG_ERR_TOO_LARGE, "a line over the limit is refused: '%s'", err.msg);
	w = net_conn_wire(b);
	ok(w->nconns == 1 && w->conns[0].bytes[WIRE_C2S] == 21 && w->conns[0].bytes[WIRE_S2C] == 11,
	   "the accepting side's capture holds both directions");
	net_conn_close(a);
	ok(net_conn_read_line(b, &line, 100, 2, &err) == -1 && err.code == GPG_ERR_EOF &&
	   strstr(err.msg, "closed the connection"), "the peer closing is said: '%s'", err.msg);
	net_conn_close(b);
	net_listener_close(l);
	ok(net_connect(&a, "127.0.0.1", 1, 2, &err) == -1 && strstr(err.msg, "connection refused"),
	   "nobody on port 1: '%s'", err.msg);
}

int
main(void)
{
	struct cl_error err;

	if (core_init(&err))
		skip_all(err.msg);
	requests();
	refusals();
	responses();
	urls();
	tls_records();
	pcap_roundtrip();
	line_connections();
	done_testing();
}
