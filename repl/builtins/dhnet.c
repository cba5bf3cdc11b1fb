/* Two shells, one secret (libcore/dhnet.c): dh.listen and dh.connect run a
 * real Diffie-Hellman exchange over TCP between two shells and print the
 * fingerprint of the Fernet key both derive; chat.* sends and reads lines
 * encrypted under it over the same connection; dh.relay plays Mallory
 * between them. These dh.* entries are a second table of the dh namespace
 * (dh.c holds the numbers).
 *
 * A connection is a live object: the shell keeps the last one for chat.*,
 * and at the prompt the loop watches it, so a message that comes in prints
 * above the prompt as it arrives (and waits in an inbox for chat.read).
 * Waits (for a peer, for a line) are bounded by seconds= and stop at
 * Ctrl-C; the relay runs until one side leaves, its time is up, or Ctrl-C. */
#include <config.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/clock.h"
#include "libcore/dhnet.h"
#include "libcore/interrupt.h"
#include "libcore/net.h"
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/builtins/cert.h"
#include "repl/builtins/dh.h"
#include "repl/builtins/dhnet.h"
#include "repl/builtins/keys.h"
#include "repl/reader.h"
#include "repl/render.h"
#include "repl/session.h"

#define STEP_SECONDS 10.0	/* each line of the exchange, once connected */
#define INBOX_MAX 1000

/* ---- the connection object ---- */

struct inmsg {
	unsigned char *p;
	size_t n;
};

struct dhconn {
	struct dhnet x;
	struct net_conn *conn;
	struct session *s;	/* where incoming lines print */
	bool watched, closed, peer_left;
	struct inmsg *inbox;	/* messages in, not yet taken by chat.read */
	size_t ninbox;
	unsigned long sent, received;
	char who[128];		/* "alice (127.0.0.1:5000)" or "127.0.0.1:5000" */
};

static struct value *current;	/* the connection chat.* uses by default */

static void
inbox_drop(struct dhconn *d)
{
	for (size_t i = 0; i < d->ninbox; i++)
		fernet_free(d->inbox[i].p, d->inbox[i].n);
	free(d->inbox);
	d->inbox = NULL;
	d->ninbox = 0;
}

static void
conn_close_live(void *data)
{
	struct dhconn *d = data;

	if (d->closed)
		return;
	d->closed = true;
	if (d->watched)
		reader_unwatch(net_conn_fd(d->conn));
	d->watched = false;
	if (!d->peer_left) {
		struct cl_error e;

		net_conn_write(d->conn, "BYE\n", 4, 1.0, &e);	/* best effort */
	}
	/* the capture stays; the socket goes */
	net_conn_shutdown(d->conn);
}

static void
conn_free(void *data)
{
	struct dhconn *d = data;

	conn_close_live(d);
	net_conn_close(d->conn);
	dhnet_clear(&d->x);
	inbox_drop(d);
	free(d);
}

static struct dhconn *
dhconn_of(const struct value *v)
{
	return v->u.obj.data;
}

static struct value *
message_value(const unsigned char *p, size_t n)
{
	return key_message_value(p, n);
}

static int
conn_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct dhconn *d = data;

	if (strcmp(name, "peer") == 0)
		*out = value_cstr(net_conn_peer(d->conn));
	else if (strcmp(name, "name") == 0)
		*out = value_cstr(d->x.peer_name);
	else if (strcmp(name, "group") == 0)
		*out = value_cstr(d->x.G.name);
	else if (strcmp(name, "public") == 0)
		*out = value_int(d->x.pub);
	else if (strcmp(name, "peer_public") == 0)
		*out = value_int(d->x.peer_pub);
	else if (strcmp(name, "secret") == 0)
		*out = value_int(d->x.secret);
	else if (strcmp(name, "key") == 0) {
		char text[FERNET_KEY_TEXT_LEN + 1];

		fernet_key_format(text, &d->x.key);
		*out = value_str(text, FERNET_KEY_TEXT_LEN);
		explicit_bzero(text, sizeof text);
	} else if (strcmp(name, "fingerprint") == 0)
		*out = value_cstr(d->x.fingerprint);
	else if (strcmp(name, "signed") == 0)
		*out = value_bool(d->x.peer_signer && d->x.peer_sig_ok);
	else if (strcmp(name, "open") == 0)
		*out = value_bool(!d->closed && !d->peer_left);
	else if (strcmp(name, "sent") == 0)
		*out = value_int_si((long)d->sent);
	else if (strcmp(name, "received") == 0)
		*out = value_int_si((long)d->received);
	else
		return cl_fail(err, GPG_ERR_INV_NAME, "a dh connection has no field '%s' (it has peer, name, "
			       "group, public, peer_public, secret, key, fingerprint, signed, open, sent, received)",
			       name);
	return 0;
}

static const char *const conn_fields[] = { "peer", "name", "group", "public", "peer_public", "secret", "key",
					   "fingerprint", "signed", "open", "sent", "received", NULL };

static void
conn_show(const void *data, FILE *out)
{
	const struct dhconn *d = data;

	fprintf(out, "dh connection with %s: group %s, key fingerprint %s, %lu message%s sent, %lu received, %s",
		d->who, d->x.G.name, d->x.fingerprint, d->sent, d->sent == 1 ? "" : "s", d->received,
		d->closed ? "closed" : d->peer_left ? "the peer left" : "open");
}

static const struct objtype conn_type = {
	.name = "dh connection",
	.free = conn_free,
	.field = conn_field,
	.fields = conn_fields,
	.show = conn_show,
	.close = conn_close_live,
};

bool
dhconn_capture(const struct value *v, const struct wire **w, char *title, size_t n)
{
	const struct dhconn *d;

	if (!value_is_obj(v, &conn_type))
		return false;
	d = dhconn_of(v);
	*w = net_conn_wire(d->conn);
	snprintf(title, n, "what crossed the wire of the exchange with %s", d->who);
	return true;
}

/* ---- messages at the prompt ---- */

static void
inbox_add(struct dhconn *d, unsigned char *p, size_t n)
{
	if (d->ninbox == INBOX_MAX) {
		fernet_free(d->inbox[0].p, d->inbox[0].n);
		memmove(d->inbox, d->inbox + 1, (INBOX_MAX - 1) * sizeof *d->inbox);
		d->ninbox--;
	}
	d->inbox = xreallocarray(d->inbox, d->ninbox + 1, sizeof *d->inbox);
	d->inbox[d->ninbox].p = p;
	d->inbox[d->ninbox].n = n;
	d->ninbox++;
}

/* "alice: text", the text escaped: nothing a peer sends drives the terminal. */
static void
notify_message(struct dhconn *d, const unsigned char *p, size_t n)
{
	char *text = xstrndup((const char *)p, n), *safe = render_escaped(text);

	reader_notify(d->s, "%s%s:%s %s", color(d->s, COL_CYAN), d->who, color(d->s, COL_RESET), safe);
	explicit_bzero(text, n);
	free(text);
	free(safe);
}

static void
peer_gone(struct dhconn *d, const char *why)
{
	d->peer_left = true;
	if (d->watched) {
		reader_unwatch(net_conn_fd(d->conn));
		d->watched = false;
	}
	reader_notify(d->s, "%s%s%s %s", color(d->s, COL_DIM), d->who, color(d->s, COL_RESET), why);
}

/* The prompt loop found the connection readable: every complete line. */
static void
on_readable(int fd, void *ctx)
{
	struct dhconn *d = ctx;

	(void)fd;
	while (!d->closed && !d->peer_left) {
		unsigned char *msg;
		size_t n;
		struct cl_error e;
		int r = dhnet_read_message(&d->x, d->conn, &msg, &n, 0, &e);

		if (r == 2)
			return;
		if (r == 1) {
			d->received++;
			notify_message(d, msg, n);
			inbox_add(d, msg, n);
			continue;
		}
		if (r == 0)
			peer_gone(d, "left the chat");
		else if (e.code == GPG_ERR_BAD_DATA)
			reader_notify(d->s, "%swarning:%s %s", color(d->s, COL_YELLOW), color(d->s, COL_RESET),
				      e.msg);
		else {
			char why[sizeof e.msg + 16];

			snprintf(why, sizeof why, "is gone: %s", e.msg);
			peer_gone(d, why);
		}
	}
}

/* ---- arguments ---- */

/* A signing key: a private key (key objects, or their PEM text). */
static int
sign_arg(struct call *c, int i, struct pkey **out)
{
	const struct value *v = c->arg[i];
	struct value *conv = NULL;
	int r;

	*out = NULL;
	if (!v)
		return 0;
	if (value_is_obj(v, &key_type))
		*out = pkey_ref(key_of(v));
	else if ((v->type == V_STR || v->type == V_BYTES) && (r = key_type.coerce(v, &conv, c->err)) <= 0) {
		if (r < 0)
			return -1;
		*out = pkey_ref(key_of(conv));
		value_unref(conv);
	} else
		return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: 'sign' must be your private key (from ec.keygen, "
			       "rsa.keygen or load), not %s", c->b->name, value_type_name(v));
	if (!pkey_is_private(*out)) {
		pkey_unref(*out);
		*out = NULL;
		return cl_fail(c->err, GPG_ERR_NO_SECKEY, "%s: 'sign' is a public key: signing takes the private "
			       "key (give the public one, or your certificate, to the other side's trust=)",
			       c->b->name);
	}
	return 0;
}

/* The key to trust: a public (or private) key, or a certificate's key. */
static int
trust_arg(struct call *c, int i, struct pkey **out)
{
	const struct value *v = c->arg[i];
	struct value *conv = NULL;
	struct cl_error e;

	*out = NULL;
	if (!v)
		return 0;
	if (value_is_obj(v, &key_type)) {
		*out = pkey_public(key_of(v));
		return 0;
	}
	if (value_is_obj(v, &cert_type)) {
		struct pkey *k = x509_cert_info(cert_of(v))->key;

		if (!k)
			return cl_fail(c->err, GPG_ERR_PUBKEY_ALGO, "%s: the certificate's key is %s", c->b->name,
				       x509_cert_info(cert_of(v))->key_desc);
		*out = pkey_public(k);
		return 0;
	}
	if (v->type == V_STR || v->type == V_BYTES) {
		if (key_type.coerce(v, &conv, &e) == 0) {
			*out = pkey_public(key_of(conv));
			value_unref(conv);
			return 0;
		}
		if (cert_type.coerce(v, &conv, &e) == 0) {
			struct pkey *k = x509_cert_info(cert_of(conv))->key;

			*out = k ? pkey_public(k) : NULL;
			value_unref(conv);
			if (k)
				return 0;
		}
		return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: 'trust' holds neither a key nor a certificate in PEM "
			       "form", c->b->name);
	}
	return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: 'trust' must be the other side's public key or its "
		       "certificate (from load, or the .public of a key), not %s", c->b->name, value_type_name(v));
}

static int
name_arg(struct call *c, int i, char *out, size_t size)
{
	const struct value *v = c->arg[i];

	out[0] = '\0';
	if (!v)
		return 0;
	if (v->u.s.n == 0 || v->u.s.n > DHNET_MAX_NAME || strspn(v->u.s.p, "abcdefghijklmnopqrstuvwxyz"
								"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") != v->u.s.n)
		return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: 'name' is up to %d letters, digits, '-', '_' or "
			       "'.' (it travels in clear: anyone can claim any name)", c->b->name, DHNET_MAX_NAME);
	snprintf(out, size, "%s", v->u.s.p);
	return 0;
}

/* ---- the summary both sides print ---- */

static const char *
short_num(char *buf, size_t size, const mpz_t z)
{
	char *s = mpz_get_str(NULL, 10, z);
	size_t n = strlen(s);

	if (n <= 24)
		snprintf(buf, size, "%s", s);
	else
		snprintf(buf, size, "%.8s...%s (%zu digits)", s, s + n - 6, n);
	free(s);
	return buf;
}

static void
summary(struct session *s, const struct dhconn *d, bool listener)
{
	const struct dhnet *x = &d->x;
	char mine[64], theirs[64];
	const char *me = listener ? "A" : "B", *them = listener ? "B" : "A", *priv = listener ? "a" : "b";

	fprintf(s->out, "%sexchange with %s done%s\n", color(s, COL_BOLD), d->who, color(s, COL_RESET));
	fprintf(s->out, "  group        %s, %zu bits%s\n", x->G.name, mpz_sizeinbase(x->G.p, 2),
		mpz_sizeinbase(x->G.p, 2) < 2048 ? " (a toy: a real exchange uses 2048 bits or more)" : "");
	fprintf(s->out, "  you sent     %s = g^%s mod p = %s\n", me, priv, short_num(mine, sizeof mine, x->pub));
	fprintf(s->out, "  they sent    %s = %s\n", them, short_num(theirs, sizeof theirs, x->peer_pub));
	if (x->trust)
		fprintf(s->out, "  signature    %schecks%s: by the key you trust, over both public values\n",
			color(s, COL_GREEN), color(s, COL_RESET));
	else if (x->peer_signer) {
		const unsigned char *f = pkey_fingerprint(x->peer_signer);

		const char *kind = pkey_kind_title(pkey_kind(x->peer_signer));

		fprintf(s->out, "  signature    by %s %s key %02x%02x%02x%02x..., %s, but nobody said to trust it "
			"(trust= insists on a key)\n", value_article(kind), kind, f[0], f[1], f[2], f[3],
			x->peer_sig_ok ? "good" : "NOT over these values");
	} else
		fprintf(s->out, "  signature    none: nothing shows who sent %s (trust= would insist on one)\n",
			them);
	fprintf(s->out, "  key          %s^%s mod p, through HKDF-SHA256: a Fernet key (.key)\n", them, priv);
	fprintf(s->out, "  fingerprint  %s%s%s\n", color(s, COL_BOLD), x->fingerprint, color(s, COL_RESET));
	render_reflow(s, s->out, "Read the fingerprint to the other side, out loud: the same means one key; "
		      "different means someone sits between you. `chat.send(\"hi\")` and `chat.read()` talk; "
		      "`wire.show(c)` shows the wire.", s->width > 0 ? s->width : 80, 0);
}

/* ---- dh.listen, dh.connect ---- */

static struct value *
new_conn(struct call *c, struct dhconn *d)
{
	struct value *v = value_obj(&conn_type, d);

	d->s = c->s;
	if (d->x.peer_name[0])
		snprintf(d->who, sizeof d->who, "%s (%s)", d->x.peer_name, net_conn_peer(d->conn));
	else
		snprintf(d->who, sizeof d->who, "%s", net_conn_peer(d->conn));
	value_unref(current);
	current = value_ref(v);
	if (reader_active()) {
		reader_watch(net_conn_fd(d->conn), on_readable, d);
		d->watched = true;
	}
	return v;
}

/* A chat that did not start: closed (when connected) and freed. */
static void
drop_conn(struct dhconn *d)
{
	net_conn_close(d->conn);
	dhnet_clear(&d->x);
	free(d);
}

/* After a failure of ours: tell the peer why, and let go. */
static void
fail_conn(struct dhconn *d, struct cl_error *err, bool tell)
{
	if (tell && err->code != GPG_ERR_CANCELED && err->code != GPG_ERR_EOF && err->code != GPG_ERR_EPIPE)
		dhnet_send_error(d->conn, err->msg);
	drop_conn(d);
}

/* What both ends take besides the address: seconds= (argument 6) into
 * *SECS, and sign=, trust= and name= (arguments I, I + 1 and I + 2) into D. */
static int
end_args(struct call *c, int i, struct dhconn *d, unsigned long *secs)
{
	return arg_ulong(c, 6, 1, 86400, secs) || name_arg(c, i + 2, d->x.name, sizeof d->x.name)
	       || sign_arg(c, i, &d->x.sign) || trust_arg(c, i + 1, &d->x.trust);
}

static int
b_listen(struct call *c, struct value **out)
{
	struct net_listener *l = NULL;
	struct dhconn *d = xcalloc(1, sizeof *d);
	unsigned long port, secs;
	const char *host = c->arg[5]->u.s.p;
	struct value *v;

	dhnet_init(&d->x, DHNET_LISTENER, "");
	if (arg_ulong(c, 0, 0, 65535, &port) || end_args(c, 2, d, &secs))
		goto fail;
	if (!net_is_loopback(host) && c->s->confined) {
		cl_fail(c->err, GPG_ERR_EACCES, "dh.listen: a lesson listens on 127.0.0.1 only, not on '%s'", host);
		goto fail;
	}
	if (net_listen(&l, strcmp(host, "localhost") == 0 ? NULL : host, (unsigned)port, c->err))
		goto fail;
	if (!net_is_loopback(host))
		fprintf(c->s->out, "%swarning:%s listening on %s: other machines that reach this one can "
			"connect, and everything before the key crosses their network in clear\n",
			color(c->s, COL_YELLOW), color(c->s, COL_RESET), host);
	fprintf(c->s->out, "waiting on %s:%u for one peer (group %s), for %lu seconds; in another shell: "
		"dh.connect(\"%s\", %u)  (Ctrl-C stops waiting)\n", strcmp(host, "0.0.0.0") == 0 ? "0.0.0.0" : host,
		net_listener_port(l), dh_group_of(c->arg[1])->name, secs, net_is_loopback(host) ? "127.0.0.1" :
		"<this machine's address>", net_listener_port(l));
	fflush(c->s->out);
	if (net_accept(&d->conn, l, (double)secs, c->err))
		goto fail;
	net_listener_close(l);
	l = NULL;
	snprintf(d->x.peer, sizeof d->x.peer, "%s", net_conn_peer(d->conn));
	if (dhnet_send_hello(&d->x, d->conn, dh_group_of(c->arg[1]), STEP_SECONDS, c->err) ||
	    dhnet_read_until_ready(&d->x, d->conn, STEP_SECONDS, c->err) || dhnet_check_peer(&d->x, c->err) ||
	    dhnet_send_end(&d->x, d->conn, NULL, STEP_SECONDS, c->err) || dhnet_finish(&d->x, c->err)) {
		fail_conn(d, c->err, true);
		return -1;
	}
	v = new_conn(c, d);
	summary(c->s, d, true);
	*out = v;
	return 0;
fail:
	net_listener_close(l);
	drop_conn(d);
	return -1;
}

static int
b_connect(struct call *c, struct value **out)
{
	struct dhconn *d = xcalloc(1, sizeof *d);
	unsigned long port, secs;
	const char *host = c->arg[0]->u.s.p;
	struct value *v;

	dhnet_init(&d->x, DHNET_CONNECTOR, "");
	if (arg_ulong(c, 1, 1, 65535, &port) || end_args(c, 3, d, &secs))
		goto fail;
	if (!net_is_loopback(host) && c->s->confined) {
		cl_fail(c->err, GPG_ERR_EACCES, "dh.connect: a lesson connects to 127.0.0.1 only, not to '%s'",
			host);
		goto fail;
	}
	if (net_connect(&d->conn, host, (unsigned)port, (double)secs, c->err)) {
		if (c->err->code == GPG_ERR_ECONNREFUSED) {
			char why[sizeof c->err->msg];

			snprintf(why, sizeof why, "%s", c->err->msg);
			cl_fail(c->err, GPG_ERR_ECONNREFUSED, "%s: has the other side typed dh.listen(%lu) yet?",
				why, port);
		}
		goto fail;
	}
	snprintf(d->x.peer, sizeof d->x.peer, "%s", net_conn_peer(d->conn));
	if (dhnet_read_hello(&d->x, d->conn, c->arg[2] ? dh_group_of(c->arg[2]) : NULL, (double)secs, c->err) ||
	    dhnet_send_end(&d->x, d->conn, NULL, STEP_SECONDS, c->err) ||
	    dhnet_read_until_ready(&d->x, d->conn, STEP_SECONDS, c->err) || dhnet_check_peer(&d->x, c->err) ||
	    dhnet_finish(&d->x, c->err)) {
		fail_conn(d, c->err, true);
		return -1;
	}
	v = new_conn(c, d);
	summary(c->s, d, false);
	*out = v;
	return 0;
fail:
	drop_conn(d);
	return -1;
}

/* ---- chat.* ---- */

static int
conn_arg(struct call *c, int i, struct dhconn **out)
{
	const struct value *v = c->arg[i] ? c->arg[i] : current;

	if (!v)
		return cl_fail(c->err, GPG_ERR_NO_DATA, "%s: no chat yet: dh.listen(PORT) in one shell and "
			       "dh.connect(\"127.0.0.1\", PORT) in another start one", c->b->name);
	*out = dhconn_of(v);
	if ((*out)->closed)
		return cl_fail(c->err, GPG_ERR_INV_STATE, "%s: the chat with %s is closed", c->b->name, (*out)->who);
	return 0;
}

static int
b_send(struct call *c, struct value **out)
{
	struct dhconn *d;
	const char *p;
	size_t n;
	char *token;

	if (conn_arg(c, 1, &d))
		return -1;
	if (d->peer_left)
		return cl_fail(c->err, GPG_ERR_EPIPE, "chat.send: %s has left the chat", d->who);
	arg_data(c, 0, &p, &n);
	if (dhnet_send_message(&d->x, d->conn, p, n, &token, STEP_SECONDS, c->err))
		return -1;
	d->sent++;
	*out = value_cstr(token);
	free(token);
	return 0;
}

static int
b_read(struct call *c, struct value **out)
{
	struct dhconn *d;
	unsigned long secs;
	unsigned char *msg;
	size_t n;
	int r;

	if (conn_arg(c, 0, &d) || arg_ulong(c, 1, 1, 86400, &secs))
		return -1;
	if (d->ninbox) {
		*out = message_value(d->inbox[0].p, d->inbox[0].n);
		fernet_free(d->inbox[0].p, d->inbox[0].n);
		memmove(d->inbox, d->inbox + 1, (d->ninbox - 1) * sizeof *d->inbox);
		d->ninbox--;
		return 0;
	}
	if (d->peer_left)
		return cl_fail(c->err, GPG_ERR_EOF, "chat.read: %s has left the chat, and every message is read",
			       d->who);
	r = dhnet_read_message(&d->x, d->conn, &msg, &n, (double)secs, c->err);
	if (r == 0) {
		d->peer_left = true;
		if (d->watched) {
			reader_unwatch(net_conn_fd(d->conn));
			d->watched = false;
		}
		return cl_fail(c->err, GPG_ERR_EOF, "chat.read: %s left the chat", d->who);
	}
	if (r < 0) {
		if (c->err->code == GPG_ERR_TIMEOUT) {
			char why[sizeof c->err->msg];

			snprintf(why, sizeof why, "%s", c->err->msg);
			return cl_fail(c->err, GPG_ERR_TIMEOUT, "chat.read: %s", why);
		}
		if (c->err->code != GPG_ERR_BAD_DATA && c->err->code != GPG_ERR_CANCELED)
			d->peer_left = true;
		return -1;
	}
	d->received++;
	*out = message_value(msg, n);
	fernet_free(msg, n);
	return 0;
}

static int
b_close(struct call *c, struct value **out)
{
	struct dhconn *d;

	if (conn_arg(c, 0, &d))
		return -1;
	conn_close_live(d);
	fprintf(c->s->out, "chat with %s closed after %lu message%s sent and %lu received\n", d->who, d->sent,
		d->sent == 1 ? "" : "s", d->received);
	return 0;
}

/* ---- dh.relay: Mallory ---- */

struct side {
	struct dhnet x;
	struct net_conn *conn;
	const char *who;
	char label[128];
};

/* The peer's own words in a refusal ("PEER refused: WORDS"). */
static const char *
refusal(const struct dhnet *x, const struct cl_error *e)
{
	size_t n = strlen(x->peer);

	if (strncmp(e->msg, x->peer, n) == 0 && strncmp(e->msg + n, " refused: ", 10) == 0)
		return e->msg + n + 10;
	return e->msg;
}

/* Lines from FROM, decrypted with FROM's key, shown, encrypted again for
 * TO. 1: go on; 0: the relay ends (told why); -1: FROM refused (an ERROR
 * line, passed on). */
static int
pass_on(struct session *s, struct side *from, struct side *to, unsigned long *passed)
{
	for (;;) {
		char *line = NULL;
		unsigned char *msg;
		size_t n;
		struct cl_error e;
		int r = net_conn_read_line(from->conn, &line, DHNET_MAX_LINE, 0, &e);

		if (r == 0)
			return 1;
		if (r < 0) {
			fprintf(s->out, "%s left (%s): Mallory closes the other side too\n", from->label, e.msg);
			return 0;
		}
		r = dhnet_open_message(&from->x, line, strlen(line), &msg, &n, &e);
		if (r == 1) {
			char *text = xstrndup((const char *)msg, n), *safe = render_escaped(text);
			char *token = NULL;

			fprintf(s->out, "%s%s \xe2\x86\x92 %s:%s %s\n", color(s, COL_RED), from->label, to->label,
				color(s, COL_RESET), safe);
			fflush(s->out);
			if (dhnet_send_message(&to->x, to->conn, msg, n, &token, STEP_SECONDS, &e))
				fprintf(s->out, "could not pass it on: %s\n", e.msg);
			else
				(*passed)++;
			free(token);
			explicit_bzero(text, n);
			free(text);
			free(safe);
			fernet_free(msg, n);
		} else if (r == 0) {
			fprintf(s->out, "%s left the chat: Mallory closes the other side too\n", from->label);
			free(line);
			return 0;
		} else if (e.code == GPG_ERR_CANCELED) {
			/* an ERROR line: a refusal, passed on as it is */
			fprintf(s->out, "%s%s refused:%s %s\n", color(s, COL_YELLOW), from->label, color(s, COL_RESET),
				refusal(&from->x, &e));
			net_conn_write(to->conn, line, strlen(line), 1.0, &e);
			net_conn_write(to->conn, "\n", 1, 1.0, &e);
			free(line);
			return -1;
		} else
			fprintf(s->out, "%s sent what Mallory cannot read (%s): not passed on\n", from->label, e.msg);
		free(line);
	}
}

static void
show_key(struct session *s, const struct side *sd)
{
	char text[FERNET_KEY_TEXT_LEN + 1];

	fernet_key_format(text, &sd->x.key);
	fprintf(s->out, "  with %-28s key %s  fingerprint %s%s%s\n", sd->label, text, color(s, COL_BOLD),
		sd->x.fingerprint, color(s, COL_RESET));
	explicit_bzero(text, sizeof text);
}

static int
b_relay(struct call *c, struct value **out)
{
	struct net_listener *l = NULL;
	struct side a, b;	/* a: the listener Mallory connects to; b: the connector who came to her */
	unsigned long port, tport, secs;
	const char *host = c->arg[1]->u.s.p, *bind = c->arg[4]->u.s.p;
	double until;
	unsigned long passed = 0;
	int rc = -1;

	dhnet_init(&a.x, DHNET_CONNECTOR, "");
	dhnet_init(&b.x, DHNET_LISTENER, "");
	a.conn = b.conn = NULL;
	if (arg_ulong(c, 0, 0, 65535, &port) || arg_ulong(c, 2, 1, 65535, &tport) ||
	    arg_ulong(c, 3, 1, 86400, &secs))
		goto leave;
	if (c->s->confined && (!net_is_loopback(host) || !net_is_loopback(bind))) {
		cl_fail(c->err, GPG_ERR_EACCES, "dh.relay: a lesson relays on 127.0.0.1 only");
		goto leave;
	}
	until = clock_elapsed() + (double)secs;
	if (net_listen(&l, strcmp(bind, "localhost") == 0 ? NULL : bind, (unsigned)port, c->err))
		goto leave;
	fprintf(c->s->out, "Mallory waits on %s:%u and will pass everything on to %s:%lu; the connector must "
		"come here: dh.connect(\"%s\", %u)  (Ctrl-C stops)\n", bind, net_listener_port(l), host, tport,
		net_is_loopback(bind) ? "127.0.0.1" : bind, net_listener_port(l));
	fflush(c->s->out);
	if (net_accept(&b.conn, l, (double)secs, c->err))
		goto leave;
	net_listener_close(l);
	l = NULL;
	snprintf(b.x.peer, sizeof b.x.peer, "%s", net_conn_peer(b.conn));
	if (net_connect(&a.conn, host, (unsigned)tport, STEP_SECONDS, c->err)) {
		dhnet_send_error(b.conn, "nobody answers on the other side");
		goto leave;
	}
	snprintf(a.x.peer, sizeof a.x.peer, "%s", net_conn_peer(a.conn));
	/* the listener's greeting first (its group), then the connector's
	 * reply with that group, each signature passed on unchanged: Mallory
	 * cannot sign as either of them */
	if (dhnet_read_hello(&a.x, a.conn, NULL, STEP_SECONDS, c->err)) {
		dhnet_send_error(b.conn, c->err->msg);
		goto leave;
	}
	snprintf(a.label, sizeof a.label, "%s%s%s%s", a.x.peer_name[0] ? a.x.peer_name : "", a.x.peer_name[0]
		 ? " (" : "", a.x.peer, a.x.peer_name[0] ? ")" : "");
	snprintf(b.x.name, sizeof b.x.name, "%s", a.x.peer_name);	/* Mallory says she is the listener */
	if (dhnet_send_hello(&b.x, b.conn, &a.x.G, STEP_SECONDS, c->err) ||
	    dhnet_read_until_ready(&b.x, b.conn, STEP_SECONDS, c->err)) {
		dhnet_send_error(a.conn, c->err->msg);
		goto leave;
	}
	snprintf(b.label, sizeof b.label, "%s%s%s%s", b.x.peer_name[0] ? b.x.peer_name : "", b.x.peer_name[0]
		 ? " (" : "", b.x.peer, b.x.peer_name[0] ? ")" : "");
	snprintf(a.x.name, sizeof a.x.name, "%s", b.x.peer_name);	/* and the connector to the listener */
	if (dhnet_send_end(&a.x, a.conn, b.x.peer_sig_line, STEP_SECONDS, c->err) ||
	    dhnet_read_until_ready(&a.x, a.conn, STEP_SECONDS, c->err)) {
		if (c->err->code == GPG_ERR_CANCELED)
			fprintf(c->s->out, "%s%s refused:%s %s\n", color(c->s, COL_YELLOW), a.label,
				color(c->s, COL_RESET), refusal(&a.x, c->err));
		dhnet_send_error(b.conn, c->err->code == GPG_ERR_CANCELED ? refusal(&a.x, c->err) : c->err->msg);
		if (c->err->code == GPG_ERR_CANCELED)
			cl_fail(c->err, GPG_ERR_CANCELED, "the relay is detected: %s refused the exchange Mallory "
				"passed on", a.label);
		goto leave;
	}
	if (dhnet_send_end(&b.x, b.conn, a.x.peer_sig_line, STEP_SECONDS, c->err)) {
		dhnet_send_error(a.conn, c->err->msg);
		goto leave;
	}
	if (dhnet_finish(&a.x, c->err) || dhnet_finish(&b.x, c->err))
		goto leave;
	fprintf(c->s->out, "%sMallory sits in the middle: one exchange with each side, one key each%s\n",
		color(c->s, COL_BOLD), color(c->s, COL_RESET));
	show_key(c->s, &a);
	show_key(c->s, &b);
	render_reflow(c->s, c->s->out, a.x.peer_sig_line || b.x.peer_sig_line
		      ? "Each side sees the fingerprint of its key with Mallory: they differ, and only comparing "
			"them out loud, or a signature checked with `trust=`, shows it. A signature was passed on "
			"unchanged: a side that checks it with `trust=` will refuse."
		      : "Each side sees the fingerprint of its key with Mallory: they differ, and only comparing "
			"them out loud, or a signature checked with `trust=`, shows it.",
		      c->s->width > 0 ? c->s->width : 80, 0);
	fflush(c->s->out);
	/* the chat, in clear for Mallory */
	for (;;) {
		struct pollfd p[2] = { { .fd = net_conn_fd(a.conn), .events = POLLIN },
				       { .fd = net_conn_fd(b.conn), .events = POLLIN } };
		double left = until - clock_elapsed();
		int r;

		if (cl_interrupted) {
			cl_fail(c->err, GPG_ERR_CANCELED, "interrupted: the relay stopped after passing %lu "
				"message%s", passed, passed == 1 ? "" : "s");
			goto leave;
		}
		if (left <= 0) {
			fprintf(c->s->out, "time is up (%lu seconds): Mallory lets go of both sides\n", secs);
			break;
		}
		net_drain_all();
		if (poll(p, 2, left < 0.1 ? (int)(left * 1000) + 1 : 100) < 0 && errno != EINTR) {
			cl_fail(c->err, gpg_err_code_from_errno(errno), "waiting: %s", strerror(errno));
			goto leave;
		}
		r = p[0].revents ? pass_on(c->s, &a, &b, &passed) : 1;
		if (r == 1 && p[1].revents)
			r = pass_on(c->s, &b, &a, &passed);
		if (r < 0 && !passed) {
			cl_fail(c->err, GPG_ERR_CANCELED, "the relay is detected: %s refused the exchange Mallory "
				"passed on", p[0].revents ? a.label : b.label);
			goto leave;
		}
		if (r <= 0)
			break;
	}
	fprintf(c->s->out, "the relay passed %lu message%s, each read by Mallory\n", passed, passed == 1 ? "" : "s");
	rc = 0;
leave:
	net_listener_close(l);
	if (a.conn)
		net_conn_close(a.conn);
	if (b.conn)
		net_conn_close(b.conn);
	dhnet_clear(&a.x);
	dhnet_clear(&b.x);
	*out = NULL;
	return rc;
}

/* ---- the tables ---- */

#define SIGN_PARAM { .name = "sign", .types = T_ANY, .optional = true }
#define TRUST_PARAM { .name = "trust", .types = T_ANY, .optional = true }
#define NAME_PARAM { .name = "name", .types = T_STR, .optional = true }
#define PROTOCOL_HELP \
	"The protocol is plain text, one line each, so `nc` or `wire.show(c)` shows it all: the listener " \
	"sends `CRYPTOLAB-DH 1`, `GROUP NAME p=P g=G` and " \
	"`PUBLIC A`; the connector answers `CRYPTOLAB-DH 1`, `PUBLIC B`, maybe `SIGNATURE KIND SIG KEY`, " \
	"and `READY`; the listener ends with its own `SIGNATURE` if it signs, and `READY`. Numbers are " \
	"decimal, signature and key hex. A signature covers the group and both public values. Then " \
	"`MSG TOKEN` lines carry the chat (Fernet tokens under the derived key), `BYE` ends it, and " \
	"`ERROR TEXT` says why a side refused. "

static const struct builtin dh_entries[] = {
	{
		.name = "dh.listen",
		.params = { { .name = "port", .types = T_INT },
			    { .name = "group", .types = T_STR | T_OBJ, .obj = &dh_group_type, .def = "\"ffdhe2048\"" },
			    SIGN_PARAM, TRUST_PARAM, NAME_PARAM,
			    { .name = "host", .types = T_STR, .def = "\"127.0.0.1\"" },
			    { .name = "seconds", .types = T_INT, .def = "300" } },
		.summary = "wait for another shell and agree on a key with it over the network",
		.help = "Two shells, one secret. Listens on PORT (on 127.0.0.1; HOST=\"0.0.0.0\" for the other "
			"machines of a classroom, with a warning) until another shell runs `dh.connect` to it, "
			"for SECONDS at most (Ctrl-C stops sooner), then runs a Diffie-Hellman exchange in "
			"GROUP and prints the fingerprint of the Fernet key both sides derive (HKDF-SHA256 of "
			"the shared secret): read it out loud to the other side. Returns the connection "
			"(`.fingerprint`, `.key`, `.public`, `.peer_public`, `.secret`), which `chat.send` "
			"and `chat.read` use. SIGN (your private key) signs your public value; TRUST (the "
			"other side's public key or certificate) insists that theirs is signed by it, which "
			"is what defeats `dh.relay`. NAME is shown to the other side (in clear: it proves "
			"nothing). " PROTOCOL_HELP,
		.flags = B_LISTENS,
		.fn = b_listen,
	},
	{
		.name = "dh.connect",
		.params = { { .name = "host", .types = T_STR }, { .name = "port", .types = T_INT },
			    { .name = "group", .types = T_STR | T_OBJ, .obj = &dh_group_type, .optional = true },
			    SIGN_PARAM, TRUST_PARAM, NAME_PARAM,
			    { .name = "seconds", .types = T_INT, .def = "30" } },
		.summary = "connect to a shell that listens and agree on a key with it",
		.help = "The other half of `dh.listen`: connects to HOST:PORT, takes the listener's group "
			"(GROUP insists on one: a different one is refused, saying both), answers with its "
			"own public value, and prints the fingerprint of the derived Fernet key, which must "
			"be the listener's. SIGN and TRUST as for `dh.listen`. Gives up after SECONDS; "
			"Ctrl-C stops it. " PROTOCOL_HELP,
		.flags = B_LISTENS,
		.fn = b_connect,
	},
	{
		.name = "dh.relay",
		.params = { { .name = "port", .types = T_INT }, { .name = "host", .types = T_STR },
			    { .name = "target_port", .types = T_INT },
			    { .name = "seconds", .types = T_INT, .def = "600" },
			    { .name = "bind", .types = T_STR, .def = "\"127.0.0.1\"" } },
		.summary = "play Mallory: sit between a listener and a connector, and read their chat",
		.help = "A man in the middle. Waits on PORT for a connector (who believes it is the "
			"listener), connects to the real listener at HOST:TARGET_PORT, and completes one "
			"exchange with each side: it shows both keys and their fingerprints (which differ), "
			"then every chat message in clear as it decrypts it and encrypts it again for the "
			"other side, until one side leaves, SECONDS pass or Ctrl-C. It cannot sign as "
			"either side: it passes their signatures on unchanged, so a side that checks them "
			"(`trust=`) refuses, and the relay is detected.",
		.flags = B_LISTENS,
		.fn = b_relay,
	},
	{ 0 }
};

#define CONN_PARAM { .name = "conn", .types = T_OBJ, .obj = &conn_type, .optional = true }

static const struct builtin chat_entries[] = {
	{
		.name = "chat.send",
		.params = { { .name = "text", .types = T_DATA }, CONN_PARAM },
		.summary = "send a line, encrypted under the key of the exchange",
		.help = "Encrypts TEXT (at most 4096 bytes) with the Fernet key that `dh.listen` or "
			"`dh.connect` derived, sends it as a `MSG` line over that connection (CONN, or the "
			"last one made), and returns the token: what crossed the wire.",
		.flags = B_LISTENS,
		.fn = b_send,
	},
	{
		.name = "chat.read",
		.params = { CONN_PARAM, { .name = "seconds", .types = T_INT, .def = "30" } },
		.summary = "the next line from the other side, decrypted",
		.help = "Returns the oldest message not read yet: at the prompt, messages print above it "
			"as they arrive and wait here too; otherwise it waits for one, SECONDS at most "
			"(Ctrl-C stops sooner). A token the key does not open is an error that says so.",
		.flags = B_LISTENS,
		.fn = b_read,
	},
	{
		.name = "chat.close",
		.params = { CONN_PARAM },
		.summary = "end the chat (the other side hears BYE)",
		.help = "Sends BYE and closes the connection; its capture stays for `wire.show`.",
		.flags = B_LISTENS,
		.fn = b_close,
	},
	{ 0 }
};

const struct builtin_ns ns_dhnet = {
	.name = "dh",
	.topic = "Diffie-Hellman between two shells",
	.entries = dh_entries,
};
const struct builtin_ns ns_chat = {
	.name = "chat",
	.topic = "An encrypted chat over the exchange",
	.entries = chat_entries,
};
