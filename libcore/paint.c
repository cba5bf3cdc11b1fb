/* Paint, by whole parts, with a subtractive colour model (see paint.h for
 * the model and its sources). Everything here is plain arithmetic in double
 * precision in a fixed order, so a composition always gives the same colour. */
#include <config.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libcore/paint.h"
#include "libcore/xalloc.h"

#define NB PAINT_BANDS
#define LAMBDA0 380.0
#define DLAMBDA 10.0

/* ---- the named paints ----
 * The pigments are defined by the colour they show alone. The classic figure
 * of the exchange (Wikipedia's "Diffie-Hellman Key Exchange" picture) has a
 * pale common yellow, Alice's secret orange-red, Bob's secret blue-green,
 * their public mixtures orange-tan and light blue, and the shared
 * yellow-brown; the last three are recipes, so their colours are what the
 * model makes of them. "blue-green" is Crayola's (#0d98ba). */
static const struct paint_name names[] = {
	{ "light yellow", "#fffac8", NULL, "a pale yellow: the common paint of the classic figure" },
	{ "orange-red", "#f25022", NULL, "Alice's secret colour in the figure" },
	{ "blue-green", "#0d98ba", NULL, "Bob's secret colour in the figure" },
	{ "orange-tan", NULL, "light yellow + orange-red", "Alice's public mixture in the figure" },
	{ "light blue", NULL, "light yellow + blue-green", "Bob's public mixture in the figure" },
	{ "yellow-brown", NULL, "light yellow + orange-red + blue-green", "the shared colour of the figure" },
	{ "yellow", "#ffd700", NULL, "a strong yellow" },
	{ "blue", "#2a6fdb", NULL, "a clear blue" },
	{ "red", "#c8102e", NULL, "a deep red" },
	{ "purple", "#7b2d8b", NULL, "a purple: Mallory's secret in the paint story" },
	{ "green", "#2e8b57", NULL, "a sea green" },
	{ "brown", "#8b4513", NULL, "a burnt sienna" },
	{ "white", "#ffffff", NULL, "titanium white: it only makes a mixture lighter" },
	{ "black", "#1c1c1c", NULL, "lamp black" },
};
#define NNAMES (sizeof names / sizeof names[0])

const struct paint_name *
paint_names(size_t *n)
{
	*n = NNAMES;
	return names;
}

/* The CSS colour keywords (W3C CSS Color Module Level 3, section 4.3; taken
 * from vim's colors/lists/csscolors.vim, which lists them from the spec). */
static const struct { const char *name; uint32_t rgb; } css[] = {
	{ "black", 0x000000 }, { "silver", 0xc0c0c0 }, { "gray", 0x808080 },
	{ "white", 0xffffff }, { "maroon", 0x800000 }, { "red", 0xff0000 },
	{ "purple", 0x800080 }, { "fuchsia", 0xff00ff }, { "green", 0x008000 },
	{ "lime", 0x00ff00 }, { "olive", 0x808000 }, { "yellow", 0xffff00 },
	{ "navy", 0x000080 }, { "blue", 0x0000ff }, { "teal", 0x008080 },
	{ "aqua", 0x00ffff }, { "aliceblue", 0xf0f8ff }, { "antiquewhite", 0xfaebd7 },
	{ "aquamarine", 0x7fffd4 }, { "azure", 0xf0ffff }, { "beige", 0xf5f5dc },
	{ "bisque", 0xffe4c4 }, { "blanchedalmond", 0xffebcd }, { "blueviolet", 0x8a2be2 },
	{ "brown", 0xa52a2a }, { "burlywood", 0xdeb887 }, { "cadetblue", 0x5f9ea0 },
	{ "chartreuse", 0x7fff00 }, { "chocolate", 0xd2691e }, { "coral", 0xff7f50 },
	{ "cornflowerblue", 0x6495ed }, { "cornsilk", 0xfff8dc }, { "crimson", 0xdc143c },
	{ "cyan", 0x00ffff }, { "darkblue", 0x00008b }, { "darkcyan", 0x008b8b },
	{ "darkgoldenrod", 0xb8860b }, { "darkgray", 0xa9a9a9 }, { "darkgreen", 0x006400 },
	{ "darkkhaki", 0xbdb76b }, { "darkmagenta", 0x8b008b }, { "darkolivegreen", 0x556b2f },
	{ "darkorange", 0xff8c00 }, { "darkorchid", 0x9932cc }, { "darkred", 0x8b0000 },
	{ "darksalmon", 0xe9967a }, { "darkseagreen", 0x8fbc8f }, { "darkslateblue", 0x483d8b },
	{ "darkslategray", 0x2f4f4f }, { "darkturquoise", 0x00ced1 }, { "darkviolet", 0x9400d3 },
	{ "deeppink", 0xff1493 }, { "deepskyblue", 0x00bfff }, { "dimgray", 0x696969 },
	{ "dodgerblue", 0x1e90ff }, { "firebrick", 0xb22222 }, { "floralwhite", 0xfffaf0 },
	{ "forestgreen", 0x228b22 }, { "gainsboro", 0xdcdcdc }, { "ghostwhite", 0xf8f8ff },
	{ "gold", 0xffd700 }, { "goldenrod", 0xdaa520 }, { "greenyellow", 0xadff2f },
	{ "honeydew", 0xf0fff0 }, { "hotpink", 0xff69b4 }, { "indianred", 0xcd5c5c },
	{ "indigo", 0x4b0082 }, { "ivory", 0xfffff0 }, { "khaki", 0xf0e68c },
	{ "lavender", 0xe6e6fa }, { "lavenderblush", 0xfff0f5 }, { "lawngreen", 0x7cfc00 },
	{ "lemonchiffon", 0xfffacd }, { "lightblue", 0xadd8e6 }, { "lightcoral", 0xf08080 },
	{ "lightcyan", 0xe0ffff }, { "lightgoldenrodyellow", 0xfafad2 }, { "lightgray", 0xd3d3d3 },
	{ "lightgreen", 0x90ee90 }, { "lightpink", 0xffb6c1 }, { "lightsalmon", 0xffa07a },
	{ "lightseagreen", 0x20b2aa }, { "lightskyblue", 0x87cefa }, { "lightslategray", 0x778899 },
	{ "lightsteelblue", 0xb0c4de }, { "lightyellow", 0xffffe0 }, { "limegreen", 0x32cd32 },
	{ "linen", 0xfaf0e6 }, { "magenta", 0xff00ff }, { "mediumaquamarine", 0x66cdaa },
	{ "mediumblue", 0x0000cd }, { "mediumorchid", 0xba55d3 }, { "mediumpurple", 0x9370db },
	{ "mediumseagreen", 0x3cb371 }, { "mediumslateblue", 0x7b68ee }, { "mediumspringgreen", 0x00fa9a },
	{ "mediumturquoise", 0x48d1cc }, { "mediumvioletred", 0xc71585 }, { "midnightblue", 0x191970 },
	{ "mintcream", 0xf5fffa }, { "mistyrose", 0xffe4e1 }, { "moccasin", 0xffe4b5 },
	{ "navajowhite", 0xffdead }, { "oldlace", 0xfdf5e6 }, { "olivedrab", 0x6b8e23 },
	{ "orange", 0xffa500 }, { "orangered", 0xff4500 }, { "orchid", 0xda70d6 },
	{ "palegoldenrod", 0xeee8aa }, { "palegreen", 0x98fb98 }, { "paleturquoise", 0xafeeee },
	{ "palevioletred", 0xdb7093 }, { "papayawhip", 0xffefd5 }, { "peachpuff", 0xffdab9 },
	{ "peru", 0xcd853f }, { "pink", 0xffc0cb }, { "plum", 0xdda0dd },
	{ "powderblue", 0xb0e0e6 }, { "rosybrown", 0xbc8f8f }, { "royalblue", 0x4169e1 },
	{ "saddlebrown", 0x8b4513 }, { "salmon", 0xfa8072 }, { "sandybrown", 0xf4a460 },
	{ "seagreen", 0x2e8b57 }, { "seashell", 0xfff5ee }, { "sienna", 0xa0522d },
	{ "skyblue", 0x87ceeb }, { "slateblue", 0x6a5acd }, { "slategray", 0x708090 },
	{ "snow", 0xfffafa }, { "springgreen", 0x00ff7f }, { "steelblue", 0x4682b4 },
	{ "tan", 0xd2b48c }, { "thistle", 0xd8bfd8 }, { "tomato", 0xff6347 },
	{ "turquoise", 0x40e0d0 }, { "violet", 0xee82ee }, { "wheat", 0xf5deb3 },
	{ "whitesmoke", 0xf5f5f5 }, { "yellowgreen", 0x9acd32 },
};
#define NCSS (sizeof css / sizeof css[0])

/* ---- from a spectrum to sRGB ---- */

/* One lobe of the fit: a Gaussian with a different width on each side. */
static double
lobe(double l, double mu, double s1, double s2)
{
	double t = (l - mu) / (l < mu ? s1 : s2);

	return exp(-0.5 * t * t);
}

/* CIE 1931 2-degree colour matching functions, the multi-lobe fit of Wyman,
 * Sloan and Shirley, "Simple Analytic Approximations to the CIE XYZ Color
 * Matching Functions", JCGT 2(2), 2013, equation 2. */
static void
cmf(double l, double xyz[3])
{
	xyz[0] = 1.056 * lobe(l, 599.8, 37.9, 31.0) + 0.362 * lobe(l, 442.0, 16.0, 26.7)
		 - 0.065 * lobe(l, 501.1, 20.4, 26.2);
	xyz[1] = 0.821 * lobe(l, 568.8, 46.9, 40.5) + 0.286 * lobe(l, 530.9, 16.3, 31.1);
	xyz[2] = 1.217 * lobe(l, 437.0, 11.8, 36.0) + 0.681 * lobe(l, 459.0, 26.0, 13.8);
}

static void
mat_mul(double r[3][3], const double a[3][3], const double b[3][3])
{
	double t[3][3];

	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			t[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
	memcpy(r, t, sizeof t);
}

static void
mat_vec(double r[3], const double a[3][3], const double v[3])
{
	double t[3];

	for (int i = 0; i < 3; i++)
		t[i] = a[i][0] * v[0] + a[i][1] * v[1] + a[i][2] * v[2];
	memcpy(r, t, sizeof t);
}

/* Returns 0 when A is singular. */
static int
mat_inv(double r[3][3], const double m[3][3])
{
	double a = m[0][0], b = m[0][1], c = m[0][2], d = m[1][0], e = m[1][1], f = m[1][2];
	double g = m[2][0], h = m[2][1], i = m[2][2];
	double A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
	double det = a * A + b * B + c * C;

	if (fabs(det) < 1e-300)
		return 0;
	r[0][0] = A / det; r[0][1] = -(b * i - c * h) / det; r[0][2] = (b * f - c * e) / det;
	r[1][0] = B / det; r[1][1] = (a * i - c * g) / det; r[1][2] = -(a * f - c * d) / det;
	r[2][0] = C / det; r[2][1] = -(a * h - b * g) / det; r[2][2] = (a * e - b * d) / det;
	return 1;
}

/* TO_LIN[c][k]: linear sRGB channel c contributed by reflectance 1 in band k. */
static double to_lin[3][NB];
static int ready;

static void
setup(void)
{
	/* Bradford cone response (Lam 1985, as in ICC and Lindbloom's tables) */
	static const double brad[3][3] = {
		{ 0.8951, 0.2664, -0.1614 }, { -0.7502, 1.7135, 0.0367 }, { 0.0389, -0.0685, 1.0296 },
	};
	/* XYZ (D65) to linear sRGB, IEC 61966-2-1 as given by Lindbloom */
	static const double srgb[3][3] = {
		{ 3.2404542, -1.5371385, -0.4985314 },
		{ -0.9692660, 1.8760108, 0.0415560 },
		{ 0.0556434, -0.2040259, 1.0572252 },
	};
	static const double d65[3] = { 0.95047, 1.0, 1.08883 };
	double c[NB][3], sum[3] = { 0, 0, 0 }, white[3], lms_e[3], lms_d[3], inv[3][3], adapt[3][3];
	double scale[3][3] = { { 0 } };

	for (int k = 0; k < NB; k++) {
		cmf(LAMBDA0 + DLAMBDA * k, c[k]);
		for (int j = 0; j < 3; j++)
			sum[j] += c[k][j];
	}
	/* the equal-energy white, with Y = 1 */
	for (int j = 0; j < 3; j++)
		white[j] = sum[j] / sum[1];
	mat_vec(lms_e, brad, white);
	mat_vec(lms_d, brad, d65);
	for (int j = 0; j < 3; j++)
		scale[j][j] = lms_d[j] / lms_e[j];
	mat_inv(inv, brad);
	mat_mul(adapt, scale, brad);
	mat_mul(adapt, inv, adapt);
	mat_mul(adapt, srgb, adapt);
	for (int k = 0; k < NB; k++) {
		double xyz[3] = { c[k][0] / sum[1], c[k][1] / sum[1], c[k][2] / sum[1] }, rgb[3];

		mat_vec(rgb, adapt, xyz);
		for (int j = 0; j < 3; j++)
			to_lin[j][k] = rgb[j];
	}
	ready = 1;
}

static void
spectrum_lin(double lin[3], const double r[NB])
{
	if (!ready)
		setup();
	for (int j = 0; j < 3; j++) {
		double s = 0;

		for (int k = 0; k < NB; k++)
			s += to_lin[j][k] * r[k];
		lin[j] = s;
	}
}

static double
gamma_encode(double v)
{
	if (v <= 0)
		return 0;
	if (v >= 1)
		return 1;
	return v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1 / 2.4) - 0.055;
}

static double
gamma_decode(double v)
{
	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static void
spectrum_rgb(unsigned char rgb[3], const double r[NB])
{
	double lin[3];

	spectrum_lin(lin, r);
	for (int j = 0; j < 3; j++)
		rgb[j] = (unsigned char)lround(255 * gamma_encode(lin[j]));
}

/* ---- from a colour to a spectrum (Jakob and Hanika's sigmoid family) ---- */

static double
sigmoid(double x)
{
	return 0.5 + x / (2 * sqrt(1 + x * x));
}

static void
sigmoid_spectrum(double r[NB], const double c[3])
{
	for (int k = 0; k < NB; k++) {
		double t = (double)k / (NB - 1);

		r[k] = sigmoid(c[0] + c[1] * t + c[2] * t * t);
	}
}

static double
err2(const double lin[3], const double want[3])
{
	double s = 0;

	for (int j = 0; j < 3; j++)
		s += (lin[j] - want[j]) * (lin[j] - want[j]);
	return s;
}

/* The coefficients whose spectrum shows RGB: damped Gauss-Newton on the
 * linear sRGB error, from a flat grey. Colours at the edge of the gamut
 * (pure white, black, primaries) need large coefficients and are met to
 * well under one step of 8 bits. */
static void
upsample(double r[NB], const unsigned char rgb[3])
{
	double want[3], c[3] = { 0, 0, 0 }, lin[3];

	for (int j = 0; j < 3; j++)
		want[j] = gamma_decode(rgb[j] / 255.0);
	sigmoid_spectrum(r, c);
	spectrum_lin(lin, r);
	for (int it = 0; it < 200; it++) {
		double cur = err2(lin, want), J[3][3], JT[3][3], A[3][3], inv[3][3], g[3], dc[3];
		double step;

		if (cur < 1e-14)
			break;
		for (int j = 0; j < 3; j++) {
			double d[3] = { c[0], c[1], c[2] }, rj[NB], lj[3];

			d[j] += 1e-5;
			sigmoid_spectrum(rj, d);
			spectrum_lin(lj, rj);
			for (int i = 0; i < 3; i++)
				J[i][j] = (lj[i] - lin[i]) / 1e-5;
		}
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++)
				JT[i][j] = J[j][i];
		mat_mul(A, JT, J);
		for (int i = 0; i < 3; i++)
			A[i][i] += 1e-6;
		if (!mat_inv(inv, A))
			break;
		{
			double e[3] = { lin[0] - want[0], lin[1] - want[1], lin[2] - want[2] };

			mat_vec(g, JT, e);
		}
		mat_vec(dc, inv, g);
		for (step = 1.0; step > 1e-4; step /= 2) {
			double nc[3], nr[NB], nl[3];

			for (int j = 0; j < 3; j++)
				nc[j] = c[j] - step * dc[j];
			sigmoid_spectrum(nr, nc);
			spectrum_lin(nl, nr);
			if (err2(nl, want) < cur) {
				memcpy(c, nc, sizeof c);
				memcpy(lin, nl, sizeof lin);
				break;
			}
		}
		if (step <= 1e-4)
			break;
	}
	sigmoid_spectrum(r, c);
}

/* ---- pigments ---- */

static int
hex_digit(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* A piece of text from outside, fit to quote in a message: at most 40
 * characters, anything unprintable shown as '?'. */
static const char *
quote(char *buf, size_t size, const char *p, size_t n)
{
	size_t o = 0, max = size > 48 ? 40 : size - 8;

	for (size_t i = 0; i < n && o < max; i++) {
		unsigned char ch = p[i];

		buf[o++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	if (n > max) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

int
paint_parse_hex(unsigned char rgb[3], const char *text, size_t n, struct cl_error *err)
{
	char q[64];
	int d[6];

	if (n == 0 || text[0] != '#' || (n != 4 && n != 7))
		goto bad;
	for (size_t i = 1; i < n; i++)
		if ((d[i - 1] = hex_digit((unsigned char)text[i])) < 0)
			goto bad;
	for (int j = 0; j < 3; j++)
		rgb[j] = n == 7 ? (unsigned char)(d[2 * j] * 16 + d[2 * j + 1]) : (unsigned char)(d[j] * 17);
	return 0;
bad:
	return cl_fail(err, GPG_ERR_INV_VALUE, "'%s' is not a colour: write # and 6 hex digits, "
		       "like '#1e90ff' (or 3, like '#fa0')", quote(q, sizeof q, text, n));
}

static void
rgb_of(unsigned char rgb[3], uint32_t v)
{
	rgb[0] = (unsigned char)(v >> 16);
	rgb[1] = (unsigned char)(v >> 8);
	rgb[2] = (unsigned char)v;
}

/* The spectra of the built-in pigments, made once. */
static double builtin_r[NNAMES][NB];
static unsigned char builtin_ready[NNAMES];

static void
pigment_reflectance(double r[NB], uint32_t id)
{
	unsigned char rgb[3];

	if (id & PAINT_RGB_PIGMENT) {
		rgb_of(rgb, id & 0xffffff);
		upsample(r, rgb);
		return;
	}
	if (!builtin_ready[id]) {
		paint_parse_hex(rgb, names[id].rgb, 7, NULL);
		upsample(builtin_r[id], rgb);
		builtin_ready[id] = 1;
	}
	memcpy(r, builtin_r[id], sizeof builtin_r[id]);
}

static double
ks_of(double r)
{
	if (r < 1e-6)
		r = 1e-6;
	return (1 - r) * (1 - r) / (2 * r);
}

static double
r_of(double k)
{
	if (k < 0)
		k = 0;
	return 1 + k - sqrt(k * k + 2 * k);
}

/* Parts-weighted K/S of P, and the reflectance back. */
static void
paint_ks(double ks[NB], const struct paint *p)
{
	unsigned long total = paint_total(p);

	for (int k = 0; k < NB; k++)
		ks[k] = 0;
	for (size_t i = 0; i < p->n; i++) {
		double r[NB];

		pigment_reflectance(r, p->part[i].pigment);
		for (int k = 0; k < NB; k++)
			ks[k] += (double)p->part[i].parts * ks_of(r[k]);
	}
	for (int k = 0; k < NB; k++)
		ks[k] = total ? ks[k] / (double)total : 0;
}

void
paint_reflectance(double r[PAINT_BANDS], const struct paint *p)
{
	double ks[NB];

	if (p->n == 1) {
		pigment_reflectance(r, p->part[0].pigment);
		return;
	}
	paint_ks(ks, p);
	for (int k = 0; k < NB; k++)
		r[k] = r_of(ks[k]);
}

void
paint_rgb(unsigned char rgb[3], const struct paint *p)
{
	double r[NB];

	if (p->n == 1 && (p->part[0].pigment & PAINT_RGB_PIGMENT)) {
		rgb_of(rgb, p->part[0].pigment & 0xffffff);	/* it shows its own colour */
		return;
	}
	paint_reflectance(r, p);
	spectrum_rgb(rgb, r);
}

void
paint_hex(char out[8], const unsigned char rgb[3])
{
	snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

/* ---- compositions ---- */

unsigned long
paint_total(const struct paint *p)
{
	unsigned long t = 0;

	for (size_t i = 0; i < p->n; i++)
		t += p->part[i].parts;
	return t;
}

bool
paint_equal(const struct paint *a, const struct paint *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->part[i].pigment != b->part[i].pigment || a->part[i].parts != b->part[i].parts)
			return false;
	return true;
}

int
paint_mix(struct paint *r, const struct paint *a, const struct paint *b, struct cl_error *err)
{
	struct paint t = { 0 };
	size_t i = 0, j = 0;

	if (paint_total(a) + paint_total(b) > PAINT_MAX_PARTS)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "that mixture would have %lu parts; a paint "
			       "holds at most %lu", paint_total(a) + paint_total(b), PAINT_MAX_PARTS);
	while (i < a->n || j < b->n) {
		struct paint_part p;

		if (j == b->n || (i < a->n && a->part[i].pigment < b->part[j].pigment))
			p = a->part[i++];
		else if (i == a->n || b->part[j].pigment < a->part[i].pigment)
			p = b->part[j++];
		else {
			p = a->part[i++];
			p.parts += b->part[j++].parts;
		}
		if (t.n == PAINT_MAX_PIGMENTS)
			return cl_fail(err, GPG_ERR_TOO_LARGE, "that mixture would hold more than %d "
				       "different pigments", PAINT_MAX_PIGMENTS);
		t.part[t.n++] = p;
	}
	*r = t;
	return 0;
}

int
paint_times(struct paint *r, const struct paint *a, unsigned long k, struct cl_error *err)
{
	unsigned long total = paint_total(a);
	struct paint t = *a;

	if (k == 0)
		return cl_fail(err, GPG_ERR_INV_VALUE, "a paint needs at least 1 part");
	if (total && k > PAINT_MAX_PARTS / total)
		return cl_fail(err, GPG_ERR_TOO_LARGE, "that would be more than %lu parts of paint",
			       PAINT_MAX_PARTS);
	for (size_t i = 0; i < t.n; i++)
		t.part[i].parts *= k;
	*r = t;
	return 0;
}

int
paint_subtract(struct paint *r, const struct paint *a, const struct paint *b, struct cl_error *err)
{
	struct paint t = { 0 };
	size_t j = 0;

	for (size_t i = 0; i < a->n; i++) {
		struct paint_part p = a->part[i];

		if (j < b->n && b->part[j].pigment < p.pigment)
			break;	/* B has a pigment A lacks */
		if (j < b->n && b->part[j].pigment == p.pigment) {
			if (b->part[j].parts > p.parts)
				break;
			p.parts -= b->part[j++].parts;
		}
		if (p.parts)
			t.part[t.n++] = p;
	}
	if (j < b->n)
		return cl_fail(err, GPG_ERR_INV_VALUE, "the second paint is not part of the first");
	*r = t;
	return 0;
}

/* ---- names ---- */

static void
pigment_name(char buf[32], uint32_t id)
{
	if (id & PAINT_RGB_PIGMENT)
		snprintf(buf, 32, "#%06x", (unsigned)(id & 0xffffff));
	else
		snprintf(buf, 32, "%s", names[id].name);
}

char *
paint_recipe(const struct paint *p)
{
	char *out = xstrdup(""), *t;

	for (size_t i = 0; i < p->n; i++) {
		char name[32];

		pigment_name(name, p->part[i].pigment);
		t = xasprintf("%s%s%lu %s", out, i ? " + " : "", p->part[i].parts, name);
		free(out);
		out = t;
	}
	return out;
}

/* Equal ignoring case, with '-', '_' and ' ' alike. */
static bool
same_name(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b);

	if (an != bn)
		return false;
	for (size_t i = 0; i < an; i++) {
		int x = tolower((unsigned char)a[i]), y = tolower((unsigned char)b[i]);

		if (x == '_' || x == '-')
			x = ' ';
		if (y == '_' || y == '-')
			y = ' ';
		if (x != y)
			return false;
	}
	return true;
}

static int named(struct paint *p, size_t i);

/* "light yellow + 2 white" with the built-in names. */
static void
recipe_paint(struct paint *p, const char *recipe)
{
	const char *s = recipe;

	p->n = 0;
	while (*s) {
		size_t len = strcspn(s, "+");
		const char *e = s + len;
		unsigned long k = 1;
		struct paint one;

		while (s < e && *s == ' ')
			s++;
		if (isdigit((unsigned char)*s)) {
			k = strtoul(s, (char **)&s, 10);
			while (*s == ' ')
				s++;
		}
		while (e > s && e[-1] == ' ')
			e--;
		for (size_t i = 0; i < NNAMES; i++)
			if (same_name(s, (size_t)(e - s), names[i].name)) {
				named(&one, i);
				paint_times(&one, &one, k, NULL);
				paint_mix(p, p, &one, NULL);
				break;
			}
		s += strcspn(s, "+");
		if (*s == '+')
			s++;
	}
}

static int
named(struct paint *p, size_t i)
{
	if (names[i].rgb) {
		p->n = 1;
		p->part[0].pigment = (uint32_t)i;
		p->part[0].parts = 1;
	} else
		recipe_paint(p, names[i].recipe);
	return 0;
}

int
paint_parse(struct paint *p, const char *text, size_t n, struct cl_error *err)
{
	char q[64];

	while (n && isspace((unsigned char)text[0]))
		text++, n--;
	while (n && isspace((unsigned char)text[n - 1]))
		n--;
	if (n && text[0] == '#') {
		unsigned char rgb[3];

		if (paint_parse_hex(rgb, text, n, err))
			return -1;
		paint_from_rgb(p, rgb);
		return 0;
	}
	for (size_t i = 0; i < NNAMES; i++)
		if (same_name(text, n, names[i].name))
			return named(p, i);
	if (n == 0)
		return cl_fail(err, GPG_ERR_NOT_FOUND, "a paint needs a name, like 'yellow', or a "
			       "colour, like '#1e90ff'");
	return cl_fail(err, GPG_ERR_NOT_FOUND, "there is no paint '%s'", quote(q, sizeof q, text, n));
}

void
paint_from_rgb(struct paint *p, const unsigned char rgb[3])
{
	p->n = 1;
	p->part[0].pigment = PAINT_RGB_PIGMENT | (uint32_t)rgb[0] << 16 | (uint32_t)rgb[1] << 8 | rgb[2];
	p->part[0].parts = 1;
}

/* P with its parts divided by their gcd: 2 yellow + 2 blue is yellow + blue. */
static void
reduced(struct paint *r, const struct paint *p)
{
	unsigned long g = 0;

	for (size_t i = 0; i < p->n; i++) {
		unsigned long a = p->part[i].parts, b = g;

		while (b) {
			unsigned long t = a % b;

			a = b;
			b = t;
		}
		g = a;
	}
	*r = *p;
	for (size_t i = 0; g > 1 && i < r->n; i++)
		r->part[i].parts /= g;
}

bool
paint_same(const struct paint *a, const struct paint *b)
{
	struct paint x, y;

	reduced(&x, a);
	reduced(&y, b);
	return paint_equal(&x, &y);
}

const char *
paint_exact_name(const struct paint *p)
{
	struct paint r, one;

	reduced(&r, p);
	for (size_t i = 0; i < NNAMES; i++) {
		named(&one, i);
		if (paint_equal(&one, &r))
			return names[i].name;
	}
	return NULL;
}

/* ---- colour differences ---- */

static double
lab_f(double t)
{
	return t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116;
}

void
paint_lab(double lab[3], const unsigned char rgb[3])
{
	static const double m[3][3] = {	/* linear sRGB to XYZ (D65), Lindbloom */
		{ 0.4124564, 0.3575761, 0.1804375 },
		{ 0.2126729, 0.7151522, 0.0721750 },
		{ 0.0193339, 0.1191920, 0.9503041 },
	};
	double lin[3], xyz[3];

	for (int j = 0; j < 3; j++)
		lin[j] = gamma_decode(rgb[j] / 255.0);
	mat_vec(xyz, m, lin);
	xyz[0] = lab_f(xyz[0] / 0.95047);
	xyz[1] = lab_f(xyz[1]);
	xyz[2] = lab_f(xyz[2] / 1.08883);
	lab[0] = 116 * xyz[1] - 16;
	lab[1] = 500 * (xyz[0] - xyz[1]);
	lab[2] = 200 * (xyz[1] - xyz[2]);
}

double
paint_delta_e(const unsigned char a[3], const unsigned char b[3])
{
	double la[3], lb[3];

	paint_lab(la, a);
	paint_lab(lb, b);
	return sqrt((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1])
		    + (la[2] - lb[2]) * (la[2] - lb[2]));
}

void
paint_hsv(double hsv[3], const unsigned char rgb[3])
{
	double r = rgb[0] / 255.0, g = rgb[1] / 255.0, b = rgb[2] / 255.0;
	double mx = fmax(r, fmax(g, b)), mn = fmin(r, fmin(g, b)), d = mx - mn, h = 0;

	if (d > 0) {
		if (mx == r)
			h = fmod((g - b) / d, 6);
		else if (mx == g)
			h = (b - r) / d + 2;
		else
			h = (r - g) / d + 4;
		h *= 60;
		if (h < 0)
			h += 360;
	}
	hsv[0] = h;
	hsv[1] = mx > 0 ? d / mx : 0;
	hsv[2] = mx;
}

const char *
paint_nearest_name(const unsigned char rgb[3], double *de)
{
	const char *best = NULL;
	double bd = 1e300;

	/* the paints first: on a tie they win */
	for (size_t i = 0; i < NNAMES; i++) {
		struct paint p;
		unsigned char c[3];
		double d;

		named(&p, i);
		paint_rgb(c, &p);
		if ((d = paint_delta_e(rgb, c)) < bd) {
			bd = d;
			best = names[i].name;
		}
	}
	for (size_t i = 0; i < NCSS; i++) {
		unsigned char c[3];
		double d;

		rgb_of(c, css[i].rgb);
		if ((d = paint_delta_e(rgb, c)) < bd) {
			bd = d;
			best = css[i].name;
		}
	}
	if (de)
		*de = bd;
	return best;
}

/* ---- Eve ---- */

void
paint_unmix(unsigned char rgb[3], double r[PAINT_BANDS], const struct paint *a, const struct paint *b,
	    const struct paint *c)
{
	double ra[NB], rb[NB], rc[NB], s[NB];
	double na = (double)paint_total(a), nb = (double)paint_total(b), nc = (double)paint_total(c);
	double ns = na + nb - nc;

	/* she measures: three reflectance spectra, and how much paint each pot holds */
	paint_reflectance(ra, a);
	paint_reflectance(rb, b);
	paint_reflectance(rc, c);
	/* and computes: in K/S the pots add, so the shared pot is A + B - C */
	for (int k = 0; k < NB; k++)
		s[k] = r_of((na * ks_of(ra[k]) + nb * ks_of(rb[k]) - nc * ks_of(rc[k])) / (ns > 0 ? ns : 1));
	spectrum_rgb(rgb, s);
	if (r)
		memcpy(r, s, sizeof s);
}
