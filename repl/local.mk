# repl: the shell. Everything but main() is a convenience library, so that the
# tests and the fuzz targets link the same evaluator the shell runs.
noinst_LTLIBRARIES += repl/librepl.la
# the language
repl_librepl_la_SOURCES = \
	repl/value.c repl/value.h \
	repl/utf8.c repl/utf8.h \
	repl/lex.c repl/lex.h \
	repl/parse.c repl/parse.h \
	repl/eval.c repl/eval.h \
	repl/session.c repl/session.h
# the terminal
repl_librepl_la_SOURCES += \
	repl/render.c repl/render.h \
	repl/suggest.c repl/suggest.h \
	repl/help.c repl/help.h \
	repl/selftest.c repl/selftest.h \
	repl/complete.c repl/complete.h \
	repl/reader.c repl/reader.h \
	repl/record.c repl/record.h \
	repl/xdg.c repl/xdg.h
# the builtins: the table's machinery, and one file per namespace
repl_librepl_la_SOURCES += \
	repl/builtins/builtin.c repl/builtins/builtin.h \
	repl/builtins/numbers.c \
	repl/builtins/data.c \
	repl/builtins/shell.c \
	repl/builtins/clock.c
# the lesson engine
repl_librepl_la_SOURCES += \
	repl/lesson/lesson.h \
	repl/lesson/format.c repl/lesson/format.h \
	repl/lesson/play.c repl/lesson/play.h \
	repl/lesson/show.c \
	repl/lesson/commands.c \
	repl/lesson/find.c repl/lesson/find.h \
	repl/lesson/progress.c repl/lesson/progress.h \
	repl/lesson/check.c
repl_librepl_la_LIBADD = $(READLINE_LIBS)

bin_PROGRAMS += cryptolab
cryptolab_SOURCES = repl/main.c
cryptolab_LDADD = repl/librepl.la libcore/libcore.la $(READLINE_LIBS) $(DEPS_LIBS)
