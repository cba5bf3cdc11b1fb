# `make bench` prints figures and ratios; it never passes or fails.
# (files listed one by one: a directory named like the `bench` target would run it)
EXTRA_DIST += bench/run.sh bench/shell.py bench/fernet.py bench/dh.py
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

# dh: bench/dh (C, over libcore/dh.c) is built on demand by `make bench`;
# bench/dh.py puts Python's pow and gp's znlog next to it on the same inputs.
EXTRA_PROGRAMS += bench/dh
bench_dh_SOURCES = bench/dh.c
bench_dh_LDADD = libcore/libcore.la $(DEPS_LIBS)
CLEANFILES += bench/dh$(EXEEXT)
bench: bench/dh$(EXEEXT)
