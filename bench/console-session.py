"""The console's cost of the shared HTTP session: a signed-in admin opens project pages one after the
other (each a new Faces view kept in the session); prints each page's time and the stored session's
size after it, then the percentiles. Usage: console-session.py BASE PASSWORD DB [pages=40]."""
import hashlib, http.cookiejar, re, statistics, subprocess, sys, time, urllib.parse, urllib.request

base, password, db = sys.argv[1], sys.argv[2], sys.argv[3]
pages = int(sys.argv[4]) if len(sys.argv) > 4 else 40
jar = http.cookiejar.CookieJar()
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

def get(path):
    started = time.perf_counter()
    body = web.open(base + path).read().decode()
    return body, (time.perf_counter() - started) * 1000

def stored_bytes():
    cookie = next((c.value for c in jar if c.name == "gh_session"), None)
    if cookie is None:  # a build before the shared session: its sessions live in the server's memory
        return 0
    digest = hashlib.sha256(cookie.encode()).hexdigest()
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-tAc",
                          f"SELECT length(attributes) FROM gh_http_session WHERE id = '{digest}'"], capture_output=True, text=True)
    return int(out.stdout.strip() or 0) * 3 // 4  # Base64 to bytes

login, _ = get("/console/login.xhtml")
state = re.search(r'name="jakarta.faces.ViewState"[^>]*value="([^"]+)"', login).group(1).replace("&#58;", ":")
form = {"signIn": "signIn", "signIn:username": "admin", "signIn:password": password, "signIn:submit": "",
        "jakarta.faces.ViewState": state}
web.open(urllib.request.Request(base + "/console/login.xhtml", urllib.parse.urlencode(form).encode()))
index, _ = get("/console/index.xhtml")
assert "Sign out" in index, "not signed in"
project = sys.argv[5]
kinds = ["overview", "users", "groups", "roles", "sso", "scim", "applications", "audit"]
times, sizes = [], []
for n in range(pages):
    page = kinds[n % len(kinds)]
    body, ms = get(f"/console/project/{page}.xhtml?p={project}")
    assert "Sign out" in body, page
    times.append(ms)
    sizes.append(stored_bytes())
    print(f"page {n + 1:3d} {page:13s} {ms:7.1f} ms   session {sizes[-1]:8,d} bytes")
warm = sorted(times[len(kinds):])
print(f"\nafter the first round: p50 {statistics.median(warm):.1f} ms, p95 {warm[int(len(warm) * 0.95) - 1]:.1f} ms, "
      f"max {warm[-1]:.1f} ms; session after {len(kinds)} pages {sizes[len(kinds) - 1]:,d} bytes, "
      f"after {pages} {sizes[-1]:,d} bytes (max {max(sizes):,d})")
