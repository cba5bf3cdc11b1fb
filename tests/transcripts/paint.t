# Paint: whole parts, the colour model, the named paints of the classic figure,
# hex colours, the story, Eve and Mallory, and bad input.
# Known answers: the L*a*b* and hex values of the CSS colours are the W3C's; the
# figure's names are recipes, so their colours are what the model makes of them
# (tests/unit/test-paint.c checks the model: each pigment shows its own colour,
# yellow + blue is green, mixing is commutative and associative).
# Without colour (a pipe), each paint shows by its name and hex code.

# mixing adds parts: the order and the grouping never matter
> y = paint.named("yellow")
> b = paint.named("blue")
> g = paint.mix(y, b)
> g
≈ green #3e905f  (1 yellow + 1 blue)
> g == paint.mix(b, y)
true
> g.recipe
1 yellow + 1 blue
> [g.hex]
["#3e905f"]
#3e905f
> g.rgb
[62, 144, 95]
> g.name
green
> g.parts
2
> paint.mix(paint.mix("yellow", "blue"), "white") == paint.mix("yellow", paint.mix("blue", "white"))
true
> paint.mix(paint.times("yellow", 2), paint.times("blue", 2))
≈ green #3e905f  (2 yellow + 2 blue)
> paint.mix(paint.times("yellow", 2), paint.times("blue", 2)) == g
true
> paint.mix("yellow", "white")
≈ yellow #ffe241  (1 yellow + 1 white)
> paint.mix("red", "yellow", "white", "white")
≈ tomato #e05644  (1 yellow + 1 red + 2 white)

# the classic figure
> common = paint.named("light yellow")
> alice = paint.named("orange-red")
> bob = paint.named("blue-green")
> A = paint.mix(common, alice)
> B = paint.mix(common, bob)
> A
orange-tan #fb6c3a  (1 light yellow + 1 orange-red)
> B
light blue #43b0c2  (1 light yellow + 1 blue-green)
> paint.mix(B, alice)
yellow-brown #8c7651  (1 light yellow + 1 orange-red + 1 blue-green)
> paint.mix(A, bob)
yellow-brown #8c7651  (1 light yellow + 1 orange-red + 1 blue-green)
> paint.mix(B, alice) == paint.mix(A, bob)
true
> paint.compare(paint.mix(B, alice), paint.mix(A, bob))
  yellow-brown #8c7651  (1 light yellow + 1 orange-red + 1 blue-green)
  yellow-brown #8c7651  (1 light yellow + 1 orange-red + 1 blue-green)
the same paint: the same pigments in the same proportions, so the same colour
true
> paint.compare(paint.mix(A, B), paint.mix(A, bob))
  ≈ yellow-brown #97815b  (2 light yellow + 1 orange-red + 1 blue-green)
  yellow-brown #8c7651  (1 light yellow + 1 orange-red + 1 blue-green)
different colours: a difference of 4.3 (CIE76; about 2.3 is just visible side by
side)
false
> [paint.unmix(A, B, common).hex, paint.unmix(A, B, common).recipe]
["#8c7651", "1 #8c7651"]
#8c7651
> paint.unmix(A, B, common).hex == paint.mix(A, bob).hex
true

# hex colours, and names however they are written
> [paint.rgb("#1e90ff").recipe]
["1 #1e90ff"]
#1e90ff
> paint.rgb("#1E90FF").name
dodgerblue
> [paint.rgb("#fa0").hex]
["#ffaa00"]
#ffaa00
> paint.rgb(30, 144, 255) == paint.rgb("#1e90ff")
true
> paint.mix("#1e90ff", "yellow")
≈ mediumseagreen #60a55e  (1 yellow + 1 #1e90ff)
> paint.named("Light_Blue")
light blue #43b0c2  (1 light yellow + 1 blue-green)
> paint.named("  orange tan ")
orange-tan #fb6c3a  (1 light yellow + 1 orange-red)

# the story, Eve and Mallory
> paint.story()
  Alice                    | public channel: Eve      | Bob
1 agree on a common paint, in public
                           | light yellow #fffac8     |
2 each picks a secret colour, and keeps it
  orange-red #f25022       |                          | blue-green #0d98ba
3 each mixes it into the common paint, and sends that
  orange-tan #fb6c3a       | orange-tan #fb6c3a ->    |
                           | <- light blue #43b0c2    | light blue #43b0c2
4 each mixes their secret into what arrived
  light blue #43b0c2       |                          | orange-tan #fb6c3a
  + orange-red #f25022     |                          | + blue-green #0d98ba
  = yellow-brown #8c7651   |                          | = yellow-brown #8c7651
Both hold it: the same paint, 1 light yellow + 1 orange-red + 1 blue-green, so
the same colour. Eve saw only the common paint and the two mixtures; the shared
paint never crossed the channel.
> paint.eve()
Eve copies everything on the channel: the common paint and both mixtures.
  light yellow #fffac8     | orange-tan #fb6c3a       | light blue #43b0c2
1 she mixes the two public paints
  her pot: 2 light yellow + 1 orange-red + 1 blue-green
  hers     ≈ yellow-brown #97815b
  shared   yellow-brown #8c7651
Close, but not it (a difference of 4.3; about 2.3 is just visible): her pot
holds the common paint twice, and paint cannot be taken out of a pot. This is
what the analogy hopes.
2 she unmixes, with a spectrophotometer and arithmetic
In the Kubelka-Munk model a pot's K/S (absorption over scattering, at each
wavelength) is the parts-weighted average of its pigments': pots add up
linearly. So she measures the three spectra and computes, wavelength by
wavelength,
  3 K/S(shared) = 2 K/S(Alice's) + 2 K/S(Bob's) - 1 K/S(common)
  hers     #8c7651
  shared   yellow-brown #8c7651
The same colour, exactly: mixing paint is easy to undo once it is measured,
because it is linear.
Diffie-Hellman needs a mixing that cannot be undone: g^a mod p. Going from a to
g^a mod p is quick; going back, the discrete logarithm, has no fast method known
when p is large.
> paint.mallory()
Eve only listens. Mallory sits on the channel: she keeps what each side sends,
and sends her own mixture instead.
  Alice                    | Mallory, in the middle   | Bob
1 secrets: Mallory has one too
  orange-red #f25022       | purple #7b2d8b           | blue-green #0d98ba
2 Mallory keeps both mixtures, and sends hers to each side
  orange-tan #fb6c3a       | orange-tan #fb6c3a ->    |
                           | <- light blue #43b0c2    | light blue #43b0c2
  ≈ purple #904a98         | <- ≈ purple #904a98 ->   | ≈ purple #904a98
3 each side adds its secret; Mallory makes both results
  = ≈ indianred #9e5051    | = ≈ indianred #9e5051    |
                           | = darkslateblue #6c5c9e  | = darkslateblue #6c5c9e
Alice's paint is exactly Mallory's copy of it, and so is Bob's: each shares a
colour with Mallory, not with the other (the two differ by 49.1). Mallory can
read every message, and pass it on re-encrypted, changed or not.
What gives her away: Alice and Bob comparing their colours another way (on the
phone, in person), or each mixture carrying a signature from someone both trust.
That is what RSA signatures and certificates are for.
> paint.story(common="white", alice="red", bob="blue")
  Alice                    | public channel: Eve      | Bob
1 agree on a common paint, in public
                           | white #ffffff            |
2 each picks a secret colour, and keeps it
  red #c8102e              |                          | blue #2a6fdb
3 each mixes it into the common paint, and sends that
  ≈ red #d63543            | ≈ red #d63543 ->         |
                           | <- cornflowerbl~ #428be6 | cornflowerblue #428be6
4 each mixes their secret into what arrived
  cornflowerblue #428be6   |                          | ≈ red #d63543
  + red #c8102e            |                          | + blue #2a6fdb
  = ≈ dimgray #754d54      |                          | = ≈ dimgray #754d54
Both hold it: the same paint, 1 blue + 1 red + 1 white, so the same colour. Eve
saw only the common paint and the two mixtures; the shared paint never crossed
the channel.

# bad input
> paint.named("yelow")
! ^
! error: there is no paint 'yelow'; did you mean 'yellow'? (paint.names() lists them)
> paint.mix("yellow", "purpel")
! ^
! error: there is no paint 'purpel'; did you mean 'purple'? (paint.names() lists them)
> paint.named("zzzzzz")
! ^
! error: there is no paint 'zzzzzz' (paint.names() lists them; any colour '#rrggbb' will do too)
> paint.rgb("#12345")
! ^
! error: '#12345' is not a colour: write # and 6 hex digits, like '#1e90ff' (or 3, like '#fa0')
> paint.rgb("1e90ff")
! ^
! error: '1e90ff' is not a colour: write # and 6 hex digits, like '#1e90ff' (or 3, like '#fa0')
> paint.rgb("#gg0000")
! ^
! error: '#gg0000' is not a colour: write # and 6 hex digits, like '#1e90ff' (or 3, like '#fa0')
> paint.rgb(1, 2)
! ^
! error: paint.rgb takes three numbers, red, green and blue, from 0 to 255 (or a colour "#rrggbb")
> paint.rgb(256, 0, 0)
! ^
! error: paint.rgb: 'r' must be from 0 to 255, not '256'
> paint.rgb("#fff", 2, 3)
! ^
! error: paint.rgb takes a colour "#rrggbb", or three numbers from 0 to 255, not both
> paint.times("blue", 0)
! ^
! error: paint.times: 'n' must be from 1 to 1000, not '0'
> paint.times("blue", 1001)
! ^
! error: paint.times: 'n' must be from 1 to 1000, not '1001'
> paint.times(paint.times("blue", 1000), 1000)
blue #2a6fdb  (1000000 blue)
> paint.mix(42, "blue")
! ^
! error: paint.mix: 'a' must be a paint, not an integer
> paint.unmix("yellow", "blue", paint.times("white", 5))
! ^
! error: the two mixtures together must hold more paint than the common paint: each is the common paint plus a secret
> g.colour
!   ^
! error: a paint has no field 'colour' (it has 'name', 'hex', 'rgb', 'recipe' and 'parts')
