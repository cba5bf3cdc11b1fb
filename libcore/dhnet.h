/* Two shells, one secret: a Diffie-Hellman exchange over TCP (libcore/net.h's
 * line connections) with a plain-text protocol that a student can watch with
 * wire.show or nc, a Fernet key derived from it (libcore/dh.h's HKDF), an
 * encrypted chat over the same connection, and public values signed with a
 * real key (libcore/pkey.h), which is what stops a man in the middle.
 *
 * The protocol, one line each, ASCII, LF at the end (CR LF read too),
 * numbers in decimal as the shell writes them, bytes in hex:
 *
 *	listener -> connector	CRYPTOLAB-DH 1 [name=NAME]
 *				GROUP NAME p=P g=G	(a named group may leave p and g out)
 *				PUBLIC A		(A = g^a mod p)
 *	connector -> listener	CRYPTOLAB-DH 1 [name=NAME]
 *				PUBLIC B
 *				[SIGNATURE KIND SIG SPKI]
 *				READY
 *	listener -> connector	[SIGNATURE KIND SIG SPKI]
 *				READY
 *	then either way		MSG TOKEN		(a Fernet token under the derived key)
 *				BYE			(the chat ends)
 *	at any point		ERROR TEXT		(a refusal, and why; the sender closes)
 *
 * A SIGNATURE is by the sender's key (KIND "rsa-pss-sha256", "ecdsa-p256-sha256"
 * or "ed25519"; SPKI its public key as DER SubjectPublicKeyInfo) over
 *
 *	cryptolab-dh 1 signed by the ROLE\ngroup p=P g=G\nlistener A\nconnector B\n
 *
 * (ROLE "listener" or "connector"): both public values, so that a signature
 * made for one exchange does not fit another, and the role, so that it
 * cannot be sent back to its signer. The key is then HKDF-SHA256 of g^(ab)
 * mod p (dh_derive_key's defaults), used as a Fernet key; its fingerprint
 * (dh_fingerprint) is what the two people compare out loud. */
#ifndef CL_DHNET_H
#define CL_DHNET_H

#include <stdbool.h>
#include <stddef.h>
#include <gmp.h>
#include "libcore/dh.h"
#include "libcore/error.h"
#include "libcore/fernet.h"
#include "libcore/net.h"
#include "libcore/pkey.h"

#define DHNET_VERSION 1
#define DHNET_MAX_LINE ((size_t)16 << 10)	/* a line of the protocol */
#define DHNET_MAX_NAME 32			/* a peer's name= */
#define DHNET_MAX_MESSAGE ((size_t)4 << 10)	/* a chat message, in bytes */

enum dhnet_role { DHNET_LISTENER, DHNET_CONNECTOR };

/* One line of the protocol, parsed (no I/O): what dhnet_parse_line reads. */
enum dhnet_kind {
	DHNET_HELLO, DHNET_GROUP, DHNET_PUBLIC, DHNET_SIGNATURE, DHNET_READY, DHNET_MSG, DHNET_BYE,
	DHNET_ERROR,
};
struct dhnet_line {
	enum dhnet_kind kind;
	unsigned version;		/* HELLO */
	char name[DHNET_MAX_NAME + 1];	/* HELLO's name= (may be empty); GROUP's name */
	bool has_pg;			/* GROUP with p= and g= */
	mpz_t p, g;			/* GROUP */
	mpz_t y;			/* PUBLIC */
	char sigkind[24];		/* SIGNATURE */
	unsigned char *sig, *spki;	/* SIGNATURE, malloc'ed */
	size_t sig_len, spki_len;
	const char *text;		/* MSG's token, ERROR's text: into the line parsed */
	size_t text_len;
};
void dhnet_line_init(struct dhnet_line *l);
void dhnet_line_clear(struct dhnet_line *l);
/* Parse LINE (N bytes, no LF). FROM names the peer in messages
 * ("127.0.0.1:5000"). A line that is not the protocol says what came
 * instead, shown safely ("127.0.0.1:80 does not speak the exchange: it sent
 * 'HTTP/1.1 400 Bad Request'"). Numbers are capped at DH_MAX_BITS. */
int dhnet_parse_line(struct dhnet_line *l, const char *line, size_t n, const char *from, struct cl_error *err);

/* One side of an exchange. */
struct dhnet {
	enum dhnet_role role;
	char peer[64];			/* "127.0.0.1:5000", for messages */
	char name[DHNET_MAX_NAME + 1];	/* ours, sent in HELLO (may be empty) */
	char peer_name[DHNET_MAX_NAME + 1];	/* theirs, as they said (unchecked) */
	struct dh_group G;
	mpz_t priv, pub, peer_pub;	/* pub: ours; peer_pub: theirs */
	mpz_t secret;			/* g^(ab) mod p, once done */
	struct fernet_key key;		/* the derived Fernet key, once done */
	char fingerprint[DH_FINGERPRINT_LEN];
	struct pkey *sign;		/* our signing key (a reference), or NULL */
	struct pkey *trust;		/* the peer's key we insist on (a reference), or NULL */
	/* what the peer sent after its public value */
	char *peer_sig_line;		/* its SIGNATURE line as it came (a relay passes it on) */
	struct pkey *peer_signer;	/* the key in it */
	bool peer_sig_ok;		/* its signature checks over this exchange */
	bool done;
};

void dhnet_init(struct dhnet *x, enum dhnet_role role, const char *peer);
void dhnet_clear(struct dhnet *x);

/* The steps, in order. A listener: dhnet_send_hello (with G chosen),
 * dhnet_read_until_ready, dhnet_check_peer, dhnet_send_end, dhnet_finish. A
 * connector: dhnet_read_hello (WANT: NULL, or a group it insists on),
 * dhnet_send_end, dhnet_read_until_ready, dhnet_check_peer, dhnet_finish.
 * (The listener checks before its READY, so that a refusal reaches the
 * connector, or a relay, in place of it.) dhnet_send_end signs when X->sign is
 * set, or passes FORWARD (another exchange's SIGNATURE line: what a relay
 * can do, not being able to sign) on. Reads wait at most SECONDS for each
 * line and stop at Ctrl-C; an ERROR line from the peer is a failure that
 * quotes it. After a failure of ours, dhnet_send_error tells the peer. */
int dhnet_send_hello(struct dhnet *x, struct net_conn *c, const struct dh_group *G, double seconds,
		     struct cl_error *err);
int dhnet_read_hello(struct dhnet *x, struct net_conn *c, const struct dh_group *want, double seconds,
		     struct cl_error *err);
int dhnet_send_end(struct dhnet *x, struct net_conn *c, const char *forward, double seconds,
		   struct cl_error *err);
int dhnet_read_until_ready(struct dhnet *x, struct net_conn *c, double seconds, struct cl_error *err);
/* The peer's signature: refused when X->trust is set and it is missing, by
 * another key, or does not check over this exchange. */
int dhnet_check_peer(struct dhnet *x, struct cl_error *err);
/* The secret, the key and its fingerprint. */
int dhnet_finish(struct dhnet *x, struct cl_error *err);
void dhnet_send_error(struct net_conn *c, const char *why);

/* The text a signature covers (malloc'ed): exposed for tests and for Python
 * to check the same bytes. */
char *dhnet_signed_text(const struct dh_group *G, const mpz_t listener_pub, const mpz_t connector_pub,
			enum dhnet_role signer);
/* "rsa-pss-sha256", "ecdsa-p256-sha256", "ed25519" for a key. */
const char *dhnet_sig_kind(const struct pkey *k);

/* ---- the chat ---- */

/* Send TEXT (N bytes, at most DHNET_MAX_MESSAGE) as a MSG line, encrypted
 * under X's key; *TOKEN (may be NULL) gets the token that went out. */
int dhnet_send_message(struct dhnet *x, struct net_conn *c, const void *text, size_t n, char **token,
		       double seconds, struct cl_error *err);
/* What came in one line: a message (1, *MSG malloc'ed, release with
 * fernet_free), the end of the chat (0: BYE or the connection closed), or a
 * failure (-1: an ERROR from the peer, a token our key does not open, a line
 * that is not the chat). SECONDS 0: 2 when no complete line is there yet. */
int dhnet_read_message(struct dhnet *x, struct net_conn *c, unsigned char **msg, size_t *n, double seconds,
		       struct cl_error *err);
/* The same for a line already read (a relay reads from two peers). */
int dhnet_open_message(struct dhnet *x, const char *line, size_t len, unsigned char **msg, size_t *n,
		       struct cl_error *err);

#endif
