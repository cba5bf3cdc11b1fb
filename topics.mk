# The topics: each registers here, in one block, everything it adds to the
# build: its libcore module, its namespace of builtins, its lessons, its
# tests, its fuzz target and its benchmark. (Adding a topic: see HACKING.md.)
# Included after the */local.mk fragments, whose variables it extends.

# ---- fernet: symmetric encryption (libcore/fernet.c, libcore/base64.c) ----
libcore_libcore_la_SOURCES += libcore/base64.c libcore/base64.h libcore/fernet.c libcore/fernet.h
repl_librepl_la_SOURCES += repl/builtins/fernet.c repl/builtins/fernet.h
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

# ---- toy RSA by hand, and breaking it (libcore/rsa_toy.c; factor() is PARI's) ----
libcore_libcore_la_SOURCES += libcore/rsa_toy.c libcore/rsa_toy.h
repl_librepl_la_SOURCES += repl/builtins/rsa.c
dist_lessons_DATA += lessons/rsa-toy.lesson lessons/rsa-break.lesson
# toy keys and the attacks (unit), factor() against gp (interop)
check_PROGRAMS += tests/unit/test-rsa_toy
tests_unit_test_rsa_toy_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test-rsa_toy tests/interop/factor-gp.test
EXTRA_DIST += tests/interop/factor-gp.test
# bench/factor (pari_factor on given numbers) is built by `make bench`;
# bench/factor.py times gp's own factorint on the same numbers
EXTRA_PROGRAMS += bench/factor
bench_factor_SOURCES = bench/factor.c
bench_factor_LDADD = libcore/libcore.la $(DEPS_LIBS)
CLEANFILES += bench/factor$(EXEEXT)
bench: bench/factor$(EXEEXT)
EXTRA_DIST += bench/factor.py

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

# ---- the wire: HTTP and HTTPS servers beside the shell, a client, captures
# and pcap (libcore/http.c, libcore/wire.c, libcore/net.c) ----
libcore_libcore_la_SOURCES += libcore/http.c libcore/http.h libcore/wire.c libcore/wire.h \
	libcore/net.c libcore/net.h
repl_librepl_la_SOURCES += repl/builtins/net.c
# the parser, URLs, TLS records, pcap and line connections (unit); curl, our
# client's certificate checks, tshark, bad peers and load, headless Chromium
# (interop); the prompt with servers (tests/shell); tests/transcripts/net.t
check_PROGRAMS += tests/unit/test-net
tests_unit_test_net_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test-net tests/interop/net-curl.test tests/interop/net-verify.test \
	tests/interop/net-tshark.test tests/interop/net-robust.test tests/interop/net-chromium.test \
	tests/shell/pty-net.test
EXTRA_DIST += tests/interop/net-lib.sh tests/interop/net_robust.py tests/interop/net-curl.test \
	tests/interop/net-verify.test tests/interop/net-tshark.test tests/interop/net-robust.test \
	tests/interop/net-chromium.test tests/shell/pty-net.test
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-http
tests_fuzz_fuzz_http_SOURCES = tests/fuzz/fuzz-http.c
tests_fuzz_fuzz_http_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_http_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_http_LDADD = $(TEST_LIBS)
endif
EXTRA_DIST += tests/fuzz/corpus-http
# the example of wire.save writes this
CLEANFILES += example-capture.pcap
# bench/net.py: https requests per second and handshake time, against openssl
# s_server -www with the same certificate
EXTRA_DIST += bench/net.py

# ---- Diffie-Hellman: the paint analogy and the numbers (libcore/paint.c,
# libcore/dh.c); the network exchange builds on libcore/dh.h ----
libcore_libcore_la_SOURCES += libcore/paint.c libcore/paint.h libcore/dh.c libcore/dh.h
repl_librepl_la_SOURCES += repl/builtins/paint.c repl/builtins/dh.c
dist_lessons_DATA += lessons/dh-paint.lesson lessons/dh-numbers.lesson
# the toy exchange, GnuTLS's RFC 7919 primes, HKDF's RFC 5869 vectors, HAC's
# rho example, every attack on random exponents, the paint model's algebra and
# colours (unit); Python's pow, HKDF and DH exchange, openssl's named groups and
# the RFCs' formulas in gp (interop); tests/transcripts/dh.t and paint.t
check_PROGRAMS += tests/unit/test-dh tests/unit/test-paint
tests_unit_test_dh_LDADD = $(TEST_LIBS)
tests_unit_test_paint_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test-dh tests/unit/test-paint tests/interop/dh-python.test tests/interop/dh-openssl.test
EXTRA_DIST += tests/interop/dh-python.test tests/interop/dh_python.py tests/interop/dh-openssl.test
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-dh
tests_fuzz_fuzz_dh_SOURCES = tests/fuzz/fuzz-dh.c
tests_fuzz_fuzz_dh_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_dh_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_dh_LDADD = $(TEST_LIBS)
endif
EXTRA_DIST += tests/fuzz/corpus-dh
# bench/dh (key agreements, and cracks on given inputs); bench/dh.py puts
# Python's pow and gp's znlog beside it on the same inputs
EXTRA_PROGRAMS += bench/dh
bench_dh_SOURCES = bench/dh.c
bench_dh_LDADD = libcore/libcore.la $(DEPS_LIBS)
CLEANFILES += bench/dh$(EXEEXT)
bench: bench/dh$(EXEEXT)
EXTRA_DIST += bench/dh.py

# ---- certificates: a small CA, and certificates broken on purpose
# (libcore/x509.c over GnuTLS; libtasn1 decodes the DER that cert.der shows) ----
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
CLEANFILES += cert-t-ca.pem cert-t-server.csr cert-t-chain.pem cert-t-sig.bin cert-t-ca.der cert-t-server.der
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

# ---- two shells, one secret: a Diffie-Hellman exchange over TCP, its chat,
# and Mallory's relay (libcore/dhnet.c over libcore/net.c and libcore/dh.c) ----
libcore_libcore_la_SOURCES += libcore/dhnet.c libcore/dhnet.h
# the course ends on the wire: the https lesson (plain HTTP, Fernet, HTTPS
# with the student's CA), after the certificates lesson
dist_lessons_DATA += lessons/https.lesson
repl_librepl_la_SOURCES += repl/builtins/dhnet.c repl/builtins/dhnet.h repl/builtins/dh.h
# the lines, the signed text and whole exchanges between two processes
# (unit); a peer in Python both ways, with cryptography's HKDF, Fernet and
# signatures, and every way a peer misbehaves (interop); two shells and
# Mallory in tmux (tests/shell)
check_PROGRAMS += tests/unit/test-dhnet
tests_unit_test_dhnet_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test-dhnet tests/interop/dhnet-python.test tests/shell/pty-dhnet.test
EXTRA_DIST += tests/interop/dhnet-python.test tests/interop/dhnet_python.py tests/shell/pty-dhnet.test
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-dhnet
tests_fuzz_fuzz_dhnet_SOURCES = tests/fuzz/fuzz-dhnet.c
tests_fuzz_fuzz_dhnet_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_dhnet_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_dhnet_LDADD = $(TEST_LIBS)
endif
EXTRA_DIST += tests/fuzz/corpus-dhnet
