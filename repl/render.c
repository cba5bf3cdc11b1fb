#include <config.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/interrupt.h"
#include "libcore/xalloc.h"
#include "repl/render.h"
#include "repl/builtins/builtin.h"
#include "repl/help.h"
#include "repl/session.h"

const char *
color(const struct session *s, enum color c)
{
	static const char *const esc[] = {
		[COL_RESET] = "\033[0m", [COL_BOLD] = "\033[1m", [COL_DIM] = "\033[2m",
		[COL_RED] = "\033[31m", [COL_GREEN] = "\033[32m", [COL_YELLOW] = "\033[33m",
		[COL_BLUE] = "\033[34m", [COL_MAGENTA] = "\033[35m", [COL_CYAN] = "\033[36m",
	};

	return s && s->color ? esc[c] : "";
}

void
render_int(FILE *out, const mpz_t z, int width)
{
	char *s = mpz_get_str(NULL, 10, z);
	size_t n = strlen(s);

	if (width <= 0 || n <= (size_t)width)
		fputs(s, out);
	else
		/* long numbers wrap at the screen edge; never in a pipe, where the
		 * digits must stay one word */
		for (size_t i = 0; i < n; i += width)
			fprintf(out, "%s%.*s", i ? "\n" : "", width, s + i);
	free(s);
}

/* ---- what must not reach a terminal raw ---- */

#define NOT_UTF8 0xffffffffu

/* The character at P (N > 0 bytes left): its length, its code point in *CP
 * (NOT_UTF8 for a byte that starts no valid UTF-8 sequence). */
static size_t
char_at(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = p[0] < 0x80 ? 1 : p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3
		     : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
	unsigned c;

	*cp = NOT_UTF8;
	if (len == 0 || len > n)
		return 1;
	if (len == 1) {
		*cp = p[0];
		return 1;
	}
	c = p[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 1;
		c = c << 6 | (p[i] & 0x3f);
	}
	/* overlong forms, surrogates and beyond U+10FFFF are not UTF-8 */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		return 1;
	*cp = c;
	return len;
}

/* Characters that act on a terminal instead of showing: the C0 controls
 * (ESC starts every escape sequence, BEL ends a window title), DEL, the C1
 * controls (U+009B is a one-character CSI), and the bidi controls that make
 * text read in another order than it is (U+202A-U+202E, U+2066-U+2069). */
static bool
unsafe(unsigned cp, bool keep_lines)
{
	if (cp == '\n' || cp == '\t')
		return !keep_lines;
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e)
	       || (cp >= 0x2066 && cp <= 0x2069) || cp == NOT_UTF8;
}

/* The escape for the unsafe character CP (or the byte B, not UTF-8). */
static int
escape(char buf[8], unsigned cp, unsigned char b)
{
	switch (cp) {
	case '\n': return snprintf(buf, 8, "\\n");
	case '\t': return snprintf(buf, 8, "\\t");
	case '\r': return snprintf(buf, 8, "\\r");
	case NOT_UTF8: return snprintf(buf, 8, "\\x%02x", b);
	}
	return snprintf(buf, 8, cp < 0x80 ? "\\x%02x" : "\\u%04x", cp);
}

/* The columns S takes once escaped (a UTF-8 character is one column). */
static size_t
shown_width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = char_at(s + i, n - i, &cp);
		char buf[8];

		w += unsafe(cp, true) ? (size_t)escape(buf, cp, (unsigned char)s[i]) : 1;
		i += len;
	}
	return w;
}

void
render_text(FILE *out, const char *p, size_t n)
{
	size_t from = 0;

	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = char_at(p + i, n - i, &cp);

		if (unsafe(cp, true)) {
			char buf[8];

			fwrite(p + from, 1, i - from, out);
			escape(buf, cp, (unsigned char)p[i]);
			fputs(buf, out);
			from = i + len;
		}
		i += len;
	}
	fwrite(p + from, 1, n - from, out);
}

/* The same in pieces, so that Ctrl-C stops 64 MiB on its way to a terminal. */
static void
render_text_stoppable(FILE *out, const char *p, size_t n)
{
	for (size_t i = 0, k; i < n && !cl_interrupted; i += k) {
		k = n - i < 65536 ? n - i : 65536;
		while (i + k < n && ((unsigned char)p[i + k] & 0xc0) == 0x80)
			k++;	/* a character stays whole */
		render_text(out, p + i, k);
	}
}

void
render_safe(FILE *out, const char *s)
{
	render_text(out, s, strlen(s));
}

void
render_wrapped(FILE *out, const char *s, int col, int width, int indent)
{
	int spaces = 0;

	if (width < indent + 30) {	/* too narrow to be worth it */
		render_safe(out, s);
		return;
	}
	while (*s) {
		size_t n = strcspn(s, " \n"), w = shown_width(s, n);

		if (*s == ' ') {
			spaces++;
			s++;
			continue;
		}
		if (*s == '\n') {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
			spaces = 0;
			s++;
			continue;
		}
		if (col > indent && col + spaces + (int)w > width) {
			fprintf(out, "\n%*s", indent, "");	/* the spaces before the word are dropped */
			col = indent;
		} else {
			fprintf(out, "%*s", spaces, "");
			col += spaces;
		}
		spaces = 0;
		render_text(out, s, n);
		col += (int)w;
		s += n;
	}
}

char *
render_escaped(const char *s)
{
	char *p;
	size_t n;
	FILE *m = xopen_memstream(&p, &n);

	render_safe(m, s);
	fclose(m);
	return p;
}

bool
render_is_safe(const char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = char_at(p + i, n - i, &cp);

		if (unsafe(cp, true))
			return false;
		i += len;
	}
	return true;
}

/* Text in quotes as it would be typed: the escapes of the language, and
 * every unsafe character escaped, on a terminal or not. */
static void
render_quoted(FILE *out, const char *p, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = char_at(p + i, n - i, &cp);
		char buf[8];

		if (cp == '"' || cp == '\\')
			fprintf(out, "\\%c", (int)cp);
		else if (unsafe(cp, false)) {
			escape(buf, cp, (unsigned char)p[i]);
			fputs(buf, out);
		} else
			fwrite(p + i, 1, len, out);
		i += len;
	}
	fputc('"', out);
}

static void
render_hex(FILE *out, const char *p, size_t n)
{
	fputs("hex\"", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%02x", (unsigned char)p[i]);
	fputc('"', out);
}

/* About how many bytes V takes inline, lists aside (an upper bound for text). */
static size_t
inline_size(const struct value *v)
{
	switch (v->type) {
	case V_INT: return mpz_sizeinbase(v->u.z, 10) + 1;
	case V_STR: return v->u.s.n + 2;
	case V_BYTES: return 2 * v->u.s.n + 5;
	default: return 16;
	}
}

static void
render_one(FILE *out, const struct value *v)
{
	switch (v->type) {
	case V_NIL: fputs("nothing", out); break;
	case V_INT: render_int(out, v->u.z, 0); break;
	case V_STR: render_quoted(out, v->u.s.p, v->u.s.n); break;
	case V_BYTES: render_hex(out, v->u.s.p, v->u.s.n); break;
	case V_BOOL: fputs(v->u.b ? "true" : "false", out); break;
	case V_LIST: break;	/* (render_inline_max draws lists) */
	case V_OBJ:
		fprintf(out, "<%s>", v->u.obj.type->name);
		break;
	case V_BUILTIN:
		fputc('<', out);
		help_usage(out, v->u.fn);
		fputc('>', out);
		break;
	case V_NAMESPACE:
		fprintf(out, "<namespace %s>", v->u.ns->name);
		break;
	}
}

void
render_inline_max(FILE *out, const struct value *v, size_t max)
{
	/* Lists are drawn without recursion (a list may be nested 300,000
	 * deep), and a list of 8 Mi references to one 64 MiB text would be
	 * petabytes: the drawing stops at MAX bytes, or at Ctrl-C. */
	struct frame { const struct value *list; size_t next; } *st = NULL;
	size_t depth = 0, cap = 0, size = 0;

	for (unsigned long k = 1;; k++) {
		if (v->type == V_LIST) {
			fputc('[', out);
			size++;
			if (depth == cap)
				st = xreallocarray(st, cap = cap ? 2 * cap : 16, sizeof *st);
			st[depth].list = v;
			st[depth++].next = 0;
		} else {
			size += inline_size(v);
			if (size > max || (k % 1024 == 0 && cl_interrupted)) {
				fputs("...", out);
				break;
			}
			render_one(out, v);
		}
		/* the next item, closing the lists that are done */
		for (v = NULL; depth > 0 && !v; ) {
			struct frame *f = &st[depth - 1];

			if (f->next < f->list->u.list.n) {
				if (f->next) {
					fputs(", ", out);
					size += 2;
				}
				v = f->list->u.list.items[f->next++];
			} else {
				fputc(']', out);
				size++;
				depth--;
			}
		}
		if (!v)
			break;
	}
	free(st);
}

void
render_inline(FILE *out, const struct value *v)
{
	render_inline_max(out, v, VALUE_MAX_BYTES);
}

void
render_result(struct session *s, FILE *out, const struct value *v)
{
	switch (v->type) {
	case V_NIL:
		return;
	case V_INT:
		render_int(out, v->u.z, s->tty ? s->width : 0);
		break;
	case V_STR:
		/* text raw into a pipe or a file, so that $(cryptolab -c ...)
		 * captures exactly it; on a terminal, whatever it holds is shown
		 * and nothing acts (a decrypted "\e]0;..." retitles no window) */
		if (s->tty)
			render_text_stoppable(out, v->u.s.p, v->u.s.n);
		else
			fwrite(v->u.s.p, 1, v->u.s.n, out);
		break;
	case V_OBJ: {
		/* a summary for people, never data: always shown safe, except by a
		 * type that draws in colour itself (show_in: a paint's swatch),
		 * which escapes what it quotes from outside */
		char *text;
		size_t n;
		FILE *m;

		if (v->u.obj.type->show_in) {
			v->u.obj.type->show_in(v->u.obj.data, s, out);
			break;
		}
		m = xopen_memstream(&text, &n);
		v->u.obj.type->show(v->u.obj.data, m);
		fclose(m);
		render_text(out, text, n);
		free(text);
		break;
	}
	case V_BUILTIN:
		help_usage(out, v->u.fn);
		fprintf(out, "  %s%s%s (type 'help %s')", color(s, COL_DIM), v->u.fn->summary,
			color(s, COL_RESET), v->u.fn->name);
		break;
	case V_NAMESPACE: {
		size_t len = strlen(v->u.ns->name);

		fprintf(out, "namespace %s:", v->u.ns->name);
		for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++)
			if (strcmp((*p)->name, v->u.ns->name) == 0)
				for (const struct builtin *b = (*p)->entries; b->name; b++)
					fprintf(out, " %s", b->name + len + 1);
		fprintf(out, " (type 'help %s')", v->u.ns->name);
		break;
	}
	default:
		render_inline(out, v);
	}
	fputc('\n', out);
}

/* Narration marks: `code` (cyan) and *emphasis* (bold). A lone '*' (as in
 * "a * b") is text. Marks count for nothing in the width. */
static bool
is_mark(const char *w, size_t n, size_t i, bool in_code)
{
	return w[i] == '`' || (w[i] == '*' && n > 1 && !in_code);
}

static size_t
visible_len(const char *w, size_t n, bool hide_marks)
{
	size_t k = 0;
	bool code = false;

	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = char_at(w + i, n - i, &cp);
		char buf[8];

		if (w[i] == '`')
			code = !code;
		if (!(hide_marks && is_mark(w, n, i, code)))
			k += unsafe(cp, true) ? (size_t)escape(buf, cp, (unsigned char)w[i]) : 1;
		i += len;
	}
	return k;
}

struct marks {
	bool code, em;
};

/* The end of the word that starts at W. A `code span` holding spaces is one
 * word, so that `a ^ b mod m` is never cut across lines, unless it is wider
 * than the line (ROOM columns) itself. */
static const char *
word_end(const char *w, int room, bool hide_marks)
{
	const char *p = w, *close;
	int ticks = 0;

	while (*p && *p != ' ' && *p != '\n' && *p != '\t')
		ticks += *p++ == '`';
	if (ticks % 2 == 0)
		return p;
	/* an open span: on to its closing backtick, within the paragraph */
	for (close = p; *close && *close != '`' && !(close[0] == '\n' && close[1] == '\n'); close++)
		;
	if (*close != '`')
		return p;
	while (*close && *close != ' ' && *close != '\n' && *close != '\t')
		close++;
	if ((int)visible_len(w, (size_t)(close - w), hide_marks) > room)
		return p;
	return close;
}

/* A word of narration (a lesson's, from outside): its marks in colour when
 * there is colour, a code span's line breaks as spaces, and whatever would
 * act on the terminal escaped. */
static void
put_word(const struct session *s, FILE *out, const char *w, size_t n, struct marks *m)
{
	/* without colour the marks stay, as a Markdown reader knows them */
	bool marks = s && s->color;

	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = char_at(w + i, n - i, &cp);
		char buf[8];

		if (marks && w[i] == '`') {
			m->code = !m->code;
			fputs(m->code ? color(s, COL_CYAN) : color(s, COL_RESET), out);
			if (!m->code && m->em)
				fputs(color(s, COL_BOLD), out);
		} else if (marks && is_mark(w, n, i, m->code)) {
			m->em = !m->em;
			fputs(m->em ? color(s, COL_BOLD) : color(s, COL_RESET), out);
		} else if (cp == '\n' || cp == '\t') {
			fputc(' ', out);
		} else if (unsafe(cp, true)) {
			escape(buf, cp, (unsigned char)w[i]);
			fputs(buf, out);
		} else
			fwrite(w + i, 1, len, out);
		i += len;
	}
}

char *
render_unmarked(const char *text)
{
	size_t n = strlen(text), k = 0;
	char *r = xmalloc(n + 1);
	bool code = false;

	for (size_t i = 0; i < n; i++) {
		/* a mark is a backtick, or a star of *emphasis* (not "a * b") */
		bool star = text[i] == '*' && !code
			    && ((i + 1 < n && text[i + 1] != ' ' && (i == 0 || text[i - 1] == ' '))
				|| (i > 0 && text[i - 1] != ' ' && (i + 1 == n || !isalnum((unsigned char)text[i + 1]))));

		if (text[i] == '`')
			code = !code;
		else if (!star)
			r[k++] = text[i];
	}
	r[k] = '\0';
	/* and shown safe: a title is the lesson's text, from outside */
	{
		char *safe = render_escaped(r);

		free(r);
		return safe;
	}
}

void
render_reflow(const struct session *s, FILE *out, const char *text, int width, int indent)
{
	render_reflow_lead(s, out, NULL, text, width, indent);
}

void
render_reflow_lead(const struct session *s, FILE *out, const char *lead, const char *text, int width,
		   int indent)
{
	const char *p = text;
	struct marks m = { false, false };
	int hang = 0;		/* the lead's width: later lines start under the text */

	for (const char *l = lead; l && *l; l++)
		if (*l == '\033')	/* colour codes take no room */
			while (*l && *l != 'm')
				l++;
		else if (((unsigned char)*l & 0xc0) != 0x80)
			hang++;
	/* never wider than asked: a line longer than the terminal would break
	 * its last word in two (only a word longer than a line stands out) */
	if (width <= 0)
		width = 80;
	while (*p) {
		int col = 0;

		/* one paragraph: up to a blank line */
		while (*p == '\n')
			p++;
		if (!*p)
			break;
		while (*p && !(p[0] == '\n' && p[1] == '\n')) {
			const char *w;
			size_t n, vis;

			while (*p == ' ' || *p == '\n' || *p == '\t')
				p++;
			if (!*p)
				break;
			w = p;
			p = word_end(p, width - indent - hang, s && s->color);
			n = (size_t)(p - w);
			vis = visible_len(w, n, s && s->color);
			if (col > 0 && col + 1 + (int)vis > width - indent - hang) {
				fputc('\n', out);
				col = 0;
			}
			if (col == 0) {
				fprintf(out, "%*s", indent, "");
				if (lead) {
					fputs(lead, out);
					lead = NULL;
				} else
					fprintf(out, "%*s", hang, "");
			} else {
				fputc(' ', out);
				col++;
			}
			put_word(s, out, w, n, &m);
			col += (int)vis;
		}
		if (col > 0)
			fputc('\n', out);
		if (*p)
			fputc('\n', out);	/* a blank line between paragraphs */
		while (*p == '\n')
			p++;
	}
	if (m.code || m.em)
		fputs(color(s, COL_RESET), out);
}

void
render_say(const struct session *s, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		xalloc_die();
	va_end(ap);
	render_reflow(s, s->out, text, s->width, 0);
	free(text);
}

/* ---- tables ---- */

static size_t
cell_width(const char *cell)
{
	return shown_width(cell, strlen(cell));
}

/* A cell too wide to read is shortened to its ends and its length, as
 * bigint_short does in messages: "123456789012...123456789012 (1233 digits)". */
static char *
shorten(char *cell)
{
	size_t n = strlen(cell), k = cell[0] == '-';
	char *short_cell;
	bool digits = n > k;

	if (shown_width(cell, n) <= TABLE_MAX_CELL)
		return cell;
	for (size_t i = k; i < n && digits; i++)
		digits = cell[i] >= '0' && cell[i] <= '9';
	if (digits)
		short_cell = xasprintf("%.*s...%s (%zu digits)", (int)(k + 12), cell, cell + n - 12, n - k);
	else {
		size_t head = 0, tail = n;

		/* whole UTF-8 characters at both ends */
		for (size_t c = 0; c < 24 && head < n; c++)
			while (++head < n && ((unsigned char)cell[head] & 0xc0) == 0x80)
				;
		for (size_t c = 0; c < 24 && tail > head; c++)
			while (--tail > head && ((unsigned char)cell[tail] & 0xc0) == 0x80)
				;
		short_cell = xasprintf("%.*s...%s (%zu bytes)", (int)head, cell, cell + tail, n);
	}
	free(cell);
	return short_cell;
}

void
table_add(struct table *t, char **row)
{
	size_t width[TABLE_MAX_COLS], line = 0;

	for (int i = 0; i < t->ncols; i++) {
		size_t w;

		row[i] = shorten(row[i]);
		w = cell_width(row[i]);
		width[i] = w > t->width[i] ? w : t->width[i];
		line += width[i] + 2;
	}
	/* The printed size is every row as wide as the widest: once it would
	 * pass the limit (the heading and one row are always shown), this row
	 * and all after it are only counted. */
	if (t->omitted || (t->nrows >= 2 && (t->nrows + 1) * line > TABLE_MAX_BYTES)) {
		for (int i = 0; i < t->ncols; i++)
			free(row[i]);
		t->omitted++;
		return;
	}
	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->cells = xreallocarray(t->cells, t->cap * (size_t)t->ncols, sizeof *t->cells);
	}
	for (int i = 0; i < t->ncols; i++) {
		t->cells[t->nrows * t->ncols + i] = row[i];
		t->width[i] = width[i];
	}
	t->nrows++;
}

char *
cell_z(const mpz_t z)
{
	char *p = mpz_get_str(NULL, 10, z);

	if (!p)
		xalloc_die();
	return p;
}

char *
cell_s(const char *s)
{
	return xstrdup(s);
}

char *
cell_f(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	if (vasprintf(&p, fmt, ap) < 0)
		xalloc_die();
	va_end(ap);
	return p;
}

void
render_table(struct session *s, const struct table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		if (r == 0)
			fputs(color(s, COL_BOLD), s->out);
		for (int i = 0; i < t->ncols; i++) {
			const char *cell = t->cells[r * t->ncols + i];
			int pad = (int)(t->width[i] - cell_width(cell));
			bool left = t->left & (1u << i);

			if (i)
				fputs("  ", s->out);
			if (!left)
				fprintf(s->out, "%*s", pad, "");
			render_safe(s->out, cell);	/* a cell may hold text from outside */
			if (left && i + 1 < t->ncols)
				fprintf(s->out, "%*s", pad, "");
		}
		if (r == 0)
			fputs(color(s, COL_RESET), s->out);
		fputc('\n', s->out);
	}
	if (t->omitted)
		fprintf(s->out, "%s... and %zu more row%s, not shown: a table stops at %u KiB%s\n",
			color(s, COL_DIM), t->omitted, t->omitted == 1 ? "" : "s", TABLE_MAX_BYTES >> 10,
			color(s, COL_RESET));
}

void
table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = t->omitted = 0;
}
