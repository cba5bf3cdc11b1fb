/* Servers in forked children and a client in the shell; see net.h for why a
 * server is a process. Sections: time and small helpers, URLs, the I/O of
 * one connection (plain or TLS, with its capture), the reports a server's
 * process sends the shell, the server's process, the shell's side of a
 * server, certificates (loading, explaining a verification failure), and the
 * client. */
#include <config.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include "libcore/child.h"
#include "libcore/clock.h"
#include "libcore/interrupt.h"
#include "libcore/net.h"
#include "libcore/random.h"
#include "libcore/xalloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_LSAN 1
#endif
#endif
#ifdef HAVE_LSAN
#include <sanitizer/lsan_interface.h>
#endif

#define SLICE_MS 100		/* waits look at Ctrl-C this often */
#define MAX_SERVER_CONNS 256	/* connections one server serves at once */
#define MAX_REQUESTS_PER_CONN 100
#define LINGER_SECONDS 2.0	/* after our FIN, how long the client may take to close */
#define IDLE_SECONDS 15.0	/* a kept-alive connection with nothing to say */
#define REPORT_QUEUE_MAX ((size_t)64 << 20)	/* a server's reports waiting for a busy shell */
#define READ_CHUNK 16384

/* ---- time and small helpers ---- */

/* Microseconds since 1970 for captures: clock_now() (so --now pins the
 * capture's dates too) taken once, then the monotonic clock's progress. */
static int64_t
now_usec(void)
{
	static int64_t base;
	static double mono;

	if (!base) {
		base = clock_now() * 1000000;
		mono = clock_elapsed();
	}
	return base + (int64_t)((clock_elapsed() - mono) * 1e6);
}

static void
ip_text(char out[16], uint32_t ip)
{
	snprintf(out, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

static int
set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* "1 second", "2.5 seconds" */
static const char *
plural_s(double x)
{
	return x == 1 ? "" : "s";
}

/* The IPv4 address a server listens on: a dotted quad, or localhost. */
static int
listen_address(uint32_t *ip, const char *host, struct cl_error *err)
{
	struct in_addr a;

	if (strcasecmp(host, "localhost") == 0) {
		*ip = INADDR_LOOPBACK;
		return 0;
	}
	if (inet_pton(AF_INET, host, &a) == 1) {
		*ip = ntohl(a.s_addr);
		return 0;
	}
	if (strchr(host, ':'))
		return cl_fail(err, GPG_ERR_INV_ARG, "'%s' is an IPv6 address: servers here listen on IPv4 only "
			       "(127.0.0.1, this machine, or 0.0.0.0 for every network); a client that asks for "
			       "localhost finds them", host);
	return cl_fail(err, GPG_ERR_INV_ARG, "'%s' is not an IPv4 address (like 127.0.0.1, or 0.0.0.0 for every "
		       "network of this machine)", host);
}

bool
net_is_loopback(const char *host)
{
	struct in_addr a;

	return strcasecmp(host, "localhost") == 0 ||
	       (inet_pton(AF_INET, host, &a) == 1 && (ntohl(a.s_addr) >> 24) == 127);
}

/* ---- URLs ---- */

int
net_url_parse(struct net_url *u, const char *url, struct cl_error *err)
{
	const char *p, *auth_end, *host_end, *path;
	char shown[80];
	size_t n = strlen(url);

	memset(u, 0, sizeof *u);
	http_printable(shown, sizeof shown, url, n, 60);
	if (n > 8192)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "the URL is longer than 8192 characters");
	if (strncasecmp(url, "http://", 7) == 0)
		p = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0) {
		p = url + 8;
		u->tls = true;
	} else if (!strstr(url, "://") && n < 60)
		return cl_fail(err, GPG_ERR_INV_ARG, "'%s' is not a web address: it must start with http:// or "
			       "https:// ('http://%s')", shown, shown);
	else
		return cl_fail(err, GPG_ERR_INV_ARG, "'%s' is not a web address: it must start with http:// or "
			       "https://", shown);
	auth_end = p + strcspn(p, "/?#");
	if (memchr(p, '@', (size_t)(auth_end - p)))
		return cl_fail(err, GPG_ERR_INV_ARG, "'%s': a user name in the address is not supported", shown);
	if (*p == '[') {
		/* the same address for IPv4, port and path kept */
		const char *close = memchr(p, ']', (size_t)(auth_end - p));
		char v4[80];

		snprintf(v4, sizeof v4, "%s://localhost%.50s%s", u->tls ? "https" : "http", close ? close + 1 : "/",
			 close && !*auth_end ? "/" : "");
		return cl_fail(err, GPG_ERR_INV_ARG, "'%s': IPv6 addresses are not supported here (the servers "
			       "of this shell listen on IPv4): use 127.0.0.1 or localhost ('%s')", shown, v4);
	}
	host_end = memchr(p, ':', (size_t)(auth_end - p));
	if (!host_end)
		host_end = auth_end;
	if (host_end == p)
		return cl_fail(err, GPG_ERR_INV_ARG, "'%s' names no host (like localhost or 127.0.0.1)", shown);
	for (const char *q = p; q < host_end; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
		      *q == '-' || *q == '.' || *q == '_'))
			return cl_fail(err, GPG_ERR_INV_ARG, "'%s': the host name has a character that does "
				       "not belong in one", shown);
	u->port = u->tls ? 443 : 80;
	if (host_end < auth_end) {
		unsigned long port = 0;
		const char *q = host_end + 1;

		if (q == auth_end)
			return cl_fail(err, GPG_ERR_INV_ARG, "'%s': a colon but no port number after it", shown);
		for (; q < auth_end; q++) {
			if (*q < '0' || *q > '9' || port > 65535)
				break;
			port = port * 10 + (unsigned long)(*q - '0');
		}
		if (q < auth_end || port == 0 || port > 65535)
			return cl_fail(err, GPG_ERR_INV_ARG, "'%s': the port must be a number from 1 to 65535",
				       shown);
		u->port = (uint16_t)port;
	}
	path = auth_end;
	for (const char *q = path; *q && *q != '#'; q++)
		if ((unsigned char)*q <= 0x20 || (unsigned char)*q >= 0x7f)
			return cl_fail(err, GPG_ERR_INV_ARG, "'%s': a space or a special character in the path "
				       "must be written with %% (a space is %%20)", shown);
	u->host = xstrndup(p, (size_t)(host_end - p));
	u->path = *path == '/' ? xstrndup(path, strcspn(path, "#"))
			       : xasprintf("/%.*s", (int)strcspn(path, "#"), path);
	return 0;
}

void
net_url_free(struct net_url *u)
{
	free(u->host);
	free(u->path);
	memset(u, 0, sizeof *u);
}

/* ---- one connection's I/O, plain or TLS, with its capture ---- */

/* Results of io_read and io_write besides a count. */
enum { IO_EOF = 0, IO_AGAIN = -1, IO_ERROR = -2 };

struct io {
	int fd;
	gnutls_session_t tls;	/* NULL: plain */
	enum wire_dir out_dir;	/* what we send goes this way */
	/* hears every byte that crossed the socket */
	void (*record)(struct io *io, enum wire_dir dir, const void *p, size_t n);
	void *owner;
	int tls_err;		/* the last GnuTLS error (IO_ERROR) */
	int sys_err;		/* the last errno (IO_ERROR) */
	/* TLS reads ahead: GnuTLS asks for a record's 5-byte header, then its
	 * body; one recv for both halves the system calls */
	unsigned char *rb;
	size_t rb_pos, rb_len;
};

static ssize_t
raw_recv(struct io *io, void *buf, size_t n)
{
	ssize_t r;

	do
		r = recv(io->fd, buf, n, 0);
	while (r < 0 && errno == EINTR);
	if (r > 0)
		io->record(io, io->out_dir == WIRE_C2S ? WIRE_S2C : WIRE_C2S, buf, (size_t)r);
	return r;
}

static ssize_t
raw_send(struct io *io, const void *buf, size_t n)
{
	ssize_t r;

	do
		r = send(io->fd, buf, n, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	if (r > 0)
		io->record(io, io->out_dir, buf, (size_t)r);
	return r;
}

static ssize_t
tls_pull(gnutls_transport_ptr_t p, void *buf, size_t n)
{
	struct io *io = p;
	ssize_t r;

	if (io->rb_pos == io->rb_len) {
		if (!io->rb)
			io->rb = xmalloc(READ_CHUNK);
		r = raw_recv(io, io->rb, READ_CHUNK);
		if (r <= 0) {
			if (r < 0)
				gnutls_transport_set_errno(io->tls, errno);
			return r;
		}
		io->rb_pos = 0;
		io->rb_len = (size_t)r;
	}
	if (n > io->rb_len - io->rb_pos)
		n = io->rb_len - io->rb_pos;
	memcpy(buf, io->rb + io->rb_pos, n);
	io->rb_pos += n;
	return (ssize_t)n;
}

static ssize_t
tls_push(gnutls_transport_ptr_t p, const void *buf, size_t n)
{
	struct io *io = p;
	ssize_t r = raw_send(io, buf, n);

	if (r < 0)
		gnutls_transport_set_errno(io->tls, errno);
	return r;
}

/* GnuTLS asks this only when it wants to wait itself; we never let it. */
static int
tls_pull_timeout(gnutls_transport_ptr_t p, unsigned int ms)
{
	struct io *io = p;
	struct pollfd pfd = { .fd = io->fd, .events = POLLIN };

	(void)ms;
	if (io->rb_pos < io->rb_len)
		return 1;
	return poll(&pfd, 1, 0);
}

static void
io_tls_attach(struct io *io)
{
	gnutls_transport_set_ptr(io->tls, io);
	gnutls_transport_set_push_function(io->tls, tls_push);
	gnutls_transport_set_pull_function(io->tls, tls_pull);
	gnutls_transport_set_pull_timeout_function(io->tls, tls_pull_timeout);
	gnutls_handshake_set_timeout(io->tls, 0);	/* our own deadlines decide */
}

/* What a raw recv or send that returned R (errno set when R < 0) gives
 * io_read and io_write's callers: bytes, IO_EOF, IO_AGAIN or IO_ERROR. */
static ssize_t
raw_result(struct io *io, ssize_t r)
{
	if (r >= 0)
		return r;
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		return IO_AGAIN;
	io->sys_err = errno;
	return IO_ERROR;
}

/* The same for gnutls_record_recv or _send. */
static ssize_t
tls_result(struct io *io, ssize_t r)
{
	if (r >= 0)
		return r;
	if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
		return IO_AGAIN;
	io->tls_err = (int)r;
	return IO_ERROR;
}

static ssize_t
io_read(struct io *io, void *buf, size_t n)
{
	ssize_t r;

	if (!io->tls)
		return raw_result(io, raw_recv(io, buf, n));
	r = gnutls_record_recv(io->tls, buf, n);
	if (r == GNUTLS_E_PREMATURE_TERMINATION)
		return IO_EOF;	/* closed without a close_notify: as most peers do */
	return tls_result(io, r);
}

static ssize_t
io_write(struct io *io, const void *buf, size_t n)
{
	if (!io->tls)
		return raw_result(io, raw_send(io, buf, n));
	return tls_result(io, gnutls_record_send(io->tls, buf, n > 16384 ? 16384 : n));
}

/* GnuTLS's message for RC in this project's style: lower case, no full
 * stop ("the signature verification failed"). */
static const char *
tls_words(int rc)
{
	static char buf[200];
	size_t n;

	snprintf(buf, sizeof buf, "%s", gnutls_strerror(rc));
	n = strlen(buf);
	while (n && (buf[n - 1] == '.' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (n > 1 && buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/* "TLS 1.3", as people write it (GnuTLS says "TLS1.3"). */
static const char *
tls_version(gnutls_session_t s)
{
	switch (gnutls_protocol_get_version(s)) {
	case GNUTLS_TLS1_0: return "TLS 1.0";
	case GNUTLS_TLS1_1: return "TLS 1.1";
	case GNUTLS_TLS1_2: return "TLS 1.2";
	case GNUTLS_TLS1_3: return "TLS 1.3";
	default: return gnutls_protocol_get_name(gnutls_protocol_get_version(s));
	}
}

/* An alert's name as RFC 8446 spells it ("unknown_ca"). */
static const char *
alert_name(gnutls_session_t s)
{
	const char *n = wire_tls_alert_name((uint8_t)gnutls_alert_get(s));

	return n ? n : gnutls_alert_get_name(gnutls_alert_get(s));
}

/* The poll events a pending TLS operation waits for. */
static short
io_tls_events(const struct io *io)
{
	return gnutls_record_get_direction(io->tls) ? POLLOUT : POLLIN;
}

/* ---- reports: what a server's process tells the shell ---- */

enum { R_OPEN = 'O', R_DATA = 'D', R_FIN = 'F', R_LOG = 'L', R_NOTE = 'N', R_SYNC = 'S' };

struct report {
	uint8_t type;
	uint8_t dir;
	uint16_t pad;
	uint32_t conn;
	int64_t usec;
	uint32_t len;		/* R_DATA: bytes that crossed */
	uint32_t kept;		/* bytes of payload that follow */
};

struct open_payload {
	uint32_t client_ip, server_ip;
	uint16_t client_port, server_port;
	uint8_t tls;
};

/* ---- a server's process ---- */

enum sstate { S_HANDSHAKE, S_READ, S_WRITE, S_LINGER, S_DEAD };

struct sconn {
	struct io io;
	struct srv *srv;
	uint32_t id;
	char peer[16];
	uint32_t peer_ip;
	uint16_t peer_port;
	enum sstate state;
	bool peeked;		/* TLS: the first byte was looked at */
	bool plain_on_tls;	/* a plain HTTP request came to the https port */
	bool close_after;
	bool client_fin;
	unsigned nreq;
	char *in;
	size_t in_len, in_cap;
	struct http_msg msg;
	char *out;
	size_t out_len, out_off;
	double deadline;	/* monotonic */
	char tlsver[16];
};

struct srv {
	const struct net_server_config *cfg;
	gnutls_certificate_credentials_t cred;
	/* session tickets: the server sends one after the handshake, as
	 * OpenSSL does; besides resumption, that answer lets a client that
	 * waits (Nagle) send its request at once */
	gnutls_datum_t ticket_key;
	int lfd, rfd, cfd;	/* listening socket, report pipe (write end), control pipe (read end) */
	uint32_t ip;
	uint16_t port;
	struct sconn *conns[MAX_SERVER_CONNS];
	size_t nconns;
	uint32_t next_id;
	char *q;		/* reports not yet written to the pipe */
	size_t qlen, qoff, qcap;
	size_t kept;		/* capture bytes sent so far */
};

static void
queue_report(struct srv *v, const struct report *r, const void *payload)
{
	size_t need = sizeof *r + r->kept;

	if (v->qlen - v->qoff + need > REPORT_QUEUE_MAX)
		return;	/* the shell has not read for a long time: this report is lost */
	if (v->qoff && v->qlen + need > v->qcap) {
		memmove(v->q, v->q + v->qoff, v->qlen - v->qoff);
		v->qlen -= v->qoff;
		v->qoff = 0;
	}
	if (v->qlen + need > v->qcap) {
		while (v->qlen + need > v->qcap)
			v->qcap = v->qcap ? 2 * v->qcap : 65536;
		v->q = xrealloc(v->q, v->qcap);
	}
	memcpy(v->q + v->qlen, r, sizeof *r);
	if (r->kept)
		memcpy(v->q + v->qlen + sizeof *r, payload, r->kept);
	v->qlen += need;
}

static void
flush_reports(struct srv *v)
{
	while (v->qoff < v->qlen) {
		ssize_t w = write(v->rfd, v->q + v->qoff, v->qlen - v->qoff);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;	/* full: poll says when it drains */
		v->qoff += (size_t)w;
	}
	v->qoff = v->qlen = 0;
}

static void
report_text(struct srv *v, int type, uint32_t conn, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
report_text(struct srv *v, int type, uint32_t conn, const char *fmt, ...)
{
	struct report r = { .type = (uint8_t)type, .conn = conn, .usec = now_usec() };
	char line[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	r.kept = r.len = (uint32_t)strlen(line);
	queue_report(v, &r, line);
	flush_reports(v);
}

static void
srv_record(struct io *io, enum wire_dir dir, const void *p, size_t n)
{
	struct sconn *k = io->owner;
	struct srv *v = k->srv;
	struct report r = { .type = R_DATA, .dir = (uint8_t)dir, .conn = k->id, .usec = now_usec(),
			    .len = (uint32_t)n };
	size_t room = v->kept < WIRE_MAX_KEPT ? WIRE_MAX_KEPT - v->kept : 0;

	r.kept = (uint32_t)(n < room ? n : room);
	v->kept += r.kept;
	queue_report(v, &r, p);
}

static void
srv_fin(struct sconn *k, enum wire_dir dir)
{
	struct report r = { .type = R_FIN, .dir = (uint8_t)dir, .conn = k->id, .usec = now_usec() };

	if (dir == WIRE_C2S) {
		if (k->client_fin)
			return;
		k->client_fin = true;
	}
	queue_report(k->srv, &r, NULL);
}

static void
conn_close(struct sconn *k)
{
	if (k->state == S_DEAD)
		return;
	if (k->state != S_LINGER)
		srv_fin(k, WIRE_S2C);	/* closing sends our FIN now */
	srv_fin(k, WIRE_C2S);
	if (k->io.tls)
		gnutls_deinit(k->io.tls);
	k->io.tls = NULL;
	free(k->io.rb);
	k->io.rb = NULL;
	close_fd(&k->io.fd);
	http_msg_free(&k->msg);
	free(k->in);
	free(k->out);
	k->in = k->out = NULL;
	k->state = S_DEAD;
}

/* Our half closes: TLS says close_notify, TCP sends its FIN; then the
 * client has a moment to close its half (so that closing does not reset a
 * connection whose last bytes the client has not read yet). */
static void
conn_finish(struct sconn *k)
{
	if (k->io.tls)
		gnutls_bye(k->io.tls, GNUTLS_SHUT_WR);	/* non-blocking: best effort */
	shutdown(k->io.fd, SHUT_WR);
	srv_fin(k, WIRE_S2C);
	k->state = S_LINGER;
	k->deadline = clock_elapsed() + LINGER_SECONDS;
}

static void
http_date(char *buf, size_t n)
{
	time_t t = (time_t)clock_now();
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

static char *
default_page(const struct srv *v)
{
	const struct net_server_config *c = v->cfg;
	const char *how = c->tls
		? "<p>It came over <b>HTTPS</b>: an eavesdropper on the wire sees TLS records, the "
		  "certificate in TLS 1.2, and nothing of this page. In the shell, "
		  "<code>wire.show</code> shows what they see.</p>\n"
		: "<p>It came over plain <b>HTTP</b>: anyone on the path between you and the server "
		  "reads it, and reads what you send back. Try the form, then "
		  "<code>wire.show</code> in the shell.</p>\n";

	if (c->fernet)
		return xasprintf("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>cryptolab server %u"
				 "</title></head>\n<body>\n<h1>Hello from cryptolab</h1>\n<p>Server %u speaks "
				 "Fernet: POST a token made with the shared key, and it answers with a token "
				 "made with the same key.</p>\n%s</body></html>\n", c->id, c->id, how);
	return xasprintf("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>cryptolab server %u"
			 "</title></head>\n<body>\n<h1>Hello from cryptolab</h1>\n<p>This page comes from "
			 "server %u of a cryptolab shell.</p>\n%s"
			 "<form method=\"post\" action=\"/\">\n<label>user <input name=\"user\" "
			 "value=\"alice\"></label>\n<label>password <input name=\"password\" type=\"password\" "
			 "value=\"fluffy tail\"></label>\n<button>Log in</button>\n</form>\n</body></html>\n",
			 c->id, c->id, how);
}

/* The response to K's request (or to its malformed input, STATUS != 0),
 * queued to send; the log line is reported before any of it goes out. */
static void
respond(struct sconn *k, int error_status, const char *why)
{
	struct srv *v = k->srv;
	const struct net_server_config *cfg = v->cfg;
	const struct http_msg *m = &k->msg;
	char date[64], shown[80], what[400] = "", *body = NULL, *head, *extra = "";
	const char *ctype = "text/plain; charset=utf-8";
	int status = error_status;
	size_t blen;
	bool head_only = false;

	if (status) {
		body = xasprintf("%d %s: %s\n", status, http_reason(status), why);
		snprintf(what, sizeof what, "from %s: %s", k->peer, why);
		k->close_after = true;
	} else if (k->plain_on_tls) {
		status = 400;
		http_printable(shown, sizeof shown, m->target, strlen(m->target), 40);
		body = xasprintf("400 Bad Request: this is an https server, and this request came in plain "
				 "HTTP: use https://\n");
		snprintf(what, sizeof what, "%s %s from %s in plain HTTP, to an https server", m->method, shown,
			 k->peer);
		k->close_after = true;
	} else {
		bool get = strcmp(m->method, "GET") == 0, is_head = strcmp(m->method, "HEAD") == 0;
		bool root = strcmp(m->target, "/") == 0 || strcmp(m->target, "/index.html") == 0 ||
			    strncmp(m->target, "/?", 2) == 0;

		http_printable(shown, sizeof shown, m->target, strlen(m->target), 40);
		head_only = is_head;
		snprintf(what, sizeof what, "%s %s from %s%s%s", m->method, shown, k->peer,
			 k->io.tls ? " over " : "", k->io.tls ? k->tlsver : "");
		if ((get || is_head) && root) {
			status = 200;
			ctype = "text/html; charset=utf-8";
			body = cfg->page ? xstrdup(cfg->page) : default_page(v);
		} else if (get || is_head) {
			status = 404;
			body = xasprintf("404 Not Found: this server has only one page, at /\n");
		} else if (strcmp(m->method, "POST") == 0 && cfg->fernet) {
			const char *tok = (const char *)m->body;
			size_t tn = m->body_len;
			unsigned char *plain = NULL;
			size_t pn;
			struct cl_error e;
			char *reply, *token;
			size_t token_len;

			while (tn && strchr(" \t\r\n", tok[0]))
				tok++, tn--;
			while (tn && strchr(" \t\r\n", tok[tn - 1]))
				tn--;
			if (fernet_multi_decrypt_at(&plain, &pn, NULL, cfg->fernet, cfg->nfernet, tok, tn, NULL,
						    clock_now(), &e)) {
				status = 400;
				body = xasprintf("invalid token\n");
				snprintf(what + strlen(what), sizeof what - strlen(what),
					 ": a token this server's key does not open (invalid token)");
			} else {
				http_printable(shown, sizeof shown, plain, pn, 48);
				snprintf(what + strlen(what), sizeof what - strlen(what),
					 ": a token that decrypts to \"%s\"", shown);
				reply = xasprintf("received: %.*s", (int)pn, (const char *)plain);
				fernet_free(plain, pn);
				if (fernet_encrypt(&token, &token_len, cfg->fernet, reply, strlen(reply), &e)) {
					status = 500;
					body = xasprintf("500 Internal Server Error: %s\n", e.msg);
				} else {
					status = 200;
					body = xasprintf("%s", token);
					free(token);
				}
				explicit_bzero(reply, strlen(reply));
				free(reply);
			}
		} else if (strcmp(m->method, "POST") == 0) {
			status = 200;
			/* (the echo of a body with a NUL in it stops there) */
			body = xasprintf("you sent %zu byte%s: %.*s\n", m->body_len, m->body_len == 1 ? "" : "s",
					 (int)m->body_len, (const char *)m->body);
			snprintf(what + strlen(what), sizeof what - strlen(what), " (%zu byte%s)", m->body_len,
				 m->body_len == 1 ? "" : "s");
		} else {
			status = 405;
			extra = "Allow: GET, HEAD, POST\r\n";
			body = xasprintf("405 Method Not Allowed: this server answers GET, HEAD and POST\n");
		}
	}
	k->nreq++;
	if (!m->keep_alive || k->nreq >= MAX_REQUESTS_PER_CONN)
		k->close_after = true;
	blen = strlen(body);
	http_date(date, sizeof date);
	head = xasprintf("HTTP/1.1 %d %s\r\nServer: cryptolab/%s\r\nDate: %s\r\nContent-Type: %s\r\n"
			 "Content-Length: %zu\r\n%s%s\r\n", status, http_reason(status), PACKAGE_VERSION, date,
			 ctype, blen, extra, k->close_after ? "Connection: close\r\n" : "");
	/* the log line goes to the shell before the answer goes to the client */
	report_text(v, R_LOG, k->id, "%s \xe2\x86\x92 %d %s", what, status, http_reason(status));
	free(k->out);
	k->out_len = strlen(head) + (head_only ? 0 : blen);
	k->out = xmalloc(k->out_len + 1);
	memcpy(k->out, head, strlen(head));
	if (!head_only)
		memcpy(k->out + strlen(head), body, blen);
	k->out_off = 0;
	k->state = S_WRITE;
	free(head);
	free(body);
}

/* An alert the peer sent in clear at the end of what it sent last (OpenSSL
 * refuses a TLS 1.3 certificate so, before it has keys to encrypt with;
 * GnuTLS then sees a record it cannot decrypt): its description, or -1. */
static int
clear_alert(const struct io *io)
{
	const unsigned char *t = io->rb + io->rb_len - 7;

	if (!io->rb || io->rb_len < 7 || t[0] != 21 || t[1] != 3 || t[3] != 0 || t[4] != 2 || t[5] != 2)
		return -1;
	return t[6];
}

static bool
certificate_alert(int desc)
{
	return desc == GNUTLS_A_UNKNOWN_CA || desc == GNUTLS_A_BAD_CERTIFICATE ||
	       desc == GNUTLS_A_CERTIFICATE_UNKNOWN || desc == GNUTLS_A_CERTIFICATE_EXPIRED ||
	       desc == GNUTLS_A_UNSUPPORTED_CERTIFICATE;
}

/* What the client sent and GnuTLS did not read (it stopped at an error
 * of its own, a send that failed): read now, after what it read last, so
 * that an alert among it is seen before the failure is told. */
static void
read_rest(struct io *io)
{
	unsigned char buf[READ_CHUNK];
	ssize_t r;

	if (!io->rb)
		io->rb = xmalloc(READ_CHUNK);
	while ((r = raw_recv(io, buf, sizeof buf)) > 0) {
		/* the end of what came is what clear_alert looks at */
		if (io->rb_pos == io->rb_len || io->rb_len + (size_t)r > READ_CHUNK)
			io->rb_pos = io->rb_len = 0;
		memcpy(io->rb + io->rb_len, buf, (size_t)r);
		io->rb_len += (size_t)r;
	}
}

/* Why a TLS handshake failed, in words for the log. */
static void
handshake_failure(struct sconn *k, int rc)
{
	const char *alert;
	int desc;

	if (rc == GNUTLS_E_PUSH_ERROR || rc == GNUTLS_E_PULL_ERROR || rc == GNUTLS_E_PREMATURE_TERMINATION)
		read_rest(&k->io);
	desc = clear_alert(&k->io);

	if (desc >= 0 && rc != GNUTLS_E_FATAL_ALERT_RECEIVED) {
		alert = wire_tls_alert_name((uint8_t)desc);
		report_text(k->srv, R_NOTE, k->id, "TLS handshake with %s: the client %s (its alert, sent in "
			    "clear: %s)", k->peer, certificate_alert(desc) ? "refused our certificate"
			    : "stopped it", alert ? alert : "?");
		return;
	}
	switch (rc) {
	case GNUTLS_E_FATAL_ALERT_RECEIVED:
		alert = alert_name(k->io.tls);
		report_text(k->srv, R_NOTE, k->id, "TLS handshake with %s: the client %s (its alert: %s)", k->peer,
			    certificate_alert(gnutls_alert_get(k->io.tls)) ? "refused our certificate"
			    : "stopped it", alert ? alert : "?");
		return;
	case GNUTLS_E_PREMATURE_TERMINATION:
	case GNUTLS_E_PULL_ERROR:
	case GNUTLS_E_PUSH_ERROR:
		report_text(k->srv, R_NOTE, k->id, "TLS handshake with %s: the client hung up half way "
			    "(it may have refused our certificate without saying so)", k->peer);
		return;
	default:
		report_text(k->srv, R_NOTE, k->id, "TLS handshake with %s failed: %s", k->peer,
			    tls_words(rc));
	}
}

static void conn_read(struct sconn *k);

static void
conn_handshake(struct sconn *k)
{
	int rc;

	if (!k->peeked) {
		unsigned char b;
		ssize_t r = recv(k->io.fd, &b, 1, MSG_PEEK);

		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return;
		if (r <= 0) {
			conn_close(k);
			return;
		}
		k->peeked = true;
		if (b >= 'A' && b <= 'Z') {
			/* plain HTTP to the https port: say so in plain HTTP */
			gnutls_deinit(k->io.tls);
			k->io.tls = NULL;
			k->plain_on_tls = true;
			k->state = S_READ;
			conn_read(k);
			return;
		}
	}
	rc = gnutls_handshake(k->io.tls);
	if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED)
		return;
	if (rc < 0) {
		handshake_failure(k, rc);
		conn_close(k);
		return;
	}
	snprintf(k->tlsver, sizeof k->tlsver, "%s", tls_version(k->io.tls));
	k->state = S_READ;
	k->deadline = clock_elapsed() + k->srv->cfg->timeout;
	conn_read(k);
}

static void conn_write(struct sconn *k);

/* Parse what has come; answer a complete or malformed request. */
static void
conn_parse(struct sconn *k, bool eof)
{
	struct cl_error e;
	int r;

	if (!k->srv->cfg->tls && k->nreq == 0 && k->in_len && (unsigned char)k->in[0] == 0x16) {
		/* a TLS ClientHello: it waits for a ServerHello, never for a
		 * blank line, so say at once (in plain HTTP) what is wrong */
		respond(k, 400, "a TLS handshake came to this plain http server: use http://");
		conn_write(k);
		return;
	}
	r = http_parse(&k->msg, k->in, k->in_len, true, eof, HTTP_MAX_REQUEST_BODY, &e);

	if (r == 0) {
		if (eof) {
			k->close_after = true;
			conn_finish(k);
		}
		return;
	}
	if (r < 0) {
		if (k->in_len == 0 && eof) {
			/* connected and left without a word: nothing to answer */
			k->close_after = true;
			conn_finish(k);
			return;
		}
		respond(k, k->msg.error_status, e.msg);
	} else
		respond(k, 0, NULL);
	conn_write(k);
}

static void
conn_read(struct sconn *k)
{
	for (;;) {
		ssize_t r;

		if (k->state != S_READ)
			return;
		if (k->in_len + READ_CHUNK + 1 > k->in_cap) {
			size_t max = HTTP_MAX_HEAD + HTTP_MAX_REQUEST_BODY + 2 * HTTP_MAX_HEAD;

			if (k->in_len >= max) {
				respond(k, 413, "the request is larger than this server accepts");
				conn_write(k);
				return;
			}
			k->in_cap = k->in_cap ? 2 * k->in_cap : READ_CHUNK * 2;
			k->in = xrealloc(k->in, k->in_cap);
		}
		r = io_read(&k->io, k->in + k->in_len, READ_CHUNK);
		if (r == IO_AGAIN)
			return;
		if (r == IO_ERROR) {
			if (k->io.tls_err)
				report_text(k->srv, R_NOTE, k->id, "connection from %s: %s", k->peer,
					    tls_words(k->io.tls_err));
			conn_close(k);
			return;
		}
		if (r == IO_EOF) {
			srv_fin(k, WIRE_C2S);
			conn_parse(k, true);
			return;
		}
		k->in_len += (size_t)r;
		conn_parse(k, false);
	}
}

static void
conn_write(struct sconn *k)
{
	while (k->state == S_WRITE && k->out_off < k->out_len) {
		ssize_t w = io_write(&k->io, k->out + k->out_off, k->out_len - k->out_off);

		if (w == IO_AGAIN)
			return;
		if (w < 0) {
			conn_close(k);
			return;
		}
		k->out_off += (size_t)w;
	}
	if (k->state != S_WRITE)
		return;
	/* the whole answer is out */
	if (k->close_after || k->client_fin) {
		conn_finish(k);
		return;
	}
	/* keep-alive: what came after this request is the next one */
	memmove(k->in, k->in + k->msg.consumed, k->in_len - k->msg.consumed);
	k->in_len -= k->msg.consumed;
	http_msg_free(&k->msg);
	k->state = S_READ;
	k->deadline = clock_elapsed() + (k->in_len ? k->srv->cfg->timeout : IDLE_SECONDS);
	if (k->in_len)
		conn_parse(k, false);
	if (k->state == S_READ)
		conn_read(k);
}

static void
conn_linger(struct sconn *k)
{
	char buf[READ_CHUNK];

	for (;;) {
		/* read and dropped (TLS not even decrypted): the answer is out */
		ssize_t r = raw_recv(&k->io, buf, sizeof buf);

		if (r > 0)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (r == 0)
			srv_fin(k, WIRE_C2S);
		conn_close(k);
		return;
	}
}

static void
conn_timeout(struct sconn *k)
{
	double t = k->srv->cfg->timeout;

	switch (k->state) {
	case S_HANDSHAKE:
		report_text(k->srv, R_NOTE, k->id, "TLS handshake with %s stopped half way: closed after %g "
			    "second%s", k->peer, t, plural_s(t));
		conn_close(k);
		break;
	case S_READ:
		if (k->in_len == 0) {	/* an idle kept-alive connection */
			conn_finish(k);
			break;
		}
		respond(k, 408, "no complete request in time");
		conn_write(k);
		break;
	case S_WRITE:
		report_text(k->srv, R_NOTE, k->id, "%s does not read its answer: closed", k->peer);
		conn_close(k);
		break;
	default:
		conn_close(k);
	}
}

static void
srv_accept(struct srv *v)
{
	for (;;) {
		struct sockaddr_in peer, self;
		socklen_t plen = sizeof peer, slen = sizeof self;
		int fd = accept4(v->lfd, (struct sockaddr *)&peer, &plen, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct open_payload op = { 0 };
		struct report r = { .type = R_OPEN, .usec = now_usec(), .kept = sizeof op };
		struct sconn *k;

		if (fd < 0)
			return;
		if (v->nconns >= MAX_SERVER_CONNS) {
			close(fd);
			return;
		}
		getsockname(fd, (struct sockaddr *)&self, &slen);
		k = xcalloc(1, sizeof *k);
		k->srv = v;
		k->id = v->next_id++;
		k->io.fd = fd;
		k->io.out_dir = WIRE_S2C;
		k->io.record = srv_record;
		k->io.owner = k;
		k->peer_ip = ntohl(peer.sin_addr.s_addr);
		k->peer_port = ntohs(peer.sin_port);
		ip_text(k->peer, k->peer_ip);
		k->deadline = clock_elapsed() + v->cfg->timeout;
		op.client_ip = k->peer_ip;
		op.client_port = k->peer_port;
		op.server_ip = ntohl(self.sin_addr.s_addr);
		op.server_port = ntohs(self.sin_port);
		op.tls = v->cfg->tls;
		r.conn = k->id;
		queue_report(v, &r, &op);
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
		if (v->cfg->tls) {
			gnutls_init(&k->io.tls, GNUTLS_SERVER | GNUTLS_NONBLOCK);
			gnutls_set_default_priority(k->io.tls);
			gnutls_credentials_set(k->io.tls, GNUTLS_CRD_CERTIFICATE, v->cred);
			gnutls_session_ticket_enable_server(k->io.tls, &v->ticket_key);
			gnutls_certificate_server_set_request(k->io.tls, GNUTLS_CERT_IGNORE);
			io_tls_attach(&k->io);
			k->state = S_HANDSHAKE;
		} else
			k->state = S_READ;
		v->conns[v->nconns++] = k;
	}
}

static short
conn_events(const struct sconn *k)
{
	switch (k->state) {
	case S_HANDSHAKE:
		return k->peeked ? io_tls_events(&k->io) : POLLIN;
	case S_READ:
		return k->io.tls && gnutls_record_get_direction(k->io.tls) ? POLLOUT : POLLIN;
	case S_WRITE:
		return k->io.tls && !gnutls_record_get_direction(k->io.tls) ? POLLIN : POLLOUT;
	case S_LINGER:
		return POLLIN;
	default:
		return 0;
	}
}

static void
conn_step(struct sconn *k)
{
	switch (k->state) {
	case S_HANDSHAKE: conn_handshake(k); break;
	case S_READ: conn_read(k); break;
	case S_WRITE: conn_write(k); break;
	case S_LINGER: conn_linger(k); break;
	default: break;
	}
}

/* The shell closed the control pipe (serve.stop, or the shell ended): close
 * every connection, free everything, and end. _exit, not exit: exit would
 * close the shell's stdio streams in this copy of them, and closing an input
 * stream moves the file offset it shares with the shell (a script being read
 * would be read again from elsewhere). A sanitizer build checks the
 * server's process for leaks explicitly first. */
static void __attribute__((noreturn))
srv_shutdown(struct srv *v, struct pollfd *pfd)
{
	for (size_t i = 0; i < v->nconns; i++) {
		conn_close(v->conns[i]);
		free(v->conns[i]);
	}
	flush_reports(v);
	free(v->q);
	free(pfd);
	if (v->cred)
		gnutls_certificate_free_credentials(v->cred);
	gnutls_free(v->ticket_key.data);
	close(v->lfd);
	close(v->rfd);
	close(v->cfd);
#ifdef HAVE_LSAN
	__lsan_do_leak_check();	/* reports and exits with its own status on a leak */
#endif
	_exit(0);
}

static void __attribute__((noreturn))
srv_main(struct srv *v)
{
	struct pollfd *pfd = xcalloc(MAX_SERVER_CONNS + 3, sizeof *pfd);

	for (;;) {
		double now = clock_elapsed(), next = now + 1.0;
		size_t n = 0;
		int rc;

		/* the dead go */
		for (size_t i = 0; i < v->nconns;) {
			if (v->conns[i]->state == S_DEAD) {
				free(v->conns[i]);
				v->conns[i] = v->conns[--v->nconns];
			} else
				i++;
		}
		flush_reports(v);
		pfd[n++] = (struct pollfd){ .fd = v->cfd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = v->qoff < v->qlen ? v->rfd : -1, .events = POLLOUT };
		pfd[n++] = (struct pollfd){ .fd = v->nconns < MAX_SERVER_CONNS ? v->lfd : -1, .events = POLLIN };
		for (size_t i = 0; i < v->nconns; i++) {
			struct sconn *k = v->conns[i];

			pfd[n++] = (struct pollfd){ .fd = k->io.fd, .events = conn_events(k) };
			if (k->deadline < next)
				next = k->deadline;
			/* TLS may hold decrypted bytes already: no waiting for them */
			if (k->io.tls && k->state == S_READ && gnutls_record_check_pending(k->io.tls))
				next = now;
		}
		rc = poll(pfd, n, next > now ? (int)((next - now) * 1000) + 1 : 0);
		if (rc < 0 && errno != EINTR)
			_exit(1);
		now = clock_elapsed();
		/* connections first, the shell's sync request last: a report the
		 * shell asks for after a client closed is then already queued */
		for (size_t i = 0; i < v->nconns; i++) {
			struct sconn *k = v->conns[i];

			if (rc > 0 && pfd[3 + i].revents)
				conn_step(k);
			else if (k->io.tls && k->state == S_READ && gnutls_record_check_pending(k->io.tls))
				conn_step(k);
			if (k->state != S_DEAD && now >= k->deadline)
				conn_timeout(k);
		}
		if (rc > 0 && pfd[2].revents)
			srv_accept(v);
		if (rc > 0 && pfd[0].revents) {
			uint32_t seq;
			ssize_t r = read(v->cfd, &seq, sizeof seq);

			if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN))
				srv_shutdown(v, pfd);	/* stopped, or the shell is gone */
			if (r == (ssize_t)sizeof seq) {
				struct report rep = { .type = R_SYNC, .conn = seq, .usec = now_usec() };

				queue_report(v, &rep, NULL);
			}
		}
		flush_reports(v);
	}
}

/* ---- the shell's side of a server ---- */

struct net_server {
	struct net_server *next;	/* in the list of running servers */
	struct net_server_config cfg;	/* with copies of its texts */
	struct fernet_key *fernet;	/* copies of the config's keys */
	struct net_cert_info cert;
	bool has_cert;
	pid_t pid;
	bool alive;		/* its process serves */
	bool stopping;		/* net_server_stop asked it to end */
	/* report pipe (read end), control pipe (write end): open until
	 * net_server_stop, even once the process died, so that the descriptor
	 * a prompt loop watches is never reused behind its back */
	int rfd, cfd;
	uint32_t ip;
	uint16_t port;
	char *rbuf;
	size_t rlen, rcap;
	uint32_t sync_sent, sync_seen;
	uint64_t requests, connections;
	struct wire wire;
	char *died;
	net_log_fn *log;
	void *log_ctx;
};

static struct net_server *servers;	/* running ones */

static void
unlist(struct net_server *s)
{
	for (struct net_server **p = &servers; *p; p = &(*p)->next)
		if (*p == s) {
			*p = s->next;
			break;
		}
	s->next = NULL;
}

static void
handle_report(struct net_server *s, const struct report *r, const unsigned char *payload)
{
	/* the child numbers connections as the capture does, until it is full */
	long conn = r->conn < s->wire.nconns ? (long)r->conn : -1;
	char *line;

	switch (r->type) {
	case R_OPEN: {
		struct open_payload op;

		if (r->kept != sizeof op)
			return;
		memcpy(&op, payload, sizeof op);
		s->connections++;
		wire_open(&s->wire, op.client_ip, op.client_port, op.server_ip, op.server_port, op.tls != 0,
			  r->usec);
		break;
	}
	case R_DATA:
		wire_data(&s->wire, conn, (enum wire_dir)r->dir, r->usec, payload, r->kept, r->len);
		break;
	case R_FIN:
		wire_fin(&s->wire, conn, (enum wire_dir)r->dir, r->usec);
		break;
	case R_LOG:
	case R_NOTE:
		if (r->type == R_LOG)
			s->requests++;
		line = xstrndup((const char *)payload, r->kept);
		if (s->log)
			s->log(s->log_ctx, line, r->type == R_LOG);
		free(line);
		break;
	case R_SYNC:
		s->sync_seen = r->conn;
		break;
	}
}

/* The child's end of the pipe closed: it ended as asked (stopping), or it
 * died. Either way it is reaped; an end that was not clean is told. */
static void
server_died(struct net_server *s)
{
	int status = 0;
	char *line = NULL;

	s->alive = false;
	if (s->pid > 0) {
		if (!s->stopping)
			kill(s->pid, SIGKILL);
		while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
			;
		s->pid = 0;
		if (WIFSIGNALED(status))
			s->died = xasprintf("its process died (signal %d, %s)", WTERMSIG(status),
					    strsignal(WTERMSIG(status)));
		else if (!s->stopping || WEXITSTATUS(status))
			s->died = xasprintf("its process ended (status %d)", WEXITSTATUS(status));
	}
	unlist(s);
	if (s->died)
		line = xasprintf("%s: %s", s->stopping ? "stopping" : "stopped by itself", s->died);
	if (line && s->log)
		s->log(s->log_ctx, line, false);
	free(line);
}

void
net_server_drain(struct net_server *s)
{
	for (;;) {
		ssize_t got;
		size_t off = 0;

		if (!s->alive)
			return;
		if (s->rcap - s->rlen < 65536) {
			s->rcap = s->rcap ? 2 * s->rcap : 131072;
			s->rbuf = xrealloc(s->rbuf, s->rcap);
		}
		got = read(s->rfd, s->rbuf + s->rlen, s->rcap - s->rlen);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return;	/* EAGAIN: all read */
		if (got == 0) {
			server_died(s);
			return;
		}
		s->rlen += (size_t)got;
		while (s->rlen - off >= sizeof(struct report)) {
			struct report r;

			memcpy(&r, s->rbuf + off, sizeof r);
			if (s->rlen - off - sizeof r < r.kept)
				break;
			handle_report(s, &r, (const unsigned char *)s->rbuf + off + sizeof r);
			off += sizeof r + r.kept;
		}
		memmove(s->rbuf, s->rbuf + off, s->rlen - off);
		s->rlen -= off;
	}
}

/* Ask the child to report all it has done, and read until it has: then the
 * counts and the capture are up to date. At most a second. */
static void
server_sync(struct net_server *s)
{
	double until = clock_elapsed() + 1.0;
	uint32_t seq;

	if (!s->alive)
		return;
	seq = ++s->sync_sent;
	if (write(s->cfd, &seq, sizeof seq) != (ssize_t)sizeof seq) {
		net_server_drain(s);
		return;
	}
	while (s->alive && s->sync_seen != seq) {
		struct pollfd p = { .fd = s->rfd, .events = POLLIN };
		double left = until - clock_elapsed();

		if (left <= 0)
			break;
		if (poll(&p, 1, (int)(left * 1000) + 1) < 0 && errno != EINTR)
			break;
		net_server_drain(s);
	}
}

void
net_drain_all(void)
{
	for (struct net_server *s = servers, *next; s; s = next) {
		next = s->next;
		net_server_drain(s);
	}
}

static void
sync_all(void)
{
	for (struct net_server *s = servers, *next; s; s = next) {
		next = s->next;
		server_sync(s);
	}
}

int
net_server_fd(const struct net_server *s)
{
	return s->rfd;
}

unsigned
net_server_port(const struct net_server *s)
{
	return s->port;
}

uint32_t
net_server_ip(const struct net_server *s)
{
	return s->ip;
}

bool
net_server_running(const struct net_server *s)
{
	return s->alive;
}

const char *
net_server_died(const struct net_server *s)
{
	return s->died;
}

uint64_t
net_server_requests(const struct net_server *s)
{
	server_sync((struct net_server *)s);
	return s->requests;
}

uint64_t
net_server_connections(const struct net_server *s)
{
	server_sync((struct net_server *)s);
	return s->connections;
}

const struct wire *
net_server_wire(const struct net_server *s)
{
	server_sync((struct net_server *)s);
	return &s->wire;
}

const struct net_cert_info *
net_server_cert(const struct net_server *s)
{
	return s->has_cert ? &s->cert : NULL;
}

void
net_server_stop(struct net_server *s)
{
	int status;

	if (s->alive) {
		double until = clock_elapsed() + 1.0;

		/* closing the control pipe asks the process to end; it reports
		 * its last connections closing, then its end of the pipe closes */
		server_sync(s);
		s->stopping = true;
		close_fd(&s->cfd);
		while (s->alive && clock_elapsed() < until) {
			struct pollfd p = { .fd = s->rfd, .events = POLLIN };

			if (poll(&p, 1, 100) < 0 && errno != EINTR)
				break;
			net_server_drain(s);
		}
		if (s->pid > 0) {
			kill(s->pid, SIGKILL);	/* it did not end in time */
			while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
				;
		}
		s->pid = 0;
		s->alive = false;
		unlist(s);
	}
	close_fd(&s->rfd);
	close_fd(&s->cfd);
}

void
net_server_free(struct net_server *s)
{
	if (!s)
		return;
	net_server_stop(s);
	wire_free(&s->wire);
	for (size_t i = 0; i < s->cfg.nfernet; i++)
		fernet_key_free(&s->fernet[i]);
	free(s->fernet);
	free((char *)s->cfg.host);
	free((char *)s->cfg.page);
	free(s->rbuf);
	free(s->died);
	free(s);
}

void
net_stop_all(void)
{
	while (servers)
		net_server_stop(servers);	/* unlists it */
}

int
net_server_wait(struct net_server *s, uint64_t requests, double seconds, struct cl_error *err)
{
	double until = clock_elapsed() + seconds;

	for (;;) {
		struct pollfd p = { .fd = s->rfd, .events = POLLIN };
		int ms = SLICE_MS;

		net_drain_all();
		if (requests && s->requests >= requests)
			return 0;
		if (!s->alive)
			return cl_fail(err, GPG_ERR_EOF, "the server stopped: %s",
				       s->died ? s->died : "it was stopped");
		if (cl_interrupted)
			return cl_fail(err, GPG_ERR_CANCELED, "interrupted");
		if (seconds > 0) {
			double left = until - clock_elapsed();

			if (left <= 0)
				return requests ? cl_fail(err, GPG_ERR_TIMEOUT, "%llu of the %llu requests came "
							  "in %g second%s", (unsigned long long)s->requests,
							  (unsigned long long)requests, seconds, plural_s(seconds))
						: 0;
			if (left * 1000 < ms)
				ms = (int)(left * 1000) + 1;
		}
		if (poll(&p, 1, ms) < 0 && errno != EINTR)
			return cl_fail(err, gpg_err_code_from_errno(errno), "waiting: %s", strerror(errno));
	}
}

/* ---- certificates ---- */

static void
dn_text(char *out, size_t n, gnutls_x509_crt_t crt, bool issuer)
{
	gnutls_datum_t d = { 0 };

	if ((issuer ? gnutls_x509_crt_get_issuer_dn3 : gnutls_x509_crt_get_dn3)(crt, &d, 0) < 0 || !d.size)
		snprintf(out, n, "(no name)");
	else
		http_printable(out, n, d.data, d.size, n > 8 ? n - 8 : n);
	gnutls_free(d.data);
}

/* Its DNS and IP subject alternative names, ", " between them; the CN
 * when it has none. */
static void
cert_names(char *out, size_t n, gnutls_x509_crt_t crt)
{
	size_t o = 0;

	out[0] = '\0';
	for (unsigned i = 0; o + 4 < n; i++) {
		char name[256], shown[200];
		size_t len = sizeof name;
		unsigned int critical;
		int t = gnutls_x509_crt_get_subject_alt_name(crt, i, name, &len, &critical);

		if (t < 0)
			break;
		if (t == GNUTLS_SAN_DNSNAME)
			http_printable(shown, sizeof shown, name, len, 80);
		else if (t == GNUTLS_SAN_IPADDRESS && len == 4)
			snprintf(shown, sizeof shown, "%u.%u.%u.%u", (unsigned char)name[0],
				 (unsigned char)name[1], (unsigned char)name[2], (unsigned char)name[3]);
		else
			continue;
		o += (size_t)snprintf(out + o, n - o, "%s%s", o ? ", " : "", shown);
	}
	if (!out[0]) {
		char cn[256];
		size_t len = sizeof cn;

		if (gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, cn, &len) == 0)
			http_printable(out, n, cn, len, 80);
	}
}

static void
cert_info(struct net_cert_info *info, gnutls_x509_crt_t crt)
{
	dn_text(info->subject, sizeof info->subject, crt, false);
	dn_text(info->issuer, sizeof info->issuer, crt, true);
	cert_names(info->names, sizeof info->names, crt);
	info->not_before = (int64_t)gnutls_x509_crt_get_activation_time(crt);
	info->not_after = (int64_t)gnutls_x509_crt_get_expiration_time(crt);
}

/* Load the certificate (and chain) and key, checking each and that they
 * belong together. */
static int
load_credentials(gnutls_certificate_credentials_t *cred, struct net_cert_info *info,
		 const struct net_server_config *c, struct cl_error *err)
{
	gnutls_datum_t cd = { (unsigned char *)c->cert_pem, (unsigned)c->cert_len };
	gnutls_datum_t kd = { (unsigned char *)c->key_pem, (unsigned)c->key_len };
	gnutls_x509_crt_t *crts = NULL;
	gnutls_x509_privkey_t key = NULL;
	unsigned ncrts = 0;
	int rc, ret = -1;

	*cred = NULL;
	if (c->cert_len > UINT32_MAX / 2 || c->key_len > UINT32_MAX / 2)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "the certificate or key is too large");
	rc = gnutls_x509_crt_list_import2(&crts, &ncrts, &cd, GNUTLS_X509_FMT_PEM, 0);
	if (rc < 0 || ncrts == 0) {
		cl_fail(err, GPG_ERR_BAD_CERT, "%s holds no certificate in PEM form (a block that starts "
			"'-----BEGIN CERTIFICATE-----')%s%s", c->cert_name,
			rc < 0 && rc != GNUTLS_E_NO_CERTIFICATE_FOUND ? ": " : "",
			rc < 0 && rc != GNUTLS_E_NO_CERTIFICATE_FOUND ? tls_words(rc) : "");
		goto leave;
	}
	cert_info(info, crts[0]);
	info->chain = ncrts;
	gnutls_x509_privkey_init(&key);
	rc = gnutls_x509_privkey_import2(key, &kd, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN);
	if (rc < 0) {
		if (memmem(c->key_pem, c->key_len, "ENCRYPTED", 9))
			cl_fail(err, GPG_ERR_BAD_SECKEY, "the key %s is protected by a password: save it without "
				"one (openssl pkey -in KEY -out plain-key.pem)", c->key_name);
		else
			cl_fail(err, GPG_ERR_BAD_SECKEY, "%s holds no private key in PEM form (a block that "
				"starts '-----BEGIN PRIVATE KEY-----')", c->key_name);
		goto leave;
	}
	gnutls_certificate_allocate_credentials(cred);
	rc = gnutls_certificate_set_x509_key_mem2(*cred, &cd, &kd, GNUTLS_X509_FMT_PEM, NULL, 0);
	if (rc == GNUTLS_E_CERTIFICATE_KEY_MISMATCH) {
		cl_fail(err, GPG_ERR_BAD_SECKEY, "the key %s does not belong to the certificate %s: the "
			"certificate holds another public key (was the certificate made for another key?)",
			c->key_name, c->cert_name);
		goto leave;
	}
	if (rc < 0) {
		cl_fail(err, GPG_ERR_BAD_CERT, "the certificate %s and key %s cannot serve TLS: %s",
			c->cert_name, c->key_name, tls_words(rc));
		goto leave;
	}
	ret = 0;
leave:
	for (unsigned i = 0; i < ncrts; i++)
		gnutls_x509_crt_deinit(crts[i]);
	gnutls_free(crts);
	if (key)
		gnutls_x509_privkey_deinit(key);
	if (ret && *cred) {
		gnutls_certificate_free_credentials(*cred);
		*cred = NULL;
	}
	return ret;
}

/* ---- starting a server ---- */

static int
bind_socket(int *out, uint32_t ip, unsigned port, uint16_t *bound, struct cl_error *err)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(ip) };
	socklen_t alen = sizeof a;
	char host[16];
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), e;

	ip_text(host, ip);
	if (fd < 0)
		return cl_fail(err, gpg_err_code_from_errno(errno), "no socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){ 1 }, sizeof(int));
	if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		e = errno;
		close(fd);
		if (e == EADDRINUSE)
			return cl_fail(err, GPG_ERR_EADDRINUSE, "port %u is busy: another program, or another "
				       "server of this shell (serve.list() shows them), listens on %s:%u; give "
				       "another port=, or port=0 for any free one", port, host, port);
		if (e == EACCES)
			return cl_fail(err, GPG_ERR_EACCES, "port %u is reserved for the administrator (ports "
				       "below 1024 are): give a port from 1024 to 65535", port);
		if (e == EADDRNOTAVAIL)
			return cl_fail(err, GPG_ERR_EADDRNOTAVAIL, "'%s' is not an address of this machine", host);
		return cl_fail(err, gpg_err_code_from_errno(e), "cannot listen on %s:%u: %s", host, port,
			       strerror(e));
	}
	if (listen(fd, 128) < 0 || getsockname(fd, (struct sockaddr *)&a, &alen) < 0) {
		e = errno;
		close(fd);
		return cl_fail(err, gpg_err_code_from_errno(e), "cannot listen on %s:%u: %s", host, port,
			       strerror(e));
	}
	*bound = ntohs(a.sin_port);
	*out = fd;
	return 0;
}

int
net_server_start(struct net_server **out, const struct net_server_config *cfg, net_log_fn *log,
		 void *log_ctx, struct cl_error *err)
{
	struct net_server *s = xcalloc(1, sizeof *s);
	struct srv v = { .cfg = &s->cfg, .lfd = -1, .rfd = -1, .cfd = -1 };
	int rp[2] = { -1, -1 }, cp[2] = { -1, -1 };
	pid_t parent = getpid();

	*out = NULL;
	s->rfd = s->cfd = -1;
	s->cfg = *cfg;
	s->cfg.host = xstrdup(cfg->host ? cfg->host : "127.0.0.1");
	s->cfg.page = cfg->page ? xstrdup(cfg->page) : NULL;
	/* the certificate and key are loaded below, not kept */
	s->cfg.cert_pem = s->cfg.key_pem = s->cfg.cert_name = s->cfg.key_name = NULL;
	s->cfg.fernet = NULL;
	s->cfg.nfernet = 0;
	if (s->cfg.timeout <= 0)
		s->cfg.timeout = 10;
	s->log = log;
	s->log_ctx = log_ctx;
	if (listen_address(&s->ip, s->cfg.host, err))
		goto fail;
	if (cfg->port > 65535) {
		cl_fail(err, GPG_ERR_INV_ARG, "port %u does not exist: ports go from 1 to 65535 (0: any free "
			"one)", cfg->port);
		goto fail;
	}
	if (cfg->fernet && cfg->nfernet) {
		s->fernet = xcalloc(cfg->nfernet, sizeof *s->fernet);
		s->cfg.fernet = s->fernet;
		for (; s->cfg.nfernet < cfg->nfernet; s->cfg.nfernet++)
			if (fernet_key_copy(&s->fernet[s->cfg.nfernet], &cfg->fernet[s->cfg.nfernet], err))
				goto fail;
	}
	if (cfg->tls) {
		if (load_credentials(&v.cred, &s->cert, cfg, err))
			goto fail;
		s->has_cert = true;
		gnutls_session_ticket_key_generate(&v.ticket_key);
	}
	if (bind_socket(&v.lfd, s->ip, cfg->port, &s->port, err))
		goto fail;
	if (pipe2(rp, O_CLOEXEC) < 0 || pipe2(cp, O_CLOEXEC) < 0) {
		cl_fail(err, gpg_err_code_from_errno(errno), "no pipe: %s", strerror(errno));
		goto fail;
	}
	/* room for a busy shell: 1 MiB of reports before the child keeps them */
	fcntl(rp[1], F_SETPIPE_SZ, 1 << 20);
	fflush(NULL);	/* the child must not write our buffers out again */
	s->pid = fork();
	if (s->pid < 0) {
		cl_fail(err, gpg_err_code_from_errno(errno), "cannot start the server's process: %s",
			strerror(errno));
		goto fail;
	}
	if (s->pid == 0) {
		/* the server's process: it dies with the shell, and Ctrl-C at
		 * the prompt is the shell's */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(0);
		signal(SIGINT, SIG_IGN);
		signal(SIGPIPE, SIG_IGN);
		signal(SIGTSTP, SIG_IGN);
		for (struct net_server *o = servers; o; o = o->next) {
			close_fd(&o->rfd);
			close_fd(&o->cfd);
		}
		close(rp[0]);
		close(cp[1]);
		v.rfd = rp[1];
		v.cfd = cp[0];
		v.ip = s->ip;
		v.port = s->port;
		set_nonblock(v.lfd);
		set_nonblock(v.rfd);
		/* seeded (a demo), the parent and the child would draw the same
		 * IVs from one stream: the child gets a stream of its own */
		if (random_seeded()) {
			char seed[32];

			snprintf(seed, sizeof seed, "server %u", cfg->id);
			random_seed(seed, NULL);
		}
		srv_main(&v);
	}
	close(v.lfd);	/* the port is the child's: killing it frees the port */
	close(rp[1]);
	close(cp[0]);
	gnutls_free(v.ticket_key.data);
	s->rfd = rp[0];
	s->cfd = cp[1];
	s->alive = true;
	set_nonblock(s->rfd);
	if (v.cred)
		gnutls_certificate_free_credentials(v.cred);
	s->next = servers;
	servers = s;
	*out = s;
	return 0;
fail:
	gnutls_free(v.ticket_key.data);
	close_fd(&v.lfd);
	for (int i = 0; i < 2; i++) {
		close_fd(&rp[i]);
		close_fd(&cp[i]);
	}
	if (v.cred)
		gnutls_certificate_free_credentials(v.cred);
	net_server_free(s);
	return -1;
}

/* ---- the client ---- */

struct fetch {
	struct net_response *r;
	const struct net_request *q;
	struct net_url url;
	char where[300];	/* "localhost:5684" for messages */
	long conn;
	struct io io;
	double start, deadline;
	gnutls_certificate_credentials_t cred;
	gnutls_x509_trust_list_t trust;
	char problem[512];
	int alert;		/* the alert to send when the certificate is refused */
	bool alert_sent;	/* it went out: the server must get to read it */
};

static void
client_record(struct io *io, enum wire_dir dir, const void *p, size_t n)
{
	struct fetch *f = io->owner;

	wire_data(&f->r->wire, f->conn, dir, now_usec(), p, n, n);
}

/* Wait until FD is ready for EVENTS: 1; at the deadline 0; -1 with ERR on
 * Ctrl-C. The servers' reports are read meanwhile. */
static int
wait_fd(int fd, short events, double deadline, struct cl_error *err)
{
	for (;;) {
		struct pollfd p[1 + 64];
		size_t n = 1;
		double left = deadline - clock_elapsed();
		int ms = SLICE_MS;

		if (cl_interrupted)
			return cl_fail(err, GPG_ERR_CANCELED, "interrupted");
		if (left <= 0)
			return 0;
		if (left * 1000 < ms)
			ms = (int)(left * 1000) + 1;
		p[0] = (struct pollfd){ .fd = fd, .events = events };
		for (struct net_server *s = servers; s && n < 1 + 64; s = s->next)
			p[n++] = (struct pollfd){ .fd = s->rfd, .events = POLLIN };
		if (poll(p, n, ms) < 0) {
			if (errno == EINTR)
				continue;
			return cl_fail(err, gpg_err_code_from_errno(errno), "waiting: %s", strerror(errno));
		}
		if (n > 1)
			net_drain_all();
		if (p[0].revents)
			return 1;
	}
}

static int
timed_out(struct fetch *f, const char *doing, struct cl_error *err)
{
	double s = f->q->seconds;

	return cl_fail(err, GPG_ERR_TIMEOUT, "%s %s: no answer within %g second%s (give seconds= to wait "
		       "longer)", doing, f->where, s, plural_s(s));
}

/* The address of the host: a dotted quad, localhost, or a name looked up in
 * a child (a lookup can hang with no network, and Ctrl-C must stop it). */
static int
lookup_job(void *ctx, FILE *out, struct cl_error *err)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
	int rc = getaddrinfo(ctx, NULL, &hints, &res);

	if (rc)
		return cl_fail(err, GPG_ERR_UNKNOWN_HOST, "cannot find the host '%s': %s", (char *)ctx,
			       gai_strerror(rc));
	fprintf(out, "%u", ntohl(((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr));
	freeaddrinfo(res);
	return 0;
}

static int
resolve(const char *name, double deadline, uint32_t *ip, struct cl_error *err)
{
	struct in_addr a;
	char *res;
	size_t n;
	double left = deadline - clock_elapsed();

	if (inet_pton(AF_INET, name, &a) == 1) {
		*ip = ntohl(a.s_addr);
		return 0;
	}
	if (strcasecmp(name, "localhost") == 0) {
		*ip = INADDR_LOOPBACK;
		return 0;
	}
	if (child_run("looking up the host", lookup_job, (void *)name, left > 0.01 ? left : 0.01, &res, &n, err))
		return -1;
	*ip = (uint32_t)strtoul(res, NULL, 10);
	free(res);
	return 0;
}

/* A TCP connection to NAME:PORT by DEADLINE (SECONDS from now, for the
 * message), Ctrl-C stopping the wait. *FD non-blocking; *IP the address. */
static int
tcp_connect(int *out, const char *name, uint16_t port, double deadline, double seconds, uint32_t *ip,
	    struct cl_error *err)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd, e = 0, r;
	char host[16];

	*out = -1;
	if (resolve(name, deadline, ip, err))
		return -1;
	ip_text(host, *ip);
	a.sin_addr.s_addr = htonl(*ip);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
		return cl_fail(err, gpg_err_code_from_errno(errno), "no socket: %s", strerror(errno));
	*out = fd;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
	if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		if (errno != EINPROGRESS)
			e = errno;
		else {
			socklen_t elen = sizeof e;

			if ((r = wait_fd(fd, POLLOUT, deadline, err)) < 0)
				return -1;
			if (r == 0)
				return cl_fail(err, GPG_ERR_TIMEOUT, "connecting to %s:%u: no answer within %g "
					       "second%s (give seconds= to wait longer)", name, port, seconds,
					       plural_s(seconds));
			getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen);
		}
	}
	if (e == ECONNREFUSED)
		return cl_fail(err, GPG_ERR_ECONNREFUSED, "nothing listens on %s:%u (connection refused)", host,
			       port);
	if (e)
		return cl_fail(err, gpg_err_code_from_errno(e), "cannot connect to %s:%u (%s:%u): %s", name, port,
			       host, port, strerror(e));
	return 0;
}

/* Our end of connection FD, for a capture. */
static void
self_address(int fd, uint32_t *ip, uint16_t *port)
{
	struct sockaddr_in self;
	socklen_t slen = sizeof self;

	memset(&self, 0, sizeof self);
	getsockname(fd, (struct sockaddr *)&self, &slen);
	*ip = ntohl(self.sin_addr.s_addr);
	*port = ntohs(self.sin_port);
}

static int
client_connect(struct fetch *f, struct cl_error *err)
{
	uint32_t ip, my_ip;
	uint16_t my_port;

	if (tcp_connect(&f->io.fd, f->url.host, f->url.port, f->deadline, f->q->seconds, &ip, err)) {
		if (err && err->code == GPG_ERR_ECONNREFUSED) {
			char msg[sizeof err->msg];

			snprintf(msg, sizeof msg, "%s", err->msg);
			cl_fail(err, GPG_ERR_ECONNREFUSED, "%s: is the server running? serve.list() shows the "
				"servers of this shell", msg);
		}
		return -1;
	}
	self_address(f->io.fd, &my_ip, &my_port);
	f->conn = wire_open(&f->r->wire, my_ip, my_port, ip, f->url.port, f->url.tls, now_usec());
	return 0;
}

/* Explain what is wrong with the server's certificate chain, or leave
 * f->problem empty when nothing is. */
static void
check_chain(struct fetch *f, const gnutls_datum_t *raw, unsigned n)
{
	gnutls_x509_crt_t crts[16];
	unsigned count = 0, status = 0;
	char subject[100], issuer[100], names[256], chain[200] = "";
	const char *host = f->url.host;
	size_t o = 0;
	int64_t now = clock_now();

	f->problem[0] = '\0';
	for (unsigned i = 0; i < n && count < 16; i++) {
		gnutls_x509_crt_init(&crts[count]);
		if (gnutls_x509_crt_import(crts[count], &raw[i], GNUTLS_X509_FMT_DER) < 0) {
			gnutls_x509_crt_deinit(crts[count]);
			continue;
		}
		count++;
	}
	if (!count) {
		snprintf(f->problem, sizeof f->problem, "%s sent no certificate that can be read", f->url.host);
		f->alert = GNUTLS_A_BAD_CERTIFICATE;
		return;
	}
	dn_text(subject, sizeof subject, crts[0], false);
	dn_text(issuer, sizeof issuer, crts[0], true);
	f->r->peer = xstrdup(subject);
	for (unsigned i = 0; i < count && o + 8 < sizeof chain; i++) {
		char dn[100];

		dn_text(dn, sizeof dn, crts[i], false);
		o += (size_t)snprintf(chain + o, sizeof chain - o, "%s'%s'", i ? " <- " : "", dn);
	}
	/* whom it comes from; time is checked below with the shell's clock */
	o = 0;
	gnutls_x509_trust_list_verify_crt2(f->trust, crts, count, NULL, 0,
					   GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
					   GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS, &status, NULL);
	if (status & GNUTLS_CERT_INVALID) {
		const char *trust = f->q->ca_pem ? "with cafile=" : "(the system's CAs; give cafile= your CA's "
			"certificate)";

		if ((status & GNUTLS_CERT_SIGNER_NOT_FOUND) && count == 1 &&
		    gnutls_x509_crt_check_issuer(crts[0], crts[0]))
			o = (size_t)snprintf(f->problem, sizeof f->problem, "the certificate of %s is not "
					     "trusted: '%s' is self-signed (it vouches for itself), and you did "
					     "not trust it %s", f->url.host, subject, trust);
		else if (status & GNUTLS_CERT_SIGNER_NOT_FOUND)
			o = (size_t)snprintf(f->problem, sizeof f->problem, "the certificate of %s is not "
					     "trusted: its issuer '%s' is not a CA you trust %s; the chain sent: "
					     "%s", f->url.host, issuer, trust, chain);
		else if (status & GNUTLS_CERT_SIGNER_NOT_CA)
			o = (size_t)snprintf(f->problem, sizeof f->problem, "the certificate of %s is not "
					     "trusted: its issuer '%s' is not a CA (its basic constraints say "
					     "CA:FALSE); the chain sent: %s", f->url.host, issuer, chain);
		else if (status & GNUTLS_CERT_SIGNATURE_FAILURE)
			o = (size_t)snprintf(f->problem, sizeof f->problem, "the certificate of %s is not "
					     "trusted: the signature on '%s' does not check (changed, or not "
					     "signed by '%s')", f->url.host, subject, issuer);
		else if (status & GNUTLS_CERT_INSECURE_ALGORITHM)
			o = (size_t)snprintf(f->problem, sizeof f->problem, "the certificate of %s is not "
					     "trusted: it is signed with an algorithm known to be broken", f->url.host);
		else {
			gnutls_datum_t d = { 0 };

			gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &d, 0);
			o = (size_t)snprintf(f->problem, sizeof f->problem, "the certificate of %s is not "
					     "trusted: %s", f->url.host, d.data ? (char *)d.data : "?");
			gnutls_free(d.data);
		}
		f->alert = status & (GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNER_NOT_CA)
			   ? GNUTLS_A_UNKNOWN_CA : GNUTLS_A_BAD_CERTIFICATE;
	}
	if (o >= sizeof f->problem)
		o = sizeof f->problem - 1;
	if (!gnutls_x509_crt_check_hostname2(crts[0], host, 0)) {
		cert_names(names, sizeof names, crts[0]);
		o += (size_t)snprintf(f->problem + o, sizeof f->problem - o, "%sthe certificate is for another "
				      "name: you asked for '%s', it is for %s%s%s", o ? "; also " : "", host,
				      *names ? "'" : "", *names ? names : "no name at all", *names ? "'" : "");
		if (!f->alert)
			f->alert = GNUTLS_A_BAD_CERTIFICATE;
	}
	if (o >= sizeof f->problem)
		o = sizeof f->problem - 1;
	for (unsigned i = 0; i < count; i++) {
		int64_t nb = (int64_t)gnutls_x509_crt_get_activation_time(crts[i]);
		int64_t na = (int64_t)gnutls_x509_crt_get_expiration_time(crts[i]);
		char from[40], until[40], at[40], dn[100];

		if (now >= nb && now <= na)
			continue;
		dn_text(dn, sizeof dn, crts[i], false);
		clock_format(from, sizeof from, (uint64_t)nb);
		clock_format(until, sizeof until, (uint64_t)na);
		clock_format(at, sizeof at, (uint64_t)now);
		o += (size_t)snprintf(f->problem + o, sizeof f->problem - o, "%s'%s' %s: it is valid from %s "
				      "until %s, and it is now %s", o ? "; also " : "the certificate ", dn,
				      now > na ? "has expired" : "is not valid yet", from, until, at);
		if (!f->alert)
			f->alert = GNUTLS_A_CERTIFICATE_EXPIRED;
		if (o >= sizeof f->problem)
			o = sizeof f->problem - 1;
		break;
	}
	for (unsigned i = 0; i < count; i++)
		gnutls_x509_crt_deinit(crts[i]);
}

static int
verify_peer(gnutls_session_t session)
{
	struct fetch *f = gnutls_session_get_ptr(session);
	unsigned n = 0;
	const gnutls_datum_t *raw = gnutls_certificate_get_peers(session, &n);

	check_chain(f, raw, raw ? n : 0);
	if (!raw || !n)
		snprintf(f->problem, sizeof f->problem, "%s sent no certificate", f->where);
	f->r->verified = !f->problem[0];
	if (f->problem[0])
		f->r->problem = xstrdup(f->problem);
	return f->problem[0] && !f->q->insecure ? -1 : 0;
}

/* What went wrong in a handshake, in words. */
static int
handshake_error(struct fetch *f, int rc, struct cl_error *err)
{
	const struct wire *w = &f->r->wire;

	if (f->problem[0] && !f->q->insecure)
		return cl_fail(err, GPG_ERR_BAD_CERT, "%s (insecure=true goes on anyway)", f->problem);
	/* did it answer in something else than TLS? */
	for (size_t i = 0; i < w->nchunks; i++) {
		const struct wire_chunk *c = &w->chunks[i];

		if (c->event == WIRE_DATA && c->dir == WIRE_S2C && c->kept) {
			if (c->kept >= 5 && memcmp(c->data, "HTTP/", 5) == 0)
				return cl_fail(err, GPG_ERR_PROTOCOL_VIOLATION, "%s answered in plain HTTP, not "
					       "TLS: it is an http:// server (use http.get)", f->where);
			if (c->data[0] < 20 || c->data[0] > 24) {
				char shown[64];

				http_printable(shown, sizeof shown, c->data, c->kept, 32);
				return cl_fail(err, GPG_ERR_PROTOCOL_VIOLATION, "%s does not speak TLS: it "
					       "answered '%s'", f->where, shown);
			}
			break;
		}
	}
	if (rc == GNUTLS_E_FATAL_ALERT_RECEIVED) {
		const char *a = alert_name(f->io.tls);

		return cl_fail(err, GPG_ERR_PROTOCOL_VIOLATION, "%s refused the TLS handshake (its alert: %s)",
			       f->where, a ? a : "?");
	}
	if (rc == GNUTLS_E_PREMATURE_TERMINATION || rc == GNUTLS_E_PULL_ERROR)
		return cl_fail(err, GPG_ERR_EOF, "%s closed the connection during the TLS handshake", f->where);
	return cl_fail(err, GPG_ERR_PROTOCOL_VIOLATION, "the TLS handshake with %s failed: %s", f->where,
		       tls_words(rc));
}

static int
client_tls(struct fetch *f, struct cl_error *err)
{
	struct in_addr a;
	int rc;

	gnutls_certificate_allocate_credentials(&f->cred);
	gnutls_x509_trust_list_init(&f->trust, 0);
	if (f->q->ca_pem) {
		gnutls_datum_t d = { (unsigned char *)f->q->ca_pem, (unsigned)f->q->ca_len };

		if (f->q->ca_len > UINT32_MAX / 2 ||
		    gnutls_x509_trust_list_add_trust_mem(f->trust, &d, NULL, GNUTLS_X509_FMT_PEM, 0, 0) <= 0)
			return cl_fail(err, GPG_ERR_BAD_CERT, "%s holds no certificate in PEM form (a block that "
				       "starts '-----BEGIN CERTIFICATE-----')",
				       f->q->ca_name ? f->q->ca_name : "cafile");
	} else
		gnutls_x509_trust_list_add_system_trust(f->trust, 0, 0);
	gnutls_init(&f->io.tls, GNUTLS_CLIENT | GNUTLS_NONBLOCK);
	gnutls_set_default_priority(f->io.tls);
	gnutls_credentials_set(f->io.tls, GNUTLS_CRD_CERTIFICATE, f->cred);
	if (inet_pton(AF_INET, f->url.host, &a) != 1)
		gnutls_server_name_set(f->io.tls, GNUTLS_NAME_DNS, f->url.host, strlen(f->url.host));
	gnutls_session_set_ptr(f->io.tls, f);
	gnutls_session_set_verify_function(f->io.tls, verify_peer);
	io_tls_attach(&f->io);
	for (;;) {
		rc = gnutls_handshake(f->io.tls);
		if (rc == 0)
			break;
		if (rc != GNUTLS_E_AGAIN && rc != GNUTLS_E_INTERRUPTED) {
			if (f->problem[0] && !f->q->insecure) {
				/* tell the server why, as browsers do */
				double until = clock_elapsed() + 0.5;

				int sent;

				while ((sent = gnutls_alert_send(f->io.tls, GNUTLS_AL_FATAL,
								 (gnutls_alert_description_t)f->alert))
				       == GNUTLS_E_AGAIN && clock_elapsed() < until)
					;
				f->alert_sent = sent == 0;
			}
			return handshake_error(f, rc, err);
		}
		rc = wait_fd(f->io.fd, io_tls_events(&f->io), f->deadline, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return timed_out(f, "the TLS handshake with", err);
	}
	f->r->tls = xasprintf("%s, %s", tls_version(f->io.tls), gnutls_cipher_get_name(gnutls_cipher_get(f->io.tls)));
	return 0;
}

static int
send_all(struct fetch *f, const char *p, size_t n, struct cl_error *err)
{
	while (n) {
		ssize_t w = io_write(&f->io, p, n);
		int r;

		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w == IO_ERROR)
			return cl_fail(err, GPG_ERR_EPIPE, "%s closed the connection while the request was "
				       "sent (%s)", f->where, f->io.tls_err ? tls_words(f->io.tls_err)
				       : strerror(f->io.sys_err));
		r = wait_fd(f->io.fd, f->io.tls ? io_tls_events(&f->io) : POLLOUT, f->deadline, err);
		if (r < 0)
			return -1;
		if (r == 0)
			return timed_out(f, "sending the request to", err);
	}
	return 0;
}

static int
read_response(struct fetch *f, struct cl_error *err)
{
	struct http_msg m = { 0 };
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc = -1;

	for (;;) {
		ssize_t got;
		int r;

		if (len + READ_CHUNK + 1 > cap) {
			cap = cap ? 2 * cap : 4 * READ_CHUNK;
			buf = xrealloc(buf, cap);
		}
		got = io_read(&f->io, buf + len, READ_CHUNK);
		if (got == IO_AGAIN) {
			r = wait_fd(f->io.fd, f->io.tls ? io_tls_events(&f->io) : POLLIN, f->deadline, err);
			if (r < 0)
				goto leave;
			if (r == 0) {
				if (len)
					cl_fail(err, GPG_ERR_TIMEOUT, "%s sent %zu bytes but not its whole answer "
						"within %g second%s (give seconds= to wait longer)", f->where, len,
						f->q->seconds, plural_s(f->q->seconds));
				else
					timed_out(f, "waiting for", err);
				goto leave;
			}
			continue;
		}
		if (got == IO_ERROR) {
			cl_fail(err, GPG_ERR_EPIPE, "the connection to %s broke: %s", f->where,
				f->io.tls_err ? tls_words(f->io.tls_err) : strerror(f->io.sys_err));
			goto leave;
		}
		if (got == IO_EOF)
			wire_fin(&f->r->wire, f->conn, WIRE_S2C, now_usec());
		len += (size_t)(got > 0 ? got : 0);
		for (;;) {
			struct cl_error e;

			r = http_parse(&m, buf, len, false, got == IO_EOF, HTTP_MAX_RESPONSE_BODY, &e);
			if (r < 0) {
				cl_fail(err, e.code, "the answer of %s: %s", f->where, e.msg);
				goto leave;
			}
			if (r == 0)
				break;
			if (m.status / 100 == 1 && m.status != 101) {
				/* an interim answer (100 Continue): the real one follows */
				memmove(buf, buf + m.consumed, len - m.consumed);
				len -= m.consumed;
				http_msg_free(&m);
				continue;
			}
			goto done;
		}
		if (got == IO_EOF) {
			cl_fail(err, GPG_ERR_EOF, "%s closed the connection before answering", f->where);
			goto leave;
		}
	}
done:
	f->r->status = m.status;
	f->r->minor = m.minor;
	f->r->reason = m.reason;
	f->r->headers = m.headers;
	f->r->nheaders = m.nheaders;
	f->r->body = m.body;
	f->r->body_len = m.body_len;
	m.reason = NULL;
	m.headers = NULL;
	m.nheaders = 0;
	m.body = NULL;
	rc = 0;
leave:
	http_msg_free(&m);
	free(buf);
	return rc;
}

int
net_fetch(struct net_response *r, const struct net_request *q, struct cl_error *err)
{
	struct fetch f = { .r = r, .q = q, .conn = -1, .io = { .fd = -1, .out_dir = WIRE_C2S } };
	char *head = NULL, host[300];
	int rc = -1;

	memset(r, 0, sizeof *r);
	wire_init(&r->wire);
	f.io.record = client_record;
	f.io.owner = &f;
	f.start = clock_elapsed();
	f.deadline = f.start + (q->seconds > 0 ? q->seconds : 1e9);
	if (net_url_parse(&f.url, q->url, err))
		goto leave;
	r->url = xstrdup(q->url);
	snprintf(f.where, sizeof f.where, "%s:%u", f.url.host, f.url.port);
	if (client_connect(&f, err))
		goto leave;
	if (f.url.tls && client_tls(&f, err))
		goto leave;
	/* Host: the port only when it is not the scheme's own */
	if (f.url.port == (f.url.tls ? 443 : 80))
		snprintf(host, sizeof host, "%s", f.url.host);
	else
		snprintf(host, sizeof host, "%s:%u", f.url.host, f.url.port);
	head = xasprintf("%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: cryptolab/%s\r\nAccept: */*\r\n"
			 "Connection: close\r\n", q->method, f.url.path, host, PACKAGE_VERSION);
	if (q->body) {
		char *more = xasprintf("%sContent-Type: %s\r\nContent-Length: %zu\r\n", head,
				       q->content_type ? q->content_type : "text/plain; charset=utf-8",
				       q->body_len);

		free(head);
		head = more;
	}
	{
		char *more = xasprintf("%s\r\n", head);

		free(head);
		head = more;
	}
	if (send_all(&f, head, strlen(head), err) || (q->body && send_all(&f, q->body, q->body_len, err)))
		goto leave;
	if (read_response(&f, err))
		goto leave;
	rc = 0;
leave:
	if (f.io.tls) {
		if (rc == 0)
			gnutls_bye(f.io.tls, GNUTLS_SHUT_WR);	/* best effort, non-blocking */
		gnutls_deinit(f.io.tls);
	}
	if (f.io.fd >= 0) {
		/* What the server sent and we did not read, read now: closing
		 * over unread bytes sends a reset, and so does a segment that
		 * arrives after the close. After a refusal the server may still
		 * be sending its first flight; a reset then fails its sends
		 * before it reads our alert ("hung up half way"). So after an
		 * alert our side closes first (FIN) and we read until the server
		 * closes too, for a second at most: it has read the alert by
		 * then. */
		char sink[READ_CHUNK];

		if (f.alert_sent) {
			double until = clock_elapsed() + LINGER_SECONDS / 2;

			shutdown(f.io.fd, SHUT_WR);
			wire_fin(&r->wire, f.conn, WIRE_C2S, now_usec());
			for (;;) {
				struct pollfd p = { .fd = f.io.fd, .events = POLLIN };
				double left = until - clock_elapsed();
				ssize_t got;

				if (left <= 0 || poll(&p, 1, (int)(left * 1000) + 1) <= 0)
					break;
				got = raw_recv(&f.io, sink, sizeof sink);
				if (got == 0)
					wire_fin(&r->wire, f.conn, WIRE_S2C, now_usec());
				if (got <= 0)
					break;
			}
		} else {
			for (int i = 0; i < 64 && raw_recv(&f.io, sink, sizeof sink) > 0; i++)
				;
			wire_fin(&r->wire, f.conn, WIRE_C2S, now_usec());
		}
		close(f.io.fd);
	}
	free(f.io.rb);
	if (f.cred)
		gnutls_certificate_free_credentials(f.cred);
	if (f.trust)
		gnutls_x509_trust_list_deinit(f.trust, 1);
	net_url_free(&f.url);
	free(head);
	/* the servers of this shell have answered: their reports (the log
	 * line of this request) are read now, in order */
	sync_all();
	return rc;
}

void
net_response_free(struct net_response *r)
{
	free(r->reason);
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	free(r->body);
	free(r->url);
	free(r->tls);
	free(r->problem);
	free(r->peer);
	wire_free(&r->wire);
	memset(r, 0, sizeof *r);
}

/* ---- a connection of the shell's own, for a line protocol ---- */

struct net_listener {
	int fd;
	uint32_t ip;
	uint16_t port;
};

struct net_conn {
	struct io io;
	long wc;		/* the connection's index in the capture */
	struct wire wire;
	char peer[32];
	char *in;		/* bytes received, not yet taken as lines */
	size_t in_len, in_cap;
	bool eof;
};

static void
conn_record(struct io *io, enum wire_dir dir, const void *p, size_t n)
{
	struct net_conn *c = io->owner;

	wire_data(&c->wire, c->wc, dir, now_usec(), p, n, n);
}

/* A connection on FD: we are the client (OUT_DIR C2S) or the server. */
static struct net_conn *
conn_new(int fd, bool client, uint32_t peer_ip, uint16_t peer_port)
{
	struct net_conn *c = xcalloc(1, sizeof *c);
	uint32_t my_ip;
	uint16_t my_port;
	char ip[16];

	c->io.fd = fd;
	c->io.out_dir = client ? WIRE_C2S : WIRE_S2C;
	c->io.record = conn_record;
	c->io.owner = c;
	wire_init(&c->wire);
	self_address(fd, &my_ip, &my_port);
	c->wc = client ? wire_open(&c->wire, my_ip, my_port, peer_ip, peer_port, false, now_usec())
		       : wire_open(&c->wire, peer_ip, peer_port, my_ip, my_port, false, now_usec());
	ip_text(ip, peer_ip);
	snprintf(c->peer, sizeof c->peer, "%s:%u", ip, peer_port);
	return c;
}

int
net_listen(struct net_listener **out, const char *host, unsigned port, struct cl_error *err)
{
	struct net_listener *l;
	uint32_t ip;
	uint16_t bound;
	int fd;

	*out = NULL;
	if (!host)
		host = "127.0.0.1";
	if (listen_address(&ip, host, err))
		return -1;
	if (port > 65535)
		return cl_fail(err, GPG_ERR_INV_ARG, "port %u does not exist: ports go from 1 to 65535 (0: any "
			       "free one)", port);
	if (bind_socket(&fd, ip, port, &bound, err))
		return -1;
	set_nonblock(fd);
	l = xcalloc(1, sizeof *l);
	l->fd = fd;
	l->ip = ip;
	l->port = bound;
	*out = l;
	return 0;
}

int
net_listener_fd(const struct net_listener *l)
{
	return l->fd;
}

unsigned
net_listener_port(const struct net_listener *l)
{
	return l->port;
}

void
net_listener_close(struct net_listener *l)
{
	if (!l)
		return;
	close_fd(&l->fd);
	free(l);
}

int
net_accept(struct net_conn **out, struct net_listener *l, double seconds, struct cl_error *err)
{
	double deadline = clock_elapsed() + seconds;

	*out = NULL;
	for (;;) {
		struct sockaddr_in peer;
		socklen_t plen = sizeof peer;
		int fd = accept4(l->fd, (struct sockaddr *)&peer, &plen, SOCK_NONBLOCK | SOCK_CLOEXEC), r;

		if (fd >= 0) {
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
			*out = conn_new(fd, false, ntohl(peer.sin_addr.s_addr), ntohs(peer.sin_port));
			return 0;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
			return cl_fail(err, gpg_err_code_from_errno(errno), "accepting a connection: %s",
				       strerror(errno));
		if (seconds <= 0)
			return 0;	/* nobody yet */
		if ((r = wait_fd(l->fd, POLLIN, deadline, err)) < 0)
			return -1;
		if (r == 0)
			return cl_fail(err, GPG_ERR_TIMEOUT, "nobody connected to port %u within %g second%s (give "
				       "seconds= to wait longer)", l->port, seconds, plural_s(seconds));
	}
}

int
net_connect(struct net_conn **out, const char *host, unsigned port, double seconds, struct cl_error *err)
{
	uint32_t ip;
	int fd;

	*out = NULL;
	if (port == 0 || port > 65535)
		return cl_fail(err, GPG_ERR_INV_ARG, "port %u does not exist: ports go from 1 to 65535", port);
	if (tcp_connect(&fd, host, (uint16_t)port, clock_elapsed() + seconds, seconds, &ip, err)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*out = conn_new(fd, true, ip, (uint16_t)port);
	return 0;
}

int
net_conn_fd(const struct net_conn *c)
{
	return c->io.fd;
}

const char *
net_conn_peer(const struct net_conn *c)
{
	return c->peer;
}

const struct wire *
net_conn_wire(const struct net_conn *c)
{
	return &c->wire;
}

int
net_conn_write(struct net_conn *c, const void *data, size_t n, double seconds, struct cl_error *err)
{
	const char *p = data;
	double deadline = clock_elapsed() + seconds;

	while (n) {
		ssize_t w = io_write(&c->io, p, n);
		int r;

		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w == IO_ERROR)
			return cl_fail(err, GPG_ERR_EPIPE, "%s closed the connection: %s", c->peer,
				       strerror(c->io.sys_err));
		if ((r = wait_fd(c->io.fd, POLLOUT, deadline, err)) < 0)
			return -1;
		if (r == 0)
			return cl_fail(err, GPG_ERR_TIMEOUT, "%s takes nothing more: not sent within %g second%s",
				       c->peer, seconds, plural_s(seconds));
	}
	return 0;
}

/* A complete line in what was received: 1 with *LINE; 0 when none. */
static int
take_line(struct net_conn *c, char **line, size_t max, struct cl_error *err)
{
	char *lf = c->in_len ? memchr(c->in, '\n', c->in_len) : NULL;
	size_t len;

	if (!lf) {
		if (c->in_len > max)
			return cl_fail(err, GPG_ERR_TOO_LARGE, "%s sent a line longer than %zu bytes", c->peer, max);
		return 0;
	}
	len = (size_t)(lf - c->in);
	if (len > max)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "%s sent a line longer than %zu bytes", c->peer, max);
	*line = xstrndup(c->in, len && lf[-1] == '\r' ? len - 1 : len);
	memmove(c->in, lf + 1, c->in_len - len - 1);
	c->in_len -= len + 1;
	return 1;
}

int
net_conn_read_line(struct net_conn *c, char **line, size_t max, double seconds, struct cl_error *err)
{
	double deadline = clock_elapsed() + seconds;

	*line = NULL;
	for (;;) {
		ssize_t got;
		int r = take_line(c, line, max, err);

		if (r)
			return r;
		if (c->eof)
			return cl_fail(err, GPG_ERR_EOF, c->in_len ? "%s closed the connection in the middle of a "
				       "line" : "%s closed the connection", c->peer);
		if (c->in_len + READ_CHUNK + 1 > c->in_cap) {
			c->in_cap = c->in_len + READ_CHUNK + 1;
			c->in = xrealloc(c->in, c->in_cap);
		}
		got = io_read(&c->io, c->in + c->in_len, READ_CHUNK);
		if (got > 0) {
			c->in_len += (size_t)got;
			continue;
		}
		if (got == IO_EOF) {
			c->eof = true;
			wire_fin(&c->wire, c->wc, c->io.out_dir == WIRE_C2S ? WIRE_S2C : WIRE_C2S, now_usec());
			continue;
		}
		if (got == IO_ERROR)
			return cl_fail(err, GPG_ERR_EPIPE, "the connection with %s broke: %s", c->peer,
				       strerror(c->io.sys_err));
		if (seconds <= 0)
			return 0;	/* a poll: nothing complete yet */
		if ((r = wait_fd(c->io.fd, POLLIN, deadline, err)) < 0)
			return -1;
		if (r == 0)
			return cl_fail(err, GPG_ERR_TIMEOUT, "%s sent no line within %g second%s (give seconds= to "
				       "wait longer)", c->peer, seconds, plural_s(seconds));
	}
}

void
net_conn_shutdown(struct net_conn *c)
{
	if (c && c->io.fd >= 0) {
		wire_fin(&c->wire, c->wc, c->io.out_dir, now_usec());
		close_fd(&c->io.fd);
	}
}

void
net_conn_close(struct net_conn *c)
{
	if (!c)
		return;
	net_conn_shutdown(c);
	wire_free(&c->wire);
	free(c->in);
	free(c);
}
