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
