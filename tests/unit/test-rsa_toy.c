/* Unit tests of libcore/rsa_toy.c (toy RSA and the attacks) and of
 * pari_factor (libcore/pari.c), which factor() uses.
 *
 * Where the known answers come from:
 *  [W-RSA]  Wikipedia, "RSA (cryptosystem)", the worked example: p = 61,
 *           q = 53, n = 3233, phi = 3120, lambda = 780, e = 17, d = 2753,
 *           m = 65 -> c = 2790; and its CRT part: dP = 53, dQ = 49,
 *           qInv = 38, m1 = 4, m2 = 12, h = 1, m = 65.
 *  [W-FERM] Wikipedia, "Fermat's factorization method": N = 5959, a = 78, 79,
 *           80, and 80^2 - 5959 = 441 = 21^2 gives 59 * 101 at the third try.
 *  [W-RHO]  Wikipedia, "Pollard's rho algorithm": n = 8051, x = y = 2,
 *           g(x) = x^2 + 1: (x, y) = (5, 26), (26, 7474), (677, 871), and
 *           gcd(677 - 871, 8051) = 97 at the third step.
 *  [W-WIEN] Wikipedia, "Wiener's attack", the example: (N, e) = (90581,
 *           17993) gives d = 5, p = 239, q = 379.
 *  [PM1]    by hand: 299 = 13 * 23; 13 - 1 = 12 divides 4! but 23 - 1 = 22
 *           does not, so 2^(4!) - 1 shares 13 with 299, found at j = 4
 *           (Python: pow(2, 24, 299) = 27, gcd(26, 299) = 13).
 *  [PY]     Python 3's own integers: pow(72, 17, 3233) = 3000,
 *           pow(73, 17, 3233) = 1486, pow(65, 2753, 3233) = 588,
 *           int.from_bytes(hashlib.sha256(b"hello").digest(), "big") % 3233
 *           = 1796 and pow(1796, 2753, 3233) = 1444; 1000^3 mod 59*71, 83*89,
 *           101*107 = 1920, 7036, 6676.
 *  [GEN]    semiprimes made offline in Python: random.seed(7) (or the seed
 *           noted), random odd numbers with the top bit set until one passes
 *           Miller-Rabin with the 20 smallest prime bases; products by Python.
 *  [A014233], [CARM], [MERS]: OEIS A014233 strong pseudoprimes, the
 *           Carmichael number 561 = 3*11*17, the Mersenne prime 2^61 - 1.
 *  The random keys of each crack method are checked against the primes they
 *  were made from (the generator's own answer), not against another method. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <gmp.h>
#include "libcore/bigint.h"
#include "libcore/interrupt.h"
#include "libcore/pari.h"
#include "libcore/core.h"
#include "libcore/random.h"
#include "libcore/rsa_toy.h"
#include "tests/unit/tap.h"

static char buf[4096];

/* rsa_toy_make from decimal numbers: "" when it works, else its message. */
static char mbuf[600];
static const char *
make_msg(struct rsa_toy *k, const char *p, const char *q, const char *e)
{
	mpz_t P, Q, E;
	struct cl_error err;

	mpz_inits(P, Q, E, NULL);
	zset(P, p);
	zset(Q, q);
	zset(E, e);
	if (rsa_toy_make(k, P, Q, E, &err))
		snprintf(mbuf, sizeof mbuf, "%s", err.msg);
	else
		mbuf[0] = '\0';
	mpz_clears(P, Q, E, NULL);
	return mbuf;
}

static void
test_worked_example(void)
{
	struct rsa_toy k, pub;
	struct rsa_toy_crt crt;
	struct cl_error err;
	mpz_t m, c, s;
	bool good;

	rsa_toy_init(&k);
	rsa_toy_init(&pub);
	rsa_toy_crt_init(&crt);
	mpz_inits(m, c, s, NULL);
	is_str(make_msg(&k, "61", "53", "17"), "", "rsa_toy_make(61, 53, 17) [W-RSA]");
	is_str(zstr(k.n), "3233", "n = 3233");
	is_str(zstr(k.phi), "3120", "phi = 3120");
	is_str(zstr(k.lambda), "780", "lambda = 780");
	is_str(zstr(k.d), "2753", "d = 2753");
	is_str(zstr(k.dp), "53", "dP = 53 [W-RSA CRT]");
	is_str(zstr(k.dq), "49", "dQ = 49");
	is_str(zstr(k.qinv), "38", "qInv = 38");
	mpz_set_ui(m, 65);
	ok(rsa_toy_encrypt(c, &k, m, &err) == 0, "encrypt 65");
	is_str(zstr(c), "2790", "65 -> 2790");
	ok(rsa_toy_decrypt(m, &k, c, &err) == 0, "decrypt 2790");
	is_str(zstr(m), "65", "2790 -> 65");
	ok(rsa_toy_decrypt_crt(&crt, &k, c, &err) == 0, "decrypt 2790 with the CRT");
	ok(mpz_cmp_ui(crt.mp, 4) == 0 && mpz_cmp_ui(crt.mq, 12) == 0 && mpz_cmp_ui(crt.h, 1) == 0
	   && mpz_cmp_ui(crt.m, 65) == 0, "m1 = 4, m2 = 12, h = 1, m = 65 [W-RSA CRT]");

	rsa_toy_public(&pub, &k);
	ok(!pub.is_private && mpz_cmp(pub.n, k.n) == 0 && mpz_cmp(pub.e, k.e) == 0, "the public half is n, e");
	mpz_set_ui(m, 65);
	ok(rsa_toy_encrypt(c, &pub, m, &err) == 0 && mpz_cmp_ui(c, 2790) == 0, "it encrypts");
	ok(rsa_toy_decrypt(m, &pub, c, &err) < 0 && err.code == GPG_ERR_NO_SECKEY, "but cannot decrypt");
	is_str(err.msg, "this is a public key (n and e): decrypting needs d, which only the key's owner "
	       "has; rsa.crack(k) tries to find it", "  saying why");

	/* refusals of messages and ciphertexts out of range */
	mpz_set_ui(m, 3233);
	ok(rsa_toy_encrypt(c, &k, m, &err) < 0, "m = n is refused");
	is_str(err.msg, "the message '3233' is not below n = '3233': RSA computes modulo n, so decryption "
	       "would give back m mod n = '0', not m; cut a longer message into blocks below n "
	       "(rsa.encrypt_text does)", "  saying why");
	mpz_set_si(m, -1);
	ok(rsa_toy_encrypt(c, &k, m, &err) < 0, "m = -1 is refused");
	is_str(err.msg, "a message is a number from 0 to n - 1 = '3232', not '-1'", "  saying the range");
	mpz_set_ui(c, 5000);
	ok(rsa_toy_decrypt(m, &k, c, &err) < 0, "c >= n is refused");
	is_str(err.msg, "the ciphertext '5000' is not below n = '3233': every ciphertext is a remainder "
	       "modulo n, so this one was not made with this key", "  saying why");
	mpz_set_ui(m, 0);
	ok(rsa_toy_encrypt(c, &k, m, &err) == 0 && mpz_sgn(c) == 0, "0 encrypts to 0 (textbook RSA)");

	/* signatures [PY] */
	mpz_set_ui(m, 65);
	ok(rsa_toy_sign(s, &k, m, &err) == 0 && mpz_cmp_ui(s, 588) == 0, "sign(65) = 65^2753 mod 3233 = 588 [PY]");
	ok(rsa_toy_verify(&good, &pub, m, s, &err) == 0 && good, "verifies with the public key");
	mpz_set_ui(m, 66);
	ok(rsa_toy_verify(&good, &pub, m, s, &err) == 0 && !good, "not for 66: false, not an error");
	mpz_set_ui(s, 99999);
	ok(rsa_toy_verify(&good, &pub, m, s, &err) == 0 && !good, "a signature beyond n is just false");
	ok(rsa_toy_sign(s, &pub, m, &err) < 0 && err.code == GPG_ERR_NO_SECKEY, "a public key cannot sign");
	rsa_toy_hash(c, m, &k, "hello", 5);
	ok(mpz_cmp_ui(m, 1796) == 0, "sha256(\"hello\") mod 3233 = 1796 [PY]");
	ok(rsa_toy_sign(s, &k, m, &err) == 0 && mpz_cmp_ui(s, 1444) == 0, "and its signature is 1444 [PY]");

	mpz_clears(m, c, s, NULL);
	rsa_toy_crt_clear(&crt);
	rsa_toy_clear(&pub);
	rsa_toy_clear(&k);
}

static void
test_refusals(void)
{
	struct rsa_toy k;

	rsa_toy_init(&k);
	is_str(make_msg(&k, "62", "53", "17"), "p = '62' is not prime: it is 2 * 31; nextprime(p) gives "
	       "the next prime", "p not prime, with a factor");
	is_str(make_msg(&k, "61", "1", "17"), "q = '1' is not prime: a prime is a whole number from 2 up "
	       "whose only divisors are 1 and itself", "q = 1");
	is_str(make_msg(&k, "61", "-53", "17"), "q = '-53' is not prime: a prime is a whole number from 2 "
	       "up whose only divisors are 1 and itself", "a negative q");
	is_str(make_msg(&k, "61", "61", "17"), "p and q are both '61': n = p^2 falls to a square root "
	       "(sqrt(n) = p), and its phi is p*(p-1), not (p-1)^2; choose two different primes", "p == q");
	is_str(make_msg(&k, "61", "53", "3"), "e = '3' and phi = (p-1)*(q-1) = '3120' share the factor 3 "
	       "(it divides p - 1 = 60), so e has no inverse modulo phi and there is no d; choose another e "
	       "(17 and 65537 are usual) or other primes", "gcd(e, phi) > 1 names the factor");
	is_str(make_msg(&k, "59", "53", "13"), "e = '13' and phi = (p-1)*(q-1) = '3016' share the factor 13 "
	       "(it divides q - 1 = 52), so e has no inverse modulo phi and there is no d; choose another e "
	       "(17 and 65537 are usual) or other primes", "  and says when it is q - 1's");
	is_str(make_msg(&k, "61", "53", "4"), "e = '4' is even, and phi = (p-1)*(q-1) is always even, so "
	       "they share the factor 2 and e has no inverse d; take an odd e such as 17 or 65537", "e even");
	is_str(make_msg(&k, "61", "53", "1"), "e = 1 would leave every message as it is (m ^ 1 = m); take an "
	       "odd e from 3 up: 3, 17 and 65537 are usual", "e = 1");
	is_str(make_msg(&k, "61", "53", "-3"), "e must be an odd number from 3 up, not '-3'", "e negative");
	is_str(make_msg(&k, "3", "5", "3"), "n = '15' is below 256: a message must be a number below n, and "
	       "one byte of text (0 to 255) would not fit; choose primes whose product is at least 256 (61 "
	       "and 53, or 17 and 19)", "n too small");
	is_str(make_msg(&k, "61", "53", "781"), "e = '781' is 1 more than a multiple of lambda = lcm(p-1, "
	       "q-1) = '780', so m ^ e mod n = m for every m: encryption would change nothing; choose another "
	       "e", "e = 1 mod lambda: encryption would do nothing");
	/* 65537 mod 3120 = 17: the default e gives the textbook d */
	is_str(make_msg(&k, "61", "53", "65537"), "", "e = 65537 works");
	is_str(zstr(k.d), "2753", "  and its d is 2753, as 65537 = 17 mod 3120");
	is_str(make_msg(&k, "2", "131", "3"), "", "p = 2 is a prime like the others");
	rsa_toy_clear(&k);
}

static void
test_text_and_roots(void)
{
	struct rsa_toy k;
	struct cl_error err;
	mpz_t *blocks, r, x, prod, cs[3], ns[3];
	size_t nb;
	unsigned char *p;
	size_t n;

	rsa_toy_init(&k);
	make_msg(&k, "61", "53", "17");
	ok(rsa_toy_block_bytes(&k) == 1, "n = 3233: one byte a block");
	ok(rsa_toy_text_blocks(&blocks, &nb, &k, "HI", 2, &err) == 0 && nb == 2
	   && mpz_cmp_ui(blocks[0], 72) == 0 && mpz_cmp_ui(blocks[1], 73) == 0, "\"HI\" is 72, 73");
	mpz_init(r);
	rsa_toy_encrypt(r, &k, blocks[0], &err);
	ok(mpz_cmp_ui(r, 3000) == 0, "72 -> 3000 [PY]");
	rsa_toy_encrypt(r, &k, blocks[1], &err);
	ok(mpz_cmp_ui(r, 1486) == 0, "73 -> 1486 [PY]");
	bigint_factors_free(blocks, nb);
	ok(rsa_toy_text_blocks(&blocks, &nb, &k, "a\0b", 3, &err) < 0, "a NUL byte is refused");
	mpz_set_ui(r, 385);
	ok(rsa_toy_block_bytes_of(&p, &n, &k, r, 1, 2, &err) < 0, "a block of 385 does not fit in a byte");
	is_str(err.msg, "block 2 decrypts to '385', which is not below 256^1 = '256': no block of text made "
	       "with this key gives that (a wrong key, or a changed ciphertext)", "  saying why");

	/* a larger key: blocks of several bytes, the last one shorter, round trip */
	make_msg(&k, "1099511627791", "2199023255579", "65537");	/* nextprime(2^40), nextprime(2^41) */
	ok(rsa_toy_block_bytes(&k) == 10, "n of 82 bits: 10 bytes a block");
	{
		static const char text[] = "Hello, world! \xc3\xbc" "n\xc3\xaf" "code";
		size_t len = sizeof text - 1, got = 0;
		unsigned char back[64];
		int all = 1;

		ok(rsa_toy_text_blocks(&blocks, &nb, &k, text, len, &err) == 0 && nb == 3, "3 blocks");
		for (size_t i = 0; i < nb; i++) {
			mpz_t c, m;

			mpz_inits(c, m, NULL);
			all &= rsa_toy_encrypt(c, &k, blocks[i], &err) == 0 && rsa_toy_decrypt(m, &k, c, &err) == 0
			       && rsa_toy_block_bytes_of(&p, &n, &k, m, i, nb, &err) == 0;
			memcpy(back + got, p, n);
			got += n;
			free(p);
			mpz_clears(c, m, NULL);
		}
		ok(all && got == len && memcmp(back, text, len) == 0, "and back to the same text");
		bigint_factors_free(blocks, nb);
	}

	/* roots */
	mpz_inits(x, prod, NULL);
	mpz_set_ui(x, 4913);
	ok(rsa_toy_root(r, x, 3, &err) == 0 && mpz_cmp_ui(r, 17) == 0, "cube root of 4913 = 17^3");
	mpz_set_ui(x, 4914);
	ok(rsa_toy_root(r, x, 3, &err) < 0, "4914 is no cube");
	is_str(err.msg, "'4914' is not a perfect cube: its cube root lies between '17' and '18'; a message "
	       "whose cube reached n was reduced modulo n, and the root no longer gives it", "  saying where");

	/* Hastad: 1000 under three keys with e = 3 [PY] */
	for (int i = 0; i < 3; i++)
		mpz_inits(cs[i], ns[i], NULL);
	mpz_set_ui(ns[0], 59 * 71);
	mpz_set_ui(ns[1], 83 * 89);
	mpz_set_ui(ns[2], 101 * 107);
	mpz_set_ui(cs[0], 1920);
	mpz_set_ui(cs[1], 7036);
	mpz_set_ui(cs[2], 6676);
	ok(rsa_toy_hastad(r, x, prod, (const mpz_t *)cs, (const mpz_t *)ns, 3, 3, &err) == 0
	   && mpz_cmp_ui(r, 1000) == 0 && mpz_cmp_ui(x, 1000000000) == 0, "Hastad finds 1000 from 3 ciphertexts");
	ok(rsa_toy_hastad(r, x, prod, (const mpz_t *)cs, (const mpz_t *)ns, 2, 3, &err) < 0,
	   "two ciphertexts are not enough for e = 3");
	mpz_set_ui(ns[2], 59 * 101);
	mpz_set_ui(cs[2], 5);
	ok(rsa_toy_hastad(r, x, prod, (const mpz_t *)cs, (const mpz_t *)ns, 3, 3, &err) < 0
	   && strstr(err.msg, "share the factor '59'"), "moduli with a common factor: %s", err.msg);
	for (int i = 0; i < 3; i++)
		mpz_clears(cs[i], ns[i], NULL);
	mpz_clears(r, x, prod, NULL);
	rsa_toy_clear(&k);
}

/* Crack N (decimal) with METHOD; "p*q after S steps" or "error: MSG". */
static const char *
crack_str(const char *dec, const char *e, enum rsa_method method, bool rows)
{
	struct rsa_crack r;
	struct cl_error err;
	mpz_t n, ee;

	mpz_inits(n, ee, NULL);
	zset(n, dec);
	zset(ee, e);
	rsa_crack_init(&r);
	r.want_rows = rows;
	r.seconds = 20;
	if (rsa_crack_run(&r, n, ee, method, &err))
		snprintf(buf, sizeof buf, "error: %s", err.msg);
	else
		gmp_snprintf(buf, sizeof buf, "%Zd*%Zd after %llu", r.p, r.q, r.steps);
	rsa_crack_clear(&r);
	mpz_clears(n, ee, NULL);
	return buf;
}

static void
test_crack_known(void)
{
	struct rsa_crack r;
	struct cl_error err;
	mpz_t n, e;

	is_str(crack_str("3233", "17", RSA_TRIAL, false), "53*61 after 27", "trial: 3233 after 27 divisions "
	       "(2, then 3 to 53 by twos)");
	is_str(crack_str("5959", "17", RSA_FERMAT, false), "59*101 after 3", "Fermat: 5959 at the third a "
	       "[W-FERM]");
	is_str(crack_str("8051", "17", RSA_RHO, true), "83*97 after 3", "rho: 8051 at the third step [W-RHO]");
	is_str(crack_str("8051", "17", RSA_RHO, false), "83*97 after 3", "  the same without the rows");
	is_str(crack_str("299", "5", RSA_PM1, true), "13*23 after 3", "p - 1: 299 at j = 4 [PM1]");
	is_str(crack_str("299", "5", RSA_PM1, false), "13*23 after 3", "  the same without the rows");
	is_str(crack_str("90581", "17993", RSA_WIENER, false), "239*379 after 2",
	       "Wiener: 90581 at the second convergent, 1/5 [W-WIEN]");
	is_str(crack_str("3233", "17", RSA_WIENER, false), "error: Wiener's attack tried all 5 convergents "
	       "of e/n and none gave d: d is not below n^(1/4)/3 (about 3 bits here), so this attack cannot "
	       "find it", "Wiener fails on a normal d, saying why");
	is_str(crack_str("3233", "17", RSA_BEST, false), "53*61 after 1", "PARI: 3233");
	is_str(crack_str("6442", "17", RSA_RHO, false), "2*3221 after 1", "an even n: 2 at once");
	is_str(crack_str("3331", "17", RSA_TRIAL, false), "error: n = '3331' is prime, so it is no RSA "
	       "modulus: there is no p and q to find", "a prime n is refused");
	is_str(crack_str("3060", "17", RSA_BEST, false), "error: n = '3060' = 2 * 1530, and 1530 is not "
	       "prime: n is not the product of two primes, as an RSA modulus is (factor(n) gives all its "
	       "primes)", "more than two primes: said");

	/* the rows of 8051 by rho [W-RHO] */
	mpz_inits(n, e, NULL);
	zset(n, "8051");
	zset(e, "17");
	rsa_crack_init(&r);
	r.want_rows = true;
	ok(rsa_crack_run(&r, n, e, RSA_RHO, &err) == 0 && r.nrows == 3, "rho records 3 rows");
	ok(mpz_cmp_ui(r.head[0].v[1], 5) == 0 && mpz_cmp_ui(r.head[0].v[2], 26) == 0
	   && mpz_cmp_ui(r.head[1].v[1], 26) == 0 && mpz_cmp_ui(r.head[1].v[2], 7474) == 0
	   && mpz_cmp_ui(r.head[2].v[1], 677) == 0 && mpz_cmp_ui(r.head[2].v[2], 871) == 0
	   && mpz_cmp_ui(r.head[2].v[3], 97) == 0 && r.head[2].flag, "(5, 26), (26, 7474), (677, 871) -> 97");
	/* the rows of 5959 by Fermat [W-FERM] */
	zset(n, "5959");
	ok(rsa_crack_run(&r, n, e, RSA_FERMAT, &err) == 0 && r.nrows == 3
	   && mpz_cmp_ui(r.head[0].v[0], 78) == 0 && mpz_cmp_ui(r.head[0].v[1], 125) == 0
	   && mpz_cmp_ui(r.head[2].v[0], 80) == 0 && mpz_cmp_ui(r.head[2].v[1], 441) == 0
	   && mpz_cmp_ui(r.head[2].v[2], 21) == 0, "Fermat's rows: 78 -> 125, ..., 80 -> 441 = 21^2");
	/* many rows: the first and the last are kept */
	zset(n, "100160063");	/* 10007 * 10009 */
	ok(rsa_crack_run(&r, n, e, RSA_TRIAL, &err) == 0 && r.nrows == r.steps && r.nrows == 5004
	   && mpz_cmp_ui(r.head[0].v[0], 2) == 0
	   && mpz_cmp_ui(r.tail[(r.nrows - 1 - RSA_CRACK_HEAD) % RSA_CRACK_TAIL].v[0], 10007) == 0,
	   "trial on 10007 * 10009: 5004 rows, the first 2, the last 10007");

	/* limits: steps, time, Ctrl-C */
	rsa_crack_clear(&r);
	rsa_crack_init(&r);
	zset(n, "1000000016000000063");
	r.max_steps = 1000;
	ok(rsa_crack_run(&r, n, e, RSA_TRIAL, &err) < 0 && err.code == GPG_ERR_TIMEOUT && r.out_of_steps
	   && r.steps == 1000, "a step limit stops trial division at 1000");
	is_str(err.msg, "trial division gave up after 1000 divisions", "  saying so");
	r.max_steps = 0;
	r.seconds = 0.3;
	/* [GEN seed 7] two 100-bit primes */
	zset(n, "1251256175215167555075789600599311971046932327750364541553031");
	ok(rsa_crack_run(&r, n, e, RSA_RHO, &err) < 0 && err.code == GPG_ERR_TIMEOUT, "a time limit stops rho");
	ok(strstr(err.msg, "Pollard's rho gave up after 0.3 seconds and ") == err.msg, "  %s", err.msg);
	ok(rsa_crack_run(&r, n, e, RSA_PM1, &err) < 0 && strstr(err.msg, "both seem to have a prime factor above"),
	   "p - 1 gives up saying why: %s", err.msg);
	cl_interrupted = 1;
	r.seconds = 0;
	ok(rsa_crack_run(&r, n, e, RSA_BRENT, &err) < 0 && err.code == GPG_ERR_CANCELED, "Ctrl-C stops Brent");
	ok(rsa_crack_run(&r, n, e, RSA_FERMAT, &err) < 0 && err.code == GPG_ERR_CANCELED, "  and Fermat");
	ok(rsa_crack_run(&r, n, e, RSA_BEST, &err) < 0 && err.code == GPG_ERR_CANCELED, "  and PARI");
	cl_interrupted = 0;
	rsa_crack_clear(&r);
	mpz_clears(n, e, NULL);
}

/* COUNT random keys of BITS_LO..BITS_HI bits with weakness W, broken by M. */
static void
crack_random(enum rsa_method m, enum rsa_toy_weak w, unsigned long lo, unsigned long hi, int count)
{
	struct rsa_toy k, back;
	struct cl_error err;
	mpz_t e;
	int good = 0;

	rsa_toy_init(&k);
	rsa_toy_init(&back);
	mpz_init_set_ui(e, 65537);
	for (int i = 0; i < count; i++) {
		unsigned long bits = lo + (hi - lo) * (unsigned long)i / (unsigned long)(count > 1 ? count - 1 : 1);
		struct rsa_crack r;

		if (rsa_toy_random(&k, bits, e, w, &err)) {
			printf("# rsa_toy_random(%lu): %s\n", bits, err.msg);
			continue;
		}
		rsa_crack_init(&r);
		r.seconds = 60;
		if (rsa_crack_run(&r, k.n, k.e, m, &err) == 0 && rsa_toy_make(&back, r.p, r.q, k.e, &err) == 0
		    && mpz_sizeinbase(k.n, 2) == bits
		    && ((mpz_cmp(r.p, k.p) == 0 && mpz_cmp(r.q, k.q) == 0)
			|| (mpz_cmp(r.p, k.q) == 0 && mpz_cmp(r.q, k.p) == 0))
		    && mpz_cmp(back.d, k.d) == 0 && (m != RSA_WIENER || mpz_cmp(r.d, k.d) == 0))
			good++;
		else
			gmp_printf("# %s failed on n = %Zd (%lu bits): %s\n", rsa_method_name(m), k.n, bits, err.msg);
		rsa_crack_clear(&r);
	}
	ok(good == count, "%s breaks %d random keys of %lu to %lu bits, and rebuilds their d",
	   rsa_method_name(m), count, lo, hi);
	mpz_clear(e);
	rsa_toy_clear(&back);
	rsa_toy_clear(&k);
}

static void
test_crack_random(void)
{
	crack_random(RSA_TRIAL, RSA_WEAK_NONE, 16, 40, 8);
	crack_random(RSA_FERMAT, RSA_WEAK_CLOSE, 32, 1024, 8);
	crack_random(RSA_RHO, RSA_WEAK_NONE, 16, 64, 8);
	crack_random(RSA_BRENT, RSA_WEAK_NONE, 16, 72, 8);
	crack_random(RSA_PM1, RSA_WEAK_SMOOTH, 24, 256, 6);
	crack_random(RSA_WIENER, RSA_WEAK_SMALL_D, 24, 1024, 8);
	crack_random(RSA_BEST, RSA_WEAK_NONE, 16, 128, 6);
}

static void
test_random_keys(void)
{
	struct rsa_toy k;
	struct cl_error err;
	mpz_t e, t, lim;

	rsa_toy_init(&k);
	mpz_inits(e, t, lim, NULL);
	mpz_set_ui(e, 65537);
	ok(rsa_toy_random(&k, 11, e, RSA_WEAK_NONE, &err) < 0, "11 bits are refused");
	is_str(err.msg, "a random toy key can have from 12 to 4096 bits, not 11", "  saying the range");
	ok(rsa_toy_random(&k, 12, e, RSA_WEAK_NONE, &err) == 0 && mpz_sizeinbase(k.n, 2) == 12, "12 bits work");
	ok(rsa_toy_random(&k, 2048, e, RSA_WEAK_NONE, &err) == 0 && mpz_sizeinbase(k.n, 2) == 2048
	   && mpz_sizeinbase(k.p, 2) == 1024 && mpz_sizeinbase(k.q, 2) == 1024, "2048 bits: two 1024-bit primes");
	ok(rsa_toy_random(&k, 129, e, RSA_WEAK_NONE, &err) == 0 && mpz_sizeinbase(k.n, 2) == 129, "an odd size");
	ok(rsa_toy_random(&k, 256, e, RSA_WEAK_CLOSE, &err) == 0, "a key with close primes");
	mpz_sub(t, k.q, k.p);
	mpz_abs(t, t);
	ok(mpz_sizeinbase(t, 2) <= 34, "  |q - p| < 2^34 (%zu bits)", mpz_sizeinbase(t, 2));
	ok(rsa_toy_random(&k, 256, e, RSA_WEAK_SMALL_D, &err) == 0, "a key with a small d");
	/* Wiener's bound: 3*d < n^(1/4), i.e. (3d)^4 < n */
	mpz_mul_ui(t, k.d, 3);
	mpz_pow_ui(t, t, 4);
	ok(mpz_cmp(t, k.n) < 0, "  below n^(1/4)/3");
	mpz_set_ui(e, 3);
	ok(rsa_toy_random(&k, 64, e, RSA_WEAK_NONE, &err) == 0 && mpz_cmp_ui(k.e, 3) == 0, "e = 3 keys exist");
	mpz_set_ui(e, 4);
	ok(rsa_toy_random(&k, 64, e, RSA_WEAK_NONE, &err) < 0, "e = 4 is refused");
	mpz_clears(e, t, lim, NULL);
	rsa_toy_clear(&k);
}

/* The factors of DEC joined with '*' (PARI), or "error: MSG". */
static const char *
factor_str(const char *dec, double seconds)
{
	mpz_t n, *f;
	size_t nf, len = 0;
	struct cl_error err;

	mpz_init(n);
	zset(n, dec);
	if (pari_factor(&f, &nf, n, seconds, &err)) {
		snprintf(buf, sizeof buf, "error: %s", err.msg);
		mpz_clear(n);
		return buf;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < nf; i++)
		len += gmp_snprintf(buf + len, sizeof buf - len, "%s%Zd", i ? "*" : "", f[i]);
	bigint_factors_free(f, nf);
	mpz_clear(n);
	return buf;
}

static void
test_pari_factor(void)
{
	const char *s;

	is_str(factor_str("8051", 10), "83*97", "factor(8051) = 83*97 (Pollard's own example)");
	is_str(factor_str("1", 10), "", "factor(1) = []");
	is_str(factor_str("2", 10), "2", "factor(2) = [2]");
	is_str(factor_str("360", 10), "2*2*2*3*3*5", "factor(360)");
	is_str(factor_str("561", 10), "3*11*17", "factor(561) [CARM]");
	is_str(factor_str("3233", 10), "53*61", "factor(3233) = 53*61 [W-RSA]");
	is_str(factor_str("937991847617075921", 10), "921773491*1017594731",
	       "factor of a 60-bit semiprime [GEN seed 7]");
	is_str(factor_str("563522288806256991029479", 30), "620968992337*907488611767",
	       "factor of an 80-bit semiprime [GEN seed 20240601]");
	is_str(factor_str("3825123056546413051", 10), "149491*747451*34233211",
	       "factor of a strong pseudoprime [A014233]");
	is_str(factor_str("100395643616693269985208257370193032409", 10),
	       "10019762652712551653*10019762652712551653", "factor of p^2, p of 64 bits [GEN seed 7]");
	is_str(factor_str("12071286244866990145807391730741591762008451202081386264924", 10),
	       "2*2*3*10019762652712551653*10019762652712551653*10019762652712551653",
	       "factor of 12*p^3 [GEN seed 7]");
	is_str(factor_str("2305843009213693951", 10), "2305843009213693951", "factor of 2^61-1 [MERS]");
	/* [GEN seed 7] two 100-bit primes: seconds for PARI, out of reach for rho */
	is_str(factor_str("1251256175215167555075789600599311971046932327750364541553031", 60),
	       "1067886449361246558825545705573*1171712756504779239741475130747",
	       "factor of a 200-bit semiprime [GEN seed 7; gp: factorint]");
	is_str(factor_str("0", 10), "error: '0' has no factorisation: every number divides it", "factor(0)");
	is_str(factor_str("-12", 10), "error: '-12' is negative; factor the number without its sign "
	       "(its sign is the factor -1)", "factor(-12)");

	/* nextprime(2^200) * nextprime(2^201): beyond PARI in half a second */
	s = factor_str("5164499756173817179311838344006023748659411585658447025662638009215631875049902340137102801056946391529702016863277498933", 0.5);
	ok(strstr(s, "error: gave up after 0.5 seconds: '516449975617...") == s
	   && strstr(s, "has 402 bits, and PARI (ECM and the quadratic sieve) found no factor in that time; "
		     "seconds= allows more"), "factor gives up after 0.5 s, saying so");
	printf("# %s\n", s);
	cl_interrupted = 1;
	is_str(factor_str("1251256175215167555075789600599311971046932327750364541553031", 10),
	       "error: interrupted", "Ctrl-C stops factor");
	cl_interrupted = 0;
}

int
main(void)
{
	if (core_init(NULL))
		skip_all("libgcrypt did not start");
	test_worked_example();
	test_refusals();
	test_text_and_roots();
	test_crack_known();
	test_random_keys();
	test_crack_random();
	test_pari_factor();
	done_testing();
}
