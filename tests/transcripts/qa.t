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
