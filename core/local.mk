# core: the crypto module. Pure C over GMP, libgcrypt and GnuTLS; it never touches the terminal.
noinst_LTLIBRARIES += core/libcore.la
core_libcore_la_SOURCES = \
	core/error.c core/error.h \
	core/interrupt.c core/interrupt.h \
	core/random.c core/random.h \
	core/clock.c core/clock.h \
	core/bigint.c core/bigint.h \
	core/base64.c core/base64.h \
	core/fernet.c core/fernet.h
core_libcore_la_LIBADD = $(DEPS_LIBS)
