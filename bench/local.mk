# `make bench` prints figures and ratios; it never passes or fails.
EXTRA_DIST += bench
bench: cryptolab
	@$(SHELL) $(srcdir)/bench/run.sh ./cryptolab
.PHONY: bench
