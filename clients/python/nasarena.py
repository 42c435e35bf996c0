#!/usr/bin/env python3
"""NasArena command-line client: standard library only.

    nasarena.py login --url http://127.0.0.1:5000 --email you@example.org   # asks for the password, stores an API token
    nasarena.py token set nsa_...                                             # or store a token you made yourself
    nasarena.py submit --phase cvpr21-nas-replay/prediction/replay predictions.csv --wait
                                        # size, kind and quota checked before sending; sent in chunks, resumed after a drop
    nasarena.py status [SUBMISSION_ID] [--phase PHASE]
    nasarena.py leaderboard --phase PHASE [--private]
    nasarena.py download --phase PHASE NAME [-o FILE]

PHASE is a phase id or COMPETITION/TRACK/PHASE slugs. The token and URL are kept in ~/.config/nasarena/config.json
(mode 600); NASARENA_URL and NASARENA_TOKEN override them.
"""
import argparse
import getpass
import hashlib
import http.client
import json
import os
import sys
import time
import uuid
from urllib.parse import urlsplit, quote

class ApiError(Exception):
    def __init__(self, message, status=None, problem=None):
        super().__init__(message)
        self.status = status
        self.problem = problem or {}


# A request that fails this way may succeed if sent again: the connection dropped, or the server is briefly unavailable.
TRANSIENT = (ConnectionError, TimeoutError, http.client.HTTPException, OSError)


def config_path(args):
    return args.config or os.path.join(os.path.expanduser("~"), ".config", "nasarena", "config.json")


def load_config(args):
    path = config_path(args)
    cfg = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            cfg = json.load(f)
    cfg["url"] = os.environ.get("NASARENA_URL") or getattr(args, "url", None) or cfg.get("url") or "http://127.0.0.1:5000"
    cfg["token"] = os.environ.get("NASARENA_TOKEN") or cfg.get("token")
    return cfg


def save_config(args, cfg):
    path = config_path(args)
    if os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"url": cfg["url"], "token": cfg.get("token")}, f, indent=2)


class Client:
    def __init__(self, url, token=None):
        parts = urlsplit(url)
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port
        self.token = token
        self.cookies = {}

    def _conn(self):
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        return cls(self.host, self.port, timeout=300)

    def request(self, method, path, body=None, headers=None, chunked=False, raw=False):
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn = self._conn()
        try:
            conn.request(method, "/api/v1/" + path.lstrip("/"), body=body, headers=headers, encode_chunked=chunked)
            resp = conn.getresponse()
            for name, value in resp.getheaders():
                if name.lower() == "set-cookie":
                    k, _, rest = value.partition("=")
                    self.cookies[k.strip()] = rest.split(";", 1)[0]
            data = resp.read()
        finally:
            conn.close()
        if resp.status >= 400:
            problem = {}
            try:
                problem = json.loads(data)
                message = problem.get("detail") or problem.get("title")
            except ValueError:
                message = data.decode(errors="replace")[:500]
            raise ApiError(f"{resp.status}: {message}", resp.status, problem)
        if raw:
            return data
        if method == "HEAD":
            return dict((k.lower(), v) for k, v in resp.getheaders())
        return json.loads(data) if data else None

    def retrying(self, what, call, tries=8):
        """Calls again after a dropped connection or a 5xx, waiting 1 s, 2 s, 4 s ... (at most 30 s) in between."""
        for attempt in range(tries + 1):
            try:
                return call()
            except ApiError as e:
                if e.status is None or e.status < 500 or attempt == tries:
                    raise
                reason = str(e)
            except TRANSIENT as e:
                if attempt == tries:
                    raise
                reason = f"{type(e).__name__}: {e}"
            delay = min(30, 2 ** attempt)
            print(f"{what} failed ({reason}); retrying in {delay} s", file=sys.stderr)
            time.sleep(delay)

    def chunked_upload(self, phase, file_path, description=None, chunk_bytes=None, state_path=None, debug=False):
        """
        The resumable protocol (docs/decisions/0012): the server checks size, kind and quota before any byte is sent;
        chunks go at the server's offset; after a drop the offset is asked again and the upload goes on from there.
        An unfinished upload of the same file is resumed on the next run (its id is kept in state_path).
        debug: a debug run (ADR 0044), on the debug split under the debug quota; kept apart from a ranked upload of the
        same file, so that resuming never turns one into the other.
        """
        name = os.path.basename(file_path)
        size = os.path.getsize(file_path)
        state_key = f"{phase}:{os.path.abspath(file_path)}:{size}:{int(os.path.getmtime(file_path))}" + (":debug" if debug else "")
        upload = self._stored_upload(state_path, state_key, size)
        if upload is None:
            upload = self.request("POST", f"phases/{phase}/uploads", {
                "fileName": name, "sizeBytes": size, "sha256": sha256_of(file_path), "description": description, "debug": debug})
            if upload.get("quota"):
                print(f"{upload['quota']['summary']} before this one", file=sys.stderr)
                if upload["quota"].get("rule"):
                    print(upload["quota"]["rule"], file=sys.stderr)  # what a failed or cancelled one costs (ADR 0043)
            _save_state(state_path, state_key, upload["id"])
        else:
            print(f"resuming upload {upload['id']} at byte {upload['offset']} of {size}", file=sys.stderr)
        uid = upload["id"]
        chunk = min(chunk_bytes or upload["chunkBytes"], upload["chunkBytes"])
        offset = upload["offset"]
        with open(file_path, "rb") as f:
            while offset < size and not upload.get("complete"):
                f.seek(offset)
                data = f.read(min(chunk, size - offset))
                try:
                    offset = self._put_chunk(uid, offset, data, size)
                except ApiError as e:
                    if e.status == 409 and "offset" in e.problem:
                        offset = e.problem["offset"]  # the server stands elsewhere (an answer was lost): go on from there
                        continue
                    raise
                if sys.stderr.isatty():
                    print(f"\ruploading {name}: {100 * offset // max(size, 1)}%", end="", file=sys.stderr)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        # Completing is idempotent: a retry after a lost answer returns the same submission.
        submission = self.retrying("completing the upload", lambda: self.request("POST", f"uploads/{uid}/complete"))
        _save_state(state_path, state_key, None)
        return submission

    def _put_chunk(self, uid, offset, data, size, tries=8):
        for attempt in range(tries + 1):
            try:
                result = self.request("PUT", f"uploads/{uid}", body=data, headers={
                    "Content-Type": "application/octet-stream",
                    "Content-Range": f"bytes {offset}-{offset + len(data) - 1}/{size}"})
                return result["offset"]
            except ApiError as e:
                if e.status is None or e.status < 500 or attempt == tries:
                    raise
                reason = str(e)
            except TRANSIENT as e:
                if attempt == tries:
                    raise
                reason = f"{type(e).__name__}: {e}"
            delay = min(30, 2 ** attempt)
            print(f"chunk at byte {offset} failed ({reason}); asking the server's offset in {delay} s", file=sys.stderr)
            time.sleep(delay)
            head = self.retrying("asking the upload's offset", lambda: self.request("HEAD", f"uploads/{uid}"))
            server = int(head["upload-offset"])
            if server != offset:
                raise _Moved(server)
        raise AssertionError("unreachable")

    def _stored_upload(self, state_path, key, size):
        uid = _load_state(state_path).get(key)
        if not uid:
            return None
        try:
            upload = self.request("GET", f"uploads/{uid}")
        except ApiError:
            return None  # expired or cancelled: start again
        return upload if upload["sizeBytes"] == size else None


class _Moved(ApiError):
    """The server's offset after a failed chunk is not where the chunk started: resume from there."""

    def __init__(self, offset):
        super().__init__(f"409: resume at {offset}", 409, {"offset": offset})


def sha256_of(file_path):
    digest = hashlib.sha256()
    with open(file_path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _load_state(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError, TypeError):
        return {}


def _save_state(path, key, upload_id):
    if not path:
        return
    state = _load_state(path)
    if upload_id:
        state[key] = upload_id
    else:
        state.pop(key, None)
    try:
        if os.path.dirname(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(state, f)
    except OSError:
        pass  # resuming on the next run is a convenience; the upload itself goes on


def resolve_phase(client, phase):
    try:
        return str(uuid.UUID(phase))
    except ValueError:
        pass
    parts = phase.split("/")
    if len(parts) != 3:
        raise ApiError(f"--phase must be a phase id or COMPETITION/TRACK/PHASE, not '{phase}'")
    competition = client.request("GET", "competitions/" + quote(parts[0]))
    for track in competition["tracks"]:
        if track["slug"] == parts[1]:
            for p in track["phases"]:
                if p["slug"] == parts[2]:
                    return p["id"]
            raise ApiError(f"track '{parts[1]}' has no phase '{parts[2]}'")
    raise ApiError(f"competition '{parts[0]}' has no track '{parts[1]}'")


def client_for(args, need_token=True):
    cfg = load_config(args)
    if need_token and not cfg.get("token"):
        raise ApiError("no API token: run 'nasarena.py login' or 'nasarena.py token set TOKEN' first")
    return Client(cfg["url"], cfg.get("token")), cfg


def fmt_metrics(metrics):
    if not metrics:
        return "-"
    return " ".join(f"{k}={v:.6g}" if isinstance(v, (int, float)) else f"{k}={v}" for k, v in sorted(metrics.items()))


def print_submission(s):
    line = f"{s['id']}  {s['status']:<9} {s['fileName']}  {s['createdAt'][:19]}"
    if s.get("isDebug"):
        line += "  (debug run: never ranked)"
    if s["status"] == "Running" and s.get("progressTotal"):
        line += f"  {s['progressDone']}/{s['progressTotal']}"
    print(line)
    if s.get("publicMetrics"):
        print("    public:  " + fmt_metrics(s["publicMetrics"]))
    if s.get("privateMetrics"):
        print("    private: " + fmt_metrics(s["privateMetrics"]))
    if s.get("failureReason"):
        print("    reason:  " + s["failureReason"])
    # A debug run's point is its full log (ADR 0044): shown once it has ended.
    logs = (s.get("details") or {}).get("logs") if s.get("isDebug") and s["status"] not in ("Queued", "Running") else None
    if isinstance(logs, str) and logs:
        print("    log:")
        for log_line in logs.rstrip("\n").split("\n"):
            print("      " + log_line)


def cmd_login(args):
    cfg = load_config(args)
    client = Client(cfg["url"])
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("password: ")
    client.request("POST", "account/login", {"email": args.email, "password": password})
    xsrf = client.request("GET", "account/antiforgery")
    # The client only submits and reads, so by default its token may do no more (read + submit); --scope manage adds
    # organizer and admin work. Only this signed-in session can make tokens: a token cannot make another.
    body = {"name": args.token_name, "expiresInDays": args.days}
    if args.scope:
        body["scopes"] = args.scope
    token = client.request("POST", "account/tokens", body, headers={xsrf["headerName"]: xsrf["token"]})
    cfg["token"] = token["token"]
    save_config(args, cfg)
    print(f"logged in; API token '{token['name']}' ({token['prefix']}...) stored in {config_path(args)}, "
          f"may {', '.join(token.get('scopes', []))}, expires {token['expiresAt'][:10]}")


def cmd_token(args):
    cfg = load_config(args)
    cfg["token"] = args.token
    save_config(args, cfg)
    me = Client(cfg["url"], cfg["token"]).request("GET", "account/me")
    print(f"token stored for {me['email']}")


def cmd_submit(args):
    client, _ = client_for(args)
    phase = resolve_phase(client, args.phase)
    if not os.path.isfile(args.file):
        raise ApiError(f"no such file: {args.file}")
    state = os.path.join(os.path.dirname(config_path(args)) or ".", "uploads.json")
    s = client.chunked_upload(phase, args.file, args.description, args.chunk_bytes, state, debug=args.debug)
    print_submission(s)
    if args.wait:
        while s["status"] in ("Queued", "Running"):
            time.sleep(1)
            s = client.request("GET", f"submissions/{s['id']}")
        print_submission(s)
        return 0 if s["status"] == "Scored" else 2
    return 0


def cmd_status(args):
    client, _ = client_for(args)
    if args.submission:
        print_submission(client.request("GET", f"submissions/{args.submission}"))
    elif args.phase:
        for s in client.request("GET", f"phases/{resolve_phase(client, args.phase)}/submissions/mine"):
            print_submission(s)
    else:
        raise ApiError("give a SUBMISSION_ID or --phase")


def cmd_leaderboard(args):
    client, _ = client_for(args, need_token=False)
    board = client.request("GET", f"phases/{resolve_phase(client, args.phase)}/leaderboard?board={'private' if args.private else 'public'}")
    print(f"{board['board']} leaderboard, by {board['primaryMetric']} ({'higher' if board['higherIsBetter'] else 'lower'} is better)")
    if board.get("frozenSince"):
        print(f"frozen since {board['frozenSince'][:16].replace('T', ' ')} UTC: it shows what was submitted before then")
    uncertainty = board.get("uncertainty")
    if uncertainty:
        over = f" over {uncertainty['resampled']}" if uncertainty.get("resampled") else ""
        print(f"95 % interval: paired percentile bootstrap{over}, {uncertainty['resamples']} resamples; "
              f"tied: not beaten in {uncertainty['tieLevel']:.0%} of them")
    interval = f"  {'95 % interval':<21}" if uncertainty else ""
    print(f"{'rank':>4}  {'team':<24} {board['primaryMetric']:>14}{interval}  entries  submitted")
    for row in board["rows"]:
        rank = str(row["rank"]) if row["rank"] is not None else "-"
        value = "-" if row["primary"] is None else f"{row['primary']:.6f}"
        team = row["teamName"] + (" (baseline)" if row["isBaseline"] else "")
        shown = ""
        if uncertainty:
            low, high = row.get("low"), row.get("high")
            shown = f"  {'-' if low is None else f'[{low:.4f}, {high:.4f}]':<21}"
        tied = "  tied with rank 1" if row.get("tiedWithLeader") else ""
        print(f"{rank:>4}  {team:<24} {value:>14}{shown}  {row['entries']:>7}  {row['submittedAt'][:19]}{tied}")


def print_picks(view):
    print(view["rule"])
    picked = view["picked"]
    print(f"picked {len(picked)} of {view['limit']}" + ("" if view["open"] else " (closed: the phase has ended)"))
    for sid in picked:
        print(f"    picked:  {sid}")
    if view["defaulted"]:
        for sid in view["counted"]:
            print(f"    counted: {sid} (best on the public board, nothing picked)")


def cmd_picks(args):
    """Final submissions for the private board (issue 25): list, pick or unpick."""
    client, _ = client_for(args)
    if args.action == "list":
        if not args.phase:
            raise ApiError("give --phase to list your team's final picks")
        print_picks(client.request("GET", f"phases/{resolve_phase(client, args.phase)}/final-picks"))
        return
    if not args.submission:
        raise ApiError(f"give the SUBMISSION_ID to {args.action}")
    method = "POST" if args.action == "pick" else "DELETE"
    print_picks(client.request(method, f"submissions/{args.submission}/final-pick"))


def cmd_download(args):
    client, _ = client_for(args, need_token=False)
    phase = resolve_phase(client, args.phase)
    assets = client.request("GET", f"phases/{phase}/assets")
    match = [a for a in assets if a["name"] == args.name or a["kind"] == args.name]
    if not match:
        raise ApiError(f"no downloadable asset named '{args.name}'; there are: {', '.join(a['name'] for a in assets) or 'none'}")
    data = client.request("GET", f"phases/{phase}/assets/{match[0]['id']}/download", raw=True)
    out = args.output or match[0]["fileName"]
    with open(out, "wb") as f:
        f.write(data)
    print(f"saved {out} ({len(data)} bytes)")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="nasarena", description="NasArena command-line client")
    parser.add_argument("--config", help="config file (default ~/.config/nasarena/config.json)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("login", help="sign in and store a new API token")
    p.add_argument("--url")
    p.add_argument("--email", required=True)
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument("--token-name", default="nasarena-cli")
    p.add_argument("--days", type=int, default=90)
    p.add_argument("--scope", action="append", choices=["read", "submit", "manage"],
                   help="what the token may do (repeat for several; default: read and submit)")
    p.set_defaults(func=cmd_login)

    p = sub.add_parser("token", help="store an API token")
    p.add_argument("action", choices=["set"])
    p.add_argument("token")
    p.add_argument("--url")
    p.set_defaults(func=cmd_token)

    p = sub.add_parser("submit", help="upload a submission")
    p.add_argument("--phase", required=True)
    p.add_argument("--description")
    p.add_argument("--wait", action="store_true", help="wait until it is scored or failed")
    p.add_argument("--chunk-bytes", type=int, help="send smaller chunks than the server asks for (a slow or flaky link)")
    p.add_argument("--debug", action="store_true",
                   help="a debug run: scored on the phase's debug split with its full log, never ranked, under the debug-run quota")
    p.add_argument("file")
    p.set_defaults(func=cmd_submit)

    p = sub.add_parser("status", help="show one submission, or your team's in a phase")
    p.add_argument("submission", nargs="?")
    p.add_argument("--phase")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("leaderboard", help="show a phase's leaderboard")
    p.add_argument("--phase", required=True)
    p.add_argument("--private", action="store_true")
    p.set_defaults(func=cmd_leaderboard)

    p = sub.add_parser("picks", help="list, pick or unpick your team's final submissions for the private board")
    p.add_argument("action", choices=["list", "pick", "unpick"])
    p.add_argument("submission", nargs="?")
    p.add_argument("--phase")
    p.set_defaults(func=cmd_picks)

    p = sub.add_parser("download", help="download a public asset of a phase (training data ...)")
    p.add_argument("--phase", required=True)
    p.add_argument("name")
    p.add_argument("-o", "--output")
    p.set_defaults(func=cmd_download)

    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except ApiError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except (ConnectionError, OSError) as e:
        print(f"error: cannot reach the server: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
