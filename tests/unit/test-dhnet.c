/* The network exchange (libcore/dhnet.c): its lines as the protocol in
 * dhnet.h describes them, the text a signature covers, and whole exchanges
 * between two processes on 127.0.0.1 (a free port): plain, signed and
 * checked, a signature by another key, a mismatched group; then the chat
 * both ways, and a token made with another key. Independent answers: the
 * fingerprint is recomputed here from the secret with HKDF-SHA256 through
 * GnuTLS and SHA-256 through libgcrypt (not through dh_fingerprint), and
 * the signed text is compared with the protocol's description written out;
 * tests/interop/dhnet_python.py checks both against Python. */
#include <config.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gcrypt.h>
#include <gnutls/crypto.h>
#include "libcore/core.h"
#include "libcore/dhnet.h"
#include "libcore/xalloc.h"
#include "tests/unit/tap.h"

static void
parse_ok(const char *line, enum dhnet_kind kind, const char *what)
{
	struct dhnet_line l;
	struct cl_error err = { 0 };

	dhnet_line_init(&l);
	ok(dhnet_parse_line(&l, line, strlen(line), "peer", &err) == 0 && l.kind == kind, "%s: '%.40s' %s", what,
	   line, err.msg);
	dhnet_line_clear(&l);
}

static void
parse_bad(const char *line, size_t n, const char *want, const char *what)
{
	struct dhnet_line l;
	struct cl_error err = { 0 };
	int r;

	dhnet_line_init(&l);
	r = dhnet_parse_line(&l, line, n, "127.0.0.1:5000", &err);
	ok(r < 0 && strstr(err.msg, want), "%s: refused, '%s'", what, err.msg);
	dhnet_line_clear(&l);
}

static void
test_lines(void)
{
	struct dhnet_line l;
	struct cl_error err;
	const char *sig = "SIGNATURE ed25519 0a0b ff00";

	parse_ok("CRYPTOLAB-DH 1", DHNET_HELLO, "a greeting");
	dhnet_line_init(&l);
	ok(dhnet_parse_line(&l, "CRYPTOLAB-DH 1 name=alice", 25, "p", &err) == 0 && l.version == 1 &&
	   strcmp(l.name, "alice") == 0, "a greeting with a name");
	dhnet_line_clear(&l);
	dhnet_line_init(&l);
	ok(dhnet_parse_line(&l, "GROUP toy p=23 g=5", 18, "p", &err) == 0 && l.has_pg && mpz_cmp_ui(l.p, 23) == 0 &&
	   mpz_cmp_ui(l.g, 5) == 0 && strcmp(l.name, "toy") == 0, "a group with its numbers");
	dhnet_line_clear(&l);
	dhnet_line_init(&l);
	ok(dhnet_parse_line(&l, "PUBLIC 8", 8, "p", &err) == 0 && mpz_cmp_ui(l.y, 8) == 0, "a public value");
	dhnet_line_clear(&l);
	dhnet_line_init(&l);
	ok(dhnet_parse_line(&l, sig, strlen(sig), "p", &err) == 0 && l.sig_len == 2 && l.sig[1] == 0x0b &&
	   l.spki_len == 2 && l.spki[0] == 0xff && strcmp(l.sigkind, "ed25519") == 0, "a signature line");
	dhnet_line_clear(&l);
	dhnet_line_init(&l);
	ok(dhnet_parse_line(&l, "MSG  gAAAA", 10, "p", &err) == 0 && l.text_len == 5 &&
	   memcmp(l.text, "gAAAA", 5) == 0, "a message: its token");
	dhnet_line_clear(&l);
	parse_ok("READY", DHNET_READY, "ready");
	parse_ok("BYE", DHNET_BYE, "bye");
	parse_ok("ERROR no thanks", DHNET_ERROR, "an error");

	parse_bad("HTTP/1.1 200 OK", 15, "127.0.0.1:5000 does not speak the exchange: it sent 'HTTP/1.1 200 OK'",
		  "another protocol");
	parse_bad("\x1b[2J", 4, "it sent '\\x1b[2J'", "control characters are shown escaped");
	parse_bad("", 0, "an empty line", "an empty line");
	parse_bad("PUBLIC -5", 9, "not a decimal number", "a negative number");
	parse_bad("PUBLIC", 6, "without its number", "a PUBLIC without its number");
	parse_bad("GROUP x p=23", 12, "without its g", "p without g");
	parse_bad("GROUP bad/name", 14, "without a group name", "a group name with a slash");
	parse_bad("SIGNATURE ed25519 0g ff", 23, "not hex", "a signature that is not hex");
	parse_bad("SIGNATURE ed25519 abc ff", 24, "not hex", "an odd number of hex digits");
	parse_bad("SIGNATURE ed25519 00", 20, "without its public key", "a signature without its key");
	parse_bad("CRYPTOLAB-DH 1 name=a\x01", 22, "a name that is not", "a name with a control character");
	parse_bad("MSG", 3, "without its token", "a message without a token");
	parse_bad("CRYPTOLAB-DH 1 name=a\0b", 22, "a name that is not", "a name with a NUL in it");
	/* found by fuzz-dhnet: the version was read past the end of a line
	 * that is not NUL-terminated */
	{
		char *v = xmalloc(15);

		memcpy(v, "CRYPTOLAB-DH 11", 15);
		dhnet_line_init(&l);
		ok(dhnet_parse_line(&l, v, 15, "p", &err) == 0 && l.version == 11, "a version at the very end");
		dhnet_line_clear(&l);
		free(v);
	}
	{
		/* a number of more than DH_MAX_BITS bits */
		size_t n = DH_MAX_BITS / 3 + 10;
		char *big = xmalloc(n + 8);

		memcpy(big, "PUBLIC ", 7);
		memset(big + 7, '9', n);
		parse_bad(big, n + 7, "too large", "a number too large");
		free(big);
	}
}

static void
test_signed_text(void)
{
	struct dh_group G;
	struct cl_error err;
	mpz_t a, b;
	char *t;

	dh_group_init(&G);
	dh_group_named(&G, "toy", &err);
	mpz_init_set_ui(a, 8);
	mpz_init_set_ui(b, 19);
	t = dhnet_signed_text(&G, a, b, DHNET_CONNECTOR);
	is_str(t, "cryptolab-dh 1 signed by the connector\ngroup p=23 g=5\nlistener 8\nconnector 19\n",
	       "the signed text: the role, the group, both public values (dhnet.h)");
	free(t);
	mpz_clears(a, b, NULL);
	dh_group_clear(&G);
}

/* ---- whole exchanges between two processes ---- */

struct side_opts {
	const char *group;		/* listener: its group; connector: the one it insists on, or NULL */
	struct pkey *sign, *trust;
	const char *send;		/* a message to send after, or NULL */
	bool other_key_token;		/* send a token under another key instead */
};

/* The fingerprint recomputed from the secret: HKDF-SHA256 with GnuTLS, no
 * salt, info "cryptolab fernet key", then SHA-256 and its first 8 bytes. */
static void
fingerprint_by_hand(char out[20], const struct dh_group *G, const mpz_t s)
{
	size_t plen = (mpz_sizeinbase(G->p, 2) + 7) / 8, n;
	unsigned char *sec = xcalloc(1, plen), prk[32], okm[32], h[32], zero[32] = { 0 };
	gnutls_datum_t key, salt = { zero, 32 }, info = { (unsigned char *)"cryptolab fernet key", 20 };

	mpz_export(sec + plen - (mpz_sizeinbase(s, 256)), &n, 1, 1, 1, 0, s);
	key.data = sec;
	key.size = (unsigned)plen;
	gnutls_hkdf_extract(GNUTLS_MAC_SHA256, &key, &salt, prk);
	key.data = prk;
	key.size = 32;
	gnutls_hkdf_expand(GNUTLS_MAC_SHA256, &key, &info, okm, 32);
	gcry_md_hash_buffer(GCRY_MD_SHA256, h, okm, 32);
	snprintf(out, 20, "%02x%02x %02x%02x %02x%02x %02x%02x", h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
	free(sec);
}

/* Run one side; write to FD "OK fingerprint|message" or "ERR message". */
static void
side(int fd, bool listener, unsigned port, struct net_listener *l, const struct side_opts *o)
{
	struct dhnet x;
	struct net_conn *c = NULL;
	struct cl_error err = { 0 };
	struct dh_group G;
	char line[1200];
	int rc = -1;

	dh_group_init(&G);
	if (o->group)
		dh_group_named(&G, o->group, &err);
	dhnet_init(&x, listener ? DHNET_LISTENER : DHNET_CONNECTOR, "peer");
	x.sign = o->sign ? pkey_ref(o->sign) : NULL;
	x.trust = o->trust ? pkey_ref(o->trust) : NULL;
	if (listener) {
		if (net_accept(&c, l, 10, &err) || dhnet_send_hello(&x, c, &G, 10, &err) ||
		    dhnet_read_until_ready(&x, c, 10, &err) || dhnet_check_peer(&x, &err) ||
		    dhnet_send_end(&x, c, NULL, 10, &err) || dhnet_finish(&x, &err))
			goto leave;
	} else {
		if (net_connect(&c, "127.0.0.1", port, 10, &err) ||
		    dhnet_read_hello(&x, c, o->group ? &G : NULL, 10, &err) || dhnet_send_end(&x, c, NULL, 10, &err) ||
		    dhnet_read_until_ready(&x, c, 10, &err) || dhnet_check_peer(&x, &err) || dhnet_finish(&x, &err))
			goto leave;
	}
	{
		char fp[20];

		fingerprint_by_hand(fp, &x.G, x.secret);
		if (strcmp(fp, x.fingerprint) != 0) {
			snprintf(line, sizeof line, "ERR fingerprint %s, by hand %s", x.fingerprint, fp);
			goto out;
		}
	}
	if (o->send) {
		if (o->other_key_token) {
			struct fernet_key k;
			char *t;
			size_t tn;

			fernet_key_generate(&k, &err);
			fernet_encrypt(&t, &tn, &k, "x", 1, &err);
			net_conn_write(c, "MSG ", 4, 10, &err);
			net_conn_write(c, t, tn, 10, &err);
			net_conn_write(c, "\n", 1, 10, &err);
			free(t);
			fernet_key_free(&k);
		} else if (dhnet_send_message(&x, c, o->send, strlen(o->send), NULL, 10, &err))
			goto leave;
		snprintf(line, sizeof line, "OK %s|", x.fingerprint);
	} else {
		unsigned char *msg;
		size_t n;
		int r = dhnet_read_message(&x, c, &msg, &n, 10, &err);

		if (r < 0)
			goto leave;
		snprintf(line, sizeof line, "OK %s|%.*s", x.fingerprint, r == 1 ? (int)n : 3,
			 r == 1 ? (const char *)msg : "BYE");
		if (r == 1)
			fernet_free(msg, n);
	}
	rc = 0;
leave:
	if (rc) {
		if (c)
			dhnet_send_error(c, err.msg);
		snprintf(line, sizeof line, "ERR %s", err.msg);
	}
out:
	if (write(fd, line, strlen(line)) < 0)
		abort();
	net_conn_close(c);
	dhnet_clear(&x);
	dh_group_clear(&G);
}

/* Both sides: the listener here, the connector in a child. */
static void
exchange(const struct side_opts *lo, const struct side_opts *co, char *lres, char *cres, size_t n)
{
	struct net_listener *l;
	struct cl_error err;
	int lp[2], cp[2];
	pid_t pid;
	ssize_t got;

	if (net_listen(&l, NULL, 0, &err) || pipe(lp) || pipe(cp))
		abort();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(cp[0]);
		side(cp[1], false, net_listener_port(l), NULL, co);
		_exit(0);
	}
	close(cp[1]);
	side(lp[1], true, 0, l, lo);
	close(lp[1]);
	got = read(lp[0], lres, n - 1);
	lres[got > 0 ? got : 0] = '\0';
	got = read(cp[0], cres, n - 1);
	cres[got > 0 ? got : 0] = '\0';
	close(lp[0]);
	close(cp[0]);
	waitpid(pid, NULL, 0);
	net_listener_close(l);
}

static void
test_exchanges(void)
{
	char lr[1200], cr[1200];
	struct pkey *alice, *mallory, *alice_pub;
	struct cl_error err;

	exchange(&(struct side_opts){ .group = "ffdhe2048" }, &(struct side_opts){ .send = "hello alice" }, lr, cr,
		 sizeof lr);
	ok(strncmp(lr, "OK ", 3) == 0 && strncmp(cr, "OK ", 3) == 0 && strncmp(lr + 3, cr + 3, 19) == 0,
	   "two processes agree on a key (fingerprints recomputed by hand): '%s' '%s'", lr, cr);
	ok(strstr(lr, "|hello alice") != NULL, "and the message opens on the other side");

	if (pkey_generate_ec(&alice, PKEY_ED25519, &err) || pkey_generate_ec(&mallory, PKEY_P256, &err))
		abort();
	alice_pub = pkey_public(alice);
	exchange(&(struct side_opts){ .group = "ffdhe2048", .sign = alice, .send = "signed" },
		 &(struct side_opts){ .trust = alice_pub }, lr, cr, sizeof lr);
	ok(strstr(cr, "|signed") && strncmp(lr, "OK ", 3) == 0, "a signed exchange checks with trust: '%s'", cr);
	exchange(&(struct side_opts){ .group = "ffdhe2048", .sign = mallory },
		 &(struct side_opts){ .trust = alice_pub }, lr, cr, sizeof lr);
	ok(strstr(cr, "ERR peer signed with another key than the one you trust") != NULL,
	   "a signature by another key: '%s'", cr);
	ok(strstr(lr, "refused") != NULL, "and the listener hears the refusal: '%s'", lr);
	exchange(&(struct side_opts){ .group = "ffdhe2048" }, &(struct side_opts){ .trust = alice_pub }, lr,
		 cr, sizeof lr);
	ok(strstr(cr, "ERR peer sent no signature, and you asked for one") != NULL, "no signature: '%s'", cr);
	exchange(&(struct side_opts){ .group = "modp2048", .trust = alice },
		 &(struct side_opts){ .sign = mallory }, lr, cr, sizeof lr);
	ok(strstr(lr, "ERR peer signed with another key") != NULL && strstr(cr, "ERR peer refused: peer signed") != NULL,
	   "the listener refuses before its READY, and the connector hears it: '%s' '%s'", lr, cr);
	exchange(&(struct side_opts){ .group = "modp2048" }, &(struct side_opts){ .group = "ffdhe2048" }, lr, cr,
		 sizeof lr);
	ok(strstr(cr, "ERR peer uses the group modp2048 (2048 bits), and you asked for ffdhe2048 (2048 bits)") != NULL,
	   "a mismatched group: '%s'", cr);
	exchange(&(struct side_opts){ .group = "toy" }, &(struct side_opts){ .send = "x", .other_key_token = true },
		 lr, cr, sizeof lr);
	ok(strstr(lr, "ERR a message from peer does not open with the key of this exchange") != NULL,
	   "a token under another key: '%s'", lr);
	pkey_unref(alice_pub);
	pkey_unref(alice);
	pkey_unref(mallory);
}

int
main(void)
{
	struct cl_error err;

	signal(SIGPIPE, SIG_IGN);
	if (core_init(&err))
		skip_all(err.msg);
	test_lines();
	test_signed_text();
	test_exchanges();
	done_testing();
}
