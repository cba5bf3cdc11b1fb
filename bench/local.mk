# `make bench` prints figures and ratios; it never passes or fails.
# (files listed one by one: a directory named like the `bench` target would run it)
EXTRA_DIST += bench/run.sh bench/shell.py bench/fernet.py
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

# factor(): bench/factor (pari_factor on given numbers) is built on demand by
# `make bench`; bench/factor.py times gp's own factorint on the same numbers.
EXTRA_PROGRAMS += bench/factor
bench_factor_SOURCES = bench/factor.c
bench_factor_LDADD = libcore/libcore.la $(DEPS_LIBS)
CLEANFILES += bench/factor$(EXEEXT)
EXTRA_DIST += bench/factor.py
bench: bench/factor$(EXEEXT)
