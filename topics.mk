# The topics: each registers here, in one block, everything it adds to the
# build: its libcore module, its namespace of builtins, its lessons, its
# tests, its fuzz target and its benchmark. (Adding a topic: see HACKING.md.)
# Included after the */local.mk fragments, whose variables it extends.

# ---- fernet: symmetric encryption (libcore/fernet.c, libcore/base64.c) ----
libcore_libcore_la_SOURCES += libcore/base64.c libcore/base64.h libcore/fernet.c libcore/fernet.h
repl_librepl_la_SOURCES += repl/builtins/fernet.c
dist_lessons_DATA += lessons/fernet.lesson
# the spec's vectors and bad input (unit), python's cryptography (interop)
check_PROGRAMS += tests/unit/test-fernet
tests_unit_test_fernet_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test-fernet tests/interop/fernet-python.test
EXTRA_DIST += tests/vectors/fernet tests/interop/fernet-python.test tests/interop/fernet_python.py
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-fernet
tests_fuzz_fuzz_fernet_SOURCES = tests/fuzz/fuzz-fernet.c
tests_fuzz_fuzz_fernet_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_fernet_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_fernet_LDADD = $(TEST_LIBS)
endif
EXTRA_DIST += tests/fuzz/corpus-fernet
# bench/fernet (ours and libgcrypt's bound) is built by `make bench`;
# bench/fernet.py runs it and puts Python's figures next to it
EXTRA_PROGRAMS += bench/fernet
bench_fernet_SOURCES = bench/fernet.c
bench_fernet_LDADD = libcore/libcore.la $(DEPS_LIBS)
CLEANFILES += bench/fernet$(EXEEXT)
bench: bench/fernet$(EXEEXT)
EXTRA_DIST += bench/fernet.py

# ---- real keys and key files: RSA, ECDSA P-256, Ed25519 (libcore/pkey.c),
# save and load (repl/builtins/files.c, extended by the certificates) ----
libcore_libcore_la_SOURCES += libcore/pkey.c libcore/pkey.h
repl_librepl_la_SOURCES += repl/builtins/keys.c repl/builtins/keys.h repl/builtins/files.c \
	repl/builtins/files.h repl/builtins/rsa_real.c repl/builtins/ec.c
dist_lessons_DATA += lessons/rsa-real.lesson
# round trips, OpenSSL's and Python's keys and signatures, RFC 8032 and RFC
# 6979 known answers, refusals (unit); openssl and python's cryptography both
# ways (interop); the shell (tests/transcripts/keys.t)
check_PROGRAMS += tests/unit/test-pkey
tests_unit_test_pkey_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test-pkey tests/interop/keys-openssl.test tests/interop/keys-python.test
EXTRA_DIST += tests/vectors/pkey tests/interop/keys-openssl.test tests/interop/keys-python.test \
	tests/interop/keys_python.py
# the builtins' examples (save, load) write these in the build directory,
# and tests/transcripts/keys.t these
CLEANFILES += example-key.pem example-msg.txt
CLEANFILES += keys-t-rsa.pem keys-t-pub.pem keys-t-enc.pem keys-t-sig.bin keys-t-msg.txt
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-pkey
tests_fuzz_fuzz_pkey_SOURCES = tests/fuzz/fuzz-pkey.c
tests_fuzz_fuzz_pkey_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_pkey_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_pkey_LDADD = $(TEST_LIBS)
endif
EXTRA_DIST += tests/fuzz/corpus-pkey
# bench/pkey (keygen and private-key operations); bench/pkey.py puts openssl
# genpkey and openssl speed beside it
EXTRA_PROGRAMS += bench/pkey
bench_pkey_SOURCES = bench/pkey.c
bench_pkey_LDADD = libcore/libcore.la $(DEPS_LIBS)
CLEANFILES += bench/pkey$(EXEEXT)
bench: bench/pkey$(EXEEXT)
EXTRA_DIST += bench/pkey.py

# ---- certificates: a small CA, and certificates broken on purpose
# (libcore/x509.c over GnuTLS; libtasn1 decodes the DER that cert.der shows) ----
AM_CFLAGS += $(TASN1_CFLAGS)
DEPS_LIBS += $(TASN1_LIBS)
libcore_libcore_la_SOURCES += libcore/x509.c libcore/x509.h
dist_lessons_DATA += lessons/certificates.lesson
repl_librepl_la_SOURCES += repl/builtins/cert.c repl/builtins/cert.h
# known answers, refusals, verification against GnuTLS's own verifier and
# the DER tree against openssl asn1parse (unit); openssl and curl both ways,
# the broken-certificate lab against openssl verify (interop); the shell
# (tests/transcripts/cert.t)
check_PROGRAMS += tests/unit/test-x509
tests_unit_test_x509_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test-x509 tests/interop/cert-openssl.test
# tests/transcripts/cert.t writes these in the build directory
CLEANFILES += cert-t-ca.pem cert-t-server.csr cert-t-chain.pem
EXTRA_DIST += tests/vectors/x509 tests/interop/cert-openssl.test
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-x509
tests_fuzz_fuzz_x509_SOURCES = tests/fuzz/fuzz-x509.c
tests_fuzz_fuzz_x509_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_x509_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_x509_LDADD = $(TEST_LIBS)
endif
EXTRA_DIST += tests/fuzz/corpus-x509
# bench/x509 (issuing with RSA-2048 and P-256 CAs, parsing and verifying a
# three-certificate chain); bench/x509.py puts openssl x509 -req and openssl
# verify beside it, on the same files
EXTRA_PROGRAMS += bench/x509
bench_x509_SOURCES = bench/x509.c
bench_x509_LDADD = libcore/libcore.la $(DEPS_LIBS)
CLEANFILES += bench/x509$(EXEEXT)
bench: bench/x509$(EXEEXT)
EXTRA_DIST += bench/x509.py
