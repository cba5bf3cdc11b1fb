#include <config.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/xalloc.h"
#include "repl/lex.h"

void
lex_init(struct lexer *lx, const char *src, size_t n)
{
	memset(lx, 0, sizeof *lx);
	lx->src = src;
	lx->n = n;
	lx->line = 1;
}

int
lex_column(struct lexer *lx, size_t line_start, size_t off)
{
	size_t from = line_start;
	int col = 1;

	if (lx->col_off >= line_start && lx->col_off <= off && lx->col > 0) {
		from = lx->col_off;	/* go on from the last column counted on this line */
		col = lx->col;
	}
	for (size_t i = from; i < off && i < lx->n; i++)
		if (((unsigned char)lx->src[i] & 0xc0) != 0x80)
			col++;
	lx->col_off = off;
	lx->col = col;
	return col;
}

void
token_free(struct token *t)
{
	free(t->text);
	t->text = NULL;
	if (t->kind == TK_INT)
		mpz_clear(t->z);
	t->kind = TK_EOF;
}

const char *
tok_describe(enum tok kind)
{
	switch (kind) {
	case TK_EOF: return "the end of the input";
	case TK_END: return "the end of the statement";
	case TK_INT: return "a number";
	case TK_STR: return "a string";
	case TK_BYTES: return "bytes";
	case TK_NAME: return "a name";
	case TK_TRUE: return "'true'";
	case TK_FALSE: return "'false'";
	case TK_AND: return "'and'";
	case TK_OR: return "'or'";
	case TK_NOT: return "'not'";
	case TK_MOD: return "'mod'";
	case TK_PLUS: return "'+'";
	case TK_MINUS: return "'-'";
	case TK_STAR: return "'*'";
	case TK_SLASH: return "'/'";
	case TK_PERCENT: return "'%'";
	case TK_CARET: return "'^'";
	case TK_LPAREN: return "'('";
	case TK_RPAREN: return "')'";
	case TK_LBRACK: return "'['";
	case TK_RBRACK: return "']'";
	case TK_COMMA: return "','";
	case TK_DOT: return "'.'";
	case TK_ASSIGN: return "'='";
	case TK_EQ: return "'=='";
	case TK_NE: return "'!='";
	case TK_LT: return "'<'";
	case TK_LE: return "'<='";
	case TK_GT: return "'>'";
	case TK_GE: return "'>='";
	}
	return "a token";
}

static int
fail_at(struct lexer *lx, size_t off, struct cl_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail_at(struct lexer *lx, size_t off, struct cl_error *err, const char *fmt, ...)
{
	va_list ap;

	lx->err_line = lx->line;
	lx->err_col = lex_column(lx, lx->line_start, off);
	va_start(ap, fmt);
	cl_vfail(err, GPG_ERR_SYNTAX, fmt, ap);
	va_end(ap);
	return -1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* A string literal with C escapes; POS is just past the opening quote. */
static int
lex_string(struct lexer *lx, struct token *t, struct cl_error *err)
{
	size_t start = lx->pos - 1;
	char *out = xmalloc(lx->n - lx->pos + 1);
	size_t k = 0;
	while (lx->pos < lx->n && lx->src[lx->pos] != '"') {
		char c = lx->src[lx->pos++];
		int h1, h2;

		if (c == '\n')
			break;
		if (c != '\\') {
			out[k++] = c;
			continue;
		}
		if (lx->pos >= lx->n)
			break;
		c = lx->src[lx->pos++];
		switch (c) {
		case 'n': out[k++] = '\n'; break;
		case 't': out[k++] = '\t'; break;
		case 'r': out[k++] = '\r'; break;
		case '0': out[k++] = '\0'; break;
		case 'a': out[k++] = '\a'; break;
		case 'b': out[k++] = '\b'; break;
		case 'f': out[k++] = '\f'; break;
		case 'v': out[k++] = '\v'; break;
		case 'e': out[k++] = '\033'; break;
		case '\\': case '"': case '\'': out[k++] = c; break;
		case 'x':
			h1 = lx->pos < lx->n ? hexval(lx->src[lx->pos]) : -1;
			h2 = lx->pos + 1 < lx->n ? hexval(lx->src[lx->pos + 1]) : -1;
			if (h1 < 0 || h2 < 0) {
				free(out);
				return fail_at(lx, lx->pos - 2, err,
					       "'\\x' must be followed by two hex digits");
			}
			out[k++] = (char)(h1 << 4 | h2);
			lx->pos += 2;
			break;
		default: {
			char esc[3] = { '\\', c, 0 };

			free(out);
			return fail_at(lx, lx->pos - 2, err, "unknown escape '%s' in a string", esc);
		}
		}
	}
	if (lx->pos >= lx->n || lx->src[lx->pos] != '"') {
		free(out);
		return fail_at(lx, start, err, "this string is not closed: a '\"' is missing");
	}
	lx->pos++;
	out[k] = '\0';
	t->kind = TK_STR;
	t->text = out;
	t->textlen = k;
	return 0;
}

/* hex"de ad be ef": spaces between pairs are allowed for readability. */
static int
lex_hex(struct lexer *lx, struct token *t, struct cl_error *err)
{
	size_t start = lx->pos - 4;
	char *out = xmalloc((lx->n - lx->pos) / 2 + 1);
	size_t k = 0;
	int half = -1;
	while (lx->pos < lx->n && lx->src[lx->pos] != '"' && lx->src[lx->pos] != '\n') {
		int c = (unsigned char)lx->src[lx->pos];
		int h = hexval(c);

		if (c == ' ' || c == ':') {
			if (half >= 0)
				break;
			lx->pos++;
			continue;
		}
		if (h < 0) {
			char bad[2] = { (char)c, 0 };

			free(out);
			return fail_at(lx, lx->pos, err, "'%s' is not a hex digit", isprint(c) ? bad : "?");
		}
		if (half < 0)
			half = h;
		else {
			out[k++] = (char)(half << 4 | h);
			half = -1;
		}
		lx->pos++;
	}
	if (half >= 0 || lx->pos >= lx->n || lx->src[lx->pos] != '"') {
		free(out);
		if (half >= 0)
			return fail_at(lx, lx->pos, err, "hex digits come in pairs: one is missing");
		return fail_at(lx, start, err, "this hex string is not closed: a '\"' is missing");
	}
	lx->pos++;
	out[k] = '\0';
	t->kind = TK_BYTES;
	t->text = out;
	t->textlen = k;
	return 0;
}

static int
lex_number(struct lexer *lx, struct token *t, struct cl_error *err)
{
	size_t start = lx->pos;
	int base = 10;
	size_t digits;
	char *buf;

	if (lx->src[lx->pos] == '0' && lx->pos + 1 < lx->n) {
		char x = lx->src[lx->pos + 1];

		if (x == 'x' || x == 'X')
			base = 16;
		else if (x == 'b' || x == 'B')
			base = 2;
		else if (x == 'o' || x == 'O')
			base = 8;
		if (base != 10)
			lx->pos += 2;
	}
	digits = lx->pos;
	while (lx->pos < lx->n && (isalnum((unsigned char)lx->src[lx->pos]) || lx->src[lx->pos] == '_'))
		lx->pos++;
	buf = xstrndup(lx->src + digits, lx->pos - digits);
	if (lx->pos - digits > LEX_MAX_DIGITS * (base == 2 ? 4 : 1)) {
		free(buf);
		return fail_at(lx, start, err, "this number is too long (the limit is about %d decimal digits)",
			       LEX_MAX_DIGITS);
	}
	mpz_init(t->z);
	if (!*buf || mpz_set_str(t->z, buf, base) != 0) {
		char shown[40];

		snprintf(shown, sizeof shown, "%.*s%s", (int)(lx->pos - start > 24 ? 24 : lx->pos - start),
			 lx->src + start, lx->pos - start > 24 ? "..." : "");
		mpz_clear(t->z);
		free(buf);
		return fail_at(lx, start, err, "'%s' is not a number", shown);
	}
	free(buf);
	t->kind = TK_INT;
	return 0;
}

/* The words of the language, the one list: TAB offers them too. */
const char *const lex_keywords[] = { "true", "false", "and", "or", "not", "mod", NULL };
static const enum tok keyword_tok[] = { TK_TRUE, TK_FALSE, TK_AND, TK_OR, TK_NOT, TK_MOD };

/* The second character of '==', '<=', '>=' and '!=': taken if it is there. */
static bool
eat(struct lexer *lx, char c)
{
	if (lx->pos < lx->n && lx->src[lx->pos] == c) {
		lx->pos++;
		return true;
	}
	return false;
}

/* Blanks, comments, and a backslash that continues a line; inside ( and [
 * newlines too. */
static void
skip_blank(struct lexer *lx)
{
	const char *s = lx->src;

	for (;;) {
		while (lx->pos < lx->n && (s[lx->pos] == ' ' || s[lx->pos] == '\t' || s[lx->pos] == '\r'
					   || (s[lx->pos] == '\n' && lx->depth > 0))) {
			if (s[lx->pos] == '\n') {
				lx->line++;
				lx->line_start = lx->pos + 1;
			}
			lx->pos++;
		}
		if (lx->pos < lx->n && s[lx->pos] == '#') {
			while (lx->pos < lx->n && s[lx->pos] != '\n')
				lx->pos++;
			continue;
		}
		if (lx->pos + 1 < lx->n && s[lx->pos] == '\\' && s[lx->pos + 1] == '\n') {
			/* a backslash at the end of a line continues the statement */
			lx->pos += 2;
			lx->line++;
			lx->line_start = lx->pos;
			continue;
		}
		return;
	}
}

/* A name or keyword starting at lx->pos - 1, or hex"..." */
static int
lex_word(struct lexer *lx, struct token *t, struct cl_error *err)
{
	const char *s = lx->src;
	size_t start = lx->pos - 1;

	while (lx->pos < lx->n && (isalnum((unsigned char)s[lx->pos]) || s[lx->pos] == '_'))
		lx->pos++;
	if (lx->pos - start == 3 && memcmp(s + start, "hex", 3) == 0 && lx->pos < lx->n && s[lx->pos] == '"') {
		lx->pos++;
		return lex_hex(lx, t, err);
	}
	t->kind = TK_NAME;
	t->text = xstrndup(s + start, lx->pos - start);
	t->textlen = lx->pos - start;
	for (size_t i = 0; lex_keywords[i]; i++)
		if (strcmp(t->text, lex_keywords[i]) == 0) {
			t->kind = keyword_tok[i];
			free(t->text);
			t->text = NULL;
			break;
		}
	return 0;
}

/* A character no token starts with, shown as typed (a whole UTF-8
 * character) or escaped when it cannot be shown. */
static int
bad_char(struct lexer *lx, const struct token *t, struct cl_error *err)
{
	const char *s = lx->src;
	unsigned char c = (unsigned char)s[t->off];
	char shown[8];

	if (c == '\'') {
		/* 'fluffy tail': text in single quotes, as in Python */
		const char *end = memchr(s + t->off + 1, '\'', lx->n - t->off - 1);
		const char *nl = memchr(s + t->off + 1, '\n', lx->n - t->off - 1);

		if (end && (!nl || end < nl) && end - (s + t->off) < 200)
			return fail_at(lx, t->off, err, "text is written in double quotes: \"%.*s\"",
				       (int)(end - (s + t->off) - 1), s + t->off + 1);
		return fail_at(lx, t->off, err, "text is written in double quotes: \"like this\"");
	}
	if (isprint(c))
		snprintf(shown, sizeof shown, "%c", c);
	else if (c < 0x80)
		snprintf(shown, sizeof shown, "\\x%02x", c);
	else {
		size_t k = 1;

		while (lx->pos < lx->n && ((unsigned char)s[lx->pos] & 0xc0) == 0x80 && k < 4)
			lx->pos++, k++;
		snprintf(shown, sizeof shown, "%.*s", (int)k, s + t->off);
	}
	return fail_at(lx, t->off, err, "unexpected character '%s'", shown);
}

int
lex_next(struct lexer *lx, struct token *t, struct cl_error *err)
{
	const char *s = lx->src;
	char c;

	memset(t, 0, sizeof *t);
	skip_blank(lx);
	t->off = lx->pos;
	t->line = lx->line;
	t->col = lex_column(lx, lx->line_start, lx->pos);
	if (lx->pos >= lx->n) {
		t->kind = TK_EOF;
		return 0;
	}
	c = s[lx->pos++];
	switch (c) {
	case '\n':
		t->kind = TK_END;
		lx->line++;
		lx->line_start = lx->pos;
		break;
	case ';': t->kind = TK_END; break;
	case '+': t->kind = TK_PLUS; break;
	case '-': t->kind = TK_MINUS; break;
	case '*':
		if (lx->pos < lx->n && s[lx->pos] == '*')
			return fail_at(lx, t->off, err, "'**' is not an operator here: write '^' for a power");
		t->kind = TK_STAR;
		break;
	case '/': t->kind = TK_SLASH; break;
	case '%': t->kind = TK_PERCENT; break;
	case '^': t->kind = TK_CARET; break;
	case '(': t->kind = TK_LPAREN; lx->depth++; break;
	case ')': t->kind = TK_RPAREN; if (lx->depth > 0) lx->depth--; break;
	case '[': t->kind = TK_LBRACK; lx->depth++; break;
	case ']': t->kind = TK_RBRACK; if (lx->depth > 0) lx->depth--; break;
	case ',': t->kind = TK_COMMA; break;
	case '.': t->kind = TK_DOT; break;
	case '=': t->kind = eat(lx, '=') ? TK_EQ : TK_ASSIGN; break;
	case '<': t->kind = eat(lx, '=') ? TK_LE : TK_LT; break;
	case '>': t->kind = eat(lx, '=') ? TK_GE : TK_GT; break;
	case '!':
		if (eat(lx, '=')) { t->kind = TK_NE; break; }
		return fail_at(lx, t->off, err, "'!' is not an operator here: write 'not'");
	case '"':
		if (lex_string(lx, t, err))
			return -1;
		break;
	default:
		if (isdigit((unsigned char)c)) {
			lx->pos--;
			if (lex_number(lx, t, err))
				return -1;
		} else if (isalpha((unsigned char)c) || c == '_') {
			if (lex_word(lx, t, err))
				return -1;
		} else
			return bad_char(lx, t, err);
	}
	t->len = lx->pos - t->off;
	return 0;
}

size_t
lex_chunk_end(const char *src, size_t n, size_t pos)
{
	struct lexer lx;
	struct token t;
	struct cl_error err;

	lex_init(&lx, src, n);
	lx.pos = lx.line_start = pos;
	for (;;) {
		enum tok kind;

		if (lex_next(&lx, &t, &err) < 0) {
			/* a bad token: the piece ends with its line, and running it
			 * says what is wrong */
			const char *nl = memchr(src + pos, '\n', n - pos);

			if (lx.pos > pos)
				nl = memchr(src + lx.pos, '\n', n - lx.pos);
			return nl ? (size_t)(nl - src) + 1 : n;
		}
		kind = t.kind;
		token_free(&t);
		if (kind == TK_EOF)
			return n;
		if (kind == TK_END && src[t.off] == '\n' && lx.depth == 0)
			return lx.pos;
	}
}
