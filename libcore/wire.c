#include <config.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pcap/pcap.h>
#include "libcore/file.h"
#include "libcore/wire.h"
#include "libcore/xalloc.h"

void
wire_init(struct wire *w)
{
	memset(w, 0, sizeof *w);
}

void
wire_free(struct wire *w)
{
	for (size_t i = 0; i < w->nchunks; i++)
		free(w->chunks[i].data);
	free(w->chunks);
	free(w->conns);
	memset(w, 0, sizeof *w);
}

static struct wire_chunk *
add_event(struct wire *w, enum wire_event ev, long conn, enum wire_dir dir, int64_t usec)
{
	struct wire_chunk *c;

	if (w->nchunks >= WIRE_MAX_CHUNKS)
		return NULL;
	if (w->nchunks == w->chunks_cap) {
		w->chunks_cap = w->chunks_cap ? 2 * w->chunks_cap : 64;
		w->chunks = xreallocarray(w->chunks, w->chunks_cap, sizeof *w->chunks);
	}
	c = &w->chunks[w->nchunks++];
	memset(c, 0, sizeof *c);
	c->event = (uint8_t)ev;
	c->dir = (uint8_t)dir;
	c->conn = (uint32_t)conn;
	c->usec = usec;
	return c;
}

long
wire_open(struct wire *w, uint32_t client_ip, uint16_t client_port, uint32_t server_ip,
	  uint16_t server_port, bool tls, int64_t usec)
{
	struct wire_conn *c;

	if (w->nconns >= WIRE_MAX_CONNS || w->nchunks >= WIRE_MAX_CHUNKS) {
		w->lost_conns++;
		return -1;
	}
	if (w->nconns == w->conns_cap) {
		w->conns_cap = w->conns_cap ? 2 * w->conns_cap : 16;
		w->conns = xreallocarray(w->conns, w->conns_cap, sizeof *w->conns);
	}
	c = &w->conns[w->nconns];
	memset(c, 0, sizeof *c);
	c->client_ip = client_ip;
	c->client_port = client_port;
	c->server_ip = server_ip;
	c->server_port = server_port;
	c->tls = tls;
	c->open_usec = usec;
	add_event(w, WIRE_OPEN, (long)w->nconns, WIRE_C2S, usec);
	return (long)w->nconns++;
}

void
wire_data(struct wire *w, long conn, enum wire_dir dir, int64_t usec, const void *p, size_t n, size_t len)
{
	struct wire_chunk *c;

	if (conn < 0 || (size_t)conn >= w->nconns || len == 0)
		return;
	if (n > len)
		n = len;
	w->conns[conn].bytes[dir] += len;
	if (n > WIRE_MAX_KEPT - w->kept)
		n = WIRE_MAX_KEPT - w->kept;
	/* bytes that follow bytes in the same direction, with nothing in
	 * between, are one burst (as a stream follower shows them), however
	 * many reads or writes carried them */
	c = w->nchunks ? &w->chunks[w->nchunks - 1] : NULL;
	if (c && c->event == WIRE_DATA && c->conn == (uint32_t)conn && c->dir == dir && c->kept == c->len &&
	    n == len && c->len + len <= 65536) {
		c->data = xrealloc(c->data, c->len + n);
		memcpy(c->data + c->len, p, n);
		c->len += len;
		c->kept += n;
		w->kept += n;
		return;
	}
	/* a chunk that cannot be recorded at all would make the pcap's
	 * sequence numbers jump: count it, it is lost */
	if (!(c = add_event(w, WIRE_DATA, conn, dir, usec))) {
		w->cut += len;
		return;
	}
	c->len = len;
	c->kept = n;
	if (n) {
		c->data = xmalloc(n);
		memcpy(c->data, p, n);
	}
	w->kept += n;
	w->cut += len - n;
}

void
wire_fin(struct wire *w, long conn, enum wire_dir dir, int64_t usec)
{
	if (conn < 0 || (size_t)conn >= w->nconns || w->conns[conn].fin[dir])
		return;
	w->conns[conn].fin[dir] = true;
	add_event(w, WIRE_FIN, conn, dir, usec);
}

/* ---- TLS records ---- */

const char *
wire_tls_type_name(uint8_t type)
{
	switch (type) {
	case 20: return "change_cipher_spec";
	case 21: return "alert";
	case 22: return "handshake";
	case 23: return "application_data";
	case 24: return "heartbeat";
	}
	return NULL;
}

const char *
wire_tls_version_name(uint16_t version)
{
	switch (version) {
	case 0x0300: return "SSL 3.0";
	case 0x0301: return "TLS 1.0";
	case 0x0302: return "TLS 1.1";
	case 0x0303: return "TLS 1.2";
	case 0x0304: return "TLS 1.3";
	}
	return NULL;
}

const char *
wire_tls_handshake_name(uint8_t type)
{
	switch (type) {
	case 0: return "HelloRequest";
	case 1: return "ClientHello";
	case 2: return "ServerHello";
	case 4: return "NewSessionTicket";
	case 5: return "EndOfEarlyData";
	case 8: return "EncryptedExtensions";
	case 11: return "Certificate";
	case 12: return "ServerKeyExchange";
	case 13: return "CertificateRequest";
	case 14: return "ServerHelloDone";
	case 15: return "CertificateVerify";
	case 16: return "ClientKeyExchange";
	case 20: return "Finished";
	case 24: return "KeyUpdate";
	}
	return NULL;
}

const char *
wire_tls_alert_name(uint8_t desc)
{
	switch (desc) {
	case 0: return "close_notify";
	case 10: return "unexpected_message";
	case 20: return "bad_record_mac";
	case 22: return "record_overflow";
	case 40: return "handshake_failure";
	case 42: return "bad_certificate";
	case 43: return "unsupported_certificate";
	case 44: return "certificate_revoked";
	case 45: return "certificate_expired";
	case 46: return "certificate_unknown";
	case 47: return "illegal_parameter";
	case 48: return "unknown_ca";
	case 49: return "access_denied";
	case 50: return "decode_error";
	case 51: return "decrypt_error";
	case 70: return "protocol_version";
	case 71: return "insufficient_security";
	case 80: return "internal_error";
	case 86: return "inappropriate_fallback";
	case 90: return "user_canceled";
	case 109: return "missing_extension";
	case 110: return "unsupported_extension";
	case 112: return "unrecognized_name";
	case 116: return "certificate_required";
	case 120: return "no_application_protocol";
	}
	return NULL;
}

/* The largest record: 2^14 bytes of plaintext plus what a cipher adds. */
#define TLS_MAX_RECORD (16384 + 2048)

void
wire_tls_records(struct wire_tls_record **recs, size_t *nrecs, const unsigned char *s, size_t n,
		 size_t max)
{
	struct wire_tls_record *r = NULL;
	size_t count = 0, cap = 0;
	uint64_t off = 0;
	uint32_t carry = 0;	/* bytes of a handshake message still to come */
	bool encrypted = false;

	while (off + 5 <= n && count < max) {
		struct wire_tls_record *rec;
		const unsigned char *h = s + off;
		uint16_t version = (uint16_t)(h[1] << 8 | h[2]), length = (uint16_t)(h[3] << 8 | h[4]);

		if (count == cap) {
			cap = cap ? 2 * cap : 16;
			r = xreallocarray(r, cap, sizeof *r);
		}
		rec = &r[count++];
		memset(rec, 0, sizeof *rec);
		rec->offset = off;
		rec->type = h[0];
		rec->version = version;
		rec->length = length;
		if (h[0] < 20 || h[0] > 24 || h[1] != 3 || h[2] > 4 || length > TLS_MAX_RECORD)
			break;	/* not TLS from here on: VALID stays false */
		rec->valid = true;
		if (h[0] == 23)
			encrypted = true;
		rec->encrypted = encrypted && h[0] != 20;
		if (!rec->encrypted) {
			const unsigned char *b = h + 5;
			size_t have = n - off - 5 < length ? n - off - 5 : length;

			if (h[0] == 21 && have >= 2) {
				rec->alert_level = b[0];
				rec->alert_desc = b[1];
			} else if (h[0] == 22) {
				size_t p = carry < have ? carry : have;

				carry -= (uint32_t)p;
				while (p + 4 <= length && p + 4 <= have) {
					uint32_t mlen = (uint32_t)b[p + 1] << 16 | (uint32_t)b[p + 2] << 8 | b[p + 3];

					if (rec->nmsgs < WIRE_TLS_MAX_MSGS)
						rec->msgs[rec->nmsgs++] = b[p];
					if (p + 4 + mlen > length) {
						carry = (uint32_t)(p + 4 + mlen - length);
						break;
					}
					p += 4 + mlen;
				}
			}
		}
		if (h[0] == 20)
			encrypted = true;	/* what follows in this direction is under the new keys */
		off += 5 + (uint64_t)length;
	}
	*recs = r;
	*nrecs = count;
}

/* ---- pcap ---- */

/* RFC 1071's checksum over the bytes of several pieces. */
struct sum { uint32_t acc; bool odd; };

static void
sum_add(struct sum *s, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		s->acc += s->odd ? p[i] : (uint32_t)p[i] << 8;
		s->odd = !s->odd;
	}
}

static uint16_t
sum_done(struct sum *s)
{
	uint32_t a = s->acc;

	while (a >> 16)
		a = (a & 0xffff) + (a >> 16);
	return (uint16_t)~a;
}

static void
put16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void
put32(unsigned char *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

enum { TH_FIN = 0x01, TH_SYN = 0x02, TH_PSH = 0x08, TH_ACK = 0x10 };
#define SEGMENT_MAX 16384	/* payload per made-up packet */

struct pcap_out {
	pcap_dumper_t *d;
	unsigned char buf[40 + SEGMENT_MAX];
	uint16_t ip_id;
};

/* One IPv4+TCP packet from the side sending in DIR of C. */
static void
packet(struct pcap_out *o, const struct wire_conn *c, enum wire_dir dir, int64_t usec, uint32_t seq,
       uint32_t ack, uint8_t flags, const unsigned char *data, size_t kept, size_t len)
{
	unsigned char *ip = o->buf, *tcp = o->buf + 20, pseudo[12];
	uint32_t src = dir == WIRE_C2S ? c->client_ip : c->server_ip;
	uint32_t dst = dir == WIRE_C2S ? c->server_ip : c->client_ip;
	uint16_t sport = dir == WIRE_C2S ? c->client_port : c->server_port;
	uint16_t dport = dir == WIRE_C2S ? c->server_port : c->client_port;
	struct pcap_pkthdr h;
	struct sum s = { 0 };

	memset(o->buf, 0, 40);
	ip[0] = 0x45;	/* version 4, 20-byte header */
	put16(ip + 2, (uint32_t)(40 + len));
	put16(ip + 4, o->ip_id++);
	ip[6] = 0x40;	/* don't fragment */
	ip[8] = 64;	/* ttl */
	ip[9] = 6;	/* tcp */
	put32(ip + 12, src);
	put32(ip + 16, dst);
	sum_add(&s, ip, 20);
	put16(ip + 10, sum_done(&s));

	put16(tcp, sport);
	put16(tcp + 2, dport);
	put32(tcp + 4, seq);
	put32(tcp + 8, (flags & TH_ACK) ? ack : 0);
	tcp[12] = 5 << 4;	/* 20-byte header */
	tcp[13] = flags;
	put16(tcp + 14, 65535);	/* window */
	if (kept)
		memcpy(tcp + 20, data, kept);
	if (kept == len) {
		/* the checksum covers a pseudo-header and the whole segment; a
		 * segment cut short by the capture's limit keeps 0 (unknown) */
		memset(&s, 0, sizeof s);
		put32(pseudo, src);
		put32(pseudo + 4, dst);
		pseudo[8] = 0;
		pseudo[9] = 6;
		put16(pseudo + 10, (uint32_t)(20 + len));
		sum_add(&s, pseudo, 12);
		sum_add(&s, tcp, 20 + len);
		put16(tcp + 16, sum_done(&s));
	}
	h.ts.tv_sec = (time_t)(usec / 1000000);
	h.ts.tv_usec = (suseconds_t)(usec % 1000000);
	h.caplen = (bpf_u_int32)(40 + kept);
	h.len = (bpf_u_int32)(40 + len);
	pcap_dump((u_char *)o->d, &h, o->buf);
}

/* The initial sequence numbers: any will do, tshark shows them relative. */
static uint32_t
isn(size_t conn, enum wire_dir dir)
{
	return (uint32_t)(0x10000000u + conn * 0x01000193u + (dir == WIRE_S2C ? 0x40000000u : 0));
}

int
wire_save_pcap(const struct wire *w, const char *path, bool force, struct cl_error *err)
{
	uint32_t (*seq)[2] = NULL;	/* next sequence number per connection and direction */
	struct pcap_out *o = NULL;
	pcap_t *p = NULL;
	FILE *f;
	int rc = -1;

	if (!(f = file_open_new(path, 0600, force, err)))
		return -1;
	p = pcap_open_dead(DLT_RAW, 40 + SEGMENT_MAX);
	o = xcalloc(1, sizeof *o);
	if (!p || !(o->d = pcap_dump_fopen(p, f))) {
		cl_fail(err, GPG_ERR_GENERAL, "cannot write a pcap file to '%s': %s", path,
			p ? pcap_geterr(p) : "libpcap failed");
		fclose(f);
		goto leave;
	}
	seq = xcalloc(w->nconns ? w->nconns : 1, sizeof *seq);
	for (size_t i = 0; i < w->nchunks; i++) {
		const struct wire_chunk *ch = &w->chunks[i];
		const struct wire_conn *c = &w->conns[ch->conn];
		uint32_t *s = seq[ch->conn];
		enum wire_dir d = (enum wire_dir)ch->dir, other = d == WIRE_C2S ? WIRE_S2C : WIRE_C2S;

		switch (ch->event) {
		case WIRE_OPEN:
			s[WIRE_C2S] = isn(ch->conn, WIRE_C2S);
			s[WIRE_S2C] = isn(ch->conn, WIRE_S2C);
			packet(o, c, WIRE_C2S, ch->usec, s[WIRE_C2S]++, 0, TH_SYN, NULL, 0, 0);
			packet(o, c, WIRE_S2C, ch->usec, s[WIRE_S2C]++, s[WIRE_C2S], TH_SYN | TH_ACK, NULL, 0, 0);
			packet(o, c, WIRE_C2S, ch->usec, s[WIRE_C2S], s[WIRE_S2C], TH_ACK, NULL, 0, 0);
			break;
		case WIRE_DATA:
			for (size_t at = 0; at < ch->len; at += SEGMENT_MAX) {
				size_t len = ch->len - at < SEGMENT_MAX ? ch->len - at : SEGMENT_MAX;
				size_t kept = at >= ch->kept ? 0 : ch->kept - at < len ? ch->kept - at : len;

				packet(o, c, d, ch->usec, s[d], s[other], TH_ACK | TH_PSH,
				       kept ? ch->data + at : NULL, kept, len);
				s[d] += (uint32_t)len;
			}
			break;
		case WIRE_FIN:
			packet(o, c, d, ch->usec, s[d]++, s[other], TH_FIN | TH_ACK, NULL, 0, 0);
			/* the other side acknowledges the FIN; once both have
			 * closed, that is the last packet of the connection */
			packet(o, c, other, ch->usec, s[other], s[d], TH_ACK, NULL, 0, 0);
			break;
		}
	}
	if (pcap_dump_flush(o->d) < 0 || ferror(f)) {
		int e = errno;

		cl_fail(err, gpg_err_code_from_errno(e ? e : EIO), "writing '%s' failed: %s", path,
			strerror(e ? e : EIO));
		pcap_dump_close(o->d);
		unlink(path);
		goto leave;
	}
	pcap_dump_close(o->d);	/* closes F */
	rc = 0;
leave:
	if (p)
		pcap_close(p);
	free(seq);
	free(o);
	return rc;
}
