# repl: the shell. Everything but main() is a convenience library, so that the
# tests and the fuzz targets link the same evaluator the shell runs.
noinst_LTLIBRARIES += repl/librepl.la
repl_librepl_la_SOURCES = \
	repl/value.c repl/value.h \
	repl/utf8.c repl/utf8.h \
	repl/lex.c repl/lex.h \
	repl/parse.c repl/parse.h \
	repl/eval.c repl/eval.h \
	repl/session.c repl/session.h \
	repl/builtins/builtin.c repl/builtins/builtin.h \
	repl/render.c repl/render.h \
	repl/suggest.c repl/suggest.h \
	repl/help.c repl/help.h \
	repl/selftest.c repl/selftest.h \
	repl/complete.c repl/complete.h \
	repl/reader.c repl/reader.h \
	repl/xdg.c repl/xdg.h \
	repl/builtins/numbers.c \
	repl/builtins/data.c \
	repl/builtins/shell.c \
	repl/builtins/clock.c \
	repl/builtins/fernet.c \
	repl/builtins/paint.c \
	repl/builtins/dh.c \
	repl/builtins/lesson.c
# lesson engine (repl/lesson*.c, repl/progress.c): its own block
repl_librepl_la_SOURCES += \
	repl/lesson.c repl/lesson.h \
	repl/lesson_parse.c repl/lesson_parse.h \
	repl/lesson_find.c repl/lesson_find.h \
	repl/lesson_play.c repl/lesson_play.h \
	repl/progress.c repl/progress.h \
	repl/record.c repl/record.h
repl_librepl_la_LIBADD = $(READLINE_LIBS)

bin_PROGRAMS += cryptolab
cryptolab_SOURCES = repl/main.c
cryptolab_LDADD = repl/librepl.la libcore/libcore.la $(READLINE_LIBS) $(DEPS_LIBS)
