# The wire at the shell: servers and clients of one session, the Fernet
# server, and the messages a student meets. Ports are picked free (port=0)
# and never printed here; what prints them (wire.show, curl, tshark, the
# certificate checks) is tested in tests/interop/net-*.test with the ports
# masked. The page, the echo and the status lines are this project's own;
# the Fernet tokens decrypt with Python's cryptography (see
# tests/interop/fernet-python.test).
#! seed 1
#! now 1700000000

> serve.list()
no servers: http.serve() starts one
> wire.show()
! ^
! error: wire.show: nothing was fetched yet: give a server or a response (s = http.serve(); r = http.get(s.url); wire.show(s))
> s = http.serve(port=0)
> s.id
1
> s.kind
http
> s.requests
0
> r = http.get(s.url)
server 1: GET / from 127.0.0.1 → 200 OK
> r.status
200
> r.reason
OK
> r.headers[1]
Date: Tue, 14 Nov 2023 22:13:20 GMT
> len(r.headers)
5
> r.body
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>cryptolab server 1</title></head>
<body>
<h1>Hello from cryptolab</h1>
<p>This page comes from server 1 of a cryptolab shell.</p>
<p>It came over plain <b>HTTP</b>: anyone on the path between you and the server reads it, and reads what you send back. Try the form, then <code>wire.show</code> in the shell.</p>
<form method="post" action="/">
<label>user <input name="user" value="alice"></label>
<label>password <input name="password" type="password" value="fluffy tail"></label>
<button>Log in</button>
</form>
</body></html>
> r = http.post(s.url, "user=alice&password=fluffy tail")
server 1: POST / from 127.0.0.1 (31 bytes) → 200 OK
> r.body
you sent 31 bytes: user=alice&password=fluffy tail
> s.requests
2
> s.connections
2
> k = fernet.keygen()
> f = http.serve(port=0, fernet_key=k)
> f.id
2
> f.kind
http
> r = http.post(f.url, fernet.encrypt(k, "fluffy tail"))
server 2: POST / from 127.0.0.1: a token that decrypts to "fluffy tail" → 200 OK
> fernet.decrypt(k, r.body)
received: fluffy tail
> r = http.post(f.url, fernet.encrypt(fernet.keygen(), "fluffy tail"))
server 2: POST / from 127.0.0.1: a token this server's key does not open (invalid token) → 400 Bad Request
> r.status
400
> r.body
invalid token
> serve.stop(f)
server 2 stopped after 2 requests
> f.running
false
> serve.stop(f)
server 2 was already stopped
> old = fernet.keygen()
> new = fernet.keygen()
> m = http.serve(port=0, fernet_key=[new, old])
> r = http.post(m.url, fernet.encrypt(old, "made with the old key"))
server 2: POST / from 127.0.0.1: a token that decrypts to "made with the old key" → 200 OK
> fernet.decrypt(new, r.body)
received: made with the old key
> serve.stop(m)
server 2 stopped after 1 request
> pw = fernet.key_from_password("correct horse", iterations=1000)
> p = http.serve(port=0, fernet_key=pw)
> fernet.decrypt(pw, http.post(p.url, fernet.encrypt(pw.key, "by password")).body)
server 2: POST / from 127.0.0.1: a token that decrypts to "by password" → 200 OK
received: by password
> serve.stop(p)
server 2 stopped after 1 request
> r = http.get(s.url + "nothing")
server 1: GET /nothing from 127.0.0.1 → 404 Not Found
> r.status
404
> r.body
404 Not Found: this server has only one page, at /
> p = http.serve(port=0, page="<h1>my own page</h1>")
> http.get(p.url).body
server 2: GET / from 127.0.0.1 → 200 OK
<h1>my own page</h1>
> serve.stop()
server 1 stopped after 3 requests
server 2 stopped after 1 request
> serve.stop()
no servers run
> serve.list()
no servers: http.serve() starts one
> http.get("ftp://example.com/")
! ^
! error: 'ftp://example.com/' is not a web address: it must start with http:// or https://
> http.get("https://localhost/")
! ^
! error: http.get takes an http:// address: for 'https://localhost/' use https.get (it checks the certificate)
> https.get("http://localhost/")
! ^
! error: https.get takes an https:// address: for 'http://localhost/' use http.get
> http.get("http://localhost:99999/")
! ^
! error: 'http://localhost:99999/': the port must be a number from 1 to 65535
> http.get("http://[::1]:5985/")
! ^
! error: 'http://[::1]:5985/': IPv6 addresses are not supported here (the servers of this shell listen on IPv4): use 127.0.0.1 or localhost ('http://localhost:5985/')
> http.serve(host="::1")
! ^
! error: '::1' is an IPv6 address: servers here listen on IPv4 only (127.0.0.1, this machine, or 0.0.0.0 for every network); a client that asks for localhost finds them
> http.get("localhost:5985")
! ^
! error: 'localhost:5985' is not a web address: it must start with http:// or https:// ('http://localhost:5985')
> http.serve(port=70000)
! ^
! error: http.serve: 'port' must be from 0 to 65535, not '70000'
> http.serve(host="1.2.3")
! ^
! error: '1.2.3' is not an IPv4 address (like 127.0.0.1, or 0.0.0.0 for every network of this machine)
> http.serve(port=0, fernet_key="not a key")
! ^
! error: a fernet key is 44 characters of url-safe base64 (32 bytes), this one has 9
> http.serve(port=0, timeout=0)
! ^
! error: http.serve: 'timeout' must be from 1 to 3600, not '0'
> http.get("http://localhost/", seconds=0)
! ^
! error: http.get: 'seconds' must be from 1 to 3600, not '0'
> wire.show(5)
! ^
! error: wire.show: 'x' must be a server, a response (what http.get returns) or a dh connection, not an integer
> wire.save(5, "x.pcap")
! ^
! error: wire.save: 'x' must be a server, a response (what http.get returns) or a dh connection, not an integer
> serve.stop(5)
! ^
! error: serve.stop: 'server' must be a server, not an integer
> http.post("http://localhost:1/", "x", type="a\nb")
! ^
! error: http.post: type is one line (like "application/json")
