#include <config.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
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

static void
render_quoted(FILE *out, const char *p, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];

		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\x%02x", c);
			else
				fputc(c, out);
		}
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

void
render_inline(FILE *out, const struct value *v)
{
	switch (v->type) {
	case V_NIL: fputs("nothing", out); break;
	case V_INT: render_int(out, v->u.z, 0); break;
	case V_STR: render_quoted(out, v->u.s.p, v->u.s.n); break;
	case V_BYTES: render_hex(out, v->u.s.p, v->u.s.n); break;
	case V_BOOL: fputs(v->u.b ? "true" : "false", out); break;
	case V_LIST:
		fputc('[', out);
		for (size_t i = 0; i < v->u.list.n; i++) {
			if (i)
				fputs(", ", out);
			render_inline(out, v->u.list.items[i]);
		}
		fputc(']', out);
		break;
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
render_result(struct session *s, FILE *out, const struct value *v)
{
	switch (v->type) {
	case V_NIL:
		return;
	case V_INT:
		render_int(out, v->u.z, s->tty ? s->width : 0);
		break;
	case V_STR:
		/* text raw, so that $(cryptolab -c ...) captures exactly it; on a
		 * terminal, a control character (text can come from a server or
		 * a decrypted token) is shown as \xNN, never obeyed */
		if (!s->tty) {
			fwrite(v->u.s.p, 1, v->u.s.n, out);
			break;
		}
		for (size_t i = 0; i < v->u.s.n; i++) {
			unsigned char c = (unsigned char)v->u.s.p[i];

			if (c == 0xc2 && i + 1 < v->u.s.n && (unsigned char)v->u.s.p[i + 1] < 0xa0) {
				fprintf(out, "\\xc2\\x%02x", (unsigned char)v->u.s.p[++i]);	/* C1: U+0080-U+009F */
			} else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
				fprintf(out, "\\x%02x", c);
			else
				fputc(c, out);
		}
		break;
	case V_OBJ:
		if (v->u.obj.type->show_in)
			v->u.obj.type->show_in(v->u.obj.data, s, out);
		else
			v->u.obj.type->show(v->u.obj.data, out);
		break;
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

	for (size_t i = 0; i < n; i++) {
		if (w[i] == '`')
			code = !code;
		if (!(hide_marks && is_mark(w, n, i, code)) && ((unsigned char)w[i] & 0xc0) != 0x80)
			k++;
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

static void
put_word(const struct session *s, FILE *out, const char *w, size_t n, struct marks *m)
{
	if (!s || !s->color) {
		/* without colour the marks stay, as a Markdown reader knows them;
		 * a code span's line breaks are spaces */
		for (size_t i = 0; i < n; i++)
			fputc(w[i] == '\n' || w[i] == '\t' ? ' ' : w[i], out);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '`') {
			m->code = !m->code;
			fputs(m->code ? color(s, COL_CYAN) : color(s, COL_RESET), out);
			if (!m->code && m->em)
				fputs(color(s, COL_BOLD), out);
		} else if (is_mark(w, n, i, m->code)) {
			m->em = !m->em;
			fputs(m->em ? color(s, COL_BOLD) : color(s, COL_RESET), out);
		} else
			fputc(w[i] == '\n' || w[i] == '\t' ? ' ' : w[i], out);
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
	return r;
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
	if (width < indent + hang + 20)
		width = indent + hang + 20;
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

/* ---- tables ---- */

/* Characters, not bytes: a UTF-8 sequence is one column. */
static size_t
text_width(const char *p)
{
	size_t w = 0;

	for (; *p; p++)
		w += ((unsigned char)*p & 0xc0) != 0x80;
	return w;
}

void
table_add(struct table *t, char **row)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->cells = xreallocarray(t->cells, t->cap * (size_t)t->ncols, sizeof *t->cells);
	}
	for (int i = 0; i < t->ncols; i++) {
		size_t w = text_width(row[i]);

		t->cells[t->nrows * t->ncols + i] = row[i];
		if (w > t->width[i])
			t->width[i] = w;
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
			int pad = (int)(t->width[i] - text_width(cell));
			bool left = t->left & (1u << i);

			if (i)
				fputs("  ", s->out);
			if (!left)
				fprintf(s->out, "%*s", pad, "");
			fputs(cell, s->out);
			if (left && i + 1 < t->ncols)
				fprintf(s->out, "%*s", pad, "");
		}
		if (r == 0)
			fputs(color(s, COL_RESET), s->out);
		fputc('\n', s->out);
	}
}

void
table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}
