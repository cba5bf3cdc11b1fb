/* The wire (libcore/net.c): http.* and https.* start servers beside the
 * shell and fetch pages, serve.* lists, waits for and stops the servers,
 * wire.* shows what crossed the wire the way Eve (or Wireshark) sees it and
 * saves it as a pcap.
 *
 * A server is a live object. The shell keeps its own reference to every
 * server it started (serve.list shows them), so `http.serve()` typed without
 * a name keeps serving after `_` moves on; serve.stop, leaving a lesson or
 * going back over the step that started it (a snapshot restored without it),
 * and the end of the shell close it: its process is killed and reaped, and
 * its capture stays readable. At the prompt, the loop watches each server's
 * report pipe, so a request logs one line above the prompt as it happens;
 * elsewhere the log lines come when the shell asks the server (a client's
 * request, wire.show, serve.list...), in a fixed order. */
#include <config.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "libcore/clock.h"
#include "libcore/file.h"
#include "libcore/net.h"
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/builtins/cert.h"
#include "repl/builtins/dhnet.h"
#include "repl/builtins/fernet.h"
#include "repl/builtins/keys.h"
#include "repl/reader.h"
#include "repl/render.h"
#include "repl/session.h"
#include "repl/utf8.h"

#define MAX_PEM ((size_t)1 << 20)	/* a certificate, key or CA file */
#define DEFAULT_SECONDS "10"
#define MAX_SERVERS 32		/* at once in one shell: each is a process */

/* ---- servers ---- */

struct server {
	struct net_server *srv;
	unsigned id;
	bool tls, fernet, closed;
	char url[80];
	struct session *s;	/* where its log lines go: the session that last used the wire */
};

static struct value **registry;	/* every server started, until pruned once closed */
static size_t nregistry;

static struct server *
server_of(const struct value *v)
{
	return v->u.obj.data;
}

static void
server_close(void *data)
{
	struct server *o = data;

	if (o->closed)
		return;
	reader_unwatch(net_server_fd(o->srv));
	net_server_stop(o->srv);
	o->closed = true;
}

static void
server_free(void *data)
{
	struct server *o = data;

	server_close(o);
	net_server_free(o->srv);
	free(o);
}

static const char *
kind(const struct server *o)
{
	return o->tls ? "https" : "http";
}

static int
server_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct server *o = data;
	const struct net_cert_info *ci = net_server_cert(o->srv);

	if (strcmp(name, "id") == 0)
		*out = value_int_si(o->id);
	else if (strcmp(name, "url") == 0)
		*out = value_cstr(o->url);
	else if (strcmp(name, "port") == 0)
		*out = value_int_si((long)net_server_port(o->srv));
	else if (strcmp(name, "kind") == 0)
		*out = value_cstr(kind(o));
	else if (strcmp(name, "requests") == 0)
		*out = value_int_si((long)net_server_requests(o->srv));
	else if (strcmp(name, "connections") == 0)
		*out = value_int_si((long)net_server_connections(o->srv));
	else if (strcmp(name, "running") == 0)
		*out = value_bool(net_server_running(o->srv));
	else if (strcmp(name, "certificate") == 0 && ci)
		*out = value_cstr(ci->subject);
	else
		return cl_fail(err, GPG_ERR_INV_NAME, "a server has no field '%s' (it has id, url, port, kind, "
			       "requests, connections, running%s)", name, ci ? ", certificate" : "");
	return 0;
}

static const char *const server_fields[] = { "id", "url", "port", "kind", "requests", "connections",
					     "running", "certificate", NULL };

static void
server_show(const void *data, FILE *out)
{
	const struct server *o = data;
	const struct net_cert_info *ci = net_server_cert(o->srv);
	uint64_t n = net_server_requests(o->srv);

	fprintf(out, "%s%s server %u on %s: %llu request%s", kind(o), o->fernet ? " fernet" : "", o->id, o->url,
		(unsigned long long)n, n == 1 ? "" : "s");
	if (!net_server_running(o->srv))
		fprintf(out, ", stopped%s%s", net_server_died(o->srv) ? ": " : "",
			net_server_died(o->srv) ? net_server_died(o->srv) : "");
	if (ci) {
		char until[40];

		clock_format(until, sizeof until, (uint64_t)ci->not_after);
		fprintf(out, "\n  certificate %s, for %s, valid until %s", ci->subject,
			*ci->names ? ci->names : "no name", until);
	}
}

static const struct objtype server_type = {
	.name = "server",
	.free = server_free,
	.field = server_field,
	.fields = server_fields,
	.show = server_show,
	.close = server_close,
};

/* Closed servers leave the list; every server logs to the session at hand. */
static void
servers_touch(struct session *s)
{
	size_t k = 0;

	for (size_t i = 0; i < nregistry; i++) {
		struct server *o = server_of(registry[i]);

		if (o->closed) {
			value_unref(registry[i]);
			continue;
		}
		o->s = s;
		registry[k++] = registry[i];
	}
	nregistry = k;
}

static void
on_log(void *ctx, const char *line, bool request)
{
	struct server *o = ctx;

	(void)request;
	reader_notify(o->s, "%sserver %u:%s %s", color(o->s, COL_CYAN), o->id, color(o->s, COL_RESET), line);
}

/* The prompt loop found reports waiting. */
static void
on_reports(int fd, void *ctx)
{
	struct server *o = ctx;

	net_server_drain(o->srv);
	if (!net_server_running(o->srv))
		reader_unwatch(fd);	/* it died: the descriptor stays open, at its end */
}

static unsigned
free_id(void)
{
	for (unsigned id = 1;; id++) {
		size_t i;

		for (i = 0; i < nregistry && server_of(registry[i])->id != id; i++)
			;
		if (i == nregistry)
			return id;
	}
}

/* The text of a certificate, key or CA argument given as text or bytes:
 * PEM text as it is, bytes as they are (DER), anything else the name of a
 * file to read. NAME gets how messages call it. */
static int
text_arg(struct call *c, const struct value *v, const char *what, char **text, size_t *n, char *name,
	 size_t name_size)
{
	const char *p = v->u.s.p;

	if (v->type == V_BYTES || strstr(p, "-----BEGIN ")) {
		snprintf(name, name_size, "(the %s %s)", what, v->type == V_BYTES ? "bytes" : "text");
		*text = xmalloc(v->u.s.n + 1);
		memcpy(*text, p, v->u.s.n);
		(*text)[v->u.s.n] = '\0';
		*n = v->u.s.n;
		return 0;
	}
	snprintf(name, name_size, "'%.200s'", p);
	if (file_read(p, MAX_PEM, text, n, c->err)) {
		char why[sizeof c->err->msg];

		snprintf(why, sizeof why, "%s", c->err->msg);
		return cl_fail(c->err, c->err->code, "the %s: %s", what, why);
	}
	return 0;
}

/* Append text to a growing PEM buffer, a newline between blocks. */
static void
pem_append(char **buf, size_t *len, const char *p, size_t n)
{
	*buf = xrealloc(*buf, *len + n + 2);
	if (*len && (*buf)[*len - 1] != '\n')
		(*buf)[(*len)++] = '\n';
	memcpy(*buf + *len, p, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/* Certificates as PEM, appended to *PEM: a certificate (cert.*, load), a
 * list of them (a chain, as load gives it), PEM text, DER bytes or a file
 * name (PEM or DER). What is not PEM goes through the certificate type's
 * coerce hook, which reads DER and says what the data is when it is no
 * certificate. *NAME (when not set yet) gets how messages call the first. */
static int
certs_arg(struct call *c, const struct value *v, const char *param, const char *what, char **pem, size_t *len,
	  char *name, size_t name_size, int depth)
{
	char *text = NULL, here[240];
	size_t n = 0;
	struct value *conv = NULL, *tmp;
	int rc = -1;

	if (value_is_obj(v, &cert_type)) {
		size_t pn;
		const char *p = x509_cert_pem(cert_of(v), &pn);

		if (!*name)
			snprintf(name, name_size, "'%.200s'", x509_cert_info(cert_of(v))->subject);
		pem_append(pem, len, p, pn);
		return 0;
	}
	if (v->type == V_LIST && depth == 0) {
		if (!v->u.list.n)
			return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: the list of %ss is empty", c->b->name, what);
		for (size_t i = 0; i < v->u.list.n; i++)
			if (certs_arg(c, v->u.list.items[i], param, what, pem, len, name, name_size, 1))
				return -1;
		return 0;
	}
	if (v->type != V_STR && v->type != V_BYTES)
		return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: '%s' must be a certificate (from cert.* or load), "
			       "its PEM text%s, not %s", c->b->name, param,
			       depth ? " or a file name" : ", a file name or a list of them", value_type_name(v));
	if (text_arg(c, v, what, &text, &n, here, sizeof here))
		return -1;
	if (!*name)
		snprintf(name, name_size, "%s", here);
	if (memmem(text, n, "-----BEGIN ", 11)) {
		/* GnuTLS reads PEM itself, and says what is wrong with it */
		pem_append(pem, len, text, n);
		rc = 0;
		goto leave;
	}
	tmp = value_bytes(text, n);
	rc = cert_type.coerce(tmp, &conv, c->err);
	value_unref(tmp);
	if (rc == 0) {
		size_t pn;
		const char *p = x509_cert_pem(cert_of(conv), &pn);

		pem_append(pem, len, p, pn);
	} else {
		char why[sizeof c->err->msg];

		snprintf(why, sizeof why, "%s", c->err->msg);
		cl_fail(c->err, GPG_ERR_BAD_CERT, "%s: %s", here, why);
		rc = -1;
	}
leave:
	value_unref(conv);
	free(text);
	return rc;
}

/* A private key as PEM (PKCS#8) in *PEM (wipe it): a key object (keys.*,
 * load), PEM text, DER bytes or a file name. What is not PEM goes through the
 * key type's coerce hook. */
static int
key_pem_arg(struct call *c, const struct value *v, char **pem, size_t *len, char *name, size_t name_size)
{
	struct pkey *k = NULL;
	struct value *conv = NULL, *tmp;
	char *text = NULL;
	size_t n = 0;
	int rc = -1;

	*pem = NULL;
	*len = 0;
	if (value_is_obj(v, &key_type))
		k = key_of(v);
	else if (v->type == V_STR || v->type == V_BYTES) {
		if (text_arg(c, v, "key", &text, &n, name, name_size))
			return -1;
		if (memmem(text, n, "-----BEGIN ", 11)) {
			*pem = text;	/* GnuTLS reads it, and says what is wrong with it */
			*len = n;
			return 0;
		}
		tmp = value_bytes(text, n);
		rc = key_type.coerce(tmp, &conv, c->err);
		value_unref(tmp);
		if (rc) {
			char why[sizeof c->err->msg];

			snprintf(why, sizeof why, "%s", c->err->msg);
			cl_fail(c->err, GPG_ERR_BAD_SECKEY, "%s: %s", name, why);
			rc = -1;
			goto leave;
		}
		k = key_of(conv);
	} else
		return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: 'key' must be a private key (from ec.keygen, "
			       "rsa.keygen or load), its PEM text or a file name, not %s", c->b->name,
			       value_type_name(v));
	if (!*name || value_is_obj(v, &key_type))
		snprintf(name, name_size, "(%s %s key)", value_article(pkey_kind_title(pkey_kind(k))),
			 pkey_kind_title(pkey_kind(k)));
	if (!pkey_is_private(k)) {
		cl_fail(c->err, GPG_ERR_NO_SECKEY, "%s: the key %s is a public key: a server proves who it is "
			"with the private key (the one from keygen or load, not its .public)", c->b->name, name);
		rc = -1;
		goto leave;
	}
	rc = pkey_export_private(pem, len, k, PKEY_PEM, NULL, c->err);
leave:
	value_unref(conv);
	if (text) {
		explicit_bzero(text, n);
		free(text);
	}
	return rc;
}

/* http.serve and https.serve: the parameters after the TLS ones are the same. */
struct serve_args {
	int port, host, fernet, page, timeout;
};

static int
serve(struct call *c, struct value **out, bool tls, const struct serve_args *a)
{
	struct net_server_config cfg = { 0 };
	struct server *o;
	struct value *v;
	char *cert = NULL, *keypem = NULL, cert_name[240] = "", key_name[240] = "";
	size_t cert_len = 0, key_len = 0;
	unsigned long port;
	double timeout;
	const char *host = c->arg[a->host]->u.s.p;
	int rc = -1;

	servers_touch(c->s);
	if (nregistry >= MAX_SERVERS)
		return cl_fail(c->err, GPG_ERR_TOO_MANY, "%s: %d servers run already: serve.stop() some first "
			       "(serve.list() shows them)", c->b->name, MAX_SERVERS);
	if (arg_ulong(c, a->port, 0, 65535, &port))
		return -1;
	{
		unsigned long t;

		if (arg_ulong(c, a->timeout, 1, 3600, &t))
			return -1;
		timeout = (double)t;
	}
	if (!net_is_loopback(host) && c->s->confined)
		return cl_fail(c->err, GPG_ERR_EACCES, "%s: a lesson's servers listen on 127.0.0.1 only, not "
			       "on '%s'", c->b->name, host);
	if (c->arg[a->fernet])
		cfg.fernet = fernet_keylist_keys(c->arg[a->fernet], &cfg.nfernet);
	if (tls) {
		if (certs_arg(c, c->arg[0], "cert", "certificate", &cert, &cert_len, cert_name, sizeof cert_name, 0) ||
		    key_pem_arg(c, c->arg[1], &keypem, &key_len, key_name, sizeof key_name))
			goto leave;
		if (c->arg[3]) {
			/* the chain: certificates sent after the server's own */
			char chain_name[240] = "";
			char *chain = NULL;
			size_t chain_len = 0;

			if (certs_arg(c, c->arg[3], "chain", "chain certificate", &chain, &chain_len, chain_name,
				      sizeof chain_name, 0)) {
				free(chain);
				goto leave;
			}
			if (!memmem(chain, chain_len, "-----BEGIN CERTIFICATE-----", 27)) {
				cl_fail(c->err, GPG_ERR_BAD_CERT, "the chain's %s holds no certificate in PEM "
					"form (a block that starts '-----BEGIN CERTIFICATE-----')", chain_name);
				free(chain);
				goto leave;
			}
			pem_append(&cert, &cert_len, chain, chain_len);
			free(chain);
		}
		cfg.cert_pem = cert;
		cfg.cert_len = cert_len;
		cfg.cert_name = cert_name;
		cfg.key_pem = keypem;
		cfg.key_len = key_len;
		cfg.key_name = key_name;
	}
	o = xcalloc(1, sizeof *o);
	o->id = cfg.id = free_id();
	o->tls = cfg.tls = tls;
	o->fernet = cfg.fernet != NULL;
	o->s = c->s;
	cfg.host = host;
	cfg.port = (unsigned)port;
	cfg.page = c->arg[a->page] ? c->arg[a->page]->u.s.p : NULL;
	cfg.timeout = timeout;
	if (net_server_start(&o->srv, &cfg, on_log, o, c->err)) {
		free(o);
		goto leave;
	}
	{
		/* the name the certificate is for, when it is one of this machine's */
		const struct net_cert_info *ci = net_server_cert(o->srv);
		const char *name = net_is_loopback(host) || strcmp(host, "0.0.0.0") == 0 ? "localhost" : host;

		if (ci && !strstr(ci->names, "localhost") && strstr(ci->names, "127.0.0.1"))
			name = "127.0.0.1";
		snprintf(o->url, sizeof o->url, "%s://%s:%u/", kind(o), name, net_server_port(o->srv));
	}
	v = value_obj(&server_type, o);
	registry = xreallocarray(registry, nregistry + 1, sizeof *registry);
	registry[nregistry++] = value_ref(v);
	reader_watch(net_server_fd(o->srv), on_reports, o);
	if (port && port < 1024)
		/* it worked: this shell is root, or the system lets anyone */
		fprintf(c->s->out, "%snote:%s port %lu is below 1024, where only the administrator may listen on "
			"most systems: it works here%s, but a student's account would be refused: ports from 1024 "
			"up work for everyone\n", color(c->s, COL_DIM), color(c->s, COL_RESET), port,
			geteuid() == 0 ? " because this shell runs as root" : "");
	if (!net_is_loopback(host))
		fprintf(c->s->out, "%swarning:%s server %u listens on %s: other machines that reach this one "
			"can connect%s\n", color(c->s, COL_YELLOW), color(c->s, COL_RESET), o->id, host,
			tls ? "" : ", and everything it serves or receives crosses their network in clear");
	if (tls) {
		const struct net_cert_info *ci = net_server_cert(o->srv);
		int64_t now = clock_now();
		char when[40];

		if (now > ci->not_after || now < ci->not_before) {
			clock_format(when, sizeof when, (uint64_t)(now > ci->not_after ? ci->not_after
								   : ci->not_before));
			fprintf(c->s->out, "%swarning:%s the certificate %s %s %s: browsers and curl will refuse "
				"it\n", color(c->s, COL_YELLOW), color(c->s, COL_RESET), ci->subject,
				now > ci->not_after ? "expired on" : "is not valid before", when);
		}
	}
	*out = v;
	rc = 0;
leave:
	pkey_secret_free(keypem, key_len);
	free(cert);
	return rc;
}

static int
b_http_serve(struct call *c, struct value **out)
{
	static const struct serve_args a = { .port = 0, .host = 1, .fernet = 2, .page = 3, .timeout = 4 };

	return serve(c, out, false, &a);
}

static int
b_https_serve(struct call *c, struct value **out)
{
	static const struct serve_args a = { .port = 2, .host = 4, .fernet = 5, .page = 6, .timeout = 7 };

	return serve(c, out, true, &a);
}

static int
b_list(struct call *c, struct value **out)
{
	struct table t = { .ncols = 5, .left = 1u << 1 | 1u << 2 | 1u << 4 };

	servers_touch(c->s);
	if (!nregistry) {
		fprintf(c->s->out, "no servers: http.serve() starts one\n");
		return 0;
	}
	table_add(&t, (char *[]){ cell_s("server"), cell_s("kind"), cell_s("url"), cell_s("requests"),
				  cell_s("state") });
	for (size_t i = 0; i < nregistry; i++) {
		struct server *o = server_of(registry[i]);
		uint64_t n = net_server_requests(o->srv);

		table_add(&t, (char *[]){ cell_f("%u", o->id), cell_f("%s%s", kind(o), o->fernet ? " fernet" : ""),
					  cell_s(o->url), cell_f("%llu", (unsigned long long)n),
					  net_server_running(o->srv) ? cell_s("running")
					  : cell_f("stopped: %s", net_server_died(o->srv)) });
	}
	render_table(c->s, &t);
	table_free(&t);
	return 0;
}

static void
stop_one(struct call *c, struct server *o)
{
	uint64_t n = net_server_requests(o->srv);

	server_close(o);
	fprintf(c->s->out, "server %u stopped after %llu request%s\n", o->id, (unsigned long long)n,
		n == 1 ? "" : "s");
}

static int
b_stop(struct call *c, struct value **out)
{
	servers_touch(c->s);
	if (c->arg[0]) {
		struct server *o = server_of(c->arg[0]);

		if (o->closed)
			fprintf(c->s->out, "server %u was already stopped\n", o->id);
		else
			stop_one(c, o);
	} else {
		if (!nregistry)
			fprintf(c->s->out, "no servers run\n");
		for (size_t i = 0; i < nregistry; i++)
			stop_one(c, server_of(registry[i]));
	}
	servers_touch(c->s);
	return 0;
}

static int
b_wait(struct call *c, struct value **out)
{
	struct server *o = server_of(c->arg[0]);
	unsigned long requests, seconds;

	servers_touch(c->s);
	if (arg_ulong(c, 1, 0, 1000000000, &requests) || arg_ulong(c, 2, 0, 366UL * 86400, &seconds))
		return -1;
	if (o->closed)
		return cl_fail(c->err, GPG_ERR_INV_STATE, "serve.wait: server %u is stopped", o->id);
	return net_server_wait(o->srv, requests, (double)seconds, c->err);
}

/* ---- responses ---- */

struct response {
	struct net_response r;
	char *error;		/* a failed exchange, kept for wire.show() */
};

static void
response_free(void *data)
{
	struct response *p = data;

	net_response_free(&p->r);
	free(p->error);
	free(p);
}

static struct value *
body_value(const struct net_response *r)
{
	const char *b = r->body ? (const char *)r->body : "";

	return utf8_valid(b, r->body_len, NULL) ? value_str(b, r->body_len) : value_bytes(b, r->body_len);
}

static int
response_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct net_response *r = &((const struct response *)data)->r;

	if (strcmp(name, "status") == 0)
		*out = value_int_si(r->status);
	else if (strcmp(name, "reason") == 0)
		*out = value_cstr(r->reason ? r->reason : "");
	else if (strcmp(name, "body") == 0)
		*out = body_value(r);
	else if (strcmp(name, "headers") == 0) {
		struct value **items = xcalloc(r->nheaders + 1, sizeof *items);

		for (size_t i = 0; i < r->nheaders; i++) {
			char *line = xasprintf("%s: %s", r->headers[i].name, r->headers[i].value);

			items[i] = utf8_valid(line, strlen(line), NULL) ? value_cstr(line)
								       : value_bytes(line, strlen(line));
			free(line);
		}
		*out = value_list(items, r->nheaders);
	} else if (strcmp(name, "url") == 0)
		*out = value_cstr(r->url ? r->url : "");
	else if (strcmp(name, "tls") == 0)
		*out = value_cstr(r->tls ? r->tls : "");
	else if (strcmp(name, "verified") == 0)
		*out = value_bool(r->verified);
	else if (strcmp(name, "problem") == 0)
		*out = value_cstr(r->problem ? r->problem : "");
	else if (strcmp(name, "certificate") == 0)
		*out = value_cstr(r->peer ? r->peer : "");
	else
		return cl_fail(err, GPG_ERR_INV_NAME, "a response has no field '%s' (it has status, reason, "
			       "headers, body, url, tls, verified, problem, certificate)", name);
	return 0;
}

static const char *const response_fields[] = { "status", "reason", "headers", "body", "url", "tls",
					       "verified", "problem", "certificate", NULL };

/* Text from the wire on the terminal: render_text's rules (no control
 * character, C1 or bidi control reaches the terminal), with the CR of each
 * CR LF line end dropped, as HTTP writes them; a lone CR is escaped. */
static void
print_safe(FILE *out, const unsigned char *p, size_t n)
{
	const char *s = (const char *)p, *end = s + n;

	while (s < end) {
		const char *crlf = memmem(s, (size_t)(end - s), "\r\n", 2);
		const char *stop = crlf ? crlf : end;

		render_text(out, s, (size_t)(stop - s));
		if (!crlf)
			break;
		fputc('\n', out);
		s = crlf + 2;
	}
}

#define SHOW_BODY_MAX 2000

static void
response_show(const void *data, FILE *out)
{
	const struct net_response *r = &((const struct response *)data)->r;

	fprintf(out, "HTTP/1.%d %d ", r->minor, r->status);
	print_safe(out, (const unsigned char *)(r->reason ? r->reason : ""), r->reason ? strlen(r->reason) : 0);
	for (size_t i = 0; i < r->nheaders; i++) {
		fputc('\n', out);
		print_safe(out, (const unsigned char *)r->headers[i].name, strlen(r->headers[i].name));
		fputs(": ", out);
		print_safe(out, (const unsigned char *)r->headers[i].value, strlen(r->headers[i].value));
	}
	if (!r->body_len)
		return;
	fputs("\n\n", out);
	if (!utf8_valid((const char *)r->body, r->body_len, NULL)) {
		fprintf(out, "(%zu bytes that are not text: .body has them)", r->body_len);
		return;
	}
	print_safe(out, r->body, r->body_len < SHOW_BODY_MAX ? r->body_len : SHOW_BODY_MAX);
	if (r->body_len > SHOW_BODY_MAX)
		fprintf(out, "\n... %zu bytes more: .body has them all", r->body_len - SHOW_BODY_MAX);
}

static const struct objtype response_type = {
	.name = "response",
	.free = response_free,
	.field = response_field,
	.fields = response_fields,
	.show = response_show,
};

/* The last exchange of a client, kept even when it failed: wire.show(). */
static struct value *last_exchange;

static void
keep_last(struct value *v)
{
	value_unref(last_exchange);
	last_exchange = value_ref(v);
}

/* One request. PARAMS: url, then body (or -1), cafile and insecure (or -1),
 * seconds, type (or -1). */
static int
fetch(struct call *c, struct value **out, const char *method, bool tls, int body, int cafile, int insecure,
      int seconds, int type)
{
	struct net_request q = { .method = method };
	struct response *p = xcalloc(1, sizeof *p);
	struct value *v;
	char *ca = NULL, ca_name[240];
	size_t ca_len = 0;
	unsigned long secs;
	const char *url = c->arg[0]->u.s.p;
	int rc;

	servers_touch(c->s);
	if (arg_ulong(c, seconds, 1, 3600, &secs)) {
		free(p);
		return -1;
	}
	if (tls != (strncasecmp(url, "https://", 8) == 0) &&
	    (strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0)) {
		free(p);
		return cl_fail(c->err, GPG_ERR_INV_ARG, tls ? "%s takes an https:// address: for '%s' use "
			       "http.%s" : "%s takes an http:// address: for '%s' use https.%s (it checks the "
			       "certificate)", c->b->name, url, strcmp(method, "GET") == 0 ? "get" : "post");
	}
	q.url = url;
	q.seconds = (double)secs;
	if (body >= 0)
		arg_data(c, body, (const char **)&q.body, &q.body_len);
	if (type >= 0 && c->arg[type])
		q.content_type = c->arg[type]->u.s.p;
	if (q.content_type && strpbrk(q.content_type, "\r\n")) {
		free(p);
		return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: type is one line (like \"application/json\")",
			       c->b->name);
	}
	if (cafile >= 0 && c->arg[cafile]) {
		ca_name[0] = '\0';
		if (certs_arg(c, c->arg[cafile], "cafile", "CA certificate", &ca, &ca_len, ca_name, sizeof ca_name, 0)) {
			free(ca);
			free(p);
			return -1;
		}
		q.ca_pem = ca;
		q.ca_len = ca_len;
		q.ca_name = ca_name;
	}
	if (insecure >= 0)
		q.insecure = c->arg[insecure]->u.b;
	rc = net_fetch(&p->r, &q, c->err);
	free(ca);
	if (rc) {
		p->error = xstrdup(c->err->msg);
		v = value_obj(&response_type, p);
		keep_last(v);
		value_unref(v);
		return -1;
	}
	v = value_obj(&response_type, p);
	keep_last(v);
	*out = v;
	return 0;
}

static int
b_http_get(struct call *c, struct value **out)
{
	return fetch(c, out, "GET", false, -1, -1, -1, 1, -1);
}

static int
b_http_post(struct call *c, struct value **out)
{
	return fetch(c, out, "POST", false, 1, -1, -1, 2, 3);
}

static int
b_https_get(struct call *c, struct value **out)
{
	return fetch(c, out, "GET", true, -1, 1, 2, 3, -1);
}

static int
b_https_post(struct call *c, struct value **out)
{
	return fetch(c, out, "POST", true, 1, 2, 3, 4, -1);
}

/* ---- wire.show ---- */

struct dump {
	struct session *s;
	bool all;
	size_t lines, max_lines;	/* hex lines printed, and the cap */
	bool cut;			/* the cap was reached */
};

static enum color
dir_color(enum wire_dir d)
{
	return d == WIRE_C2S ? COL_RED : COL_BLUE;	/* Wireshark's colours for a stream */
}

/* hexdump -C lines of P[0..N) at stream offset OFF; the first HL bytes
 * highlighted (a TLS record header). At most MAX lines; 1 when cut. */
static bool
hex_lines(struct dump *d, enum wire_dir dir, uint64_t off, const unsigned char *p, size_t n, size_t hl,
	  size_t max)
{
	struct session *s = d->s;
	size_t lines = 0;

	for (size_t at = 0; at < n; at += 16) {
		if (lines == max || d->lines == d->max_lines) {
			if (d->lines == d->max_lines)
				d->cut = true;
			fprintf(s->out, "%s          ... %zu more byte%s%s\n", color(s, COL_DIM), n - at,
				n - at == 1 ? "" : "s", color(s, COL_RESET));
			return true;
		}
		fprintf(s->out, "%s%08llx  ", color(s, dir_color(dir)), (unsigned long long)(off + at));
		for (size_t i = 0; i < 16; i++) {
			if (i == 8)
				fputc(' ', s->out);
			if (at + i < n) {
				bool h = at + i < hl;

				fprintf(s->out, "%s%02x%s ", h ? color(s, COL_YELLOW) : "", p[at + i],
					h ? color(s, dir_color(dir)) : "");
			} else
				fputs("   ", s->out);
		}
		fputs(" |", s->out);
		for (size_t i = 0; i < 16 && at + i < n; i++)
			fputc(p[at + i] >= 0x20 && p[at + i] < 0x7f ? p[at + i] : '.', s->out);
		fprintf(s->out, "|%s\n", color(s, COL_RESET));
		lines++;
		d->lines++;
	}
	return false;
}

static void
record_line(struct dump *d, const struct wire_tls_record *r)
{
	struct session *s = d->s;
	const char *type = wire_tls_type_name(r->type), *ver = wire_tls_version_name(r->version);

	fprintf(s->out, "%s", color(s, COL_YELLOW));
	if (!r->valid) {
		fprintf(s->out, "  not a TLS record: from here on the bytes are not TLS%s\n", color(s, COL_RESET));
		return;
	}
	fprintf(s->out, "  TLS record: %s (%u), version 0x%04x (%s), %u byte%s", type ? type : "?", r->type,
		r->version, ver ? ver : "?", r->length, r->length == 1 ? "" : "s");
	if (r->encrypted)
		fputs(" of ciphertext", s->out);
	else if (r->type == 22 && r->nmsgs) {
		for (unsigned i = 0; i < r->nmsgs; i++) {
			const char *m = wire_tls_handshake_name(r->msgs[i]);

			fprintf(s->out, "%s%s", i ? ", " : ": ", m ? m : "?");
		}
	} else if (r->type == 21) {
		const char *a = wire_tls_alert_name(r->alert_desc);

		fprintf(s->out, ": %s %s", r->alert_level == 2 ? "fatal" : "warning", a ? a : "?");
	}
	fprintf(s->out, "%s\n", color(s, COL_RESET));
}

/* The stream of one direction of connection CI (kept bytes up to the first
 * cut), for its TLS records. */
static unsigned char *
stream_of(const struct wire *w, size_t ci, enum wire_dir dir, size_t *n)
{
	unsigned char *buf = NULL;
	size_t len = 0;

	for (size_t i = 0; i < w->nchunks; i++) {
		const struct wire_chunk *ch = &w->chunks[i];

		if (ch->conn != ci || ch->event != WIRE_DATA || ch->dir != dir)
			continue;
		buf = xrealloc(buf, len + ch->kept + 1);
		memcpy(buf + len, ch->data, ch->kept);
		len += ch->kept;
		if (ch->kept < ch->len)
			break;
	}
	*n = len;
	return buf;
}

static void
dump_conn(struct dump *d, const struct wire *w, size_t ci, const char *who[2])
{
	struct session *s = d->s;
	const struct wire_conn *cn = &w->conns[ci];
	struct wire_tls_record *recs[2] = { NULL, NULL };
	size_t nrecs[2] = { 0, 0 }, next[2] = { 0, 0 };
	uint64_t off[2] = { 0, 0 };
	char cip[16], sip[16];
	struct in_addr a;

	a.s_addr = htonl(cn->client_ip);
	inet_ntop(AF_INET, &a, cip, sizeof cip);
	a.s_addr = htonl(cn->server_ip);
	inet_ntop(AF_INET, &a, sip, sizeof sip);
	fprintf(s->out, "%sconnection %zu: %s:%u \xe2\x86\x92 %s:%u%s, %llu bytes from the client, %llu from the "
		"server%s\n",
		color(s, COL_BOLD), ci + 1, cip, cn->client_port, sip, cn->server_port, cn->tls ? " (TLS)" : "",
		(unsigned long long)cn->bytes[WIRE_C2S], (unsigned long long)cn->bytes[WIRE_S2C],
		color(s, COL_RESET));
	if (cn->tls) {
		fprintf(s->out, "%s  (the version in a record header is a relic: TLS 1.3 writes TLS 1.2's there; the "
			"hellos agree on the real one)%s\n", color(s, COL_DIM), color(s, COL_RESET));
		for (int dir = 0; dir < 2; dir++) {
			size_t n;
			unsigned char *st = stream_of(w, ci, (enum wire_dir)dir, &n);

			wire_tls_records(&recs[dir], &nrecs[dir], st, n, 100000);
			free(st);
		}
	}
	for (size_t i = 0; i < w->nchunks && !d->cut; i++) {
		const struct wire_chunk *ch = &w->chunks[i];
		enum wire_dir dir = (enum wire_dir)ch->dir;

		if (ch->conn != ci || ch->event == WIRE_OPEN)
			continue;
		if (ch->event == WIRE_FIN) {
			fprintf(s->out, "%s  %s closed its side (FIN)%s\n", color(s, COL_DIM), who[dir],
				color(s, COL_RESET));
			continue;
		}
		fprintf(s->out, "%s%s %s, %zu byte%s%s%s\n", color(s, dir_color(dir)),
			dir == WIRE_C2S ? "\xe2\x86\x92" : "\xe2\x86\x90", who[dir], ch->len, ch->len == 1 ? "" : "s",
			ch->kept < ch->len ? " (not all kept: the capture was full)" : "", color(s, COL_RESET));
		if (!cn->tls) {
			hex_lines(d, dir, off[dir], ch->data, ch->kept, 0, d->all ? SIZE_MAX : 32);
		} else {
			/* cut the chunk where records start, and name each */
			uint64_t at = off[dir], end = off[dir] + ch->kept;

			while (at < end && !d->cut) {
				const struct wire_tls_record *r = next[dir] < nrecs[dir] ? &recs[dir][next[dir]] : NULL;
				uint64_t stop = end;
				size_t hl = 0;
				bool starts = r && r->offset == at;

				if (starts) {
					record_line(d, r);
					hl = r->valid ? 5 : 0;
					next[dir]++;
					if (!r->valid)
						next[dir] = nrecs[dir];
				}
				if (next[dir] < nrecs[dir] && recs[dir][next[dir]].offset < stop)
					stop = recs[dir][next[dir]].offset;
				hex_lines(d, dir, at, ch->data + (at - off[dir]), (size_t)(stop - at), hl,
					  d->all ? SIZE_MAX : 4);
				at = stop;
			}
		}
		off[dir] += ch->len;
	}
	free(recs[0]);
	free(recs[1]);
}

static void
dump_wire(struct dump *d, const struct wire *w, long only, const char *who[2])
{
	struct session *s = d->s;

	if (only > 0) {
		if ((size_t)only > w->nconns)
			fprintf(s->out, "there is no connection %ld: the capture has %zu\n", only, w->nconns);
		else
			dump_conn(d, w, (size_t)only - 1, who);
	} else
		for (size_t ci = 0; ci < w->nconns && !d->cut; ci++)
			dump_conn(d, w, ci, who);
	if (d->cut)
		fprintf(s->out, "%s... the rest is left out: wire.show(x, all=true) shows more, conn=N one "
			"connection, and wire.save(x, \"capture.pcap\") keeps it all for Wireshark%s\n",
			color(s, COL_DIM), color(s, COL_RESET));
	if (w->cut || w->lost_conns)
		fprintf(s->out, "%s(the capture was full: %llu bytes and %llu connections were only counted)%s\n",
			color(s, COL_DIM), (unsigned long long)w->cut, (unsigned long long)w->lost_conns,
			color(s, COL_RESET));
}

/* The capture a wire.* argument stands for (absent: the last client
 * exchange), with a title. */
static int
capture_arg(struct call *c, const struct value *v, const struct wire **w, char *title, size_t n)
{
	if (!v) {
		if (!last_exchange)
			return cl_fail(c->err, GPG_ERR_NO_DATA, "%s: nothing was fetched yet: give a server or a "
				       "response (s = http.serve(); r = http.get(s.url); %s(s))", c->b->name,
				       c->b->name);
		v = last_exchange;
	}
	if (dhconn_capture(v, w, title, n))
		return 0;
	if (value_is_obj(v, &server_type)) {
		const struct server *o = server_of(v);

		*w = net_server_wire(o->srv);
		snprintf(title, n, "what crossed the wire of %s server %u (%s)", kind(o), o->id, o->url);
		return 0;
	}
	if (value_is_obj(v, &response_type)) {
		const struct response *p = v->u.obj.data;

		*w = &p->r.wire;
		snprintf(title, n, "what crossed the wire for %.200s%s%.200s", p->r.url ? p->r.url : "the request",
			 p->error ? " (it failed: " : "", p->error ? p->error : "");
		if (p->error)
			strcat(title, ")");
		return 0;
	}
	return cl_fail(c->err, GPG_ERR_INV_ARG, "%s: '%s' must be a server, a response (what http.get "
		       "returns) or a dh connection, not %s", c->b->name, c->b->params[0].name, value_type_name(v));
}

static int
b_show(struct call *c, struct value **out)
{
	const char *who[2] = { "client", "server" };
	struct dump d = { .s = c->s, .all = c->arg[2]->u.b };
	const struct wire *w;
	char title[600];
	long only = 0;

	servers_touch(c->s);
	if (capture_arg(c, c->arg[0], &w, title, sizeof title))
		return -1;
	if (c->arg[0] && dhconn_capture(c->arg[0], &w, title, sizeof title)) {
		who[0] = "connector";
		who[1] = "listener";
	}
	if (c->arg[1] && arg_long(c, 1, 1, LONG_MAX, &only))
		return -1;
	d.max_lines = d.all ? 4096 : 300;
	fprintf(c->s->out, "%s: %zu connection%s\n", title, w->nconns, w->nconns == 1 ? "" : "s");
	if (!w->nconns && value_is_obj(c->arg[0] ? c->arg[0] : last_exchange, &server_type)) {
		const struct server *o = server_of(c->arg[0]);

		fprintf(c->s->out, "nothing yet: try http%s.get(\"%s\") here, or curl %s%s from another "
			"terminal\n", o->tls ? "s" : "", o->url, o->tls ? "--cacert ca.pem " : "", o->url);
		return 0;
	}
	dump_wire(&d, w, only, who);
	return 0;
}

#define FIND_MAX 100

/* The line around the match at P[AT..AT+LEN) in a stream of N bytes, made
 * printable: what Eve reads there. */
static char *
excerpt(const unsigned char *p, size_t n, size_t at, size_t len)
{
	size_t from = at, to = at + len;
	char shown[400];

	while (from > 0 && at - from < 120 && p[from - 1] != '\n')
		from--;
	while (to < n && to - at < 120 + len && p[to] != '\r' && p[to] != '\n')
		to++;
	http_printable(shown, sizeof shown, p + from, to - from, 300);
	return xstrdup(shown);
}

static int
b_find(struct call *c, struct value **out)
{
	const char *who[2] = { "client", "server" }, *text;
	const struct wire *w;
	char title[600];
	size_t tn, nitems = 0;
	struct value **items = NULL;

	servers_touch(c->s);
	if (capture_arg(c, c->arg[0], &w, title, sizeof title))
		return -1;
	if (dhconn_capture(c->arg[0], &w, title, sizeof title)) {
		who[0] = "connector";
		who[1] = "listener";
	}
	arg_data(c, 1, &text, &tn);
	if (!tn)
		return cl_fail(c->err, GPG_ERR_INV_ARG, "wire.find: give something to look for");
	for (size_t ci = 0; ci < w->nconns && nitems < FIND_MAX; ci++)
		for (int dir = 0; dir < 2 && nitems < FIND_MAX; dir++) {
			size_t n;
			unsigned char *st = stream_of(w, ci, (enum wire_dir)dir, &n);
			const unsigned char *p = st, *hit;

			while (st && nitems < FIND_MAX && (hit = memmem(p, n - (size_t)(p - st), text, tn))) {
				char *ex = excerpt(st, n, (size_t)(hit - st), tn);
				char *item = xasprintf("connection %zu, %s \xe2\x86\x92 %s: %s", ci + 1, who[dir],
						       who[!dir], ex);

				items = xreallocarray(items, nitems + 1, sizeof *items);
				items[nitems++] = value_cstr(item);
				free(item);
				free(ex);
				p = hit + tn;
			}
			free(st);
		}
	*out = value_list(items, nitems);
	return 0;
}

static int
b_save(struct call *c, struct value **out)
{
	const struct wire *w;
	char title[600];
	const char *path = c->arg[1]->u.s.p;

	servers_touch(c->s);
	if (capture_arg(c, c->arg[0], &w, title, sizeof title))
		return -1;
	if (wire_save_pcap(w, path, c->arg[2]->u.b, c->err))
		return -1;
	{
		/* the name as typed may hold anything: shown escaped, never obeyed */
		char *shown = render_escaped(path);

		fprintf(c->s->out, "wrote '%s': %zu connection%s (only you can read it); read it with tshark -r %s "
			"(add -qz follow,tcp,ascii,0 for the first stream), or open it in Wireshark\n", shown,
			w->nconns, w->nconns == 1 ? "" : "s", shown);
		free(shown);
	}
	return 0;
}

/* ---- the tables ---- */

#define SECONDS_PARAM { .name = "seconds", .types = T_INT, .def = DEFAULT_SECONDS }
#define FERNET_PARAM { .name = "fernet_key", .types = T_STR | T_LIST | T_OBJ, .obj = &fernet_keylist_type, \
		       .optional = true }
#define PAGE_PARAM { .name = "page", .types = T_STR, .optional = true }
#define TIMEOUT_PARAM { .name = "timeout", .types = T_INT, .def = "10" }

static const struct builtin http_entries[] = {
	{
		.name = "http.serve",
		.params = { { .name = "port", .types = T_INT, .def = "5985" },
			    { .name = "host", .types = T_STR, .def = "\"127.0.0.1\"" },
			    FERNET_PARAM, PAGE_PARAM, TIMEOUT_PARAM },
		.summary = "serve a page over plain http beside the shell",
		.help = "Starts a web server in the background and returns it (its `.url`, `.port`, "
			"`.requests`); the prompt stays yours, and each request logs one line above it. "
			"GET / gives a small page with a login form; a POST is echoed back, so "
			"`wire.show(s)` shows the password crossing the wire in clear. With FERNET_KEY "
			"(any form fernet.* takes: a key's text from `fernet.keygen()` or "
			"`env(\"SECRET_KEY\")`, a password key, a list of keys or `fernet.multi`) the "
			"server decrypts each token posted to it with any of its keys and answers with a "
			"token under the first; a token made with another key gets 400 and the server "
			"goes on. PAGE replaces the page. "
			"It listens on 127.0.0.1 only, unless HOST says otherwise (\"0.0.0.0\": every "
			"network, with a warning). PORT 0 takes any free port. A client has TIMEOUT "
			"seconds to send its request. `serve.stop(s)` stops it; so does leaving the shell.",
		.example = "s = http.serve(port=0); r = http.post(s.url, \"password=fluffy tail\"); r.body; "
			   "serve.stop(s)",
		.expect = "server 1: POST / from 127.0.0.1 (20 bytes) \xe2\x86\x92 200 OK\n"
			  "you sent 20 bytes: password=fluffy tail\n\n"
			  "server 1 stopped after 1 request",
		.flags = B_LISTENS,
		.fn = b_http_serve,
	},
	{
		.name = "http.get",
		.params = { { .name = "url", .types = T_STR }, SECONDS_PARAM },
		.summary = "fetch a page over plain http: status, headers, body",
		.help = "Sends GET for URL (http://host:port/path) and returns the response: `.status` "
			"(200), `.reason`, `.headers` (a list of \"Name: value\" lines), `.body` (text, or "
			"bytes when it is not UTF-8). Gives up after SECONDS; Ctrl-C stops it sooner. "
			"`wire.show(r)` shows the bytes of the exchange; `wire.show()` those of the last "
			"one, even a failed one. For https:// use `https.get`.",
		.example = "s = http.serve(port=0); r = http.get(s.url); r.status; serve.stop(s)",
		.expect = "server 1: GET / from 127.0.0.1 \xe2\x86\x92 200 OK\n200\nserver 1 stopped after 1 request",
		.flags = B_LISTENS,
		.fn = b_http_get,
	},
	{
		.name = "http.post",
		.params = { { .name = "url", .types = T_STR }, { .name = "body", .types = T_DATA },
			    SECONDS_PARAM, { .name = "type", .types = T_STR, .optional = true } },
		.summary = "send data to a web server over plain http",
		.help = "Sends BODY (text or bytes) with POST to URL, as Content-Type TYPE (default "
			"text/plain), and returns the response as `http.get` does. To a Fernet server "
			"(`http.serve(fernet_key=k)`) send a token: `r = http.post(s.url, "
			"fernet.encrypt(k, \"fluffy tail\"))`, then `fernet.decrypt(k, r.body)`.",
		.example = "k = fernet.keygen(); s = http.serve(port=0, fernet_key=k); "
			   "r = http.post(s.url, fernet.encrypt(k, \"fluffy tail\")); fernet.decrypt(k, r.body); "
			   "r = http.post(s.url, fernet.encrypt(fernet.keygen(), \"hi\")); r.status; serve.stop(s)",
		.expect = "server 1: POST / from 127.0.0.1: a token that decrypts to \"fluffy tail\" \xe2\x86\x92 "
			  "200 OK\nreceived: fluffy tail\n"
			  "server 1: POST / from 127.0.0.1: a token this server's key does not open (invalid "
			  "token) \xe2\x86\x92 400 Bad Request\n400\nserver 1 stopped after 2 requests",
		.flags = B_LISTENS,
		.fn = b_http_post,
	},
	{ 0 }
};

/* a CA, and a certificate for localhost with its key, for the examples */
#define EXAMPLE_CA "cakey = ec.keygen(); ca = cert.ca(cakey, \"CN=Class CA\"); key = ec.keygen(); " \
	"c = cert.sign(ca, cakey, cert.csr(key, \"CN=localhost\", san=[\"localhost\"])); "

/* certificates and keys take every form (checked by certs_arg and key_pem_arg) */
#define CAFILE_PARAM { .name = "cafile", .types = T_ANY, .optional = true }
#define INSECURE_PARAM { .name = "insecure", .types = T_BOOL, .def = "false" }

static const struct builtin https_entries[] = {
	{
		.name = "https.serve",
		.params = { { .name = "cert", .types = T_ANY },
			    { .name = "key", .types = T_ANY },
			    { .name = "port", .types = T_INT, .def = "5684" },
			    { .name = "chain", .types = T_ANY, .optional = true },
			    { .name = "host", .types = T_STR, .def = "\"127.0.0.1\"" },
			    FERNET_PARAM, PAGE_PARAM, TIMEOUT_PARAM },
		.summary = "serve the page over https with a certificate and its key",
		.help = "Like `http.serve`, over TLS (GnuTLS): CERT is the server's certificate and KEY "
			"its private key, each an object (from `cert.sign` and `ec.keygen`, or `load`), its "
			"PEM text, or a file name (PEM or DER); CERT may be a list, the server's "
			"certificate first and the intermediates after it, as `load` reads a chain file. "
			"CHAIN (the same forms) holds more intermediate certificates sent after it. A key that "
			"does not belong to the certificate is refused; an expired certificate gets a "
			"warning (curl and browsers will refuse it: try it). The server answers at "
			"https://localhost:5684/: `curl --cacert ca.pem https://localhost:5684/` works when "
			"ca.pem is the CA that signed CERT. `wire.show(s)` now shows TLS records: the "
			"handshake, then only ciphertext. A client that refuses the certificate shows in "
			"the log.",
		.example = EXAMPLE_CA "s = https.serve(c, key, port=0); https.get(s.url, cafile=ca).tls; serve.stop(s)",
		.expect = "server 1: GET / from 127.0.0.1 over TLS 1.3 \xe2\x86\x92 200 OK\nTLS 1.3, AES-256-GCM\n"
			  "server 1 stopped after 1 request",
		.flags = B_LISTENS | B_SEEDED,
		.fn = b_https_serve,
	},
	{
		.name = "https.get",
		.params = { { .name = "url", .types = T_STR }, CAFILE_PARAM, INSECURE_PARAM, SECONDS_PARAM },
		.summary = "fetch a page over https, checking the certificate",
		.help = "Like `http.get` over TLS. The server's certificate must chain to a CA you trust "
			"(CAFILE: a certificate object, a list of them, a file name or PEM text; without it, "
			"the system's CAs), carry the host "
			"name of URL, and be valid at `clock.now()`; otherwise the error says which, and "
			"why, in full. With INSECURE=true it goes on anyway (like curl --insecure), and "
			"`.verified` and `.problem` say what was wrong. `.tls` names the version and "
			"cipher, `.certificate` the server certificate's subject.",
		.example = "cakey = ec.keygen(); ca = cert.ca(cakey, \"CN=Class CA\"); key = ec.keygen(); "
			   "c = cert.sign(ca, cakey, cert.csr(key, \"CN=www.example.com\", san=[\"www.example.com\"])); "
			   "s = https.serve(c, key, port=0); r = https.get(s.url, cafile=ca, insecure=true); "
			   "r.verified; r.problem; serve.stop(s)",
		.expect = "server 1: GET / from 127.0.0.1 over TLS 1.3 \xe2\x86\x92 200 OK\nfalse\n"
			  "the certificate is for another name: you asked for 'localhost', it is for "
			  "'www.example.com'\nserver 1 stopped after 1 request",
		.flags = B_LISTENS | B_SEEDED,
		.fn = b_https_get,
	},
	{
		.name = "https.post",
		.params = { { .name = "url", .types = T_STR }, { .name = "body", .types = T_DATA },
			    CAFILE_PARAM, INSECURE_PARAM, SECONDS_PARAM },
		.summary = "send data over https, checking the certificate",
		.help = "`http.post` over TLS, with the certificate checked as `https.get` does.",
		.example = EXAMPLE_CA "s = https.serve(c, key, port=0); https.post(s.url, \"password=fluffy tail\", "
			   "cafile=ca).body; serve.stop(s)",
		.expect = "server 1: POST / from 127.0.0.1 over TLS 1.3 (20 bytes) \xe2\x86\x92 200 OK\n"
			  "you sent 20 bytes: password=fluffy tail\n\nserver 1 stopped after 1 request",
		.flags = B_LISTENS | B_SEEDED,
		.fn = b_https_post,
	},
	{ 0 }
};

static const struct builtin serve_entries[] = {
	{
		.name = "serve.list",
		.summary = "the servers of this shell, their addresses and request counts",
		.help = "One row per server started (and not yet stopped): its number, kind, URL, how "
			"many requests it answered, and whether it still runs.",
		.example = "serve.list()",
		.expect = "no servers: http.serve() starts one",
		.fn = b_list,
	},
	{
		.name = "serve.stop",
		.params = { { .name = "server", .types = T_OBJ, .obj = &server_type, .optional = true } },
		.summary = "stop a server (all of them without an argument)",
		.help = "Stops SERVER: its process ends and its port is free again. Its capture stays, "
			"for `wire.show` and `wire.save`. Without an argument, every server stops.",
		.example = "s = http.serve(port=0); serve.stop(s); s.running",
		.expect = "server 1 stopped after 0 requests\nfalse",
		.flags = B_LISTENS,
		.fn = b_stop,
	},
	{
		.name = "serve.wait",
		.params = { { .name = "server", .types = T_OBJ, .obj = &server_type },
			    { .name = "requests", .types = T_INT, .def = "0" },
			    { .name = "seconds", .types = T_INT, .def = "0" } },
		.summary = "wait until a server has answered some requests (or Ctrl-C)",
		.help = "Waits, logging each request, until SERVER has answered REQUESTS requests in "
			"all, or SECONDS have passed (0: no limit), or Ctrl-C. For a script that serves: "
			"`cryptolab -c 's = http.serve(); serve.wait(s)'` serves until Ctrl-C.",
		.example = "s = http.serve(port=0); r = http.get(s.url); serve.wait(s, requests=1); "
			   "serve.stop(s)",
		.expect = "server 1: GET / from 127.0.0.1 \xe2\x86\x92 200 OK\nserver 1 stopped after 1 request",
		.flags = B_LISTENS,
		.fn = b_wait,
	},
	{ 0 }
};

static const struct builtin wire_entries[] = {
	{
		.name = "wire.show",
		.params = { { .name = "x", .types = T_ANY, .optional = true },
			    { .name = "conn", .types = T_INT, .optional = true },
			    { .name = "all", .types = T_BOOL, .def = "false" } },
		.summary = "the bytes that crossed the wire, as an eavesdropper sees them",
		.help = "Shows the capture of X (a server, a response from `http.get`, or a connection "
			"from `dh.listen` or `dh.connect`; without X the last request made here, even a "
			"failed one) as Wireshark's \"follow stream\" "
			"does: each connection, then each burst of bytes with an arrow, \xe2\x86\x92 from the "
			"client and \xe2\x86\x90 from the server, in hex and ASCII. Over http the request, the "
			"password in it and the page are readable. Over https each TLS record is named "
			"(type, version, length, and the handshake messages that still travel in clear: "
			"ClientHello, ServerHello...), and the rest is ciphertext. CONN picks one "
			"connection; long captures are cut unless ALL=true (`wire.save` keeps everything).",
		.example = "s = http.serve(port=0); r = http.get(s.url); serve.stop(s); wire.show(r, all=false)",
		.fn = b_show,
	},
	{
		.name = "wire.find",
		.params = { { .name = "x", .types = T_ANY }, { .name = "text", .types = T_DATA } },
		.summary = "where TEXT crossed the wire in clear: what Eve can read",
		.help = "Looks for TEXT (a password, a word of a message) in the capture of X (a server, "
			"a response or a dh connection), in both directions of every connection, and "
			"returns a list with one line for each place it appears: the connection, the "
			"direction, and the line of the stream around it, as Eve reads it. Over http a "
			"password posted is there; over https or in a Fernet token it is not (an empty "
			"list). `len(wire.find(s, \"hunter2\")) > 0` asks whether Eve can read it.",
		.example = "s = http.serve(port=0); r = http.post(s.url, \"user=alice&password=fluffy tail\"); "
			   "serve.stop(s); wire.find(s, \"fluffy tail\")",
		.expect = "server 1: POST / from 127.0.0.1 (31 bytes) \xe2\x86\x92 200 OK\n"
			  "server 1 stopped after 1 request\n"
			  "[\"connection 1, client \xe2\x86\x92 server: user=alice&password=fluffy tail\", "
			  "\"connection 1, server \xe2\x86\x92 client: you sent 31 bytes: "
			  "user=alice&password=fluffy tail\"]",
		.fn = b_find,
	},
	{
		.name = "wire.save",
		.params = { { .name = "x", .types = T_ANY },
			    { .name = "file", .types = T_STR, .path = true },
			    { .name = "force", .types = T_BOOL, .def = "false" } },
		.summary = "write a capture as a pcap file for Wireshark and tshark",
		.help = "Writes the capture of X (a server, a response or a dh connection) to FILE in the "
			"pcap format, "
			"with IPv4 and TCP headers made up around the recorded bytes (the three-way "
			"handshake, sequence numbers, the FINs), so that Wireshark or `tshark -r FILE` "
			"reassembles the streams and decodes HTTP and TLS. FILE is made private (0600) "
			"and never replaced unless FORCE=true.",
		.example = "s = http.serve(port=0); r = http.get(s.url); serve.stop(s); "
			   "wire.save(s, \"example-capture.pcap\", force=true)",
		.expect = "server 1: GET / from 127.0.0.1 \xe2\x86\x92 200 OK\nserver 1 stopped after 1 request\n"
			  "wrote 'example-capture.pcap': 1 connection (only you can read it); read it with tshark "
			  "-r example-capture.pcap (add -qz follow,tcp,ascii,0 for the first stream), or open it in "
			  "Wireshark",
		.flags = B_WRITES_FILES,
		.fn = b_save,
	},
	{ 0 }
};

const struct builtin_ns ns_http = { .name = "http", .topic = "Plain HTTP on the wire", .entries = http_entries };
const struct builtin_ns ns_https = { .name = "https", .topic = "HTTPS, over TLS with certificates", .entries = https_entries };
const struct builtin_ns ns_serve = { .name = "serve", .topic = "Servers beside the shell", .entries = serve_entries };
const struct builtin_ns ns_wire = { .name = "wire", .topic = "What Eve sees on the wire", .entries = wire_entries };
