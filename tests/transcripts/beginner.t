# The messages a beginner meets in the first ten minutes: each says what to
# do (issue: lessons that a class can trust). Typed as at the prompt.
#! seed 1
> 'fluffy tail'
! ^
! error: text is written in double quotes: "fluffy tail"
> k = fernet.keygen()
> fernet.encrypt(k, fluffy tail)
!                          ^
! error: 'fluffy tail' are words, not a value: text is written in double quotes, "fluffy tail"
> x = hello world
!           ^
! error: 'hello world' are words, not a value: text is written in double quotes, "hello world"
> fernet.encrypt(k, hello)
!                   ^
! error: unknown name 'hello' (if it is text, write it in double quotes: "hello")
> GCD(1071, 462)
! ^
! error: unknown name 'GCD' (did you mean 'gcd'?)
> exit
! ^
! error: to leave cryptolab, type quit (or press Ctrl-D)
> exit()
! ^
! error: to leave cryptolab, type quit (or press Ctrl-D)
> quit()
! error: 'quit' is a shell command, not a function: type it without parentheses (quit)
> > 2 + 3 * 4
! ^
! error: leave out the '>' at the start: it only shows what was typed at the prompt
> fernet.encrypt("fluffy tail", k)
! ^
! error: fernet.encrypt: the arguments are the wrong way round: first the key, then the data (type 'help fernet.encrypt')
> t = fernet.encrypt(k, "fluffy tail")
> fernet.decrypt(t, k)
! ^
! error: fernet.decrypt: the arguments are the wrong way round: first the key, then the token (type 'help fernet.decrypt')
> k2 = fernet.keygen
! note: 'k2' is now the builtin fernet.keygen itself, not a value it gives: to call it, write k2 = fernet.keygen()
> clock.now(1)
! ^
! error: clock.now takes 0 arguments, but 1 was given (type 'help clock.now')
> gcd(1, 2, 3)
! ^
! error: gcd takes 2 arguments, but 3 were given (type 'help gcd')
