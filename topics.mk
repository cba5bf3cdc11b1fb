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
