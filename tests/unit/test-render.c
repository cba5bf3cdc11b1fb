/* How things are shown (repl/render.c): text from outside never acts on a
 * terminal, narration fits the width it is given, tables never print
 * megabytes. The expected escapes are written out by hand from the Unicode
 * code charts (C0, C1, and U+202A-U+202E, U+2066-U+2069, the bidi controls). */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/core.h"
#include "libcore/xalloc.h"
#include "repl/render.h"
#include "repl/session.h"
#include "tests/unit/tap.h"

static char *text;
static size_t len;

static FILE *
capture(void)
{
	free(text);
	text = NULL;
	return xopen_memstream(&text, &len);
}

/* Every line of TEXT at most WIDTH characters (UTF-8 counted once). */
static bool
fits(const char *t, int width)
{
	int col = 0;

	for (; *t; t++) {
		if (*t == '\n') {
			col = 0;
			continue;
		}
		if (((unsigned char)*t & 0xc0) != 0x80 && ++col > width)
			return false;
	}
	return true;
}

static void
test_escapes(void)
{
	static const char evil[] = "a\033]0;pwned\007b\r\tc\nd\x7f" "e\xc2\x9b" "f\xe2\x80\xae" "g\xe2\x81\xa6"
				   "h\xe2\x80\x8b" "\xc3\xa9";
	FILE *m = capture();

	render_text(m, evil, sizeof evil - 1);
	fclose(m);
	is_str(text, "a\\x1b]0;pwned\\x07b\\r\tc\nd\\x7fe\\u009bf\\u202eg\\u2066h\xe2\x80\x8b\xc3\xa9",
	       "ESC, BEL, CR, DEL, C1 and bidi controls are escaped; newline, tab, other characters stay");
	m = capture();
	render_text(m, "x\xff\xc3", 3);
	fclose(m);
	is_str(text, "x\\xff\\xc3", "bytes that are not UTF-8 are escaped");
	ok(render_is_safe("caf\xc3\xa9 \xe2\x9c\x93\n", 9) && !render_is_safe("a\033", 2)
	   && !render_is_safe("\xe2\x80\xae", 3), "render_is_safe tells them apart");

	/* a text value: escaped on a terminal, raw into a pipe */
	{
		struct session s;
		struct value *v = value_str(evil, sizeof evil - 1);

		session_init(&s);
		s.tty = true;
		m = capture();
		render_result(&s, m, v);
		fclose(m);
		ok(!memchr(text, '\033', len) && strstr(text, "\\x1b]0;pwned\\x07"), "on a terminal, text is shown safe");
		s.tty = false;
		m = capture();
		render_result(&s, m, v);
		fclose(m);
		ok(len == sizeof evil && memcmp(text, evil, sizeof evil - 1) == 0, "into a pipe, its exact bytes");
		m = capture();
		render_inline(m, v);
		fclose(m);
		is_str(text, "\"a\\x1b]0;pwned\\x07b\\r\\tc\\nd\\x7fe\\u009bf\\u202eg\\u2066h\xe2\x80\x8b\xc3\xa9\"",
		       "inline (in a list), always escaped, as it would be typed");
		value_unref(v);
		session_free(&s);
	}
}

static void
test_reflow(void)
{
	static const char narration[] = "Fernet puts a *timestamp*, an IV and an HMAC around the ciphertext, "
					"so that `decrypt` can refuse a token that was changed or is too old.";
	struct session s;
	FILE *m;
	char *words;

	session_init(&s);
	m = capture();
	render_reflow(&s, m, narration, 20, 2);
	fclose(m);
	ok(fits(text, 20), "narration reflowed to 20 columns fits in 20 columns");
	/* no word split: the words of the output are those of the input */
	words = xstrdup(text);
	for (char *p = words; *p; p++)
		if (*p == '\n')
			*p = ' ';
	{
		char *a = words, *b = (char *)narration;
		bool same = true;

		while (*a || *b) {
			while (*a == ' ')
				a++;
			while (*b == ' ')
				b++;
			if (*a != *b) {
				same = false;
				break;
			}
			if (*a)
				a++, b++;
		}
		ok(same, "and no word is split");
	}
	free(words);
	m = capture();
	render_reflow_lead(&s, m, "a) ", narration, 20, 4);
	fclose(m);
	ok(fits(text, 20), "with a lead and a wider indent too");
	m = capture();
	render_reflow(&s, m, "Title \033]0;pwned\007 and \xe2\x80\xae reversed", 80, 2);
	fclose(m);
	is_str(text, "  Title \\x1b]0;pwned\\x07 and \\u202e reversed\n", "narration is shown safe");
	session_free(&s);
}

static void
test_tables(void)
{
	struct session s;
	struct table t = { .ncols = 2 };
	mpz_t z;
	size_t lines = 0;

	session_init(&s);
	s.out = capture();
	mpz_init(z);
	mpz_ui_pow_ui(z, 7, 1100);	/* 930 digits [PY: len(str(7**1100))] */
	table_add(&t, (char *[]){ cell_s("i"), cell_s("7^1100 + i") });
	for (int i = 0; i < 4096; i++) {
		mpz_add_ui(z, z, 1);
		table_add(&t, (char *[]){ cell_f("%d", i), cell_z(z) });
	}
	mpz_clear(z);
	ok(t.nrows < 4097 && t.omitted == 4097 - t.nrows, "rows past the limit are counted, not kept");
	render_table(&s, &t);
	table_free(&t);
	fclose(s.out);
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	ok(len <= TABLE_MAX_BYTES + 200, "a table of 4096 rows of 930-digit numbers prints at most 256 KiB "
	   "(%zu bytes)", len);
	ok(strstr(text, "more rows, not shown: a table stops at 256 KiB\n") != NULL,
	   "and a last line says what was left out");
	ok(lines > 100, "still, many rows are shown (%zu lines)", lines);

	/* a cell too wide to read is shortened */
	s.out = capture();
	t = (struct table){ .ncols = 1 };
	mpz_init(z);
	mpz_ui_pow_ui(z, 7, 1400);	/* [PY: str(7**1400)[:12], [-12:], len] */
	table_add(&t, (char *[]){ cell_z(z) });
	mpz_clear(z);
	render_table(&s, &t);
	table_free(&t);
	fclose(s.out);
	is_str(text, "137169014983...004592840001 (1184 digits)\n",
	       "a 1184-digit number is shortened to its ends and its length");

	/* a cell from outside is shown safe, and aligned as shown */
	s.out = capture();
	t = (struct table){ .ncols = 2 };
	table_add(&t, (char *[]){ cell_s("name"), cell_s("n") });
	table_add(&t, (char *[]){ cell_s("\033[2J"), cell_s("1") });
	render_table(&s, &t);
	table_free(&t);
	fclose(s.out);
	is_str(text, "   name  n\n\\x1b[2J  1\n", "a cell with ESC cannot clear the screen");
	session_free(&s);
}

static void
test_inline_cut(void)
{
	struct value *big = value_str("0123456789", 10), **items = xcalloc(1000, sizeof *items), *list;
	FILE *m;

	for (int i = 0; i < 1000; i++)
		items[i] = value_ref(big);
	list = value_list(items, 1000);
	m = capture();
	render_inline_max(m, list, 64);
	fclose(m);
	ok(len < 80 && strcmp(text + len - 3, "...") == 0, "a list drawn with a limit stops there: '%s'", text);
	value_unref(list);
	value_unref(big);
}

/* A message on a terminal: broken between words under its start, escaped as
 * render_safe does, unchanged when it fits or when the width is too small. */
static void
test_wrapped(void)
{
	FILE *m;

	m = capture();
	render_wrapped(m, "one two three four five six seven eight nine ten eleven", 7, 40, 7);
	fclose(m);
	is_str(text, "one two three four five six seven\n       eight nine ten eleven",
	       "wrapped between words, the next line under the first");
	ok(fits(text, 40), "no line past 40 columns");
	m = capture();
	render_wrapped(m, "short \x1b[2J text", 7, 80, 7);
	fclose(m);
	is_str(text, "short \\x1b[2J text", "escaped as render_safe does, and left whole when it fits");
	m = capture();
	render_wrapped(m, "a b c", 7, 0, 7);
	fclose(m);
	is_str(text, "a b c", "no width: as it is");
	m = capture();
	render_wrapped(m, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx yy", 7, 40, 7);
	fclose(m);
	is_str(text, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n       yy",
	       "a word longer than the line stands alone");
}

int
main(void)
{
	if (core_init(NULL))
		skip_all("libgcrypt did not start");
	test_escapes();
	test_reflow();
	test_tables();
	test_inline_cut();
	test_wrapped();
	free(text);
	done_testing();
}
