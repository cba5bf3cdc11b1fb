/* The certificate objects of cert.* (repl/builtins/cert.c): certificates,
 * certificate requests and verification results, and their file kinds for
 * save/load. A parameter with .obj = &cert_type takes a certificate or its
 * PEM text (the type's coerce hook reads it), so https.serve(cert, key) gets
 * a certificate whatever the student gives; x509_cert_gnutls() hands it to
 * GnuTLS's credentials, and its key is x509_cert_info(c)->key. */
#ifndef CL_CERT_H
#define CL_CERT_H

#include "libcore/x509.h"
#include "repl/builtins/files.h"
#include "repl/value.h"

/* "certificate" and "certificate request" in messages. */
extern const struct objtype cert_type, csr_type;
extern const struct file_kind cert_file_kind, csr_file_kind;

/* A value holding C or R (takes the reference). */
struct value *cert_value(struct x509_cert *c);
struct value *csr_value(struct x509_csr *r);
/* The certificate or request of such a value (borrowed). */
struct x509_cert *cert_of(const struct value *v);
struct x509_csr *csr_of(const struct value *v);

#endif
