# `make bench` prints figures and ratios; it never passes or fails.
# (files listed one by one: a directory named like the `bench` target would run it)
EXTRA_DIST += bench/run.sh bench/shell.py bench/fernet.py bench/pkey.py
bench: cryptolab
	@$(SHELL) $(srcdir)/bench/run.sh ./cryptolab
.PHONY: bench

# fernet: bench/fernet (C: ours and libgcrypt's bound) is built on demand by
# `make bench`; bench/fernet.py runs it and puts Python's figures next to it.
EXTRA_PROGRAMS += bench/fernet
bench_fernet_SOURCES = bench/fernet.c
bench_fernet_LDADD = libcore/libcore.la $(DEPS_LIBS)
CLEANFILES += bench/fernet$(EXEEXT)
bench: bench/fernet$(EXEEXT)

# real RSA: bench/pkey (keygen and private-key operations), bench/pkey.py puts
# openssl genpkey and openssl speed beside it.
EXTRA_PROGRAMS += bench/pkey
bench_pkey_SOURCES = bench/pkey.c
bench_pkey_LDADD = libcore/libcore.la $(DEPS_LIBS)
CLEANFILES += bench/pkey$(EXEEXT)
bench: bench/pkey$(EXEEXT)
