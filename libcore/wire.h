/* What Eve sees: the bytes that crossed a socket, kept per connection and in
 * order, as a server or a client recorded them (libcore/net.c fills them).
 * From a capture: the TLS records of a stream (type, version, length, and the
 * handshake messages while they still travel in clear), and a pcap file that
 * tshark and Wireshark open, with IPv4 and TCP headers made up around the
 * recorded bytes (a three-way handshake, sequence and acknowledgement numbers
 * that follow the bytes, and the FINs), so that they reassemble the stream
 * and decode HTTP and TLS as if they had been listening on the wire. */
#ifndef CL_WIRE_H
#define CL_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "libcore/error.h"

/* Directions, seen from the connection: the client speaks first. */
enum wire_dir { WIRE_C2S = 0, WIRE_S2C = 1 };

/* A capture keeps at most this many bytes (the lengths of the rest are
 * counted, so sequence numbers stay right and a pcap marks them cut). */
#define WIRE_MAX_KEPT ((size_t)8 << 20)
#define WIRE_MAX_CHUNKS 1000000
#define WIRE_MAX_CONNS 100000

/* What happened, in the order it happened: a connection opened, bytes
 * crossed it, one side closed its half (a FIN). */
enum wire_event { WIRE_OPEN, WIRE_DATA, WIRE_FIN };

struct wire_chunk {
	uint8_t event;		/* enum wire_event */
	uint8_t dir;		/* enum wire_dir (WIRE_DATA, WIRE_FIN) */
	uint32_t conn;		/* index into conns */
	int64_t usec;		/* when, microseconds since 1970 */
	size_t len;		/* bytes that crossed */
	size_t kept;		/* of which the first KEPT are in data */
	unsigned char *data;
};

struct wire_conn {
	uint32_t client_ip, server_ip;	/* IPv4, host order */
	uint16_t client_port, server_port;
	bool tls;
	bool fin[2];		/* the side sending in that direction has closed */
	int64_t open_usec;
	uint64_t bytes[2];	/* per direction */
};

struct wire {
	struct wire_conn *conns;
	size_t nconns, conns_cap;
	struct wire_chunk *chunks;
	size_t nchunks, chunks_cap;
	size_t kept;		/* bytes kept over all chunks */
	uint64_t cut;		/* bytes counted but not kept */
	uint64_t lost_conns;	/* connections past WIRE_MAX_CONNS, not recorded */
};

void wire_init(struct wire *w);
void wire_free(struct wire *w);

/* A new connection: its index in W->conns, or -1 when the capture is full
 * (it is then only counted). */
long wire_open(struct wire *w, uint32_t client_ip, uint16_t client_port, uint32_t server_ip,
	       uint16_t server_port, bool tls, int64_t usec);
/* N bytes at P crossed connection CONN (an index from wire_open) in DIR;
 * LEN >= N when only the first N are known (a capture cut short). */
void wire_data(struct wire *w, long conn, enum wire_dir dir, int64_t usec, const void *p, size_t n,
	       size_t len);
/* The side that sends in DIR closed its half (a FIN). */
void wire_fin(struct wire *w, long conn, enum wire_dir dir, int64_t usec);

/* ---- TLS records ---- */

/* A record of a TLS stream (one direction of a connection), from its 5-byte
 * header: content type, record version, length. OFFSET counts from the start
 * of that direction's stream. While no ChangeCipherSpec nor application data
 * has gone by in that direction, handshake records are in clear and their
 * messages are listed (ClientHello, ServerHello, Certificate...), and an
 * alert's level and description are read; after that the body is
 * ciphertext and ENCRYPTED is set. */
#define WIRE_TLS_MAX_MSGS 8
struct wire_tls_record {
	uint64_t offset;
	uint8_t type;		/* 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data */
	uint16_t version;
	uint16_t length;
	bool encrypted;
	bool valid;		/* false: these bytes are not a TLS record header */
	uint8_t nmsgs;		/* handshake messages in clear */
	uint8_t msgs[WIRE_TLS_MAX_MSGS];
	uint8_t alert_level, alert_desc;	/* an alert in clear */
};

/* The records of a direction's stream S of N bytes: *RECS malloc'ed, *NRECS
 * of them (at most MAX; a last header cut by the end of the capture is left
 * out). A stream that stops parsing as TLS ends with one record whose VALID
 * is false, at the offset where it went wrong. */
void wire_tls_records(struct wire_tls_record **recs, size_t *nrecs, const unsigned char *s, size_t n,
		      size_t max);
/* Names, as the RFCs spell them: "handshake", "TLS 1.2", "ClientHello",
 * "unknown_ca"; NULL when unknown. */
const char *wire_tls_type_name(uint8_t type);
const char *wire_tls_version_name(uint16_t version);
const char *wire_tls_handshake_name(uint8_t type);
const char *wire_tls_alert_name(uint8_t desc);

/* ---- pcap ---- */

/* Write W as a pcap file (LINKTYPE_RAW: IPv4 packets) at PATH, mode 0600,
 * through file_open_new: never over an existing file unless FORCE. */
int wire_save_pcap(const struct wire *w, const char *path, bool force, struct cl_error *err);

#endif
