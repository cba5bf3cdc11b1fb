/* Paint: the picture that explains Diffie-Hellman (two people mix a common
 * paint with their secret colours, swap the mixtures, and add their secret
 * again), with a colour model that can be stated and tested.
 *
 * A paint is a mixture of pigments in whole parts. Mixing adds the parts, so
 * mixing is commutative and associative exactly (integer addition), and
 * Alice's final paint and Bob's have the same composition by construction.
 * The colour is a function of the composition alone.
 *
 * The colour model (documented in full in paint.c):
 *   - each pigment has a reflectance spectrum R(l) sampled every 10 nm from
 *     380 to 780 nm. It is the smooth spectrum of Jakob and Hanika (2019,
 *     "A Low-Dimensional Function Space for Efficient Spectral Upsampling"),
 *     R(l) = S(c0 + c1 t + c2 t^2) with S(x) = 1/2 + x / (2 sqrt(1 + x^2)),
 *     whose coefficients are solved so that the pigment alone shows the sRGB
 *     colour that defines it (paint_rgb of one pigment gives its hex back);
 *   - mixing follows the single-constant Kubelka-Munk model, as spectral.js
 *     and Mixbox do: per wavelength K/S = (1 - R)^2 / (2R) is averaged over
 *     the pigments weighted by their parts, and R = 1 + K/S - sqrt((K/S)^2 +
 *     2 K/S). Light absorbed by either pigment is lost: yellow (which absorbs
 *     blue light) and blue (which absorbs red and yellow) leave green;
 *   - the spectrum becomes a colour through the CIE 1931 2-degree observer
 *     (the analytic fit of Wyman, Sloan and Shirley, JCGT 2013) under an
 *     equal-energy light, adapted to D65 with the Bradford transform, then
 *     sRGB (IEC 61966-2-1) with its gamma, rounded to 8 bits.
 * Because K/S mixes linearly, a paint can be unmixed: paint_unmix is Eve's
 * computation, which the analogy hopes is impossible and is not. */
#ifndef CL_PAINT_H
#define CL_PAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "libcore/error.h"

#define PAINT_BANDS 41		/* 380, 390, ..., 780 nm */
#define PAINT_MAX_PIGMENTS 16	/* different pigments in one paint */
#define PAINT_MAX_PARTS 1000000UL	/* parts in one paint, all pigments together */
/* A pigment made from a colour (paint_from_rgb): this bit and 0xRRGGBB. */
#define PAINT_RGB_PIGMENT (1u << 24)

struct paint_part {
	uint32_t pigment;	/* a built-in pigment's index, or PAINT_RGB_PIGMENT | rgb */
	unsigned long parts;	/* at least 1 */
};

/* Parts sorted by pigment; a plain value, copied with =. n == 0 is no paint. */
struct paint {
	size_t n;
	struct paint_part part[PAINT_MAX_PIGMENTS];
};

/* A named paint: a built-in pigment, or a recipe of them (the figure's
 * mixtures). Names compare ignoring case, and '-', '_' and ' ' are alike. */
struct paint_name {
	const char *name;
	const char *rgb;	/* a pigment: its colour, "#rrggbb"; a recipe: NULL */
	const char *recipe;	/* a recipe: "light yellow + orange-red"; a pigment: NULL */
	const char *about;	/* one line, for listings */
};
/* The named paints, in the order they are listed; *N gets their number. */
const struct paint_name *paint_names(size_t *n);

/* P from a name ("yellow"), or a colour "#rrggbb" or "#rgb"; surrounding
 * spaces are ignored. An unknown name is GPG_ERR_NOT_FOUND ("there is no
 * paint 'yelow'"), so the caller may add a suggestion. */
int paint_parse(struct paint *p, const char *text, size_t n, struct cl_error *err);
/* R, G, B from "#rrggbb" or "#rgb" (exactly that: a # and 3 or 6 hex digits). */
int paint_parse_hex(unsigned char rgb[3], const char *text, size_t n, struct cl_error *err);
/* One part of a pigment that shows this colour alone. */
void paint_from_rgb(struct paint *p, const unsigned char rgb[3]);

/* R = A + B: the parts add up. Fails only beyond the limits above. R may be A or B. */
int paint_mix(struct paint *r, const struct paint *a, const struct paint *b, struct cl_error *err);
/* R = K times A (K >= 1): K pots of A. */
int paint_times(struct paint *r, const struct paint *a, unsigned long k, struct cl_error *err);
/* R = A - B when B's parts are all in A (unmixing by recipe), else -1. */
int paint_subtract(struct paint *r, const struct paint *a, const struct paint *b, struct cl_error *err);
/* The same composition, part for part. */
bool paint_equal(const struct paint *a, const struct paint *b);
/* The same paint: the same pigments in the same proportions (2 yellow +
 * 2 blue is yellow + blue, in a bigger pot), so the same colour. */
bool paint_same(const struct paint *a, const struct paint *b);
unsigned long paint_total(const struct paint *p);

/* The colour of P, in 8-bit sRGB, and its spectrum. */
void paint_rgb(unsigned char rgb[3], const struct paint *p);
void paint_reflectance(double r[PAINT_BANDS], const struct paint *p);
/* "#rrggbb" into OUT (8 bytes). */
void paint_hex(char out[8], const unsigned char rgb[3]);
/* "1 light yellow + 2 #1e90ff"; malloc'ed. */
char *paint_recipe(const struct paint *p);
/* The name of P when P is a named paint, else NULL. Multiples count: 2
 * yellow is yellow, 2 yellow + 2 blue is not "yellow + blue" unless named. */
const char *paint_exact_name(const struct paint *p);

/* CIELAB (D65) of an sRGB colour, and the CIE76 colour difference. A
 * difference below about 2.3 is hard to see. */
void paint_lab(double lab[3], const unsigned char rgb[3]);
double paint_delta_e(const unsigned char a[3], const unsigned char b[3]);
/* Hue in degrees (0 to 360, HSV), saturation and value (0 to 1). */
void paint_hsv(double hsv[3], const unsigned char rgb[3]);
/* The nearest colour name: the named paints and the CSS colour keywords
 * (W3C CSS Color Module Level 3); *DE gets the difference when DE is not NULL. */
const char *paint_nearest_name(const unsigned char rgb[3], double *de);

/* Eve's unmixing. She measures the reflectance of the common paint C and of
 * the public mixtures A = C + a and B = C + b, and knows how many parts each
 * holds. In K/S everything adds: |S| KS(S) = |A| KS(A) + |B| KS(B) - |C| KS(C)
 * for the shared paint S = C + a + b. RGB gets the colour of S so computed
 * (R its spectrum, when not NULL), from the three measurements alone. */
void paint_unmix(unsigned char rgb[3], double r[PAINT_BANDS], const struct paint *a,
		 const struct paint *b, const struct paint *c);

#endif
