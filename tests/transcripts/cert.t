# Certificates in the shell: a CA, a request, signing, the summary and the
# fields, cert.show and cert.der, explain=true, cert.verify's verdicts for
# the broken-certificate lab, the clock that ages certificates, save/load
# (files named cert-t-* in the build directory), PEM text where a
# certificate is wanted, and the refusals.
# Known answers: the seeded keys and certificates are cryptolab's own; the
# interop test (tests/interop/cert-openssl.test) checks that openssl reads
# the same kind of certificates and gives the same verdicts, and test-x509
# checks the DER tree against openssl asn1parse. The request
# tests/vectors/x509/ca-wish.csr was made by openssl (its README).
#! seed 1
#! now 1700000000

> cakey = ec.keygen("p256")
> ca = cert.ca(cakey, "CN=Classroom Root CA,O=Example School,C=FR", explain=true)
the same with openssl:
  $ openssl req -x509 -new -key ca-key.pem -subj '/C=FR/O=Example School/CN=Classroom Root CA' -days 3650 -sha256 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign -out ca.pem
> ca
CA certificate for CN=Classroom Root CA,O=Example School,C=FR
  issued by  itself (self-signed)
  valid      2023-11-14 22:13:20 UTC to 2033-11-11 22:13:20 UTC (3650 days left)
  CA         yes: it may sign certificates
  key        ECDSA P-256, 256 bits
  SHA-256    a9588a0033ed8e77fc3367a2a9d059d23172ab10ca1b8406801dfadb738ad545
> ca.subject
CN=Classroom Root CA,O=Example School,C=FR
> ca.issuer == ca.subject
true
> ca.is_ca
true
> ca.pathlen
> ca.self_signed
true
> ca.not_after - ca.not_before == 3650 * 86400
true
> clock.date(ca.not_before)
2023-11-14 22:13:20 UTC
> ca.days_left
3650
> len(ca.fingerprint)
32
> ca.public.fingerprint == cakey.fingerprint
true
> bits(ca.serial) <= 127
true
> ca.signature_algorithm
ECDSA-SHA256
> key = ec.keygen("p256")
> req = cert.csr(key, "CN=localhost", san=["localhost", "127.0.0.1", "::1"], explain=true)
the same with openssl:
  $ openssl req -new -key key.pem -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1 -out request.csr
> req
certificate request for CN=localhost
  names      localhost, 127.0.0.1, ::1
  key        ECDSA P-256, 256 bits
  signature  valid: its sender holds the private key
> req.san
["localhost", "127.0.0.1", "::1"]
> req.signature_ok
true
> req.public.fingerprint == key.fingerprint
true
> cert.csr(key, "CN=www.example.org").san
["www.example.org"]
> cert.csr(key, "CN=My Server").san
[]
> cert.csr(key, "CN=localhost", san=[]).san
[]
> server = cert.sign(ca, cakey, req, explain=true)
the same with openssl:
  $ printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' > server.ext
  $ openssl x509 -req -in request.csr -CA ca.pem -CAkey ca-key.pem -days 90 -sha256 -extfile server.ext -out server.pem
> server
certificate for CN=localhost
  issued by  CN=Classroom Root CA,O=Example School,C=FR
  valid      2023-11-14 22:13:20 UTC to 2024-02-12 22:13:20 UTC (90 days left)
  names      localhost, 127.0.0.1, ::1
  CA         no (for a TLS server)
  key        ECDSA P-256, 256 bits
  SHA-256    753ac63c877fe5b8e814339f39e54991bf0aa8f5c757bc9f04ffa656125b16c6
> server.issuer == ca.subject
true
> server.san
["localhost", "127.0.0.1", "::1"]
> server.is_ca
false
> server.days_left
90
> cert.verify(server, ca=ca, host="localhost", explain=true)
the same with openssl:
  $ openssl verify -CAfile ca.pem -purpose sslserver -verify_hostname localhost -attime 1700000000 server.pem
  $ curl --cacert ca.pem https://localhost:8443/
✓ trusted: CN=localhost
  chain      CN=localhost ← CN=Classroom Root CA,O=Example School,C=FR (trusted)
  checked    every signature, the dates on 2023-11-14 22:13:20 UTC, the CA
             flags, the usage (a TLS server) and the name 'localhost'
             (DNS:localhost)
  openssl    OK
  curl       connects (curl --cacert ca.pem https://localhost:8443/)
  browser    the padlock (once the CA is installed in the browser)
> cert.verify(server, ca=ca, host="::1").ok
true
> cert.show(server)
Certificate (X.509 v3, 510 bytes of DER)
  Serial number         3a:39:cc:fa:1e:e1:53:c7:6f:83:79:77:cb:9c:f0:8a
      chosen at random by the CA; with the CA's name it names this certificate
      (a list of revoked certificates lists serial numbers).
  Signature algorithm   ECDSA-SHA256
      how the CA signed: a SHA-256 hash of the fields, signed with its ECDSA key
  Issuer                CN=Classroom Root CA,O=Example School,C=FR
      who vouches for this certificate: the CA whose key signed it.
  Validity              2023-11-14 22:13:20 UTC to 2024-02-12 22:13:20 UTC
      outside these dates every client refuses it. Now (the session clock): 90
      days left.
  Subject               CN=localhost
      whom it is about. For a website the names that count are the
      subjectAltName below.
  Public key            ECDSA P-256, 256 bits
      the key the subject proves it holds: a TLS server signs each handshake
      with the private half.
  Extensions
    Subject alt. names  DNS:localhost, IP:127.0.0.1, IP:::1
        the names it is valid for: a client compares the name it connected to
        (the address bar) with these. Browsers look only here, never at the CN.
    Subject key id      ce:d8:41:5a:40:b9:3a:44:06:5f:88:e4:4a:3f:09:e8:1a:3f:00:b1
        a short name for this key (SHA-1 of it): what it signs carries it as its
        authority key id.
    Basic constraints (critical)  CA:FALSE
        not a CA: it may not sign other certificates. Without this, any website
        could issue certificates for any other.
    Key usage (critical)  digitalSignature
        what the key may do: sign, which is what a server does in every TLS
        handshake to prove it holds the key.
    Extended key usage  serverAuth
        what the certificate is for: serverAuth for a TLS server, clientAuth for
        a TLS client. A server certificate used as a client's is refused.
    Authority key id    6d:0d:e9:71:a2:49:66:fd:ff:b3:47:f4:42:45:c8:21:9a:d1:c2:98
        the key id of the CA that signed it: which CA certificate a verifier
        looks for next.
  Signature             72 bytes
      the issuer's signature over everything above: change one bit and it no
      longer verifies.
  SHA-256 fingerprint
    75:3a:c6:3c:87:7f:e5:b8:e8:14:33:9f:39:e5:49:91
    bf:0a:a8:f5:c7:57:bc:9f:04:ff:a6:56:12:5b:16:c6
    a hash of the whole certificate: how people compare certificates (a browser
    shows it in the certificate viewer).
> cert.der(server)
certificate, 510 bytes of DER: each element is a tag, a length and its content
 offset  element
      0  SEQUENCE {506 bytes}                       Certificate
      4    SEQUENCE {415 bytes}                     tbsCertificate: the part the CA signs
      8      [0] {3 bytes}                          version
     10        INTEGER 2                            0 = v1, 1 = v2, 2 = v3
     13      INTEGER 3a:39:cc:fa:1e:e1:53:c7:6f:83:79:77:cb:9c:f0:8a  serialNumber
     31      SEQUENCE {10 bytes}                    signature: the algorithm, again
     33        OBJECT IDENTIFIER 1.2.840.10045.4.3.2 (ecdsa-with-SHA256)  algorithm
     43      SEQUENCE {66 bytes}                    issuer
     45        SET {11 bytes}
     47          SEQUENCE {9 bytes}
     49            OBJECT IDENTIFIER 2.5.4.6 (countryName)
     54            PrintableString "FR"
     58        SET {23 bytes}
     60          SEQUENCE {21 bytes}
     62            OBJECT IDENTIFIER 2.5.4.10 (organizationName)
     67            PrintableString "Example School"
     83        SET {26 bytes}
     85          SEQUENCE {24 bytes}
     87            OBJECT IDENTIFIER 2.5.4.3 (commonName)
     92            PrintableString "Classroom Root CA"
    111      SEQUENCE {30 bytes}                    validity
    113        UTCTime 2023-11-14 22:13:20 UTC      notBefore
    128        UTCTime 2024-02-12 22:13:20 UTC      notAfter
    143      SEQUENCE {20 bytes}                    subject
    145        SET {18 bytes}
    147          SEQUENCE {16 bytes}
    149            OBJECT IDENTIFIER 2.5.4.3 (commonName)
    154            PrintableString "localhost"
    165      SEQUENCE {89 bytes}                    subjectPublicKeyInfo
    167        SEQUENCE {19 bytes}                  algorithm
    169          OBJECT IDENTIFIER 1.2.840.10045.2.1 (id-ecPublicKey)  algorithm
    178          OBJECT IDENTIFIER 1.2.840.10045.3.1.7 (prime256v1 (P-256))  parameters
    188        BIT STRING 04:7e:32:fc:3a:9f:03:df:74:1f:51:2b:0a:a8:4c:78... (65 bytes)  subjectPublicKey
    256      [3] {164 bytes}                        extensions
    259        SEQUENCE {161 bytes}                 Extensions
    262          SEQUENCE {44 bytes}                Extension
    264            OBJECT IDENTIFIER 2.5.29.17 (subjectAltName)  extnID
    269            OCTET STRING {37 bytes, holding DER}  extnValue
    271              SEQUENCE {35 bytes}
    273                [2] "localhost"
    284                [7] 7f:00:00:01
    290                [7] 00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:01
    308          SEQUENCE {29 bytes}                Extension
    310            OBJECT IDENTIFIER 2.5.29.14 (subjectKeyIdentifier)  extnID
    315            OCTET STRING {22 bytes, holding DER}  extnValue
    317              OCTET STRING ce:d8:41:5a:40:b9:3a:44:06:5f:88:e4:4a:3f:09:e8... (20 bytes)
    339          SEQUENCE {12 bytes}                Extension
    341            OBJECT IDENTIFIER 2.5.29.19 (basicConstraints)  extnID
    346            BOOLEAN TRUE                     critical
    349            OCTET STRING {2 bytes, holding DER}  extnValue
    351              SEQUENCE {0 bytes}
    353          SEQUENCE {14 bytes}                Extension
    355            OBJECT IDENTIFIER 2.5.29.15 (keyUsage)  extnID
    360            BOOLEAN TRUE                     critical
    363            OCTET STRING {4 bytes, holding DER}  extnValue
    365              BIT STRING 1 bits: 80
    369          SEQUENCE {19 bytes}                Extension
    371            OBJECT IDENTIFIER 2.5.29.37 (extendedKeyUsage)  extnID
    376            OCTET STRING {12 bytes, holding DER}  extnValue
    378              SEQUENCE {10 bytes}
    380                OBJECT IDENTIFIER 1.3.6.1.5.5.7.3.1 (serverAuth)
    390          SEQUENCE {31 bytes}                Extension
    392            OBJECT IDENTIFIER 2.5.29.35 (authorityKeyIdentifier)  extnID
    397            OCTET STRING {24 bytes, holding DER}  extnValue
    399              SEQUENCE {22 bytes}
    401                [0] 6d:0d:e9:71:a2:49:66:fd:ff:b3:47:f4:42:45:c8:21... (20 bytes)
    423    SEQUENCE {10 bytes}                      signatureAlgorithm
    425      OBJECT IDENTIFIER 1.2.840.10045.4.3.2 (ecdsa-with-SHA256)  algorithm
    435    BIT STRING {73 bytes, holding DER}       signatureValue: the CA's signature
    438      SEQUENCE {70 bytes}
    440        INTEGER 00:ba:f7:39:08:a6:a7:8d:01:c1:57:03:fa:0f:ad:71... (33 bytes)
    475        INTEGER 00:9d:cb:aa:bb:51:14:73:21:27:2a:5c:4e:4d:94:b1... (33 bytes)
> cert.der(server, rows=3)
certificate, 510 bytes of DER: each element is a tag, a length and its content
 offset  element
      0  SEQUENCE {506 bytes}                       Certificate
      4    SEQUENCE {415 bytes}                     tbsCertificate: the part the CA signs
      8      [0] {3 bytes}                          version
... and more elements: cert.der(x, rows=N) shows up to N (now 3)
> cert.show(req)
Certificate request (PKCS#10 v1, 274 bytes of DER)
  Subject               CN=localhost
      the name asked for. The CA checks it before signing (a real CA checks that
      the sender controls the domain).
  Public key            ECDSA P-256, 256 bits
      the key the certificate will hold. The private half never leaves its
      owner: only this public half travels to the CA.
  Requested extensions
    Subject alt. names  DNS:localhost, IP:127.0.0.1, IP:::1
        the names it is valid for: a client compares the name it connected to
        (the address bar) with these. Browsers look only here, never at the CN.
  Signature algorithm   ECDSA-SHA256
      the fields above hashed with SHA-256, signed with ECDSA by the requester's
      key
  Signature             valid
      made with the private half of the key above: the sender holds that key
      (proof of possession), so nobody can ask for a certificate on someone
      else's key.
# the broken-certificate lab
> cert.verify(server, ca=ca, host="www.example.com")
✗ refused: hostname mismatch
  why        the certificate is for DNS:localhost, IP:127.0.0.1, IP:::1, not
             for 'www.example.com'
  where      depth 0: the certificate itself
  openssl    error 62 at 0 depth lookup: hostname mismatch
  curl       curl: (60) SSL: no alternative certificate subject name matches
             target host name 'www.example.com'
  browser    NET::ERR_CERT_COMMON_NAME_INVALID ("Your connection is not
             private")
> cert.verify(server, ca=ca, host="127.0.0.2").reason
IP address mismatch
> cert.verify(server, ca=ca, at=server.not_after).reason
certificate has expired
> cert.verify(server, ca=ca, at="2023-11-13").reason
certificate is not yet valid
> old = cert.sign(ca, cakey, req, days=-1)
> old
certificate for CN=localhost
  issued by  CN=Classroom Root CA,O=Example School,C=FR
  valid      2023-11-12 22:13:20 UTC to 2023-11-13 22:13:20 UTC (expired 1 day ago)
  names      localhost, 127.0.0.1, ::1
  CA         no (for a TLS server)
  key        ECDSA P-256, 256 bits
  SHA-256    b2f23987afe7ea9494980aa1c084b8f99fa8064f23f76eb30f0b06746ff60866
> cert.verify(old, ca=ca)
✗ refused: certificate has expired
  why        'CN=localhost' was valid until 2023-11-13 22:13:20 UTC; it is
             2023-11-14 22:13:20 UTC, 1 day later
  where      depth 0: the certificate itself
  openssl    error 10 at 0 depth lookup: certificate has expired
  curl       curl: (60) SSL certificate problem: certificate has expired
  browser    NET::ERR_CERT_DATE_INVALID ("Your connection is not private")
> later = cert.sign(ca, cakey, req, not_before=clock.now() + 7 * 86400)
> cert.verify(later, ca=ca).reason
certificate is not yet valid
> evilkey = ec.keygen()
> evil = cert.ca(evilkey, "CN=Evil Root CA")
> fake = cert.sign(evil, evilkey, req)
> cert.verify(fake, ca=ca)
✗ refused: unable to get local issuer certificate
  why        'CN=localhost' was issued by 'CN=Evil Root CA', and no
             certificate you trust is that issuer: a CA you do not trust
             signed it, or an intermediate is missing from chain=
  where      depth 0: the certificate itself
  openssl    error 20 at 0 depth lookup: unable to get local issuer certificate
  curl       curl: (60) SSL certificate problem: unable to get local issuer
             certificate
  browser    NET::ERR_CERT_AUTHORITY_INVALID ("Your connection is not
             private")
> cert.verify(fake, ca=ca, chain=[evil]).reason
self-signed certificate in certificate chain
> cert.verify(fake)
✗ refused: unable to get local issuer certificate
  why        'CN=localhost' was issued by 'CN=Evil Root CA', and no
             certificate you trust is that issuer (no ca= was given)
  where      depth 0: the certificate itself
  openssl    error 20 at 0 depth lookup: unable to get local issuer certificate
  curl       curl: (60) SSL certificate problem: unable to get local issuer
             certificate
  browser    NET::ERR_CERT_AUTHORITY_INVALID ("Your connection is not
             private")
> cert.verify(fake, ca=evil, host="localhost").ok
true
> mallory = cert.sign(server, key, cert.csr(evilkey, "CN=bank.example"))
warning: 'CN=localhost' is not a CA (CA:FALSE): it signed this certificate all
the same, and every verifier will refuse it ("invalid CA certificate").
> cert.verify(mallory, ca=ca, chain=[server])
✗ refused: invalid CA certificate
  why        'CN=localhost' signed 'CN=bank.example', but it is not a CA: its
             basicConstraints say CA:FALSE, and its keyUsage does not include
             keyCertSign. Only a CA certificate may vouch for others, or any
             website could issue certificates for any other
  where      depth 1: CN=localhost
  openssl    error 24 at 1 depth lookup: invalid CA certificate
  curl       curl: (60) SSL certificate problem: invalid CA certificate
  browser    NET::ERR_CERT_AUTHORITY_INVALID ("Your connection is not
             private")
> bad = cert.tamper(server)
> cert.verify(bad, ca=ca)
✗ refused: certificate signature failure
  why        the signature on 'CN=localhost' does not match its contents under
             the key of 'CN=Classroom Root CA,O=Example School,C=FR': the
             certificate was changed after it was signed, or another key
             signed it
  where      depth 0: the certificate itself
  openssl    error 7 at 0 depth lookup: certificate signature failure
  curl       curl: (35) OpenSSL/3.0: error:06880006:asn1 encoding
             routines::EVP lib
  browser    NET::ERR_CERT_AUTHORITY_INVALID ("Your connection is not
             private")
> renamed = cert.tamper(server, "subject")
> renamed.subject
CN=localhosu
> cert.verify(renamed, ca=ca).reason
certificate signature failure
> ikey = ec.keygen()
> inter = cert.sign(ca, cakey, cert.csr(ikey, "CN=Intermediate CA"), usage="ca", pathlen=0, explain=true)
the same with openssl:
  $ printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' > intermediate.ext
  $ openssl x509 -req -in request.csr -CA ca.pem -CAkey ca-key.pem -days 90 -sha256 -extfile intermediate.ext -out intermediate.pem
> inter
CA certificate for CN=Intermediate CA
  issued by  CN=Classroom Root CA,O=Example School,C=FR
  valid      2023-11-14 22:13:20 UTC to 2024-02-12 22:13:20 UTC (90 days left)
  CA         yes: it may sign certificates, but no CA below it (pathlen:0)
  key        ECDSA P-256, 256 bits
  SHA-256    805e5c052353af8bf4ee44c56d449165e8647a17411d545a37f25c1dc2f5115f
> cert.verify(cert.sign(inter, ikey, req), ca=ca, chain=[inter], host="localhost").ok
true
> ikey2 = ec.keygen()
> inter2 = cert.sign(inter, ikey, cert.csr(ikey2, "CN=Sub-intermediate CA"), usage="ca")
> v = cert.verify(cert.sign(inter2, ikey2, req), ca=ca, chain=[inter2, inter])
> v
✗ refused: path length constraint exceeded
  why        'CN=Intermediate CA' has pathlen:0: it allows no CA below it, and
             the chain has 1 intermediate CA under it
  where      depth 2: CN=Intermediate CA
  openssl    error 25 at 2 depth lookup: path length constraint exceeded
  curl       curl: (60) SSL certificate problem: path length constraint
             exceeded
  browser    NET::ERR_CERT_AUTHORITY_INVALID ("Your connection is not
             private")
> v.code
25
> v.depth
2
> len(v.chain)
4
> client = cert.sign(ca, cakey, req, usage="client")
> cert.verify(client, ca=ca, host="localhost").reason
unsuitable certificate purpose
> cert.verify(client, ca=ca, purpose="client").ok
true
> cnonly = cert.sign(ca, cakey, cert.csr(key, "CN=localhost", san=[]))
> cert.verify(cnonly, ca=ca, host="localhost")
✓ trusted: CN=localhost
  chain      CN=localhost ← CN=Classroom Root CA,O=Example School,C=FR (trusted)
  checked    every signature, the dates on 2023-11-14 22:13:20 UTC, the CA
             flags, the usage (a TLS server) and the name 'localhost'
             (CN=localhost)
  but        the name matched only the CN, not a subjectAltName: OpenSSL
             accepts that, browsers do not (put the name in san=)
  openssl    OK
  curl       connects (curl --cacert ca.pem https://localhost:8443/)
  browser    NET::ERR_CERT_COMMON_NAME_INVALID: browsers ignore the CN
# the quick path
> quick = cert.selfsigned(key, san=["localhost", "127.0.0.1"], explain=true)
the same with openssl:
  $ openssl req -x509 -new -key key.pem -subj /CN=localhost -days 90 -sha256 -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -addext basicConstraints=critical,CA:FALSE -addext keyUsage=critical,digitalSignature -addext extendedKeyUsage=serverAuth -out cert.pem
> quick
certificate for CN=localhost
  issued by  itself (self-signed)
  valid      2023-11-14 22:13:20 UTC to 2024-02-12 22:13:20 UTC (90 days left)
  names      localhost, 127.0.0.1
  CA         no (for a TLS server)
  key        ECDSA P-256, 256 bits
  SHA-256    4c76b073b6e1a62bad7b45f361b9781bfc7bc79c971e707a5d607569b8d89fca
> cert.verify(quick, host="localhost").reason
self-signed certificate
> cert.verify(quick, ca=quick, host="localhost").ok
true
# the clock ages certificates
> clock.advance(91 * 86400)
1707862400
> server.days_left
-1
> cert.verify(server, ca=ca, host="localhost").reason
certificate has expired
> server
certificate for CN=localhost
  issued by  CN=Classroom Root CA,O=Example School,C=FR
  valid      2023-11-14 22:13:20 UTC to 2024-02-12 22:13:20 UTC (expired 1 day ago)
  names      localhost, 127.0.0.1, ::1
  CA         no (for a TLS server)
  key        ECDSA P-256, 256 bits
  SHA-256    753ac63c877fe5b8e814339f39e54991bf0aa8f5c757bc9f04ffa656125b16c6
# requests that ask too much, made by openssl
> wish = load(env("top_srcdir") + "/tests/vectors/x509/ca-wish.csr")
> wish
certificate request for CN=wants to be a CA
  names      ca.example
  key        RSA, 2048 bits
  signature  valid: its sender holds the private key
  asks       to be a CA (CA:TRUE): a CA grants no such thing
> w = cert.sign(ca, cakey, wish)
note: the request asked to be a CA (basicConstraints CA:TRUE). A CA copies only
the subject, the public key and the names from a request: this certificate says
CA:FALSE.
note: the request also asked for keyUsage: not copied (the CA decides what the
certificate may do).
> w.is_ca
false
> w.san
["ca.example"]
# files, and PEM text where a certificate is wanted
> save("cert-t-ca.pem", ca, force=true)
saved certificate for CN=Classroom Root CA,O=Example School,C=FR (PEM) to 'cert-t-ca.pem'
> save("cert-t-server.csr", req, force=true)
saved certificate request for CN=localhost (PEM) to 'cert-t-server.csr'
> save("cert-t-chain.pem", [inter2, inter], force=true)
saved 2 certificates to 'cert-t-chain.pem'
> load("cert-t-ca.pem").fingerprint == ca.fingerprint
true
> load("cert-t-server.csr").subject
CN=localhost
> len(load("cert-t-chain.pem"))
2
> load("cert-t-ca.pem", as="certificate", explain=true).is_ca
the same with openssl:
  $ openssl x509 -in cert-t-ca.pem -noout -text
true
> load("cert-t-server.csr", as="csr", explain=true).san
the same with openssl:
  $ openssl req -in cert-t-server.csr -noout -text -verify
["localhost", "127.0.0.1", "::1"]
> load("cert-t-server.csr", as="certificate")
! ^
! error: 'cert-t-server.csr': this is a PEM 'CERTIFICATE REQUEST', not a certificate
> load("cert-t-ca.pem", password="x")
! ^
! error: 'cert-t-ca.pem': a certificate is public and never encrypted: load it without password=
> save("cert-t-ca.pem", ca)
! ^
! error: 'cert-t-ca.pem' exists: give force=true to replace it
> save("cert-t-ca.pem", ca, password="x", force=true)
! ^
! error: a certificate is public: it is saved without a password (password= is for private keys)
> save("cert-t-mixed.pem", [ca, key], force=true)
! ^
! error: save: a list is saved when all its items are certificates; item 2 is a key
# bytes that start as a SEQUENCE does (a 64-byte signature whose first byte
# is 0x30, as one in 256 are) load as bytes, not as a damaged certificate;
# a certificate's or a request's DER with a byte after it is refused
> save("cert-t-sig.bin", hex"303b" + bytes(0, 62), force=true)
saved 64 bytes of data to 'cert-t-sig.bin'
> load("cert-t-sig.bin") == hex"303b" + bytes(0, 62)
true
> save("cert-t-ca.der", ca.der + hex"00", force=true)
saved 457 bytes of data to 'cert-t-ca.der'
> load("cert-t-ca.der")
! ^
! error: 'cert-t-ca.der': 1 byte follows the certificate's DER
> save("cert-t-server.der", req.der + hex"0000", force=true)
saved 276 bytes of data to 'cert-t-server.der'
> load("cert-t-server.der", as="csr")
! ^
! error: 'cert-t-server.der': 2 bytes follow the request's DER
> cert.verify(ca.pem, ca=ca.pem).ok
true
> cert.sign(ca.pem, cakey.pem, req.pem).subject
CN=localhost
> cert.verify(req)
! ^
! error: cert.verify: 'cert' must be a certificate (or its PEM text), not a certificate request
> cert.verify("not a certificate")
! ^
! error: this text is not a certificate: it has no '-----BEGIN CERTIFICATE-----' line
> cert.verify("-----BEGIN CERTIFICATE-----\nMIIB")
! ^
! error: the PEM 'CERTIFICATE' is cut short: its line '-----END CERTIFICATE-----' is missing
# refusals
> cert.ca(cakey, "Classroom Root CA")
! ^
! error: 'Classroom Root CA' is not a distinguished name: write it as "CN=Classroom Root CA" (attributes such as CN=, O=, C=, separated by commas)
> cert.ca(cakey, "CN=Root,XX=1")
! ^
! error: unknown attribute 'XX' in the name: use CN (common name), O (organisation), OU (unit), L (locality), ST (state), C (country, two letters) or DC (domain component)
> cert.ca(cakey, "CN=Root", days=0)
! ^
! error: cert.ca: days=0 would make a certificate that is never valid: give at least 1 (or a negative number for one that has already expired)
> cert.ca(cakey.public, "CN=Root")
! ^
! error: cert.ca: 'key' is a public key, and this needs the private key (the one from keygen or load, not its .public)
> cert.csr(key, "CN=x", san=["300.1.2.3"])
! ^
! error: '300.1.2.3' is not a valid IP address: an IPv4 address is four numbers from 0 to 255, such as "127.0.0.1"
> cert.csr(key, "CN=x", san=["my host"])
! ^
! error: 'my host' is not a valid host name: ' ' is not allowed (letters, digits, '-' and '.' are)
> cert.csr(key, "CN=x", san=[1])
! ^
! error: cert.csr: san item 1 must be text (a host name such as "localhost" or an address such as "127.0.0.1"), not an integer
> cert.sign(ca, key, req)
! ^
! error: cert.sign: this key does not belong to the CA certificate 'CN=Classroom Root CA,O=Example School,C=FR': its public key (fingerprint 9a:eb:64:b8...) is not the one in the certificate (8a:d9:2f:5c...)
> cert.sign(ca, cakey, cert.tamper(req))
! ^
! error: cert.sign: the request's signature does not verify: it was changed after it was signed, or not signed by the key inside it, so nothing proves that its sender holds that private key
> cert.sign(ca, cakey, req, usage="web")
! ^
! error: usage is "server" (a TLS server), "client" (a TLS client) or "ca" (an intermediate CA), not "web"
> cert.sign(ca, cakey, req, pathlen=2)
! ^
! error: cert.sign: pathlen limits the CAs below a CA: it goes with usage="ca"
> cert.sign(ca, cakey, req, days=40000)
! ^
! error: cert.sign: days must be from 1 to 36500 (100 years), or negative for an expired certificate, not '40000'
> cert.sign(ca, ca, req)
! ^
! error: cert.sign: 'ca_key' must be text or bytes or a key, not a certificate
> cert.verify(server, ca=ca, host="https://localhost/")
! ^
! error: cert.verify: host is the name typed in the address bar, such as "localhost" or "127.0.0.1", not 'https://localhost/'
> cert.verify(server, ca=ca, at="tomorrow")
! ^
! error: cert.verify: 'at' is a time: a number (clock.now() + 86400) or a date as "2025-01-31" or "2025-01-31 12:00:00" (UTC), not "tomorrow"
> cert.verify(server, ca=ca, purpose="web")
! ^
! error: cert.verify: purpose is "server", "client" or "any", not "web"
> cert.tamper(server, "issuer")
! ^
! error: cert.tamper: what is "signature" (one bit of the signature) or "subject" (one bit of the name), not "issuer"
> server.nonsense
!        ^
! error: a certificate has no field 'nonsense' (it has subject, issuer, serial, not_before, not_after, days_left, san, is_ca, pathlen, self_signed, fingerprint, public, signature_algorithm, pem and der)
> req.issuer
!     ^
! error: a certificate request has no field 'issuer' (it has subject, san, public, signature_ok, ca_requested, pem and der; the issuer, the dates and the serial are the CA's to choose, in cert.sign)
