/* The wire: small HTTP and HTTPS servers that run beside the shell, and a
 * client for them (and for any HTTP/1.x server), each keeping a capture of the
 * bytes that crossed its socket (libcore/wire.h). TLS comes from GnuTLS.
 *
 * Why a server is a process. A server must answer curl while the student
 * sits at the prompt, while a long computation runs (which does not return
 * to any event loop until it ends), and while a script's own http.get to that
 * very server blocks. So each server runs in a forked child that serves all
 * its connections with poll(), and tells the shell what happened over a
 * pipe: one line per request for the log, the connections and the bytes for
 * the capture, the counts. The shell reads that pipe when it is readable at
 * the prompt (the prompt loop watches net_server_fd) and whenever it needs an
 * answer (net_server_drain: the counts, the capture, a client waiting). The
 * child writes its report of a request before the response's bytes go out,
 * so a client of the same shell that has read the response finds the log
 * line already in the pipe: scripts and transcripts print in a fixed order.
 * When the shell is busy the child keeps its reports in memory (bounded) and
 * goes on serving. Stopping a server kills and reaps its child; a child also
 * dies with the shell (PR_SET_PDEATHSIG), so none survives it. A child owns
 * the listening socket (the shell closes its copy), so killing the child
 * frees the port at once.
 *
 * Blocking calls here (a client waiting for its server, serve.wait) wait with
 * poll() in slices of a tenth of a second: they read the servers' pipes
 * meanwhile, stop at Ctrl-C (libcore/interrupt.h) and at their time limit. A
 * line protocol over TCP in the shell itself (the Diffie-Hellman exchange, a
 * chat) has its connections at the end of this file: net_listen, net_accept,
 * net_connect, lines in and out with the same waits and a capture that
 * wire.show and wire.save read like any other. */
#ifndef CL_NET_H
#define CL_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "libcore/error.h"
#include "libcore/fernet.h"
#include "libcore/http.h"
#include "libcore/wire.h"

/* ---- URLs ---- */

struct net_url {
	bool tls;		/* https */
	char *host;		/* as written, without brackets */
	uint16_t port;
	char *path;		/* starts with '/' */
};
int net_url_parse(struct net_url *u, const char *url, struct cl_error *err);
/* Is HOST this machine's loopback (localhost, 127.x.y.z)? What a lesson
 * may listen on and connect to. */
bool net_is_loopback(const char *host);
void net_url_free(struct net_url *u);

/* ---- servers ---- */

struct net_server_config {
	unsigned id;		/* the server's number in the shell, in the page and its log */
	bool tls;
	const char *host;	/* an IPv4 address to listen on; NULL: 127.0.0.1 */
	unsigned port;		/* 0: a free port the system picks */
	/* https: the certificate (PEM; more certificates after it form the
	 * chain sent with it) and its private key (PEM), and how to name them
	 * in messages ("'cert.pem'") */
	const char *cert_pem, *key_pem;
	size_t cert_len, key_len;
	const char *cert_name, *key_name;
	/* a Fernet server: it decrypts with any of the NFERNET keys, answers
	 * with the first (MultiFernet's rule); NULL for the echo server */
	const struct fernet_key *fernet;
	size_t nfernet;
	const char *page;	/* the HTML served at GET /; NULL: the default page */
	double timeout;		/* seconds a client has to send a request (and finish a handshake) */
};

/* What a server's certificate says, for its summary and for warnings. */
struct net_cert_info {
	char subject[256];
	char issuer[256];
	char names[256];	/* its DNS and IP subject alternative names, ", " between them */
	int64_t not_before, not_after;
	unsigned chain;		/* certificates sent in all */
};

struct net_server;
/* One line of a server's log (a request answered, a connection refused...):
 * REQUEST says it counted as a request. */
typedef void net_log_fn(void *ctx, const char *line, bool request);

/* Start a server: bind, listen and fork the process that serves. A busy
 * port, a bad address, a certificate or key that does not load, a key that
 * does not belong to the certificate: -1 with ERR, and nothing runs. LOG
 * hears each line of the server's log when its reports are read. */
int net_server_start(struct net_server **out, const struct net_server_config *cfg, net_log_fn *log,
		     void *log_ctx, struct cl_error *err);
/* Read what the server's process reported so far, without waiting. */
void net_server_drain(struct net_server *s);
/* The same for every running server (a client waiting does this). */
void net_drain_all(void);
/* The descriptor to watch for reports: open until net_server_stop, even
 * after the process died (then it reads as the end of the pipe), so that a
 * watcher never finds its number reused. */
int net_server_fd(const struct net_server *s);
unsigned net_server_port(const struct net_server *s);
uint32_t net_server_ip(const struct net_server *s);
bool net_server_running(const struct net_server *s);
/* Why it stopped by itself ("its process died (signal 9, Killed)"), or NULL. */
const char *net_server_died(const struct net_server *s);
uint64_t net_server_requests(const struct net_server *s);
uint64_t net_server_connections(const struct net_server *s);
const struct wire *net_server_wire(const struct net_server *s);
const struct net_cert_info *net_server_cert(const struct net_server *s);	/* NULL for http */
/* Wait until the server has answered REQUESTS requests in all (0: no
 * such goal), SECONDS have passed (0: no limit) or Ctrl-C. 0 when the goal
 * or the time is reached; -1 with ERR on Ctrl-C or when the server stopped. */
int net_server_wait(struct net_server *s, uint64_t requests, double seconds, struct cl_error *err);
/* Stop: read its last reports, kill its process and reap it. The capture
 * and counts stay. Idempotent. */
void net_server_stop(struct net_server *s);
void net_server_free(struct net_server *s);	/* stops it first */
/* Stop every server (at exit). */
void net_stop_all(void);

/* ---- a client ---- */

struct net_request {
	const char *method;	/* "GET", "POST" */
	const char *url;
	const void *body;
	size_t body_len;
	const char *content_type;	/* NULL: text/plain; charset=utf-8 with a body */
	/* https: the CA certificates to trust (PEM text), NULL: the system's */
	const char *ca_pem;
	size_t ca_len;
	const char *ca_name;	/* in messages: "'ca.pem'" */
	bool insecure;		/* https: go on whatever the certificate */
	double seconds;		/* time limit for the whole exchange */
};

struct net_response {
	int status;
	char *reason;
	int minor;
	struct http_header *headers;
	size_t nheaders;
	unsigned char *body;
	size_t body_len;
	char *url;
	/* https */
	char *tls;		/* "TLS 1.3, AES-256-GCM" */
	bool verified;		/* the certificate checked out */
	char *problem;		/* what was wrong with it (insecure=true went on anyway) */
	char *peer;		/* the certificate's subject */
	struct wire wire;	/* the capture, kept even when the exchange fails */
};

/* Fetch Q->URL. A failure (no server, a time limit, a certificate that does
 * not check, an answer that is not HTTP) is -1 with ERR saying what and why;
 * R->wire holds what crossed the wire either way. Free R in both cases. */
int net_fetch(struct net_response *r, const struct net_request *q, struct cl_error *err);
void net_response_free(struct net_response *r);

/* ---- a connection of the shell's own, for a line protocol ----
 *
 * For exchanges that live in the shell itself rather than in a server's
 * process (a Diffie-Hellman exchange between two shells, a chat): plain TCP,
 * lines of text, every byte in the connection's capture. Waits are bounded
 * by SECONDS and stop at Ctrl-C; SECONDS 0 polls (for a prompt loop that
 * watches net_conn_fd or net_listener_fd and reads what is there). */

struct net_listener;
struct net_conn;

/* Listen on HOST (NULL: 127.0.0.1), PORT (0: any free one). */
int net_listen(struct net_listener **out, const char *host, unsigned port, struct cl_error *err);
int net_listener_fd(const struct net_listener *l);
unsigned net_listener_port(const struct net_listener *l);
void net_listener_close(struct net_listener *l);
/* A peer that connected: 0 with *OUT (NULL when SECONDS is 0 and nobody
 * is there yet); -1 with ERR when nobody came in time, or on Ctrl-C. */
int net_accept(struct net_conn **out, struct net_listener *l, double seconds, struct cl_error *err);
/* Connect to HOST (a dotted quad, localhost or a name) and PORT. */
int net_connect(struct net_conn **out, const char *host, unsigned port, double seconds, struct cl_error *err);
int net_conn_fd(const struct net_conn *c);
const char *net_conn_peer(const struct net_conn *c);	/* "127.0.0.1:5000" */
const struct wire *net_conn_wire(const struct net_conn *c);
int net_conn_write(struct net_conn *c, const void *p, size_t n, double seconds, struct cl_error *err);
/* The next line, without its LF (or CR LF), malloc'ed in *LINE: 1; 0 when
 * SECONDS is 0 and no line is complete yet; -1 with ERR when the peer
 * closed, sent a line longer than MAX, sent nothing in time, or on Ctrl-C. */
int net_conn_read_line(struct net_conn *c, char **line, size_t max, double seconds, struct cl_error *err);
/* Close the socket (our FIN), keeping the capture; net_conn_close frees
 * both. */
void net_conn_shutdown(struct net_conn *c);
void net_conn_close(struct net_conn *c);

#endif
