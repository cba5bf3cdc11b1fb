/* Unit tests of libcore/paint.
 *
 * What is checked, and against what:
 * - whole parts: mixing is commutative and associative exactly, over many
 *   random mixtures (random pigments, built-in and from random colours, in
 *   random amounts), composition and colour alike;
 * - the model: each pigment alone shows the colour that defines it (the
 *   spectral upsampling round trip); yellow + blue is green (HSV hue from 75
 *   to 165 degrees, not grey); white only lightens; a pigment mixed with itself
 *   keeps its colour;
 * - CIELAB: sRGB red #ff0000 is L*a*b* (53.24, 80.09, 67.20), white is
 *   (100, 0, 0) (Bruce Lindbloom's calculator, D65, the same matrices);
 * - the classic figure: Alice's and Bob's final paints are the same paint,
 *   the named "yellow-brown"; Eve mixing the public paints gets another colour;
 *   Eve unmixing in K/S gets the shared colour;
 * - parsing: hex colours and names, and the limits. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "libcore/core.h"
#include "libcore/paint.h"
#include "libcore/random.h"
#include "tests/unit/tap.h"

static struct paint
P(const char *text)
{
	struct paint p = { 0 };
	struct cl_error err;

	if (paint_parse(&p, text, strlen(text), &err))
		printf("# %s\n", err.msg);
	return p;
}

static struct paint
mix(struct paint a, struct paint b)
{
	struct paint r = { 0 };

	paint_mix(&r, &a, &b, NULL);
	return r;
}

static unsigned
rnd(unsigned n)
{
	unsigned char b[4];

	random_bytes(b, 4);
	return (unsigned)(((uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]) % n);
}

/* A random paint: 1 to 3 pigments (built-in or from a random colour), 1 to 5 parts each. */
static struct paint
random_paint(void)
{
	size_t nn;
	const struct paint_name *names = paint_names(&nn);
	struct paint p = { 0 };
	unsigned k = 1 + rnd(3);

	for (unsigned i = 0; i < k; i++) {
		struct paint one;

		if (rnd(2)) {
			unsigned char rgb[3] = { (unsigned char)rnd(256), (unsigned char)rnd(256),
						 (unsigned char)rnd(256) };

			paint_from_rgb(&one, rgb);
		} else {
			one = P(names[rnd((unsigned)nn)].name);
		}
		paint_times(&one, &one, 1 + rnd(5), NULL);
		p = mix(p, one);
	}
	return p;
}

static bool
same_colour(const struct paint *a, const struct paint *b)
{
	unsigned char x[3], y[3];

	paint_rgb(x, a);
	paint_rgb(y, b);
	return memcmp(x, y, 3) == 0;
}

static void
test_algebra(void)
{
	int comm = 1, assoc = 1, colour = 1, n = 400;

	random_seed("paint algebra", NULL);
	for (int i = 0; i < n; i++) {
		struct paint a = random_paint(), b = random_paint(), c = random_paint();
		struct paint ab = mix(a, b), ba = mix(b, a);
		struct paint l = mix(mix(a, b), c), r = mix(a, mix(b, c));

		comm &= paint_equal(&ab, &ba);
		assoc &= paint_equal(&l, &r);
		colour &= same_colour(&ab, &ba) && same_colour(&l, &r);
	}
	ok(comm, "mixing is commutative: a + b = b + a for %d random pairs", n);
	ok(assoc, "mixing is associative: (a + b) + c = a + (b + c) for %d random triples", n);
	ok(colour, "and the colours are identical, byte for byte");
	random_seed(NULL, NULL);
}

static void
test_model(void)
{
	size_t nn;
	const struct paint_name *names = paint_names(&nn);
	unsigned char rgb[3], want[3];
	double hsv[3], lab[3];
	char hex[8];
	struct paint p;

	for (size_t i = 0; i < nn; i++) {
		if (!names[i].rgb)
			continue;
		p = P(names[i].name);
		paint_rgb(rgb, &p);
		paint_hex(hex, rgb);
		is_str(hex, names[i].rgb, "%s alone shows its own colour", names[i].name);
	}
	p = mix(P("yellow"), P("blue"));
	paint_rgb(rgb, &p);
	paint_hsv(hsv, rgb);
	paint_hex(hex, rgb);
	ok(hsv[0] >= 75 && hsv[0] <= 165 && hsv[1] > 0.25,
	   "yellow + blue is green: %s, hue %.0f, saturation %.2f", hex, hsv[0], hsv[1]);
	p = mix(P("yellow"), P("white"));
	paint_rgb(rgb, &p);
	{
		double l1[3], l2[3];
		unsigned char y[3];
		struct paint yy = P("yellow");

		paint_rgb(y, &yy);
		paint_lab(l1, rgb);
		paint_lab(l2, y);
		ok(l1[0] > l2[0], "white makes yellow lighter (L* %.1f > %.1f)", l1[0], l2[0]);
	}
	p = mix(P("#1e90ff"), P("#1e90ff"));
	paint_rgb(rgb, &p);
	paint_hex(hex, rgb);
	is_str(hex, "#1e90ff", "a colour mixed with itself keeps its colour");
	p = mix(P("orange-red"), P("orange-red"));
	paint_rgb(rgb, &p);
	paint_hex(hex, rgb);
	is_str(hex, "#f25022", "so does a pigment");

	want[0] = 255, want[1] = want[2] = 0;
	paint_lab(lab, want);
	ok(fabs(lab[0] - 53.24) < 0.02 && fabs(lab[1] - 80.09) < 0.02 && fabs(lab[2] - 67.20) < 0.02,
	   "L*a*b* of #ff0000 is (53.24, 80.09, 67.20): (%.2f, %.2f, %.2f)", lab[0], lab[1], lab[2]);
	want[0] = want[1] = want[2] = 255;
	paint_lab(lab, want);
	ok(fabs(lab[0] - 100) < 0.01 && fabs(lab[1]) < 0.01 && fabs(lab[2]) < 0.01, "white is (100, 0, 0)");
	want[0] = 0x1e, want[1] = 0x90, want[2] = 0xff;
	is_str(paint_nearest_name(want, NULL), "dodgerblue", "the nearest name of #1e90ff is dodgerblue");
}

static void
test_figure(void)
{
	struct paint c = P("light yellow"), a = P("orange-red"), b = P("blue-green");
	struct paint A = mix(c, a), B = mix(c, b), alice = mix(B, a), bob = mix(A, b), eve = mix(A, B);
	unsigned char s[3], e[3], u[3], x[3];
	char hs[8], he[8], hu[8];
	const char *n;

	ok(paint_equal(&alice, &bob), "Alice's paint (B + a) and Bob's (A + b) are the same paint");
	ok(same_colour(&alice, &bob), "of the same colour");
	n = paint_exact_name(&alice);
	is_str(n ? n : "(none)", "yellow-brown", "the figure's yellow-brown");
	n = paint_exact_name(&A);
	is_str(n ? n : "(none)", "orange-tan", "Alice's public paint is orange-tan");
	n = paint_exact_name(&B);
	is_str(n ? n : "(none)", "light blue", "Bob's is light blue");
	paint_rgb(x, &B);
	is_str(paint_nearest_name(x, NULL), "light blue", "and the nearest name of its colour says so too");
	paint_rgb(s, &alice);
	paint_rgb(e, &eve);
	paint_hex(hs, s);
	paint_hex(he, e);
	ok(paint_delta_e(s, e) > 3, "Eve mixing A and B gets %s, not %s (a difference of %.1f, visible side by side)", he, hs,
	   paint_delta_e(s, e));
	paint_unmix(u, NULL, &A, &B, &c);
	paint_hex(hu, u);
	is_str(hu, hs, "Eve unmixing in K/S gets the shared colour exactly");
	{
		struct paint r;
		struct cl_error err;

		ok(paint_subtract(&r, &eve, &c, &err) == 0 && paint_equal(&r, &alice),
		   "and by recipe: A + B - C is the shared paint");
		ok(paint_subtract(&r, &c, &alice, &err) == -1, "C - S is no paint");
	}
}

static void
test_parse(void)
{
	static const char *const bad[] = { "1e90ff", "#12345", "#gg0000", "#", "#1234567", "# 1e90ff" };
	unsigned char rgb[3];
	struct cl_error err;
	struct paint p;
	char hex[8];

	ok(paint_parse_hex(rgb, "#fa0", 4, &err) == 0 && rgb[0] == 0xff && rgb[1] == 0xaa && rgb[2] == 0,
	   "#fa0 is #ffaa00");
	ok(paint_parse_hex(rgb, "#1E90FF", 7, &err) == 0 && rgb[0] == 0x1e && rgb[2] == 0xff, "capitals");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(paint_parse_hex(rgb, bad[i], strlen(bad[i]), &err) == -1 && strstr(err.msg, "is not a colour"),
		   "'%s' is refused: %s", bad[i], err.msg);
	ok(paint_parse(&p, "  Light_Blue ", 13, &err) == 0 && strcmp(paint_exact_name(&p), "light blue") == 0,
	   "names ignore case, spaces around, and _ or - for a space");
	ok(paint_parse(&p, "yelow", 5, &err) == -1 && err.code == GPG_ERR_NOT_FOUND
	   && strcmp(err.msg, "there is no paint 'yelow'") == 0, "an unknown name: %s", err.msg);
	ok(paint_parse(&p, "\033[2J", 4, &err) == -1 && !strchr(err.msg, '\033'),
	   "no control character reaches a message: %s", err.msg);
	p = P("#1e90ff");
	paint_rgb(rgb, &p);
	paint_hex(hex, rgb);
	is_str(hex, "#1e90ff", "a paint from a colour shows that colour");
	{
		char *r = paint_recipe(&p);

		is_str(r, "1 #1e90ff", "its recipe");
		free(r);
		p = mix(mix(P("yellow"), P("yellow")), P("orange-tan"));
		r = paint_recipe(&p);
		is_str(r, "1 light yellow + 1 orange-red + 2 yellow", "a recipe counts the parts of each pigment");
		free(r);
	}
}

static void
test_limits(void)
{
	struct paint p = { 0 }, q;
	struct cl_error err;
	int i;

	for (i = 0; i < 20; i++) {
		unsigned char rgb[3] = { (unsigned char)i, 0, 0 };

		paint_from_rgb(&q, rgb);
		if (paint_mix(&p, &p, &q, &err))
			break;
	}
	ok(i == PAINT_MAX_PIGMENTS && strstr(err.msg, "different pigments"), "at most %d pigments: %s",
	   PAINT_MAX_PIGMENTS, err.msg);
	p = P("white");
	ok(paint_times(&q, &p, PAINT_MAX_PARTS, &err) == 0, "%lu parts is allowed", PAINT_MAX_PARTS);
	ok(paint_times(&q, &q, 2, &err) == -1 && err.code == GPG_ERR_TOO_LARGE, "twice that is not: %s", err.msg);
	ok(paint_mix(&p, &q, &q, &err) == -1, "nor by mixing");
	ok(paint_times(&q, &p, 0, &err) == -1, "0 parts is no paint");
}

int
main(void)
{
	struct cl_error err;

	if (core_init(&err))
		skip_all(err.msg);
	test_algebra();
	test_model();
	test_figure();
	test_parse();
	test_limits();
	done_testing();
}
