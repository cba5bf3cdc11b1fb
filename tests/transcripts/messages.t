# Messages and numbers: int, text, bytes, hex, len, sha256, env.
# Where the numbers come from: Python 3's int.from_bytes(..., "big") and
# int.to_bytes; SHA-256 of "abc" and of "" are the FIPS 180-2 / NIST examples,
# SHA-256 of "é" (UTF-8 c3 a9) is from Python's hashlib.

# a message becomes a number: its bytes, big-endian
> int("hi")
26729
> 104 * 256 + 105
26729
> int("hello")
448378203247
> int("héllo wörld")
8300283298878004312162671160420
> int("")
0
> int(hex"0001")
1
> int(42)
42
> int("42")
13362
> int(true)
! ^
! error: int: 'x' must be an integer or text or bytes, not a boolean

# and back
> text(448378203247)
hello
> text(int("héllo wörld"))
héllo wörld
> text(0)

> text(hex"6869")
hi
> text("already text")
already text
> text(255)
! ^
! error: the bytes of this number are not UTF-8 text (byte 1 of 1 is 0xff); bytes(x) shows them as they are
> text(hex"68ff69")
! ^
! error: these bytes are not UTF-8 text (byte 2 of 3 is 0xff); bytes(x) shows them as they are
> text(-1)
! ^
! error: '-1' is negative; only numbers from 0 up have bytes

# bytes
> bytes(26729)
hex"6869"
> bytes(26729, 4)
hex"00006869"
> bytes(26729, size=2)
hex"6869"
> bytes(26729, 1)
! ^
! error: '26729' needs 2 bytes, more than 1
> bytes(0)
hex""
> bytes(-5)
! ^
! error: '-5' is negative; only numbers from 0 up have bytes
> bytes("é")
hex"c3a9"
> bytes(hex"00ff")
hex"00ff"
> bytes("hi", 4)
! ^
! error: bytes: 'size' is for numbers; text and bytes keep their length
> int(bytes(2^200)) == 2^200
true

# RSA on a message, with the toy key of Wikipedia (n = 3233 holds one byte at a time)
> m = int("A")
> m
65
> c = m ^ 17 mod 3233
> text(c ^ 2753 mod 3233)
A

# hex
> hex(255)
0xff
> hex("hi")
6869
> hex(hex"00ff10")
00ff10
> hex("")

> hex(int("hi"))
0x6869

# lengths: characters of text, bytes of bytes, items of lists
> len("hello")
5
> len("héllo")
5
> len(bytes("héllo"))
6
> len(hex"00ff")
2
> len([1, 2, [3, 4]])
3
> len([])
0
> len("")
0
> len(12345)
! ^
! error: len: 'x' must be text or bytes or a list, not an integer

# hashes
> sha256("abc")
hex"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
> sha256("")
hex"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
> sha256("é") == sha256(hex"c3a9")
true
> hex(sha256("é"))
4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c
> len(sha256("a much longer message than thirty-two bytes, hashed all the same"))
32
> sha256(5)
! ^
! error: sha256: 'data' must be text or bytes, not an integer

# the environment
> len(env("PATH")) > 0
true
> env("CRYPTOLAB_TEST_SURELY_UNSET")
! ^
! error: the environment variable 'CRYPTOLAB_TEST_SURELY_UNSET' is not set (set it in the shell before starting cryptolab: export CRYPTOLAB_TEST_SURELY_UNSET=...)
> env("")
! ^
! error: "" is not the name of an environment variable (a name is not empty and has no NUL byte and no '=')
> env("A=B")
! ^
! error: "A=B" is not the name of an environment variable (a name is not empty and has no NUL byte and no '=')
> env("A\0B")
! ^
! error: "A\x00B" is not the name of an environment variable (a name is not empty and has no NUL byte and no '=')
