# Messages a QA pass through the course found wanting, each as a student met it.
#! seed 1
#! now 1700000000
# fernet's rotation step: the swapped arguments of fernet.rotate, whose
# first parameter is plural ("the keys comes first")
> m = fernet.multi([fernet.keygen(), fernet.keygen()])
> t = fernet.encrypt(m, "fluffy tail")
> fernet.rotate(t, m)
! ^
! error: fernet.rotate: the arguments are the wrong way round: first the keys, then the token (type 'help fernet.rotate')
# dh.crack without a time limit on a group too big for baby-step giant-step's
# table: the refusal does not send the student to seconds=, which only meets
# the memory limit next
> G = dh.group(bits=80)
> dh.crack(G, G.g ^ 12345 mod G.p, method="bsgs")
! ^
! error: baby-step giant-step needs about 2^40 steps here (the square root of q, q having 79 bits): even at a billion steps a second that is 14 minutes, and it would keep 2^40 baby steps in memory, more than the 2^21 kept here: method="rho" needs no memory
# cert.verify with an empty host= was told about the subjectAltName, which it
# was not making
> k = ec.keygen(); ca = cert.ca(k, "CN=x")
> cert.verify(ca, ca=ca, host="")
! ^
! error: cert.verify: host= is empty: give the name or address to check, such as "localhost" or "127.0.0.1" (or leave host= out)
# vars shows each object by the first line of its summary (not "<paint>"),
# and a long value by its start and its length (not "..." alone)
> p = paint.named("red"); T = dh.group("toy"); tk = rsa.toy(61, 53, e=17)
> big = 2 ^ 300; txt = "0123456789012345678901234567890123456789012345678901234567890123456789"
> vars
m = fernet key list of 2 keys: encrypts with the first, decry...
t = "gAAAAABlU_EASsnIPyQE4gv-5hCr41yoKyk6usg5"... (100 characters)
G = dh group safe-80
k = ECDSA P-256 private key, 256 bits
ca = CA certificate for CN=x
p = red #c8102e
T = dh group toy (the classic worked example: p = 23, g = 5)
tk = toy RSA key, n of 12 bits
big = 20370359763344860862684456884093781610514683936659... (91 digits)
txt = "0123456789012345678901234567890123456789"... (70 characters)
