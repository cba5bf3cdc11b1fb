/* paint.*: the Diffie-Hellman analogy with paint (libcore/paint.c). A paint
 * shows as a swatch where the terminal has colour (24-bit when COLORTERM
 * says truecolor or 24bit, the nearest of the 256 xterm colours otherwise),
 * and always by its name and hex code when there is no colour, so a lesson
 * reads the same on a monochrome projector, in a pipe and in a handout.
 * Wherever a paint is expected, its name ("yellow") or a colour ("#1e90ff")
 * will do. */
#include <config.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/paint.h"
#include "libcore/xalloc.h"
#include "repl/builtins/builtin.h"
#include "repl/render.h"
#include "repl/session.h"
#include "repl/suggest.h"

static const struct objtype paint_type;

/* ---- swatches ---- */

enum swatch_mode { SWATCH_NONE, SWATCH_256, SWATCH_24BIT };

/* The xterm 256-colour palette beyond the 16 system colours: a 6x6x6 cube
 * of levels 0, 95, 135, ..., 255, and 24 greys 8, 18, ..., 238. */
static int
nearest_256(const unsigned char rgb[3])
{
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };
	int best = 16, idx[3];
	double bd = 1e300;
	unsigned char c[3];

	for (int j = 0; j < 3; j++) {
		int k = 0;

		for (int i = 1; i < 6; i++)
			if (abs(level[i] - rgb[j]) < abs(level[k] - rgb[j]))
				k = i;
		idx[j] = k;
	}
	/* the cube colour nearest in each channel, and its neighbours */
	for (int dr = -1; dr <= 1; dr++)
		for (int dg = -1; dg <= 1; dg++)
			for (int db = -1; db <= 1; db++) {
				int r = idx[0] + dr, g = idx[1] + dg, b = idx[2] + db;
				double d;

				if (r < 0 || r > 5 || g < 0 || g > 5 || b < 0 || b > 5)
					continue;
				c[0] = (unsigned char)level[r];
				c[1] = (unsigned char)level[g];
				c[2] = (unsigned char)level[b];
				if ((d = paint_delta_e(rgb, c)) < bd) {
					bd = d;
					best = 16 + 36 * r + 6 * g + b;
				}
			}
	for (int i = 0; i < 24; i++) {
		double d;

		c[0] = c[1] = c[2] = (unsigned char)(8 + 10 * i);
		if ((d = paint_delta_e(rgb, c)) < bd) {
			bd = d;
			best = 232 + i;
		}
	}
	return best;
}

static enum swatch_mode
swatch_mode(const struct session *s)
{
	const char *ct = getenv("COLORTERM");

	if (!s || !s->color)
		return SWATCH_NONE;
	if (ct && (strcmp(ct, "truecolor") == 0 || strcmp(ct, "24bit") == 0))
		return SWATCH_24BIT;
	return SWATCH_256;
}

/* A block of WIDTH cells in the colour, or nothing without colour; returns
 * the cells used. With WITH_HEX (WIDTH at least 7) the block holds the hex
 * code written in its own colour: invisible on the screen, it is what a
 * `record`ed handout (which drops the colours) and a copy-paste keep. */
static int
swatch_print_hex(const struct session *s, FILE *out, const unsigned char rgb[3], int width, bool with_hex)
{
	char hex[8];

	switch (swatch_mode(s)) {
	case SWATCH_NONE:
		return 0;
	case SWATCH_24BIT:
		fprintf(out, "\033[48;2;%d;%d;%dm\033[38;2;%d;%d;%dm", rgb[0], rgb[1], rgb[2], rgb[0], rgb[1],
			rgb[2]);
		break;
	case SWATCH_256: {
		int n = nearest_256(rgb);

		fprintf(out, "\033[48;5;%dm\033[38;5;%dm", n, n);
		break;
	}
	}
	paint_hex(hex, rgb);
	fprintf(out, "%-*s\033[0m", width, with_hex && width >= 7 ? hex : "");
	return width;
}

static int
swatch_print(const struct session *s, FILE *out, const unsigned char rgb[3], int width)
{
	return swatch_print_hex(s, out, rgb, width, false);
}

/* ---- the object ---- */

static void
paint_free(void *data)
{
	free(data);
}

static struct value *
paint_value(const struct paint *p)
{
	struct paint *copy = xmalloc(sizeof *copy);

	*copy = *p;
	return value_obj(&paint_type, copy);
}

/* The name a paint goes by: its own when it is a named paint or one colour,
 * else "≈ " and the nearest colour name. */
static void
paint_label(char *buf, size_t size, const struct paint *p, const unsigned char rgb[3])
{
	const char *n = paint_exact_name(p);

	if (n)
		snprintf(buf, size, "%s", n);
	else if (p->n == 1 && (p->part[0].pigment & PAINT_RGB_PIGMENT))
		paint_hex(buf, rgb);
	else
		snprintf(buf, size, "≈ %s", paint_nearest_name(rgb, NULL));
}

/* A paint in a few words: its name with colour (the swatch is drawn apart),
 * its name and hex code without. */
static int
paint_cell_fit(char *buf, size_t size, const struct session *s, const struct paint *p, int max)
{
	unsigned char rgb[3];
	char label[64], hex[8];
	const char *l = label;
	bool plain = swatch_mode(s) == SWATCH_NONE;
	int room;

	paint_rgb(rgb, p);
	paint_label(label, sizeof label, p, rgb);
	paint_hex(hex, rgb);
	if (plain && strcmp(label, hex) == 0)
		return snprintf(buf, size, "%s", hex);
	/* in a narrow column: first the "≈ " goes, then the name is cut */
	room = max - (plain ? 8 : 0);
	if ((int)strlen(l) > room && strncmp(l, "≈ ", 4) == 0)
		l += 4;
	if ((int)strlen(l) > room && room > 1)
		return snprintf(buf, size, "%.*s~%s%s", room - 1, l, plain ? " " : "", plain ? hex : "");
	return snprintf(buf, size, "%s%s%s", l, plain ? " " : "", plain ? hex : "");
}

static int
paint_cell(char *buf, size_t size, const struct session *s, const struct paint *p)
{
	return paint_cell_fit(buf, size, s, p, 64);
}

static void
paint_show_in(const void *data, const struct session *s, FILE *out)
{
	const struct paint *p = data;
	unsigned char rgb[3];
	char label[64], hex[8], *recipe = paint_recipe(p);

	paint_rgb(rgb, p);
	paint_label(label, sizeof label, p, rgb);
	paint_hex(hex, rgb);
	if (swatch_print(s, out, rgb, 6))
		fputc(' ', out);
	if (strcmp(label, hex) == 0)
		fprintf(out, "%s", hex);
	else
		fprintf(out, "%s %s", label, hex);
	if (strcmp(recipe, "1 ") != 0 && !(p->n == 1 && p->part[0].parts == 1))
		fprintf(out, "  %s(%s)%s", color(s, COL_DIM), recipe, color(s, COL_RESET));
	free(recipe);
}

static void
paint_show(const void *data, FILE *out)
{
	paint_show_in(data, NULL, out);
}

static bool
paint_equal_obj(const void *a, const void *b)
{
	return paint_same(a, b);
}

static int
paint_field(const void *data, const char *name, struct value **out, struct cl_error *err)
{
	const struct paint *p = data;
	unsigned char rgb[3];
	char buf[64];

	paint_rgb(rgb, p);
	if (strcmp(name, "hex") == 0) {
		paint_hex(buf, rgb);
		*out = value_cstr(buf);
	} else if (strcmp(name, "name") == 0) {
		const char *n = paint_exact_name(p);

		*out = value_cstr(n ? n : paint_nearest_name(rgb, NULL));
	} else if (strcmp(name, "rgb") == 0) {
		struct value **v = xmalloc(3 * sizeof *v);

		for (int i = 0; i < 3; i++)
			v[i] = value_int_si(rgb[i]);
		*out = value_list(v, 3);
	} else if (strcmp(name, "recipe") == 0) {
		char *r = paint_recipe(p);

		*out = value_cstr(r);
		free(r);
	} else if (strcmp(name, "parts") == 0)
		*out = value_int_si((long)paint_total(p));
	else
		return cl_fail(err, GPG_ERR_INV_NAME, "a paint has no field '%s' (it has 'name', 'hex', "
			       "'rgb', 'recipe' and 'parts')", name);
	return 0;
}

/* Text to a paint: a name or a colour; an unknown name gets a suggestion. */
static int
paint_from_text(struct paint *p, const char *text, size_t n, struct cl_error *err)
{
	if (paint_parse(p, text, n, err) == 0)
		return 0;
	if (err && err->code == GPG_ERR_NOT_FOUND && n && n < 64) {
		size_t nn;
		const struct paint_name *names = paint_names(&nn);
		const char *cands[64], *sugg;
		char word[64];

		for (size_t i = 0; i < nn && i < 64; i++)
			cands[i] = names[i].name;
		memcpy(word, text, n);
		word[n] = '\0';
		for (char *c = word; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
			else if ((unsigned char)*c < 0x20 || *c == 0x7f)
				*c = '?';	/* never a control character on the terminal */
		if ((sugg = suggest_from(word, cands, nn)))
			cl_fail(err, GPG_ERR_NOT_FOUND, "there is no paint '%s'; did you mean '%s'? "
				"(paint.names() lists them)", word, sugg);
		else
			cl_fail(err, GPG_ERR_NOT_FOUND, "there is no paint '%s' (paint.names() lists them; "
				"any colour '#rrggbb' will do too)", word);
	}
	return -1;
}

static int
paint_coerce(const struct value *v, struct value **out, struct cl_error *err)
{
	struct paint p;

	if (v->type != V_STR)
		return 1;
	if (paint_from_text(&p, v->u.s.p, v->u.s.n, err))
		return -1;
	*out = paint_value(&p);
	return 0;
}

static const char *const paint_fields[] = { "name", "hex", "rgb", "recipe", "parts", NULL };
static const struct objtype paint_type = {
	.name = "paint",
	.free = paint_free,
	.field = paint_field,
	.fields = paint_fields,
	.show = paint_show,
	.show_in = paint_show_in,
	.equal = paint_equal_obj,
	.coerce = paint_coerce,
};

#define PAINT_ARG(i) ((const struct paint *)c->arg[(i)]->u.obj.data)

/* ---- mixing ---- */

static int
b_mix(struct call *c, struct value **out)
{
	struct paint r = *PAINT_ARG(0);

	for (int i = 1; i < 4; i++)
		if (c->arg[i] && paint_mix(&r, &r, PAINT_ARG(i), c->err))
			return -1;
	*out = paint_value(&r);
	return 0;
}

static int
b_times(struct call *c, struct value **out)
{
	unsigned long k;
	struct paint r;

	if (arg_ulong(c, 1, 1, 1000, &k) || paint_times(&r, PAINT_ARG(0), k, c->err))
		return -1;
	*out = paint_value(&r);
	return 0;
}

static int
b_named(struct call *c, struct value **out)
{
	*out = value_ref(c->arg[0]);	/* the text was turned into the paint already */
	return 0;
}

static int
b_rgb(struct call *c, struct value **out)
{
	unsigned char rgb[3];
	struct paint p;

	if (c->arg[0]->type == V_STR) {
		if (c->arg[1] || c->arg[2])
			return cl_fail(c->err, GPG_ERR_INV_ARG, "paint.rgb takes a colour \"#rrggbb\", or three "
				       "numbers from 0 to 255, not both");
		if (paint_parse_hex(rgb, c->arg[0]->u.s.p, c->arg[0]->u.s.n, c->err))
			return -1;
	} else {
		for (int i = 0; i < 3; i++) {
			unsigned long v;

			if (!c->arg[i])
				return cl_fail(c->err, GPG_ERR_MISSING_VALUE, "paint.rgb takes three numbers, red, "
					       "green and blue, from 0 to 255 (or a colour \"#rrggbb\")");
			if (c->arg[i]->type != V_INT)
				return cl_fail(c->err, GPG_ERR_INV_ARG, "paint.rgb: '%s' must be an integer",
					       c->b->params[i].name);
			if (arg_ulong(c, i, 0, 255, &v))
				return -1;
			rgb[i] = (unsigned char)v;
		}
	}
	paint_from_rgb(&p, rgb);
	*out = paint_value(&p);
	return 0;
}

static int
b_names(struct call *c, struct value **out)
{
	struct session *s = c->s;
	size_t nn;
	const struct paint_name *names = paint_names(&nn);

	for (size_t i = 0; i < nn; i++) {
		struct paint p;
		unsigned char rgb[3];
		char hex[8];

		paint_parse(&p, names[i].name, strlen(names[i].name), NULL);
		paint_rgb(rgb, &p);
		paint_hex(hex, rgb);
		if (swatch_print(s, s->out, rgb, 4))
			fputc(' ', s->out);
		fprintf(s->out, "%-13s %s  %s%s%s%s%s\n", names[i].name, hex, color(s, COL_DIM), names[i].about,
			names[i].recipe ? ": " : "", names[i].recipe ? names[i].recipe : "", color(s, COL_RESET));
	}
	*out = NULL;
	return 0;
}

static int
b_compare(struct call *c, struct value **out)
{
	struct session *s = c->s;
	const struct paint *a = PAINT_ARG(0), *b = PAINT_ARG(1);
	unsigned char x[3], y[3];
	char cell[96];
	double de;

	paint_rgb(x, a);
	paint_rgb(y, b);
	de = paint_delta_e(x, y);
	for (int i = 0; i < 2; i++) {
		const struct paint *p = i ? b : a;
		char *r = paint_recipe(p);

		fputs("  ", s->out);
		if (swatch_print(s, s->out, i ? y : x, 12))
			fputc(' ', s->out);
		paint_cell(cell, sizeof cell, NULL, p);
		fprintf(s->out, "%s  %s(%s)%s\n", cell, color(s, COL_DIM), r, color(s, COL_RESET));
		free(r);
	}
	if (paint_same(a, b))
		render_say(s, "the same paint: the same pigments in the same proportions, so the same colour");
	else if (de < 0.5)
		render_say(s, "other paints, but the same colour (a difference of %.1f)", de);
	else
		render_say(s, "different colours: a difference of %.1f (CIE76; about 2.3 is just visible side "
		    "by side)", de);
	*out = value_bool(paint_same(a, b));
	return 0;
}

static int
b_unmix(struct call *c, struct value **out)
{
	struct paint a = *PAINT_ARG(0), b = *PAINT_ARG(1), common = *PAINT_ARG(2), r;
	unsigned char rgb[3];

	if (paint_total(&a) + paint_total(&b) <= paint_total(&common))
		return cl_fail(c->err, GPG_ERR_INV_VALUE, "the two mixtures together must hold more paint "
			       "than the common paint: each is the common paint plus a secret");
	paint_unmix(rgb, NULL, &a, &b, &common);
	paint_from_rgb(&r, rgb);
	*out = paint_value(&r);
	return 0;
}

/* ---- the story in three columns ---- */

#define COLW 24

/* One cell: a swatch holding the hex code (colour) or nothing, then TEXT,
 * padded to COLW. */
struct cellspec {
	const char *pre;		/* "= ", "+ ", or NULL */
	const struct paint *p;		/* a paint, or NULL */
	const char *text;		/* text after the paint, or instead of it */
};

static int
text_cols(const char *p)
{
	int w = 0;

	for (; *p; p++)
		w += ((unsigned char)*p & 0xc0) != 0x80;
	return w;
}

static void
put_cell(const struct session *s, FILE *out, const struct cellspec *cs, bool last)
{
	int used = 0;
	char buf[96];

	if (cs->pre) {
		fputs(cs->pre, out);
		used += text_cols(cs->pre);
	}
	if (cs->p) {
		unsigned char rgb[3];
		int room = COLW - used - (cs->text ? text_cols(cs->text) + 1 : 0);

		paint_rgb(rgb, cs->p);
		if (swatch_print_hex(s, out, rgb, 7, true)) {
			fputc(' ', out);
			used += 8;
			room -= 8;
		}
		paint_cell_fit(buf, sizeof buf, s, cs->p, room);
		fputs(buf, out);
		used += text_cols(buf);
	}
	if (cs->text) {
		if (cs->p) {
			fputc(' ', out);
			used++;
		}
		fputs(cs->text, out);
		used += text_cols(cs->text);
	}
	if (!last)
		fprintf(out, "%*s", used < COLW ? COLW - used : 0, "");
}

static void
row3(const struct session *s, FILE *out, struct cellspec a, struct cellspec m, struct cellspec b)
{
	fputs("  ", out);
	put_cell(s, out, &a, false);
	fputs(" | ", out);
	put_cell(s, out, &m, false);
	fputs(" |", out);
	if (b.pre || b.p || b.text) {
		fputc(' ', out);
		put_cell(s, out, &b, true);
	}
	fputc('\n', out);
}

static void
step_title(const struct session *s, FILE *out, int n, const char *text)
{
	fprintf(out, "%s%d %s%s\n", color(s, COL_BOLD), n, text, color(s, COL_RESET));
}

#define NONE ((struct cellspec){ 0 })
#define P(x) ((struct cellspec){ .p = (x) })

static int
b_story(struct call *c, struct value **out)
{
	struct session *s = c->s;
	const struct paint *C = PAINT_ARG(0), *a = PAINT_ARG(1), *b = PAINT_ARG(2);
	struct paint A, B, SA, SB;
	char *r;

	if (paint_mix(&A, C, a, c->err) || paint_mix(&B, C, b, c->err) || paint_mix(&SA, &B, a, c->err)
	    || paint_mix(&SB, &A, b, c->err))
		return -1;
	fprintf(s->out, "  %s%-*s | %-*s | %s%s\n", color(s, COL_BOLD), COLW, "Alice", COLW,
		"public channel: Eve", "Bob", color(s, COL_RESET));
	step_title(s, s->out, 1, "agree on a common paint, in public");
	row3(s, s->out, NONE, P(C), NONE);
	step_title(s, s->out, 2, "each picks a secret colour, and keeps it");
	row3(s, s->out, (struct cellspec){ .p = a }, NONE, (struct cellspec){ .p = b });
	step_title(s, s->out, 3, "each mixes it into the common paint, and sends that");
	row3(s, s->out, P(&A), (struct cellspec){ .p = &A, .text = "->" }, NONE);
	row3(s, s->out, NONE, (struct cellspec){ .pre = "<- ", .p = &B }, P(&B));
	step_title(s, s->out, 4, "each mixes their secret into what arrived");
	row3(s, s->out, P(&B), NONE, P(&A));
	row3(s, s->out, (struct cellspec){ .pre = "+ ", .p = a }, NONE, (struct cellspec){ .pre = "+ ", .p = b });
	row3(s, s->out, (struct cellspec){ .pre = "= ", .p = &SA }, NONE, (struct cellspec){ .pre = "= ", .p = &SB });
	r = paint_recipe(&SA);
	render_say(s, "Both hold %s: the same paint, %s, so the same colour. Eve saw only the common paint "
		"and the two mixtures; the shared paint never crossed the channel.",
		paint_equal(&SA, &SB) ? "it" : "different paints", r);
	free(r);
	*out = NULL;
	return 0;
}

static int
b_eve(struct call *c, struct value **out)
{
	struct session *s = c->s;
	const struct paint *C = PAINT_ARG(0), *a = PAINT_ARG(1), *b = PAINT_ARG(2);
	struct paint A, B, S, E, U;
	unsigned char rs[3], re[3], ru[3];
	char cell[96], *r;
	unsigned long nc, na, nb;

	if (paint_mix(&A, C, a, c->err) || paint_mix(&B, C, b, c->err) || paint_mix(&S, &A, b, c->err)
	    || paint_mix(&E, &A, &B, c->err))
		return -1;
	nc = paint_total(C);
	na = paint_total(&A);
	nb = paint_total(&B);
	paint_rgb(rs, &S);
	paint_rgb(re, &E);
	paint_unmix(ru, NULL, &A, &B, C);
	paint_from_rgb(&U, ru);

	render_say(s, "Eve copies everything on the channel: the common paint and both mixtures.");
	row3(s, s->out, P(C), P(&A), P(&B));
	step_title(s, s->out, 1, "she mixes the two public paints");
	r = paint_recipe(&E);
	fprintf(s->out, "  her pot: %s\n", r);
	free(r);
	fputs("  hers     ", s->out);
	if (swatch_print(s, s->out, re, 6))
		fputc(' ', s->out);
	paint_cell(cell, sizeof cell, NULL, &E);	/* with the hex code: the difference is small */
	fprintf(s->out, "%s\n  shared   ", cell);
	if (swatch_print(s, s->out, rs, 6))
		fputc(' ', s->out);
	paint_cell(cell, sizeof cell, NULL, &S);
	fprintf(s->out, "%s\n", cell);
	render_say(s, "Close, but not it (a difference of %.1f; about 2.3 is just visible): her pot holds "
		"the common paint twice, and paint cannot be taken out of a pot. This is what the analogy "
		"hopes.", paint_delta_e(rs, re));
	step_title(s, s->out, 2, "she unmixes, with a spectrophotometer and arithmetic");
	render_say(s, "In the Kubelka-Munk model a pot's K/S (absorption over scattering, at each wavelength) "
	    "is the parts-weighted average of its pigments': pots add up linearly. So she measures the "
	    "three spectra and computes, wavelength by wavelength,");
	fprintf(s->out, "  %lu K/S(shared) = %lu K/S(Alice's) + %lu K/S(Bob's) - %lu K/S(common)\n",
		na + nb - nc, na, nb, nc);
	fputs("  hers     ", s->out);
	if (swatch_print(s, s->out, ru, 6))
		fputc(' ', s->out);
	paint_cell(cell, sizeof cell, NULL, &U);
	fprintf(s->out, "%s\n  shared   ", cell);
	if (swatch_print(s, s->out, rs, 6))
		fputc(' ', s->out);
	paint_cell(cell, sizeof cell, NULL, &S);
	fprintf(s->out, "%s\n", cell);
	if (memcmp(ru, rs, 3) == 0)
		render_say(s, "The same colour, exactly: mixing paint is easy to undo once it is measured, "
			"because it is linear.");
	else
		render_say(s, "A difference of %.1f: the model's rounding.", paint_delta_e(ru, rs));
	render_say(s, "Diffie-Hellman needs a mixing that cannot be undone: g^a mod p. Going from a to "
		"g^a mod p is quick; going back, the discrete logarithm, has no fast method known when p "
		"is large.");
	*out = NULL;
	return 0;
}

static int
b_mallory(struct call *c, struct value **out)
{
	struct session *s = c->s;
	const struct paint *C = PAINT_ARG(0), *a = PAINT_ARG(1), *b = PAINT_ARG(2), *m = PAINT_ARG(3);
	struct paint A, B, M, SA, SB, MA, MB;
	unsigned char x[3], y[3];

	if (paint_mix(&A, C, a, c->err) || paint_mix(&B, C, b, c->err) || paint_mix(&M, C, m, c->err)
	    || paint_mix(&SA, &M, a, c->err) || paint_mix(&SB, &M, b, c->err)
	    || paint_mix(&MA, &A, m, c->err) || paint_mix(&MB, &B, m, c->err))
		return -1;
	render_say(s, "Eve only listens. Mallory sits on the channel: she keeps what each side sends, "
		"and sends her own mixture instead.");
	fprintf(s->out, "  %s%-*s | %-*s | %s%s\n", color(s, COL_BOLD), COLW, "Alice", COLW,
		"Mallory, in the middle", "Bob", color(s, COL_RESET));
	step_title(s, s->out, 1, "secrets: Mallory has one too");
	row3(s, s->out, P(a), P(m), P(b));
	step_title(s, s->out, 2, "Mallory keeps both mixtures, and sends hers to each side");
	row3(s, s->out, P(&A), (struct cellspec){ .p = &A, .text = "->" }, NONE);
	row3(s, s->out, NONE, (struct cellspec){ .pre = "<- ", .p = &B }, P(&B));
	row3(s, s->out, P(&M), (struct cellspec){ .pre = "<- ", .p = &M, .text = "->" }, P(&M));
	step_title(s, s->out, 3, "each side adds its secret; Mallory makes both results");
	row3(s, s->out, (struct cellspec){ .pre = "= ", .p = &SA }, (struct cellspec){ .pre = "= ", .p = &MA }, NONE);
	row3(s, s->out, NONE, (struct cellspec){ .pre = "= ", .p = &MB }, (struct cellspec){ .pre = "= ", .p = &SB });
	paint_rgb(x, &SA);
	paint_rgb(y, &SB);
	render_say(s, "Alice's paint is %sMallory's copy of it, and so is Bob's: each shares a colour with "
		"Mallory, not with the other (the two differ by %.1f). Mallory can read every message, "
		"and pass it on re-encrypted, changed or not.", paint_equal(&SA, &MA) && paint_equal(&SB, &MB)
		? "exactly " : "", paint_delta_e(x, y));
	render_say(s, "What gives her away: Alice and Bob comparing their colours another way (on the "
		"phone, in person), or each mixture carrying a signature from someone both trust. That is "
		"what RSA signatures and certificates are for.");
	*out = NULL;
	return 0;
}

#define PAINTP(n) { .name = (n), .types = T_OBJ, .obj = &paint_type }
#define PAINTD(n, d) { .name = (n), .types = T_OBJ, .obj = &paint_type, .def = (d) }
#define PAINTO(n) { .name = (n), .types = T_OBJ, .obj = &paint_type, .optional = true }

static const struct builtin entries[] = {
	{
		.name = "paint.mix",
		.params = { PAINTP("a"), PAINTP("b"), PAINTO("c"), PAINTO("d") },
		.summary = "mix paints: the parts of each pigment add up",
		.help = "A paint is pigments in whole parts, and mixing adds the parts: `paint.mix(\"yellow\", "
			"\"blue\")` is 1 part yellow and 1 part blue. So the order never matters, exactly, and "
			"neither does the grouping. The colour comes from the Kubelka-Munk model over the "
			"pigments' reflectance spectra: light that any pigment absorbs is lost, so yellow and "
			"blue make green, not grey. Two paints are `==` when they hold the same pigments in the "
			"same proportions. A paint shows as a swatch, its name (or \"≈\" and the "
			"nearest colour name) and its hex code; `.recipe` says what is in it. A name or a "
			"colour like \"#1e90ff\" will do wherever a paint is expected.",
		.example = "g = paint.mix(\"yellow\", \"blue\"); g; g == paint.mix(\"blue\", \"yellow\")",
		.expect = "≈ green #3e905f  (1 yellow + 1 blue)\ntrue",
		.fn = b_mix,
	},
	{
		.name = "paint.times",
		.params = { PAINTP("p"), { .name = "n", .types = T_INT } },
		.summary = "n pots of a paint (its parts times n)",
		.help = "Every pigment of P in N times as many parts, N from 1 to 1000: the same colour, "
			"more paint. Mixed with another paint, it weighs N times as much: "
			"`paint.mix(paint.times(\"yellow\", 3), \"blue\")` is a yellower green.",
		.example = "paint.mix(paint.times(\"yellow\", 3), \"blue\")",
		.expect = "≈ olivedrab #6aa34c  (3 yellow + 1 blue)",
		.fn = b_times,
	},
	{
		.name = "paint.named",
		.params = { PAINTP("name") },
		.summary = "a named paint (\"yellow\", \"orange-red\"...) or a \"#rrggbb\" colour",
		.help = "The paint of that name: a pigment, or one of the mixtures of the classic picture "
			"of Diffie-Hellman (\"orange-tan\", \"light blue\", \"yellow-brown\"). `paint.names()` "
			"lists them. Case does not matter, and \"-\", \"_\" and a space are alike.",
		.example = "paint.named(\"yellow-brown\")",
		.expect = "yellow-brown #8c7651  (1 light yellow + 1 orange-red + 1 blue-green)",
		.fn = b_named,
	},
	{
		.name = "paint.rgb",
		.params = { { .name = "r", .types = T_INT | T_STR }, { .name = "g", .types = T_INT, .optional = true },
			    { .name = "b", .types = T_INT, .optional = true } },
		.summary = "a pigment of any colour: \"#1e90ff\", or red, green, blue",
		.help = "A pigment that shows this colour alone (its spectrum is the smooth one of Jakob and "
			"Hanika that gives this colour), to mix like any other. Give \"#rrggbb\" (or \"#rgb\"), "
			"or three numbers from 0 to 255.",
		.example = "paint.rgb(\"#1e90ff\"); paint.rgb(30, 144, 255) == paint.rgb(\"#1e90ff\")",
		.expect = "#1e90ff\ntrue",
		.fn = b_rgb,
	},
	{
		.name = "paint.names",
		.summary = "list the named paints, with their colours",
		.help = "The pigments, and the mixtures of the classic picture of the exchange: a light "
			"yellow common paint, Alice's secret orange-red and Bob's secret blue-green, their "
			"public orange-tan and light blue, and the yellow-brown they end up sharing.",
		.example = "paint.names()",
		.fn = b_names,
	},
	{
		.name = "paint.compare",
		.params = { PAINTP("a"), PAINTP("b") },
		.summary = "two paints side by side: the same paint? how different?",
		.help = "Shows both swatches (or names and hex codes), says whether they are the same paint "
			"(the same pigments in the same proportions), and how far apart their colours are: the "
			"CIE76 difference in CIELAB, where about 2.3 is just visible side by side. Returns "
			"true for the same paint.",
		.example = "paint.compare(paint.mix(\"orange-tan\", \"blue-green\"), paint.mix(\"light blue\", \"orange-red\"))",
		.expect = "  yellow-brown #8c7651  (1 light yellow + 1 orange-red + 1 blue-green)\n"
			  "  yellow-brown #8c7651  (1 light yellow + 1 orange-red + 1 blue-green)\n"
			  "the same paint: the same pigments in the same proportions, so the same colour\n"
			  "true",
		.fn = b_compare,
	},
	{
		.name = "paint.unmix",
		.params = { PAINTP("a"), PAINTP("b"), PAINTP("common") },
		.summary = "Eve's unmixing: the shared colour from the public paints",
		.help = "What Eve computes from what she saw: A and B (each the common paint plus a secret) "
			"and the common paint. She measures their reflectance spectra and, since the "
			"Kubelka-Munk K/S of a mixture is the parts-weighted average of its pigments', "
			"computes K/S of A + B - common, which is the shared paint. The result is a paint of "
			"that colour.",
		.example = "A = paint.named(\"orange-tan\"); B = paint.named(\"light blue\"); "
			   "paint.unmix(A, B, \"light yellow\").hex == paint.named(\"yellow-brown\").hex",
		.expect = "true",
		.fn = b_unmix,
	},
	{
		.name = "paint.story",
		.params = { PAINTD("common", "\"light yellow\""), PAINTD("alice", "\"orange-red\""),
			    PAINTD("bob", "\"blue-green\"") },
		.summary = "the exchange with paint, in three columns: Alice, the channel, Bob",
		.help = "The classic picture of Diffie-Hellman, step by step: a common paint agreed in public, "
			"a secret colour each, the mixtures sent across (what Eve sees), and each side mixing "
			"its secret into what it received. Both end with the same paint, by construction: the "
			"same pigments in the same parts. Give other paints to tell it with them. Fits 80 "
			"columns; without colour each paint shows by name and hex code.",
		.example = "paint.story()",
		.fn = b_story,
	},
	{
		.name = "paint.eve",
		.params = { PAINTD("common", "\"light yellow\""), PAINTD("alice", "\"orange-red\""),
			    PAINTD("bob", "\"blue-green\"") },
		.summary = "what Eve can do with the public paints: mix them, then unmix them",
		.help = "First what the analogy hopes: mixing the two public paints gives Eve a colour close "
			"to the shared one but not it, since her pot has the common paint twice. Then the "
			"honest part: paint mixes linearly (in Kubelka-Munk's K/S), so by measuring the "
			"three paints she can subtract the common one and get the shared colour exactly. "
			"Diffie-Hellman needs a mixing that cannot be undone, which is what `g ^ a mod p` is.",
		.example = "paint.eve()",
		.fn = b_eve,
	},
	{
		.name = "paint.mallory",
		.params = { PAINTD("common", "\"light yellow\""), PAINTD("alice", "\"orange-red\""),
			    PAINTD("bob", "\"blue-green\""), PAINTD("mallory", "\"purple\"") },
		.summary = "a man in the middle: two exchanges, and Mallory holds both colours",
		.help = "Mallory does not just listen: she keeps Alice's and Bob's mixtures and sends each her "
			"own. Alice ends up sharing a colour with Mallory, Bob another, and Mallory can make "
			"both. Nothing in the exchange itself shows it; comparing the colours another way, "
			"or a signature on each mixture from someone both trust, does.",
		.example = "paint.mallory()",
		.fn = b_mallory,
	},
	{ 0 }
};

const struct builtin_ns ns_paint = {
	.name = "paint",
	.topic = "Paint: Diffie-Hellman as an analogy",
	.entries = entries,
};
