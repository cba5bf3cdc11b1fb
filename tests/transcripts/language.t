# The language itself: operators and precedence, literals, errors with their column.
# Values checked by hand and with python3 (pow(7, 2**4000, 1009) == 142, pow(3, -1, 7) == 5).

> 1 + 2 * 3
7
> (1 + 2) * 3
9
> 2 ^ 10
1024
> 2 ^ 3 ^ 2
512
> -2 ^ 2
-4
> -7 / 2
-4
> -7 % 2
1
> 7 / 0
!   ^
! error: division by zero
> 7 mod 0
!   ^
! error: modulo zero is undefined (the modulus must not be 0)
> 10 mod -3
1
> 7 ^ (2 ^ 4000) mod 1009
142
> 3 ^ -1 mod 7
5
> 2 ^ -1 mod 4
!   ^
! error: '2' ^ '-1' mod '4' needs an inverse of '2' modulo '4', and there is none (their gcd is 2)
> 2 ^ -1
!   ^
! error: '2' ^ '-1' is a fraction, not an integer; with a modulus, a ^ -k mod m is the inverse of a ^ k
> 2 ^ 4000000
!   ^
! error: '2' ^ '4000000' would have about 4000000 bits, over the limit of 1048576 bits; to compute modulo m write a ^ b mod m
> x = 5
> x
5
> _
5
> _ + 1
6
> y = x * 2; y
10
> 1 < 2 and 2 < 3
true
> not true or false
false
> 1 == 1 and "a" == "a"
true
> 1 < "a"
!   ^
! error: cannot compare an integer with text using '<'
> "fluffy" + " " + "tail"
fluffy tail
> "tab\there"
tab	here
> "a" + 1
! ^
! error: '+' works on integers, not text
> hex"00 ff 10"
hex"00ff10"
> hex"0g"
!      ^
! error: 'g' is not a hex digit
> hex"abc"
!        ^
! error: hex digits come in pairs: one is missing
> [1, 2, [3, "x"]]
[1, 2, [3, "x"]]
> [1, 2, 3][5]
!           ^
! error: index '5' is out of range: there are 3 items (the first is [0], the last [-1])
> [1, 2, 3][-3]
1
> "abc"[0]
!      ^
! error: text cannot be indexed (only lists and bytes can)
> true and 1
!          ^
! error: expected true or false here, not an integer
> 1 + * 2
!     ^
! error: expected a value, found '*'
> (1 + 2
!       ^
! error: expected ')' to close '(', found the end of the input
> 1 2
!   ^
! error: found a number after the end of the expression: is an operator missing?
> x = = 3
!     ^
! error: expected a value, found '='
> 3 = x
!   ^
! error: only a name can be assigned to (write '==' to compare)
> "unterminated
! ^
! error: this string is not closed: a '"' is missing
> 12ab
! ^
! error: '12ab' is not a number
> 2 ** 3
!   ^
! error: '**' is not an operator here: write '^' for a power
> !x
! ^
! error: '!' is not an operator here: write 'not'
> 1 @ 2
!   ^
! error: unexpected character '@'
> clock = 4
! ^
! error: 'clock' is the name of a namespace; choose another name
> _ = 4
! ^
! error: '_' holds the last result and cannot be assigned
> clock.date(time=0)
1970-01-01 00:00:00 UTC
> clock.date(when=0)
! ^
! error: clock.date has no parameter 'when' (type 'help clock.date')
> clock.date(0, time=0)
! ^
! error: clock.date: 'time' was given twice
> clock.date("now")
! ^
! error: clock.date: 'time' must be an integer, not text
> clock.advance()
! ^
! error: clock.advance needs the argument 'seconds' (type 'help clock.advance')
> clock.nope
!       ^
! error: 'clock' has no member 'nope' (did you mean 'now'?)
> x.y
!   ^
! error: an integer has no fields (asked for '.y')
> clock
namespace clock: now advance date timer (type 'help clock')
> vars
x = 5
y = 10
> "\q"
!  ^
! error: unknown escape '\q' in a string
> 0x
! ^
! error: '0x' is not a number
> help nothing_here
! error: no help for 'nothing_here' (type 'help' for the list)
> help language
The cryptolab language

  Statements are `name = expr`, an expression (its value is printed), or a shell
  command typed alone at the start of a line (`help`, `lessons`, `quit`...).
  Separate statements with a newline or `;`. A `#` starts a comment.

  Values: integers of any size (`123`, `0x1f`, `0b1011`), text (`"fluffy tail"`,
  with C escapes like `\n` and `\x41`), bytes (`hex"deadbeef"`), `true` and
  `false`, lists (`[1, 2, 3]`, indexed from 0: `xs[0]`, `xs[-1]`), and objects
  with fields (`k.n`).

  Operators, loosest first: `or`; `and`; `not`; `== != < <= > >=`; `mod`; `+ -`;
  `* / %`; unary `-`; `^` (power, right-associative). `/` is floor division and
  `%` is never negative, as in mathematics: `-7 / 2` is -4 and `-7 % 2` is 1.

  `a ^ b mod m` is modular exponentiation computed by square-and-multiply, so
  `7 ^ (2 ^ 4000) mod 1009` answers at once: a power under `mod` is never built
  in full. `a + b mod m` means `(a + b) mod m`. A plain power is refused when
  its result would have more than 1048576 bits.

  Calls take positional and keyword arguments: `factor(8051, seconds=2)`. `_` is
  the last result. Builtins live in namespaces: type `fernet.` and press TAB to
  list one.
> vars 3
! error: 'vars' takes nothing after it (found '3')
> quit now
! error: 'quit' takes nothing after it (found 'now')
