# Every test speaks TAP through automake's harness; `make check` sums them.
TEST_EXTENSIONS = .test
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_LOG_DRIVER = $(LOG_DRIVER)
# Tests never touch the user's history, progress or lessons.
AM_TESTS_ENVIRONMENT = \
	CRYPTOLAB='$(abs_top_builddir)/cryptolab'; export CRYPTOLAB; \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	XDG_STATE_HOME='$(abs_top_builddir)/tests/state'; export XDG_STATE_HOME; \
	XDG_DATA_HOME='$(abs_top_builddir)/tests/data'; export XDG_DATA_HOME; \
	PYTHON3='$(PYTHON3)'; export PYTHON3; OPENSSL='$(OPENSSL)'; export OPENSSL; \
	PYTHONDONTWRITEBYTECODE=1; export PYTHONDONTWRITEBYTECODE; \
	TMUX_BIN='$(TMUX)'; export TMUX_BIN; unset TMUX; \
	GP='$(GP)'; export GP; CURL='$(CURL)'; export CURL; TSHARK='$(TSHARK)'; export TSHARK; \
	CHROMIUM='$(CHROMIUM)'; export CHROMIUM; CERTUTIL='$(CERTUTIL)'; export CERTUTIL; \
	ASAN_OPTIONS=detect_leaks=1; export ASAN_OPTIONS; \
	LSAN_OPTIONS=suppressions='$(abs_top_srcdir)/tests/lsan.supp'; export LSAN_OPTIONS;
EXTRA_DIST += tests/unit/tap.h tests/transcripts tests/lsan.supp tests/lib.sh tests/shell/tmux.sh
# the TAP helpers the Python interop scripts (tests/interop/*.py) import
EXTRA_DIST += tests/interop/interop.py

TEST_LIBS = libcore/libcore.la $(DEPS_LIBS)
REPL_LIBS = repl/librepl.la libcore/libcore.la $(READLINE_LIBS) $(DEPS_LIBS)

check_PROGRAMS += tests/unit/test-bigint tests/unit/test-random tests/unit/test-value \
	tests/unit/test-child tests/unit/test-render
tests_unit_test_bigint_LDADD = $(TEST_LIBS)
tests_unit_test_random_LDADD = $(TEST_LIBS)
tests_unit_test_child_LDADD = $(TEST_LIBS)
tests_unit_test_value_LDADD = $(REPL_LIBS)
tests_unit_test_render_LDADD = $(REPL_LIBS)

TESTS += tests/unit/test-bigint tests/unit/test-random tests/unit/test-value tests/unit/test-child \
	tests/unit/test-render \
	tests/transcripts.test tests/examples.test tests/shell/cli.test tests/shell/pty.test \
	tests/shell/hostile.test tests/shell/pty-hostile.test
EXTRA_DIST += tests/transcripts.test tests/examples.test tests/shell/cli.test tests/shell/pty.test \
	tests/shell/hostile.test tests/shell/pty-hostile.test
CLEANFILES += -r tests/state tests/data

# lesson engine
check_PROGRAMS += tests/unit/test-lesson
tests_unit_test_lesson_LDADD = $(REPL_LIBS)
TESTS += tests/unit/test-lesson tests/lessons.test tests/lessons-class.test tests/shell/pty-lesson.test
EXTRA_DIST += tests/lessons tests/lessons.test tests/lessons-class.test tests/shell/pty-lesson.test



# libFuzzer targets: built with ./configure CC=clang --enable-fuzzing
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-eval
tests_fuzz_fuzz_eval_SOURCES = tests/fuzz/fuzz-eval.c
tests_fuzz_fuzz_eval_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_eval_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_eval_LDADD = $(REPL_LIBS)
noinst_PROGRAMS += tests/fuzz/fuzz-lesson
tests_fuzz_fuzz_lesson_SOURCES = tests/fuzz/fuzz-lesson.c
tests_fuzz_fuzz_lesson_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_lesson_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_lesson_LDADD = $(REPL_LIBS)
noinst_PROGRAMS += tests/fuzz/fuzz-script
tests_fuzz_fuzz_script_SOURCES = tests/fuzz/fuzz-script.c
tests_fuzz_fuzz_script_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_script_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_script_LDADD = $(REPL_LIBS)
endif
# the sources of the targets are distributed with them; their seed corpora here
EXTRA_DIST += tests/fuzz/corpus-eval tests/fuzz/corpus-lesson tests/fuzz/corpus-script
# found in QA passes through the course: the lessons, messages and the terminal
TESTS += tests/shell/pty-qa.test tests/shell/qa-lessons.test tests/shell/qa-cli.test
EXTRA_DIST += tests/shell/pty-qa.test tests/shell/qa-lessons.test tests/shell/qa-cli.test
