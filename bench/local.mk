# `make bench` prints figures and ratios; it never passes or fails.
# (files listed one by one: a directory named like the `bench` target would run it)
EXTRA_DIST += bench/run.sh bench/shell.py bench/common.h
bench: cryptolab
	@$(SHELL) $(srcdir)/bench/run.sh ./cryptolab
.PHONY: bench

