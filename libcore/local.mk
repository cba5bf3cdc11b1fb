# libcore: the crypto module (the design card's "core"). Pure C over GMP,
# libgcrypt, GnuTLS, PARI and libpcap; it never touches the terminal.
# It is libcore/, not core/: configure's clean-up runs `rm -f core ... && rm -f
# confdefs.h`, which fails on a build directory named core (subdir-objects
# makes one), so every configure printed "cannot remove 'core'" and left
# confdefs.h behind, and make distcheck failed.
noinst_LTLIBRARIES += libcore/libcore.la
libcore_libcore_la_SOURCES = \
	libcore/core.c libcore/core.h \
	libcore/error.c libcore/error.h \
	libcore/xalloc.c libcore/xalloc.h \
	libcore/interrupt.c libcore/interrupt.h \
	libcore/random.c libcore/random.h \
	libcore/clock.c libcore/clock.h \
	libcore/bigint.c libcore/bigint.h \
	libcore/child.c libcore/child.h \
	libcore/pari.c libcore/pari.h \
	libcore/file.c libcore/file.h
libcore_libcore_la_LIBADD = $(DEPS_LIBS)

